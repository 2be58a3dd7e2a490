"""The audit trail is a hash chain: a clean database verifies; an entry edited, removed or slipped in behind
the program's back (a plain sqlite3 connection, or the owner role on PostgreSQL) is named; `samad init`
puts a dropped append-only trigger back."""

import json
import sqlite3

import pytest

from app import migrations
from app.db import open_database
from app.domain.audit_chain import entry_hash, stored
from app.migrations import m0015_audit_chain
from app.models import AuditEntry, utcnow
from app.services.admin import audit, audit_chain, reference
from app.services.admin.setup import init_database
from tests.conftest import make_user


@pytest.fixture
def root(sqlite_db):
    return make_user("root", "supervisor")


def _work(supervisor, n=6):
    for i in range(n):
        reference.add_item(supervisor, "category", f"موضوع آزمون {i}")
    return [e.id for e in AuditEntry.select().order_by(AuditEntry.seq)]


def test_a_clean_database_verifies(supervisor, db):
    ids = _work(supervisor)
    report = audit.verify_chain(db)
    assert report.ok, report.problems
    assert report.entries == len(ids) and report.head_seq == len(ids)
    seqs = [e.seq for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert seqs == list(range(1, len(ids) + 1))


def _record_as_before_issue_17(supervisor, db, n: int) -> None:
    """Entries as record() wrote them before issue 17: details spelled with «, » and «: »."""
    for i in range(n):
        values = dict(
            at=utcnow(),
            user_id=supervisor.user_id,
            username=supervisor.username,
            action="reference.add",
            entity="category",
            entity_id=str(1000 + i),
            details=json.dumps({"name": f"قدیمی {i}", "position": i}, ensure_ascii=False, sort_keys=True),
        )
        with db.atomic():
            seq, prev = audit_chain.next_link(db)
            AuditEntry.create(seq=seq, entry_hash=stored(entry_hash(seq, prev, **values)), **values)


def test_old_spaced_and_new_compact_details_verify_in_one_chain(supervisor, db):
    first = AuditEntry.select().count()
    _record_as_before_issue_17(supervisor, db, 3)
    _work(supervisor, n=3)
    _record_as_before_issue_17(supervisor, db, 1)  # a PC still on the old release, writing after the new one
    details = [e.details for e in AuditEntry.select().order_by(AuditEntry.seq).offset(first)]
    assert len(details) == 7
    assert ", " in details[0] and '": ' in details[0]
    assert all(", " not in d and '": ' not in d for d in details[3:-1]) and details[3:-1]
    report = audit.verify_chain(db)
    assert report.ok, report.problems


def _tamper_sqlite(path, sql_list):
    conn = sqlite3.connect(path, isolation_level=None)  # a plain connection: no authorizer
    for sql in sql_list:
        conn.execute(sql)
    conn.close()


def test_drop_trigger_edit_and_delete_through_a_plain_connection_are_named(root, sqlite_db, tmp_path):
    ids = _work(root)
    edited, deleted = ids[2], ids[4]
    _tamper_sqlite(
        sqlite_db.database,
        [
            "DROP TRIGGER audit_entry_no_update",
            "DROP TRIGGER audit_entry_no_delete",
            f"UPDATE audit_entry SET username = 'someone_else' WHERE id = {edited}",
            f"DELETE FROM audit_entry WHERE id = {deleted}",
        ],
    )
    report = audit.verify_chain(sqlite_db)
    assert not report.ok
    kinds = [(p.kind, p.entry_id) for p in report.problems if p.kind != "trigger_missing"]
    assert kinds == [("changed", edited), ("removed", ids[5])]
    assert report.first.kind == "changed" and report.first.entry_id == edited
    assert report.problems[1].seq == 5  # the removed entry's place in the chain
    assert set(report.missing_triggers) == {"audit_entry_no_update", "audit_entry_no_delete"}

    result = init_database(sqlite_db)  # samad init puts the triggers back, and says so in the trail
    assert set(result.triggers_restored) == {"audit_entry_no_update", "audit_entry_no_delete"}
    assert audit_chain.missing_triggers(sqlite_db) == []
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        _tamper_sqlite(sqlite_db.database, [f"DELETE FROM audit_entry WHERE id = {ids[0]}"])
    assert AuditEntry.select().where(AuditEntry.action == "audit.triggers_restored").exists()


def test_an_entry_inserted_behind_the_programs_back_is_named(root, sqlite_db):
    _work(root, 3)
    _tamper_sqlite(
        sqlite_db.database,
        [
            "INSERT INTO audit_entry (at, username, action, entity, details) "
            "VALUES ('2026-01-01 10:00:00', 'root', 'case.close', 'case', '{}')"
        ],
    )
    forged = AuditEntry.select().where(AuditEntry.action == "case.close").get().id
    report = audit.verify_chain(sqlite_db)
    assert [(p.kind, p.entry_id) for p in report.problems] == [("inserted", forged)]


def test_a_rebuilt_chain_is_caught_by_the_written_down_checkpoint(root, sqlite_db):
    _work(root, 4)
    cp = audit_chain.checkpoint(
        sqlite_db,
        before=AuditEntry.select().order_by(AuditEntry.seq.desc()).get().at
        + __import__("datetime").timedelta(seconds=1),
    )
    seq, digest = audit_chain.parse_checkpoint(cp.text)
    assert audit.verify_chain(sqlite_db, checkpoint=(seq, digest)).ok
    assert not audit.verify_chain(sqlite_db, checkpoint=(seq, "0" * 16)).ok
    # cutting the newest entries off leaves a chain that links, but the checkpoint's entry is gone
    _tamper_sqlite(
        sqlite_db.database,
        ["DROP TRIGGER audit_entry_no_delete", f"DELETE FROM audit_entry WHERE seq >= {seq}"],
    )
    report = audit.verify_chain(sqlite_db, checkpoint=(seq, digest))
    assert [p.kind for p in report.problems if p.kind != "trigger_missing"] == ["removed"]


def test_migration_links_an_existing_trail(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = open_database(url)
    migrations.upgrade(db, target=m0015_audit_chain.VERSION - 1)
    rows = [
        (f"2026-01-0{i} 10:00:00.{i}", "root", "user.login", "user", str(i), f'{{"n": {i}}}')
        for i in range(1, 6)
    ]
    db.cursor().executemany(
        "INSERT INTO audit_entry (at, username, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    init_database(db)
    assert migrations.current_version(db) == migrations.latest_version()
    report = audit.verify_chain(db)
    assert report.ok, report.problems
    assert report.entries >= 5
    assert [e.seq for e in AuditEntry.select().order_by(AuditEntry.id)][:5] == [1, 2, 3, 4, 5]


@pytest.mark.postgres
def test_owner_role_tampering_on_postgresql_is_named(pg_schema_url):
    db = open_database(pg_schema_url)
    init_database(db)
    ids = _work(make_user("root", "supervisor"))
    db.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
    db.execute_sql(f"UPDATE audit_entry SET details = '{{\"forged\": 1}}' WHERE id = {ids[1]}")
    db.execute_sql(f"DELETE FROM audit_entry WHERE id = {ids[3]}")
    report = audit.verify_chain(db)
    assert [(p.kind, p.entry_id) for p in report.problems] == [
        ("changed", ids[1]),
        ("removed", ids[4]),
        ("trigger_missing", None),
    ]
    assert init_database(db).triggers_restored == ("audit_entry_append_only",)
    assert audit_chain.missing_triggers(db) == []
