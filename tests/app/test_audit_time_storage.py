"""An audit entry's time is kept on SQLite as integer microseconds since the Unix epoch (migration 34, issue 17)
and PostgreSQL keeps its TIMESTAMP: the program reads back exactly the datetime it wrote (microseconds
included), filters and orders by it across a second's and a day's boundary, finds the checkpoint before a
time, and the hash chain (which covers the time's text) verifies with the same head hash before and after the
migration of a trail written the old way. On SQLite and PostgreSQL."""

import datetime as dt

import peewee

from app import migrations
from app.db import open_database
from app.domain.audit_chain import entry_hash, stored, timestamp_text
from app.domain.utc_micros import from_micros, micros_of_text, to_micros
from app.migrations import m0034_audit_time_integer as m0034
from app.models import AuditEntry
from app.models.base import stored_time
from app.services.admin import audit, audit_chain, audit_export
from app.services.admin.audit_export import AuditFilter
from app.services.demo import calls
from tests.app.test_audit_hash_storage import assert_rebuilt_as_before
from tests.conftest import make_user

# Around Tehran's midnight of 2026-12-05 (20:30 UTC: the export's day boundary), a UTC day's end, a whole
# second (which SQLite's text spelled without a fraction), the first and last microsecond of a second.
TIMES = [
    dt.datetime(2026, 12, 4, 20, 29, 59, 999_999),
    dt.datetime(2026, 12, 4, 20, 30, 0, 0),
    dt.datetime(2026, 12, 4, 20, 30, 0, 1),
    dt.datetime(2026, 12, 4, 23, 59, 59, 999_999),
    dt.datetime(2026, 12, 5, 0, 0, 0, 0),
    dt.datetime(2026, 12, 5, 0, 0, 0, 0),  # two entries at the same microsecond: ordered by id
    dt.datetime(2026, 12, 5, 0, 0, 1, 500_000),
]


def _is_pg(db) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


def _sql(db, sql: str, args=()):
    return db.execute_sql(sql.replace("%s", db.param), args)


def _stored_kinds(db) -> set[str]:
    if _is_pg(db):
        return {r[0] for r in db.execute_sql("SELECT DISTINCT pg_typeof(at)::text FROM audit_entry")}
    return {r[0] for r in db.execute_sql("SELECT DISTINCT typeof(at) FROM audit_entry")}


def _record_at(monkeypatch, actor, times) -> list[int]:
    """One entry through audit.record at each of `times` (the service's clock set to it); their ids."""
    clock = iter(times)
    monkeypatch.setattr(audit, "utcnow", lambda: next(clock))
    ids = []
    with AuditEntry._meta.database.atomic():
        for i, _ in enumerate(times):
            ids.append(audit.record(actor, "test.time", "probe", str(i), n=i).id)
    monkeypatch.undo()
    return ids


# --- the conversion ------------------------------------------------------------------------------


def test_microseconds_convert_exactly_both_ways():
    for value in [
        *TIMES,
        dt.datetime(1970, 1, 1),
        dt.datetime(1969, 12, 31, 23, 59, 59, 999_999),
        dt.datetime(2000, 2, 29, 12, 0, 0, 1),
        dt.datetime(9999, 12, 31, 23, 59, 59, 999_999),
    ]:
        assert from_micros(to_micros(value)) == value
        assert timestamp_text(to_micros(value)) == timestamp_text(value)  # what the chain hashes
    assert to_micros(dt.datetime(1970, 1, 1, 0, 0, 1, 2)) == 1_000_002
    assert to_micros(dt.datetime(1970, 1, 1, 3, 30, 0, 7, tzinfo=dt.timezone(dt.timedelta(hours=3.5)))) == 7
    assert to_micros(dt.date(1970, 1, 2)) == 86_400_000_000
    # SQLite's texts of what the program stored, and other ISO spellings, as the chain reads them
    for text in ["2026-12-04 21:20:19.123456", "2026-12-04 21:20:19", "2026-12-04T21:20:19.5", "2026-12-04"]:
        assert timestamp_text(micros_of_text(text)) == timestamp_text(text)
    assert micros_of_text("2026-12-05 00:00:00+03:30") == to_micros(dt.datetime(2026, 12, 4, 20, 30))
    for other in ["yesterday", "", b"2026-12-04", None, 12.5, 42]:  # not a time's text: kept as it was
        assert micros_of_text(other) == other


# --- the program's reads and writes ------------------------------------------------------------------


def test_times_read_back_exactly_and_sqlite_keeps_integers(db, monkeypatch):
    actor = make_user("root", "supervisor")
    ids = _record_at(monkeypatch, actor, TIMES)
    assert [AuditEntry.get_by_id(i).at for i in ids] == TIMES
    raw = dict(_sql(db, "SELECT id, at FROM audit_entry WHERE id IN (%s, %s)", (ids[0], ids[1])).fetchall())
    if _is_pg(db):
        assert _stored_kinds(db) == {"timestamp without time zone"}
        assert raw[ids[0]] == TIMES[0]
    else:
        assert _stored_kinds(db) == {"integer"}
        assert raw == {ids[0]: to_micros(TIMES[0]), ids[1]: to_micros(TIMES[1])}
        assert stored_time(db, TIMES[1]) == raw[ids[1]] == 1_796_416_200_000_000
    assert stored_time(db, None) is None
    # MIN/MAX over the column come back as datetimes too
    low, high = (
        AuditEntry.select(peewee.fn.MIN(AuditEntry.at), peewee.fn.MAX(AuditEntry.at))
        .where(AuditEntry.id.in_(ids))
        .tuples()[0]
    )
    assert (low, high) == (TIMES[0], TIMES[-1])
    assert audit.verify_chain(db).ok


