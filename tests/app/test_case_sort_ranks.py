"""The register sorted by agency or operator walks the sort ranks kept on each case (migration 35,
app.services.cases.sort_ranks). Whatever happens to the names (registration, a case's new agency, an agency or a
user renamed, an agency added between two others, the free ranks between two neighbours used up, random names
and ties), every case keeps its agency's and operator's current rank, rank order is the database's name order,
and the register sorted by agency or operator lists the cases in the order of the names, then the id, as it did
when it sorted the names themselves; on both databases. Migration 35 turns migration 24's names into ranks on a
database with cases."""

import random
import threading

import peewee

from app import migrations
from app.db import database
from app.models import Agency, Case, User
from app.services.admin import reference, users
from app.services.cases import case_edit, case_query, cases, sort_ranks
from tests.app.call_data import call
from tests.app.test_migrations import empty_databases  # noqa: F401  (the fixture)
from tests.conftest import TEST_PASSWORD


def _ranks_follow_names() -> None:
    """Each table's rank order is its name order (equal names, equal ranks; every rank above 0), and each case
    holds its agency's (0 for none) and its operator's rank."""
    for model, name in ((Agency, Agency.name), (User, User.full_name)):
        rows = list(
            model.select(model.id, name.alias("n"), model.sort_rank).order_by(name, model.id).tuples()
        )
        for (_, name_a, rank_a), (_, name_b, rank_b) in zip(rows, rows[1:], strict=False):
            assert rank_a > 0 and (rank_a == rank_b if name_a == name_b else rank_a < rank_b), (
                name_a,
                name_b,
            )
    agency_ranks = dict(Agency.select(Agency.id, Agency.sort_rank).tuples())
    user_ranks = dict(User.select(User.id, User.sort_rank).tuples())
    for case_id, agency_id, operator_id, agency_rank, operator_rank in Case.select(
        Case.id, Case.agency, Case.operator, Case.agency_rank, Case.operator_rank
    ).tuples():
        assert agency_rank == (agency_ranks[agency_id] if agency_id else 0), case_id
        assert operator_rank == user_ranks[operator_id], case_id


def _by_name(sort: str) -> list[int]:
    """The cases in the order the register showed when it sorted the names themselves: the database's
    ORDER BY name (a case with no agency: the empty name), then the id."""
    if sort == "agency":
        name = peewee.fn.COALESCE(Agency.name, "")
        query = Case.select(Case.id).join(Agency, peewee.JOIN.LEFT_OUTER, on=(Case.agency == Agency.id))
    else:
        name = User.full_name
        query = Case.select(Case.id).join(User, on=(Case.operator == User.id))
    return [r[0] for r in query.order_by(name, Case.id).tuples()]


def assert_register_in_name_order() -> None:
    _ranks_follow_names()
    for sort in ("agency", "operator"):
        listed = [r.id for r in case_query.list_cases(sort=sort, descending=False, limit=1000)]
        assert listed == _by_name(sort), sort
        assert [r.id for r in case_query.list_cases(sort=sort, descending=True, limit=1000)] == listed[::-1]
        keyset, after = [], None  # page by page, by the rows' keys
        while page := case_query.list_cases(sort=sort, descending=False, after=after, limit=3):
            keyset += [r.id for r in page]
            after = page[-1].key
        assert keyset == listed, sort


def _case_ranks() -> dict[int, tuple[int, int]]:
    return {i: (a, o) for i, a, o in Case.select(Case.id, Case.agency_rank, Case.operator_rank).tuples()}


def test_ranks_follow_every_change_and_the_register_sorts_by_name(operator, official, supervisor):
    agencies = [a.id for a in Agency.select().where(Agency.active).order_by(Agency.id)][:4]
    for i in range(8):
        actor = operator if i % 2 else official
        cases.register_call(
            actor,
            call(agency_id=None, next_step="hold", subject=f"موضوع {8 - i}")
            if i == 3  # a case with no agency (not referred): rank 0, first as its empty name was
            else call(agency_id=agencies[i % 4], subject=f"موضوع {8 - i}"),
        )
    assert_register_in_name_order()
    first = Case.select().order_by(Case.id).first()
    detail = cases.case_detail(first.id)
    case_edit.edit_case(operator, first.id, detail.version, {"agency_id": agencies[3]})
    assert_register_in_name_order()
    reference.rename_item(supervisor, "agency", agencies[3], "الف: دستگاهی با نام تازه")
    assert_register_in_name_order()
    reference.rename_item(supervisor, "agency", agencies[0], "یییی: آخرین دستگاه")
    assert_register_in_name_order()
    users.update_user(supervisor, "operator1", full_name="یاسمن بابایی")
    assert_register_in_name_order()
    users.update_user(supervisor, "official1", full_name="آرش آزاد")
    assert_register_in_name_order()
    users.update_user(supervisor, "operator1", full_name="آرش آزاد")  # two users, one name: one rank
    assert (
        User.get(User.username == "operator1").sort_rank == User.get(User.username == "official1").sort_rank
    )
    assert_register_in_name_order()


