"""What changed since I last looked: how a PC sees other operators' work within seconds.

Every change made through a service adds an audit entry, so the audit trail is the change feed on both
databases: `since(cursor)` reads what committed after the cursor and returns one `ChangeBatch` (which cases,
referrals, letters changed, whether settings did). On PostgreSQL it reads in commit order (see `Cursor`), and
a trigger (migration 9) also sends NOTIFY on each such commit, so `ChangeListener.wait` wakes at once; on
SQLite it simply waits for the next poll.

On PostgreSQL the commit order of an entry is kept a day (`prune`, migration 32): a reader whose position is
older than that (a PC asleep since yesterday) gets a batch with `other` and `settings` (reload everything) and a
fresh cursor.
"""

from __future__ import annotations

import datetime as dt
import json
import select
import socket
import threading
import time
from dataclasses import dataclass

import peewee

from app.db import database, is_postgres, make_database, parse_url
from app.domain import audit_details
from app.models import AuditEntry, Referral
from app.models.base import utcnow

CHANNEL = "samad_changes"
# Entries that change nothing another PC shows.
# A ring (the ring log) is read when «تماس‌های امروز» opens; it must not make every PC reload 200 times a day.
QUIET_ACTIONS = (
    "user.login",
    "user.login_failed",
    "user.change_password",
    "export.",
    "backup.",
    "ring.",
)
# Entities whose change is a change of settings: center settings, reference data, holidays, users.
SETTINGS_ENTITIES = frozenset(
    {"settings", "reference", "county", "agency", "category", "request_type", "holiday", "user"}
)


@dataclass(frozen=True)
class Cursor:
    """How far the feed has read. `audit_id` is the newest audit entry read (SQLite serialises writers, so
    its ids follow commit order and this is all it needs). On PostgreSQL an entry can get a lower id and
    commit later, so the cursor also keeps `xmin`, the oldest transaction still running when it last read
    (every older one had committed or rolled back), and `seen`, the (audit id, transaction) pairs already
    read from transactions at or after xmin: the next read takes every entry of those transactions it has
    not seen (migration 11 keeps each entry's transaction id in audit_commit)."""

    audit_id: int = 0
    xmin: int | None = None
    seen: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True)
class ChangeBatch:
    """One batch of changes: what each page needs to decide what to reload."""

    cursor: Cursor = Cursor()
    case_ids: frozenset[int] = frozenset()
    referral_ids: frozenset[int] = frozenset()
    letter_ids: frozenset[int] = frozenset()
    settings: bool = False  # center settings, reference data, holidays, users: lists of choices reload
    other: bool = False  # knowledge, schedule, sessions, or too much to list: reload whatever is open

    @property
    def marker(self) -> int:
        return self.cursor.audit_id

    @property
    def empty(self) -> bool:
        return not (self.case_ids or self.referral_ids or self.letter_ids or self.settings or self.other)

    @property
    def followup(self) -> bool:
        """Referrals, their letters or their cases changed (follow-up lists, overdue counts)."""
        return bool(self.referral_ids or self.letter_ids or self.case_ids or self.other)

    def merged(self, later: ChangeBatch) -> ChangeBatch:
        """This batch and a later one as one (the later cursor)."""
        return ChangeBatch(
            later.cursor if later.cursor != Cursor() else self.cursor,
            self.case_ids | later.case_ids,
            self.referral_ids | later.referral_ids,
            self.letter_ids | later.letter_ids,
            self.settings or later.settings,
            self.other or later.other,
        )


def announce(
    *, cases=(), referrals=(), letters=(), settings: bool = False, other: bool = False
) -> ChangeBatch:
    """A batch for changes made on this PC (a saved dialog tells the open pages at once)."""
    ids = lambda values: frozenset(int(v) for v in values if v)  # noqa: E731
    return ChangeBatch(Cursor(), ids(cases), ids(referrals), ids(letters), settings, other)


def marker() -> int:
    return AuditEntry.select(peewee.fn.MAX(AuditEntry.id)).scalar() or 0


def start() -> Cursor:
    """A cursor at "now": the next read returns only what commits after this call."""
    if not is_postgres():
        return Cursor(marker())
    result = database.execute_sql(
        "WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) "
        "SELECT s.xmin, c.audit_id, c.xid::text::bigint FROM s "
        "LEFT JOIN audit_commit c ON c.xid >= s.xmin::text::xid8"
    ).fetchall()
    seen = frozenset((r[1], r[2]) for r in result if r[1] is not None)
    return Cursor(max([marker(), *(i for i, _ in seen)]), result[0][0], seen)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