def test_range_filters_and_order_across_a_second_and_a_day(db, monkeypatch):
    actor = make_user("root", "supervisor")
    ids = _record_at(monkeypatch, actor, TIMES)
    by_id = dict(zip(ids, TIMES, strict=True))

    def search(**kw):
        rows = audit.search(actor, entity="probe", **kw)
        return [r.id for r in rows]

    newest_first = sorted(ids, key=lambda i: (by_id[i], i), reverse=True)
    assert search() == newest_first
    assert [r.id for r in audit.history("probe", 4)] == [ids[4]]
    # a second's boundary, to the microsecond: since is included, until is not
    assert search(since=TIMES[1]) == [i for i in newest_first if by_id[i] >= TIMES[1]]
    assert search(since=TIMES[1], until=TIMES[2]) == [ids[1]]
    assert search(until=TIMES[1]) == [ids[0]]
    assert search(since=TIMES[0] + dt.timedelta(microseconds=1), until=TIMES[2]) == [ids[1]]
    # a UTC day's boundary
    assert search(since=dt.datetime(2026, 12, 5)) == [ids[6], ids[5], ids[4]]
    assert search(until=dt.datetime(2026, 12, 5)) == [ids[3], ids[2], ids[1], ids[0]]
    # the export's Tehran days: the 5th (local) starts at 20:30 UTC on the 4th
    tehran_5th = AuditFilter(entity="probe", since=dt.date(2026, 12, 5), until=dt.date(2026, 12, 5))
    tehran_4th = AuditFilter(entity="probe", until=dt.date(2026, 12, 4))
    assert audit_export.count(actor, tehran_5th) == len(TIMES) - 1
    assert audit_export.count(actor, tehran_4th) == 1
    # the text search walks (time, id) keysets chunk by chunk over the raw stored times
    monkeypatch.setattr(audit, "SCAN_CHUNK", 2)
    assert search(text='"n":') == newest_first
    assert search(text='"n":', since=TIMES[2], until=TIMES[6]) == [ids[5], ids[4], ids[3], ids[2]]
    assert [e.id for e in audit.matching(AuditEntry.select(), '"n":', newest="at", oldest_first=True)] == (
        newest_first[::-1]
    )


def test_the_checkpoint_is_the_last_entry_before_a_time(db, monkeypatch):
    actor = make_user("root", "supervisor")
    ids = _record_at(monkeypatch, actor, TIMES)
    seqs = {e.id: e.seq for e in AuditEntry.select().where(AuditEntry.id.in_(ids))}
    point = audit_chain.checkpoint(db, before=TIMES[2])  # the entry at TIMES[1], not the one at TIMES[2]
    assert (point.seq, point.at) == (seqs[ids[1]], TIMES[1])
    assert audit_chain.checkpoint(db, before=TIMES[1] + dt.timedelta(microseconds=1)).seq == seqs[ids[1]]
    assert audit_chain.checkpoint(db, before=dt.datetime(2026, 12, 5)).seq == seqs[ids[3]]
    report = audit.verify_chain(db, checkpoint=(point.seq, point.entry_hash[:16]))
    assert report.ok, report.problems


def test_the_demos_raw_audit_rows_store_the_time_as_the_model_does(db):
    make_user("root", "supervisor")
    rows = [(t, None, "demo", "case.register", "case", str(i), {"n": i}) for i, t in enumerate(TIMES)]
    calls.insert_audits(rows)
    read = [e.at for e in AuditEntry.select().where(AuditEntry.username == "demo").order_by(AuditEntry.id)]
    assert read == TIMES
    assert _stored_kinds(db) == ({"timestamp without time zone"} if _is_pg(db) else {"integer"})
    assert audit.verify_chain(db).ok


# --- the migration -------------------------------------------------------------------------------


def _database_at_33(url: str):
    db = open_database(url)
    migrations.upgrade(db, target=m0034.VERSION - 1)
    kind = {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}["at"]
    assert kind in ("datetime", "timestamp without time zone")
    return db


def insert_linked(db, seq: int, prev: str, values: tuple, details: str, stored_at=None) -> str:
    """One entry (at, user_id, username, action, entity, entity_id) written with raw SQL as an older release
    did, linked after `prev` at `seq` (its time stored as `stored_at` when given); its hash."""
    digest = entry_hash(seq, prev, *values, details)
    row = (values[0] if stored_at is None else stored_at, *values[1:], details.encode(), seq, stored(digest))
    _sql(
        db,
        "INSERT INTO audit_entry (at, user_id, username, action, entity, entity_id, details, seq, "
        "entry_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        row,
    )
    return digest