def _neighbours() -> tuple[Agency, Agency]:
    """Two agencies next to each other in name order, both with cases."""
    ordered = list(Agency.select().order_by(Agency.name, Agency.id))
    return ordered[0], ordered[1]


def test_an_agency_added_between_two_others_changes_no_case(operator, supervisor):
    low, high = _neighbours()
    for agency in (low, high, low):
        cases.register_call(operator, call(agency_id=agency.id))
    before = _case_ranks()
    added = reference.add_item(supervisor, "agency", f"{low.name} ب")
    rank = Agency.get_by_id(added.id).sort_rank
    assert low.sort_rank < rank < high.sort_rank
    assert Agency.get_by_id(low.id).sort_rank == low.sort_rank and _case_ranks() == before
    cases.register_call(operator, call(agency_id=added.id))
    assert_register_in_name_order()
    users.create_user(supervisor, "operator2", "operator", "کاربر تازه", TEST_PASSWORD)
    assert _case_ranks() == {**before, **{k: v for k, v in _case_ranks().items() if k not in before}}
    assert_register_in_name_order()


def test_when_the_free_ranks_run_out_every_rank_is_numbered_again(operator, supervisor):
    """Each name added falls between the first agency and the last one added: the free ranks halve each time,
    and after log2(GAP) of them the next finds none; every rank is then numbered again GAP apart and the cases
    of each agency whose rank changed follow."""
    low, high = _neighbours()
    for agency in (low, high):
        cases.register_call(operator, call(agency_id=agency.id))
    digits = "۰۱۲۳۴۵۶۷۸۹"
    count = sort_ranks.GAP.bit_length()  # 10 halvings of 1024, then none left
    added = []
    for n in reversed(range(10, 10 + count)):  # two digits each: descending names, each the lowest yet
        item = reference.add_item(supervisor, "agency", f"{low.name} {digits[n // 10]}{digits[n % 10]}")
        added.append(item.id)
        cases.register_call(operator, call(agency_id=item.id))
        assert_register_in_name_order()
    ranks = [a.sort_rank for a in Agency.select().order_by(Agency.name, Agency.id)]
    assert ranks == [sort_ranks.GAP * (i + 1) for i in range(len(ranks))]  # numbered again
    assert Agency.get_by_id(high.id).sort_rank != high.sort_rank  # a neighbour's cases moved too
    assert_register_in_name_order()