_PG_READ = (
    "WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin, "
    "h.xid::text::bigint AS horizon, h.audit_id AS horizon_id FROM change_feed_horizon h) "
    "SELECT s.xmin, s.horizon, s.horizon_id, e.id, e.action, e.entity, e.entity_id, e.details, e.xid "
    "FROM s LEFT JOIN LATERAL ("
    "SELECT a.id, a.action, a.entity, a.entity_id, a.details, c.xid::text::bigint AS xid "
    "FROM audit_commit c JOIN audit_entry a ON a.id = c.audit_id WHERE {where} AND {fresh} "
    "ORDER BY a.id LIMIT %s) e ON TRUE ORDER BY e.id"
)


def _read_pg(cursor: Cursor, limit: int) -> tuple[list, Cursor] | None:
    """Entries committed since the cursor, in one statement (so one snapshot gives the rows, xmin and the
    horizon). None when the cursor is older than the horizon: rows it had not read may be gone."""
    if cursor.xmin is None:  # a plain id marker: what came after it, then commit order from here on
        where, args = "a.id > %s", [cursor.audit_id]
        fresh, position = "s.horizon_id <= %s", cursor.audit_id  # the newest entry whose row went
    else:
        where, args = (
            "c.xid >= %s::text::xid8 AND NOT (a.id = ANY(%s))",
            [cursor.xmin, [i for i, _ in cursor.seen]],
        )
        fresh, position = "s.horizon <= %s", cursor.xmin  # rows below the horizon went
    sql = _PG_READ.format(where=where, fresh=fresh)
    result = database.execute_sql(sql, [*args, position, limit]).fetchall()
    _, horizon, horizon_id = result[0][:3]
    if horizon > cursor.xmin if cursor.xmin is not None else horizon_id > cursor.audit_id:
        return None
    xmin = max(result[0][0], cursor.xmin or 0)
    rows = [r[3:8] for r in result if r[3] is not None]
    seen = {pair for pair in cursor.seen if pair[1] >= xmin}
    seen.update((r[3], r[8]) for r in result if r[3] is not None and r[8] >= xmin)
    newest = max([cursor.audit_id, *(r[0] for r in rows)])
    return rows, Cursor(newest, xmin, frozenset(seen))


# How long the commit order is kept: readers poll every few seconds, so only a PC that slept (or a transaction
# left open) for longer reloads everything; an office's night is shorter, a day's rows cost little.
HORIZON = dt.timedelta(days=1)
PRUNE_LOCK_WAIT = "3s"


def prune(age: dt.timedelta = HORIZON) -> int:
    """PostgreSQL: forget the commit order of transactions whose entries are older than `age`, and record the
    horizon (migration 32) in the same transaction. Only transactions older than the oldest one still running
    go (a reader may not have read them yet), and the horizon is just above the newest that went, so a reader
    that read since then is past it: a quiet day prunes nothing and refreshes nobody. `age` zero keeps nothing
    already committed (the end of `samad demo`). Returns the rows deleted."""
    if not is_postgres():
        return 0
    with database.atomic():
        # another PC pruning the same rows: wait a little, else leave them to the next time (the watcher's
        # thread must not stop reading changes for long)
        database.execute_sql(f"SET LOCAL lock_timeout = '{PRUNE_LOCK_WAIT}'")
        below = database.execute_sql(
            "SELECT LEAST(pg_snapshot_xmin(pg_current_snapshot())::text::bigint, (SELECT MIN(c.xid::text::bigint) "
            "FROM audit_entry a JOIN audit_commit c ON c.audit_id = a.id WHERE a.at >= %s))",
            [utcnow() - age],
        ).fetchone()[0]
        deleted, newest_id, newest_xid = database.execute_sql(
            "WITH d AS (DELETE FROM audit_commit WHERE xid < %s::text::xid8 RETURNING audit_id, xid) "
            "SELECT COUNT(*), MAX(audit_id), MAX(xid::text::bigint) FROM d",
            [below],
        ).fetchone()
        if deleted:
            database.execute_sql(
                "UPDATE change_feed_horizon SET xid = GREATEST(xid, %s::text::xid8), "
                "audit_id = GREATEST(audit_id, %s), pruned_at = %s",
                [newest_xid + 1, newest_id, utcnow()],
            )
    return deleted


