"""`samad migrate-to`: a whole database copied into an empty one, every row verified, numbering going on."""

import random

import pytest

from app.cli import main
from app.db import close_database, open_database
from app.models import ALL_TABLES, AuditEntry, Case, Referral
from app.services.actor import SYSTEM
from app.services.admin import audit, transfer
from app.services.cases import cases
from app.services.cases.case_query import CaseFilter, list_cases
from app.services.demo import run_demo
from benchmarks import workload
from tests.app.test_case_fts import brute_force

pytestmark = pytest.mark.usefixtures("cli_login")  # commands log in as «root» (see conftest)


@pytest.fixture
def source_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'source.db'}"
    workload.prepare(url, writers=1)
    operator = workload.actor(workload.writer_name(0))
    rng = random.Random(5)
    for i in range(25):
        cases.register_call(operator, workload.call_data(i, rng))
    run_demo(calls=150, rate=1)  # every kind of row: letters, responses, articles, slots, sessions...
    first = Referral.select().order_by(Referral.id).first()  # and a self-reference (a re-routed referral)
    values = {f.name: getattr(first, f.name) for f in Referral._meta.sorted_fields if f.name != "id"}
    Referral.create(**{**values, "rerouted_from": first.id})
    close_database()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_target(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'target.db'}"
    else:
        yield request.getfixturevalue("pg_schema_url")
    close_database()


def test_every_row_arrives_and_numbering_goes_on(source_url, empty_target):
    report = transfer.migrate(SYSTEM, source_url, empty_target)
    assert report.ok, [t for t in report.tables if not t.ok]
    assert {t.table for t in report.tables} == {m._meta.table_name for m in ALL_TABLES}
    by_table = {t.table: t for t in report.tables}
    assert by_table["cases"].target_rows == 175 and by_table["letter"].target_rows > 0
    assert by_table["article"].target_rows > 0 and by_table["audit_entry"].target_rows > 175
    target = open_database(empty_target)
    chain = audit.verify_chain(target)  # the hashes (bytes) arrive as they were: the chain verifies there
    assert chain.ok and chain.entries == by_table["audit_entry"].target_rows + 1, (
        chain.problems
    )  # + the copy's own
    assert {len(bytes(e.entry_hash)) for e in AuditEntry.select()} == {32}
    for text in (
        "آب",
        "قطعی",
        "برق روستا",
    ):  # searchable there: PostgreSQL's keys made, SQLite's index filled
        expected = brute_force(text)
        assert expected and {r.id for r in list_cases(CaseFilter(text=text), limit=1000)} == expected, text
    rerouted = Referral.select().where(Referral.rerouted_from.is_null(False)).get()
    assert rerouted.rerouted_from_id == Referral.select().order_by(Referral.id).first().id
    codes = sorted(c.tracking_code for c in Case.select() if c.tracking_code.startswith(new_year_prefix()))
    assert AuditEntry.select().where(AuditEntry.action == "database.migrate").count() == 1
    operator = workload.actor(workload.writer_name(0))
    new = cases.register_call(
        operator, workload.call_data(999, random.Random(1))
    )  # ids and counters continue
    assert new.id == 176 and int(new.tracking_code[2:-1]) == int(codes[-1][2:-1]) + 1


def new_year_prefix() -> str:
    from app.domain import jalali

    return f"{jalali.jalali_year(jalali.today_local()) % 100:02d}"


def test_a_target_with_data_is_refused_and_left_alone(source_url, empty_target):
    transfer.migrate(SYSTEM, source_url, empty_target)
    before = transfer.table_fingerprint(open_database(empty_target), Case)
    close_database()
    with pytest.raises(transfer.TransferRefused):
        transfer.migrate(SYSTEM, source_url, empty_target)
    assert transfer.table_fingerprint(open_database(empty_target), Case) == before


def test_a_changed_row_changes_the_checksum(source_url, tmp_path):
    db = open_database(source_url)
    count, first = transfer.table_fingerprint(db, Case)
    Case.update(subject="تغییر").where(Case.id == 3).execute()
    assert transfer.table_fingerprint(db, Case) == (count, transfer.table_fingerprint(db, Case)[1])
    assert transfer.table_fingerprint(db, Case)[1] != first


def test_cli_migrate_to(source_url, tmp_path, capsys):
    target = f"sqlite:///{tmp_path / 'cli-target.db'}"
    assert main(["--database", source_url, "migrate-to", target]) == 0
    out = capsys.readouterr().out
    assert "Every row arrived" in out and "MISMATCH" not in out
    assert main(["--database", source_url, "migrate-to", target]) == 1  # not empty any more
    assert "خالی نیست" in capsys.readouterr().err


def test_sort_ranks_follow_the_targets_name_order(source_url, empty_target):
    """The source's sort ranks arrive in its own name order; a server whose collation orders the names otherwise
    is simulated by a source whose ranks are the names' reverse order (consistent on its cases): on the target
    they are numbered again in its order, the cases following, and the register sorts by name there."""
    from app.models import Agency, User
    from tests.app.test_case_sort_ranks import assert_register_in_name_order

    open_database(source_url)
    for model, column, fk in ((Agency, "agency_rank", "agency_id"), (User, "operator_rank", "operator_id")):
        table = model._meta.table_name
        model._meta.database.execute_sql(f'UPDATE "{table}" SET sort_rank = 10000000 - sort_rank')
        model._meta.database.execute_sql(
            f'UPDATE cases SET {column} = (SELECT r.sort_rank FROM "{table}" r WHERE r.id = cases.{fk}) '
            f"WHERE {fk} IS NOT NULL"
        )
    close_database()
    assert transfer.migrate(SYSTEM, source_url, empty_target).ok
    open_database(empty_target)
    assert_register_in_name_order()
