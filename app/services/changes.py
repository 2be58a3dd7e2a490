"""What changed since I last looked: how a PC sees other operators' work within seconds.

Every change made through a service adds an audit entry, so the audit trail's newest id is a cheap change
marker on both databases. On PostgreSQL a trigger (migration 9) also sends NOTIFY on each such commit, and
`ChangeListener.wait` wakes at once; on SQLite it simply waits for the next poll.
"""
from __future__ import annotations

import json
import select
import time
from dataclasses import dataclass

import peewee

from app.db import make_database, parse_url
from app.models import AuditEntry, Referral

CHANNEL = "samad_changes"
# Entries that change nothing another PC shows.
QUIET_ACTIONS = ("user.login", "user.login_failed", "user.change_password", "export.", "backup.")


@dataclass(frozen=True)
class ChangeBatch:
    marker: int  # the newest audit entry id seen
    case_ids: tuple[int, ...] = ()
    referral_ids: tuple[int, ...] = ()
    other: bool = False  # reference data, settings, users, knowledge...: refresh whatever is open

    @property
    def empty(self) -> bool:
        return not (self.case_ids or self.referral_ids or self.other)


def marker() -> int:
    return AuditEntry.select(peewee.fn.MAX(AuditEntry.id)).scalar() or 0


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def since(last: int, limit: int = 5000) -> ChangeBatch:
    """The cases and referrals touched by entries after `last` (at most `limit` entries are read)."""
    rows = list(AuditEntry.select(AuditEntry.id, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
                                  AuditEntry.details)
                .where(AuditEntry.id > last).order_by(AuditEntry.id).limit(limit).tuples())
    if not rows:
        return ChangeBatch(last)
    cases: set[int] = set()
    referrals: set[int] = set()
    other = len(rows) == limit
    for _, action, entity, entity_id, details in rows:
        if action.startswith(QUIET_ACTIONS):
            continue
        if entity == "case" and _int(entity_id):
            cases.add(_int(entity_id))
        elif entity == "referral" and _int(entity_id):
            referrals.add(_int(entity_id))
        else:
            other = True
        try:
            case_id = _int(json.loads(details or "{}").get("case_id"))
        except (ValueError, AttributeError):
            case_id = None
        if case_id:
            cases.add(case_id)
    if referrals:
        cases.update(r[0] for r in Referral.select(Referral.case).where(Referral.id.in_(referrals)).tuples())
    return ChangeBatch(rows[-1][0], tuple(sorted(cases)), tuple(sorted(referrals)), other)


class ChangeListener:
    """Waits for a change notification (PostgreSQL), or just for the poll interval (SQLite)."""

    def __init__(self, url: str):
        parsed = parse_url(url)
        self.url = url
        self.schema = parsed.schema or "public"
        self.postgres = not parsed.is_sqlite
        self._db: peewee.Database | None = None

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

    def wait(self, timeout: float) -> bool:
        """True when a notification for this database arrived within `timeout` seconds."""
        if not self.postgres:
            time.sleep(timeout)
            return False
        import psycopg2  # only with a PostgreSQL URL: an office PC on SQLite needs no driver

        try:
            conn = self._connection()
            if conn.notifies or select.select([conn], [], [], timeout)[0]:
                conn.poll()
                payloads = [n.payload for n in conn.notifies]
                conn.notifies.clear()
                return any(p in ("", self.schema) for p in payloads)
            return False
        except (peewee.DatabaseError, psycopg2.Error, OSError):  # a dropped connection: reconnect next time
            self.close()
            time.sleep(min(timeout, 5))
            return False

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except Exception:  # closing a broken connection
                pass
            self._db = None