def since(last: Cursor | int, limit: int = 5000) -> ChangeBatch:
    """What entries committed after `last` touched (at most `limit` entries are read; more means `other`)."""
    cursor = last if isinstance(last, Cursor) else Cursor(last)
    if is_postgres():
        read = _read_pg(cursor, limit)
        if read is None:  # older than the horizon: what it missed is unknown, so everything reloads
            return ChangeBatch(start(), settings=True, other=True)
        rows, cursor = read
    else:
        rows = list(
            AuditEntry.select(
                AuditEntry.id, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id, AuditEntry.details
            )
            .where(AuditEntry.id > cursor.audit_id)
            .order_by(AuditEntry.id)
            .limit(limit)
            .tuples()
        )
        cursor = Cursor(rows[-1][0] if rows else cursor.audit_id)
    cases: set[int] = set()
    referrals: set[int] = set()
    letters: set[int] = set()
    settings = False
    other = len(rows) == limit
    for _, action, entity, entity_id, details in rows:
        if action.startswith(QUIET_ACTIONS):
            continue
        target = {"case": cases, "referral": referrals, "letter": letters}.get(entity)
        if target is not None and _int(entity_id):
            target.add(_int(entity_id))
        elif entity in SETTINGS_ENTITIES:
            settings = True
        else:
            other = True
        try:  # compressed (migration 30) when read by the raw SQL on PostgreSQL; a damaged value links nothing
            linked = json.loads(audit_details.unpack(details) if details else "{}")
        except ValueError:
            linked = {}
        if isinstance(linked, dict):
            for key, target in (("case_id", cases), ("referral_id", referrals)):
                if _int(linked.get(key)):
                    target.add(_int(linked.get(key)))
    if referrals:
        cases.update(r[0] for r in Referral.select(Referral.case).where(Referral.id.in_(referrals)).tuples())
    return ChangeBatch(cursor, frozenset(cases), frozenset(referrals), frozenset(letters), settings, other)


class ChangeListener:
    """Waits for a change notification (PostgreSQL), or just for the poll interval (SQLite). `interrupt()`, from
    any thread, ends a wait at once (closing the app must not wait out a poll interval)."""

    def __init__(self, url: str):
        parsed = parse_url(url)
        self.url = url
        self.schema = parsed.schema or "public"
        self.postgres = not parsed.is_sqlite
        self._db: peewee.Database | None = None
        self._interrupted = threading.Event()
        # select() on Windows takes sockets only: a socket pair wakes the PostgreSQL wait there too
        self._wake_reader, self._wake_writer = socket.socketpair() if self.postgres else (None, None)

    def _connection(self):
        if self._db is None:
            db = make_database(self.url)
            db.connect()
            conn = db.connection()
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")
            self._db = db
        return self._db.connection()

    def interrupt(self) -> None:
        """End the current (and every later) wait at once."""
        self._interrupted.set()
        if self._wake_writer is not None:
            try:
                self._wake_writer.send(b"x")
            except OSError:  # already closed
                pass

    def wait(self, timeout: float) -> bool:
        """True when a notification for this database arrived within `timeout` seconds."""
        if self._interrupted.is_set():
            return False
        if not self.postgres:
            self._interrupted.wait(timeout)
            return False
        import psycopg2  # only with a PostgreSQL URL: an office PC on SQLite needs no driver

        deadline = time.monotonic() + timeout
        try:
            conn = self._connection()
            # another schema's notification on the same server (another center, or another test) is not
            # ours: keep waiting out the rest of the timeout for one that is
            while not self._interrupted.is_set():
                left = max(0.0, deadline - time.monotonic())
                if conn.notifies or conn in select.select([conn, self._wake_reader], [], [], left)[0]:
                    conn.poll()
                    payloads = [n.payload for n in conn.notifies]
                    conn.notifies.clear()
                    if any(p in ("", self.schema) for p in payloads):
                        return True
                if time.monotonic() >= deadline:
                    return False
            return False
        except (peewee.DatabaseError, psycopg2.Error, OSError):  # a dropped connection: reconnect next time
            self.close()
            self._interrupted.wait(min(timeout, 5))
            return False

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except Exception:  # closing a broken connection
                pass
            self._db = None