def _old_trail(db, times) -> list[tuple[int, int, str]]:
    """Entries as releases before migration 34 wrote them (the driver's datetime: SQLite's text, with no
    fraction at a whole second), linked into the chain; (id, seq, hash) each."""
    seq, prev = audit_chain.next_link(db)
    seq -= 1
    written = []
    with db.atomic():
        for i, at in enumerate(times):
            seq += 1
            digest = insert_linked(
                db, seq, prev, (at, None, "old", "case.edit", "case", str(i)), f'{{"n":{i}}}'
            )
            id_ = _sql(db, "SELECT id FROM audit_entry WHERE seq = %s", (seq,)).fetchone()[0]
            written.append((id_, seq, digest))
            prev = digest
    return written


def test_an_old_trail_migrates_with_every_time_hash_and_checkpoint_unchanged(database_url):
    db = _database_at_33(database_url)
    earlier = [dt.datetime(2025, 1, 18, 4, 2, s, 945_404 * (s % 2)) for s in range(20)]
    times = [*earlier, *TIMES]
    trail = _old_trail(db, times)
    ours = trail[len(earlier) :]  # the entries at TIMES
    odd = None
    if not _is_pg(db):
        assert {
            r[0] for r in db.execute_sql("SELECT length(at) FROM audit_entry WHERE username = 'old'")
        } == {
            19,
            26,
        }
        # a time written behind the program's back that is no time's text: kept, and named, as it was
        db.execute_sql(
            "INSERT INTO audit_entry (at, username, action, entity, details) VALUES ('yesterday', 'x', 'y', 'z', '{}')"
        )
        odd = db.execute_sql("SELECT MAX(id) FROM audit_entry").fetchone()[0]
        db.execute_sql("ANALYZE")
    before = audit.verify_chain(db)
    assert [p.entry_id for p in before.problems] == ([odd] if odd else [])
    cp_seq, cp_hash = ours[2][1], ours[2][2]  # the entry at TIMES[2]
    stats = []
    if not _is_pg(db):
        stats = db.execute_sql(
            "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'audit_entry' ORDER BY idx"
        ).fetchall()
        assert stats

    assert m0034.VERSION in migrations.upgrade(db)
    after = audit.verify_chain(db, checkpoint=(cp_seq, cp_hash[:16]))
    assert [p.entry_id for p in after.problems] == [p.entry_id for p in before.problems]
    assert (after.entries, after.head_seq, after.head_hash) == (
        before.entries,
        before.head_seq,
        before.head_hash,
    )
    stored_hashes = {
        seq: audit_chain.hex_of(h) for seq, h in db.execute_sql("SELECT seq, entry_hash FROM audit_entry")
    }
    assert all(stored_hashes[seq] == digest for _, seq, digest in trail)
    read = {e.id: e.at for e in AuditEntry.select().where(AuditEntry.username == "old")}
    assert [read[id_] for id_, _, _ in trail] == times  # the same datetimes, microseconds included
    point = audit_chain.checkpoint(db, before=TIMES[2] + dt.timedelta(microseconds=1))
    assert (point.seq, point.entry_hash, point.at) == (cp_seq, cp_hash, TIMES[2])

    if _is_pg(db):
        assert _stored_kinds(db) == {"timestamp without time zone"}
    else:
        assert {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}["at"] == "integer"
        kinds = dict(db.execute_sql("SELECT id, typeof(at) FROM audit_entry").fetchall())
        assert kinds.pop(odd) == "text" and set(kinds.values()) == {"integer"}
        assert db.execute_sql("SELECT at FROM audit_entry WHERE id = ?", (odd,)).fetchone()[0] == "yesterday"
        assert audit_chain.missing_triggers(db) == []
        assert_rebuilt_as_before(db, stats)
        plan = " ".join(
            str(r[-1])
            for r in db.execute_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM audit_entry WHERE at >= ? ORDER BY at", (1,)
            )
        )
        assert "audit_entry_at" in plan
    actor = make_user(
        "root", "supervisor"
    )  # the program appends after the migrated entries and the chain holds
    rows = audit.search(actor, username="old", since=TIMES[1], until=TIMES[4])
    assert [r.id for r in rows] == [ours[3][0], ours[2][0], ours[1][0]]
    final = audit.verify_chain(db)
    assert [p.entry_id for p in final.problems] == [p.entry_id for p in before.problems]
    assert final.head_seq > before.head_seq
    assert migrations.upgrade(db) == [] and m0034.apply(db) is None  # again: nothing to do


def test_a_fresh_database_has_the_integer_column(database_url):
    db = open_database(database_url)
    migrations.upgrade(db)
    kind = {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}["at"]
    assert kind == ("timestamp without time zone" if _is_pg(db) else "integer")
    make_user("root", "supervisor")  # its entries are written by the model's field
    assert _stored_kinds(db) == ({"timestamp without time zone"} if _is_pg(db) else {"integer"})
    assert audit.verify_chain(db).ok
