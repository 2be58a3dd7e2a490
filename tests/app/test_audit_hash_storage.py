"""The audit chain's hashes are stored as 32 bytes and the previous hash not at all (migration 28, issue 17),
with every hash as it was: a trail written in the old form (hex, prev_hash) verifies after the migration with
the same hashes and the same checkpoint, an old entry tampered with before the migration is still named
after it, and on the new form an entry edited, re-hashed, deleted or renumbered is named. On SQLite and
PostgreSQL."""

import json

import peewee
import pytest

from app import migrations
from app.db import audit_schema_change, open_database
from app.domain.audit_chain import GENESIS, entry_hash, stored
from app.migrations import m0028_audit_hash_bytes
from app.models import AuditEntry
from app.services.admin import audit, audit_chain
from tests.conftest import make_user


def _is_pg(db) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


def _sql(db, sql: str, args=()):
    return db.execute_sql(sql.replace("%s", db.param), args)


def _tamper(db, statements: list[tuple[str, tuple]]) -> None:
    """Run UPDATEs/DELETEs on the trail behind the program's back (the owner lifting the append-only
    triggers), then put the triggers back."""
    with db.atomic():
        if _is_pg(db):
            db.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
        else:
            with audit_schema_change():
                db.execute_sql("DROP TRIGGER audit_entry_no_update")
                db.execute_sql("DROP TRIGGER audit_entry_no_delete")
        for sql, args in statements:
            _sql(db, sql, args)
        if _is_pg(db):
            db.execute_sql("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only")
    audit_chain.ensure_triggers(db)
    assert audit_chain.missing_triggers(db) == []


def assert_rebuilt_as_before(db, stats: list) -> None:
    """SQLite: every index and trigger is back on the rebuilt audit table, and its statistics are `stats`."""
    names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE tbl_name = 'audit_entry'")}
    assert {
        "audit_entry_seq",
        "audit_entry_at",
        "audit_entry_action",
        "audit_entry_entity_entity_id",
    } <= names
    assert set(audit_chain.SQLITE_TRIGGERS) <= names
    assert (
        db.execute_sql("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'audit_entry' ORDER BY idx").fetchall()
        == stats
    )