def test_agencies_added_at_once_into_one_gap_get_distinct_ranks(operator, supervisor):
    """Eight supervisors add an agency each at the same moment, every name falling between the same two
    neighbours: each placement reads its neighbours only after the one before it committed (PostgreSQL: a lock
    per table; SQLite: one writer at a time), so no two different names share a rank."""
    low, _ = _neighbours()
    cases.register_call(operator, call(agency_id=low.id))
    digits = "۰۱۲۳۴۵۶۷۸۹"
    barrier = threading.Barrier(8)
    failures: list[BaseException] = []

    def one(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            reference.add_item(supervisor, "agency", f"{low.name} {digits[i]}")
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            database.close()  # this thread's own connection

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures
    assert_register_in_name_order()


def test_random_names_keep_rank_order_equal_to_name_order(operator, official, supervisor, monkeypatch):
    """Random short names (prefixes of each other, ties among users), added and renamed in random order, with
    a small GAP so the free ranks run out often: the register's order is always the names'."""
    monkeypatch.setattr(sort_ranks, "GAP", 4)
    renumbered = []
    renumber = sort_ranks.renumber
    monkeypatch.setattr(
        sort_ranks, "renumber", lambda model, **kw: renumbered.append(model) or renumber(model, **kw)
    )
    sort_ranks.refill()  # every rank 4 apart
    rng = random.Random(1405)
    letters = "آابپتجچخدرزژسشعغفکگلمنوهی"
    base = call()  # before any agency is renamed (call() finds its agency by name)
    actors = [operator, official, supervisor]
    logins = ["operator1", "official1", "root"]

    def name() -> str:
        word = lambda: "".join(rng.choice(letters) for _ in range(rng.randint(1, 2)))  # noqa: E731
        return word() if rng.random() < 0.7 else f"{word()} {word()}"

    for step in range(80):
        agency_ids = [a.id for a in Agency.select(Agency.id).order_by(Agency.id)]
        op = rng.random()
        if op < 0.25:
            if not Agency.select().where(Agency.name == (n := name())).exists():
                reference.add_item(supervisor, "agency", n)
        elif op < 0.5:
            n = name()
            if not Agency.select().where(Agency.name == n).exists():
                reference.rename_item(supervisor, "agency", rng.choice(agency_ids), n)
        elif op < 0.7:
            users.update_user(supervisor, rng.choice(logins), full_name=name())
        else:
            agency = rng.choice([None, *agency_ids])
            cases.register_call(
                rng.choice(actors),
                {**base, "agency_id": agency, "next_step": "hold" if agency is None else "refer"},
            )
        if step % 10 == 9:
            assert_register_in_name_order()
    assert_register_in_name_order()
    assert {Agency, User} <= set(renumbered)  # the free ranks ran out in both tables


def _insert_case(db, number: int, agency_id, operator_id: int, agency_name: str, operator_name: str) -> None:
    p = db.param
    ids = {
        table: db.execute_sql(f"SELECT MIN(id) FROM {table}").fetchone()[0]
        for table in ("county", "category", "request_type", "citizen")
    }
    db.execute_sql(
        "INSERT INTO cases (tracking_code, citizen_id, caller_name, caller_address, county_id, channel, request_type_id, "
        "category_id, agency_id, agency_name, operator_name, subject, description, search_key, next_step, "
        "status, operator_id, created_at, updated_at, version) "
        f"VALUES ({p}, {p}, '', '', {p}, 'phone', {p}, {p}, {p}, {p}, {p}, 'موضوع', '', '', 'refer', 'registered', {p}, "
        "'2026-01-01 08:00:00', '2026-01-01 08:00:00', 1)",
        (
            f"T{number:07d}",
            ids["citizen"],
            ids["county"],
            ids["request_type"],
            ids["category"],
            agency_id,
            agency_name,
            operator_name,
            operator_id,
        ),
    )


def test_35_turns_the_names_on_the_cases_into_ranks(empty_databases):  # noqa: F811
    db = empty_databases()
    migrations.upgrade(db, target=34)
    p = db.param
    for username, full_name in (("u1", "زهرا"), ("u2", "آرش"), ("u3", "زهرا"), ("u4", "بهرام")):
        db.execute_sql(
            'INSERT INTO "user" (username, full_name, title, role, password_hash, active, failed_logins, '
            f"created_at) VALUES ({p}, {p}, '', 'operator', 'x', {p}, 0, '2025-01-01 00:00:00')",
            (username, full_name, True),
        )
    db.execute_sql(f"INSERT INTO county (name, position, active) VALUES ('تبریز', 1, {p})", (True,))
    db.execute_sql(f"INSERT INTO category (name, position, active) VALUES ('آب', 1, {p})", (True,))
    db.execute_sql(
        "INSERT INTO request_type (code, name, due_days, position, active) "
        f"VALUES ('complaint', 'شکایت', 10, 1, {p})",
        (True,),
    )
    db.execute_sql(
        "INSERT INTO citizen (full_name, name_key, address, created_at, updated_at, version) "
        "VALUES ('علی رضایی', 'علی رضایی', '', '2026-01-01 08:00:00', '2026-01-01 08:00:00', 1)"
    )
    for name in ("شهرداری تبریز", "اداره آب", "استانداری", "آموزش و پرورش", "اداره برق"):
        db.execute_sql(
            "INSERT INTO agency (name, recipient, kind, search_key, active) "
            f"VALUES ({p}, '', 'agency', '', {p})",
            (name, True),
        )
    agencies = db.execute_sql("SELECT id, name FROM agency ORDER BY id").fetchall()
    user_rows = db.execute_sql('SELECT id, full_name FROM "user" ORDER BY id').fetchall()
    rng = random.Random(35)
    for number in range(40):
        agency_id, agency_name = rng.choice([(None, ""), *agencies])
        user_id, full_name = rng.choice(user_rows)
        _insert_case(db, number, agency_id, user_id, agency_name, full_name)
    by_name = {
        column: [r[0] for r in db.execute_sql(f"SELECT id FROM cases ORDER BY {column}, id")]
        for column in ("agency_name", "operator_name")
    }
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    if not postgres:
        db.execute_sql("ANALYZE")  # statistics, which the new indexes must get too
    migrations.upgrade(db)
    from app.migrations import m0035_case_sort_ranks

    m0035_case_sort_ranks.apply(db)  # again: nothing changes
    columns = {c.name for c in db.get_columns("cases")}
    assert {"agency_rank", "operator_rank"} <= columns and not {"agency_name", "operator_name"} & columns
    indexes = {i.name for i in db.get_indexes("cases")}
    assert {"cases_agency_rank_id", "cases_operator_rank_id"} <= indexes
    assert not {"cases_agency_name_id", "cases_operator_name_id"} & indexes
    if not postgres:
        analysed = {r[0] for r in db.execute_sql("SELECT idx FROM sqlite_stat1 WHERE tbl = 'cases'")}
        assert {"cases_agency_rank_id", "cases_operator_rank_id"} <= analysed
        assert not {"cases_agency_name_id", "cases_operator_name_id"} & analysed
    for column, rank in (("agency_name", "agency_rank"), ("operator_name", "operator_rank")):
        assert [r[0] for r in db.execute_sql(f"SELECT id FROM cases ORDER BY {rank}, id")] == by_name[column]
    ranks = dict(db.execute_sql('SELECT username, sort_rank FROM "user"').fetchall())
    assert ranks == {"u2": 1024, "u4": 2048, "u1": 3072, "u3": 3072}
    assert (
        db.execute_sql("SELECT COUNT(*) FROM cases WHERE agency_id IS NULL AND agency_rank <> 0").fetchone()[
            0
        ]
        == 0
    )