def _old_trail(db, n: int) -> list[tuple[int, int, str]]:
    """n entries as releases before migration 28 wrote them (hex entry_hash, prev_hash); (id, seq, hash)."""
    last = db.execute_sql(
        "SELECT seq, entry_hash FROM audit_entry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    seq, prev = last if last else (0, GENESIS)
    written = []
    with db.atomic():
        for i in range(n):
            seq += 1
            values = (f"2026-11-0{1 + i % 9} 10:00:00.{i:06d}", None, "old", "case.edit", "case", str(i))
            details = json.dumps({"n": i, "متن": "پیشین"}, ensure_ascii=False)
            digest = entry_hash(seq, prev, *values, details)
            _sql(
                db,
                "INSERT INTO audit_entry (at, user_id, username, action, entity, entity_id, details, seq, "
                "prev_hash, entry_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (*values, details, seq, prev, digest),
            )
            id_ = _sql(db, "SELECT id FROM audit_entry WHERE seq = %s", (seq,)).fetchone()[0]
            written.append((id_, seq, digest))
            prev = digest
    return written


def _database_at_27(url: str):
    db = open_database(url)
    migrations.upgrade(db, target=m0028_audit_hash_bytes.VERSION - 1)
    assert "prev_hash" in {c.name for c in db.get_columns("audit_entry")}
    return db


def test_an_old_trail_migrates_with_every_hash_and_checkpoint_unchanged(database_url):
    db = _database_at_27(database_url)
    trail = _old_trail(db, 12)
    cp_seq, cp_hash = trail[7][1], trail[7][2]
    before = audit.verify_chain(db, checkpoint=(cp_seq, cp_hash[:16]))
    assert before.ok, before.problems
    stats = []
    if not _is_pg(db):  # the planner's statistics survive the table's rebuild
        db.execute_sql("ANALYZE")
        stats = db.execute_sql(
            "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'audit_entry' ORDER BY idx"
        ).fetchall()
        assert stats

    assert m0028_audit_hash_bytes.VERSION in migrations.upgrade(db)
    columns = {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}
    assert "prev_hash" not in columns and columns["entry_hash"] in ("blob", "bytea")
    rows = db.execute_sql("SELECT seq, entry_hash FROM audit_entry ORDER BY seq").fetchall()
    assert {seq: bytes(value) for seq, value in rows} == {seq: bytes.fromhex(h) for _, seq, h in trail}

    after = audit.verify_chain(db, checkpoint=(cp_seq, cp_hash[:16]))
    assert after.ok, after.problems
    assert (after.entries, after.head_seq, after.head_hash) == (
        before.entries,
        before.head_seq,
        before.head_hash,
    )
    make_user("root", "supervisor")  # the program appends after the migrated entries and the chain holds
    assert audit.verify_chain(db).ok
    assert audit_chain.next_link(db)[0] == AuditEntry.select().count() + 1
    if not _is_pg(db):
        assert_rebuilt_as_before(db, stats)
    assert migrations.upgrade(db) == [] and m0028_audit_hash_bytes.apply(db) is None  # again: nothing to do


def test_old_entries_tampered_with_before_the_migration_are_named_after_it(database_url):
    db = _database_at_27(database_url)
    trail = _old_trail(db, 10)
    (edited, _, _), (rehashed, rehashed_seq, _), (after_rehash, _, _) = trail[1], trail[4], trail[5]
    deleted_seq, after_gap = trail[7][1], trail[8][0]
    forged_hash = trail[9][0]
    row = _sql(
        db,
        "SELECT at, user_id, username, action, entity, entity_id, prev_hash FROM audit_entry WHERE id = %s",
        (rehashed,),
    ).fetchone()
    at, user_id, username, action, entity, entity_id, prev = row
    new_details = '{"n": "forged"}'
    _tamper(
        db,
        [
            ("UPDATE audit_entry SET username = %s WHERE id = %s", ("someone_else", edited)),
            # an edit hidden by re-hashing the entry over its own stored link: only the next entry shows it
            (
                "UPDATE audit_entry SET details = %s, entry_hash = %s WHERE id = %s",
                (
                    new_details,
                    entry_hash(
                        rehashed_seq, prev, at, user_id, username, action, entity, entity_id, new_details
                    ),
                    rehashed,
                ),
            ),
            ("DELETE FROM audit_entry WHERE seq = %s", (deleted_seq,)),
            ("UPDATE audit_entry SET entry_hash = %s WHERE id = %s", ("not a hash", forged_hash)),
        ],
    )
    expected = [
        ("changed", edited),
        ("changed", after_rehash),
        ("removed", after_gap),
        ("changed", forged_hash),
    ]
    before = audit.verify_chain(db)
    assert [(p.kind, p.entry_id) for p in before.problems] == expected

    migrations.upgrade(db)
    after = audit.verify_chain(db)
    assert [(p.kind, p.entry_id) for p in after.problems] == expected
    assert after.problems[2].seq == deleted_seq


@pytest.fixture
def trail(db):
    root = make_user("root", "supervisor")
    for i in range(8):
        audit.record(root, "reference.add", "category", i, name=f"موضوع {i}")
    assert audit.verify_chain(db).ok
    entries = list(AuditEntry.select().order_by(AuditEntry.seq))
    assert all(bytes(e.entry_hash) == bytes.fromhex(audit_chain.hex_of(e.entry_hash)) for e in entries)
    assert {len(bytes(e.entry_hash)) for e in entries} == {32}
    return db, entries[-8:]


def _problems(db) -> list[tuple[str, int | None]]:
    return [(p.kind, p.entry_id) for p in audit.verify_chain(db).problems]


def test_an_edited_entry_is_named(trail):
    db, entries = trail
    _tamper(db, [("UPDATE audit_entry SET entity_id = %s WHERE id = %s", ("999", entries[2].id))])
    assert _problems(db) == [("changed", entries[2].id)]


def test_an_entry_re_hashed_to_hide_an_edit_is_caught_at_the_next(trail):
    db, entries = trail
    e, prev = entries[3], audit_chain.hex_of(entries[2].entry_hash)
    forged = entry_hash(e.seq, prev, e.at, e.user_id, e.username, e.action, e.entity, e.entity_id, "{}")
    _tamper(
        db, [("UPDATE audit_entry SET details = '{}', entry_hash = %s WHERE id = %s", (stored(forged), e.id))]
    )
    assert _problems(db) == [("changed", entries[4].id)]


def test_an_entry_deleted_in_the_middle_is_named_and_the_chain_goes_on(trail):
    db, entries = trail
    _tamper(db, [("DELETE FROM audit_entry WHERE id = %s", (entries[4].id,))])
    report = audit.verify_chain(db)
    assert [(p.kind, p.entry_id, p.seq) for p in report.problems] == [
        ("removed", entries[5].id, entries[4].seq)
    ]
    assert report.head_hash == audit_chain.hex_of(entries[-1].entry_hash)


def test_a_deletion_closed_up_by_renumbering_is_named(trail):
    db, entries = trail
    statements = [("DELETE FROM audit_entry WHERE id = %s", (entries[4].id,))]
    statements += [("UPDATE audit_entry SET seq = %s WHERE id = %s", (e.seq - 1, e.id)) for e in entries[5:]]
    _tamper(db, statements)
    assert _problems(db) == [("changed", e.id) for e in entries[5:]]  # seq is hashed: each one moved fails
