"""Tamper evidence for the audit trail: appending to the hash chain, verifying it, the checkpoint a
supervisor writes down, and putting back missing append-only triggers.

`verify_chain(db)` reads the trail with plain SQL on the database it is given (not the models' proxy), so
restore can check a file before it replaces the live database, and the daily backup can check the copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee

from app.domain import audit_details
from app.domain.audit_chain import GENESIS, entry_hash, hex_of, timestamp_text
from app.domain.audit_words import word

_COLUMNS = "seq, id, entry_hash, at, user_id, username, action, entity, entity_id, details"
_LOCK_KEY = 0x5A4D  # pg_advisory_xact_lock(key, hashtext(schema)): one chain writer at a time per schema

SQLITE_TRIGGERS = {
    "audit_entry_no_update": "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "audit_entry_no_delete": "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "audit_entry_no_replace": "CREATE TRIGGER IF NOT EXISTS audit_entry_no_replace BEFORE INSERT ON audit_entry "
    "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
}
_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION samad_audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$ LANGUAGE plpgsql"
)
PG_TRIGGERS = {
    "audit_entry_append_only": "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION samad_audit_append_only()",
    "audit_entry_no_truncate": "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION samad_audit_append_only()",
}


def _is_pg(db: peewee.Database) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


# --- appending -----------------------------------------------------------------------------------


def hold(db: peewee.Database) -> None:
    """Take the chain's writer lock for the rest of the transaction (PostgreSQL; SQLite's IMMEDIATE
    transactions already serialise writers). Taking it again in the same transaction costs nothing. Whatever
    else a writing transaction locks (a summary's shared rows) is locked after this, so two transactions never
    hold one each and wait for the other's."""
    if _is_pg(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", (_LOCK_KEY,))


def next_link(db: peewee.Database) -> tuple[int, str]:
    """(seq, previous hash) for the entry about to be appended. Call inside the writing transaction: on
    PostgreSQL it holds the chain's lock (`hold`) so two PCs never link to the same entry."""
    hold(db)
    row = db.execute_sql(
        "SELECT seq, entry_hash FROM audit_entry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return (row[0] + 1, hex_of(row[1])) if row else (1, GENESIS)


# --- verifying -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    kind: str  # "changed", "removed", "inserted", "trigger_missing", "checkpoint"
    entry_id: int | None  # the entry named (for "removed": the first entry after the gap)
    seq: int | None
    message: str  # one Persian sentence


@dataclass
class ChainReport:
    entries: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[ChainProblem] = field(default_factory=list)
    missing_triggers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> ChainProblem | None:
        return self.problems[0] if self.problems else None

    def summary(self) -> str:
        if self.ok:
            return (
                f"زنجیره رد تغییرات سالم است: {_n(self.entries)} رویداد، "
                f"آخرین شماره {_n(self.head_seq)}، چکیده {self.head_hash[:16]}."
            )
        return f"زنجیره رد تغییرات دست‌کاری شده است: {self.first.message}"


def _digest(row, prev: str) -> str | None:
    """The hash `row` should carry when `prev` is the hash of the entry before it in the chain, over its
    details' text as stored compressed (or not, before migration 30): None if they no longer decompress,
    which no stored hash matches."""
    seq, _id, _stored, at, user_id, username, action, entity, entity_id, details = row
    try:
        text = audit_details.unpack(details)
    except audit_details.AuditDetailsError:
        return None
    # the words, which SQLite keeps as their numbers (migration 38)
    return entry_hash(seq, prev, at, user_id, username, word(action), word(entity), entity_id, text)


def _rows(db: peewee.Database):
    cursor = db.execute_sql(f"SELECT {_COLUMNS} FROM audit_entry ORDER BY seq IS NULL, seq, id")
    while True:
        batch = cursor.fetchmany(5000)
        if not batch:
            return
        yield from batch


def missing_triggers(db: peewee.Database) -> list[str]:
    """The append-only triggers that are absent (or, on PostgreSQL, disabled)."""
    if _is_pg(db):
        present = {
            r[0]
            for r in db.execute_sql(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass('audit_entry') "
                "AND NOT tgisinternal AND tgenabled <> 'D'"
            )
        }
        expected = PG_TRIGGERS
    else:
        present = {
            r[0]
            for r in db.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
            )
        }
        expected = SQLITE_TRIGGERS
    return [name for name in expected if name not in present]


def verify_chain(
    db: peewee.Database | None = None, *, checkpoint: tuple[int, str] | None = None
) -> ChainReport:
    """Recompute the whole chain. Names each entry that was changed (its hash no longer matches its
    content), removed (a gap in the chain) or inserted (no place in the chain, or the chain goes past it),
    and each missing append-only trigger. `checkpoint` is a (seq, hash or hash prefix) written down earlier:
    the entry must still be there with that hash (this also catches entries cut from the end).

    Each entry's hash is recomputed over the stored hash of the entry before it in seq order (migration 28
    keeps no copy of that link in the entry itself): an entry edited breaks its own hash; one re-hashed to
    hide an edit breaks the next one's; one deleted leaves a gap in seq, and the entry after the gap, whose
    link cannot be checked, is named as where the chain was cut (it carries the chain on from there)."""
    if db is None:
        from app.db import database

        db = database.obj
    report = ChainReport()
    prev_hash, expected_seq = GENESIS, 1
    at_checkpoint = None
    for row in _rows(db):
        report.entries += 1
        seq, id_, stored = row[0], row[1], hex_of(row[2])
        if seq is None or stored is None or seq < expected_seq:
            report.problems.append(
                ChainProblem(
                    "inserted",
                    id_,
                    seq,
                    f"رویداد {_n(id_)} ({_when(row[3])}) بیرون از برنامه افزوده شده و در زنجیره جایی ندارد.",
                )
            )
            continue
        if seq > expected_seq:
            last = f" تا {_n(seq - 1)}" if seq - 1 > expected_seq else ""
            report.problems.append(
                ChainProblem(
                    "removed",
                    id_,
                    expected_seq,
                    f"رویداد شماره {_n(expected_seq)}{last} (پیش از رویداد {_n(id_)}) حذف شده است.",
                )
            )
        elif _digest(row, prev_hash) != stored:
            report.problems.append(
                ChainProblem(
                    "changed",
                    id_,
                    seq,
                    f"رویداد {_n(id_)} (شماره {_n(seq)}، {_when(row[3])}) پس از ثبت تغییر کرده است"
                    " (یا چکیده رویداد پیش از آن از نو ساخته شده است).",
                )
            )
        prev_hash, expected_seq = stored, seq + 1
        if checkpoint and seq == checkpoint[0]:
            at_checkpoint = stored
    report.head_seq, report.head_hash = expected_seq - 1, prev_hash
    if checkpoint:
        cp_seq, cp_hash = checkpoint[0], "".join(checkpoint[1].split()).lower()
        if at_checkpoint is None:
            report.problems.append(
                ChainProblem(
                    "removed",
                    None,
                    cp_seq,
                    f"رویداد شماره {_n(cp_seq)} که چکیده‌اش یادداشت شده بود دیگر نیست.",
                )
            )
        elif len(cp_hash) < 8 or not at_checkpoint.startswith(cp_hash):
            report.problems.append(
                ChainProblem(
                    "checkpoint",
                    None,
                    cp_seq,
                    f"چکیده رویداد شماره {_n(cp_seq)} با چکیده یادداشت‌شده یکی نیست؛ زنجیره از نو ساخته شده است.",
                )
            )
    report.missing_triggers = missing_triggers(db)
    for name in report.missing_triggers:
        report.problems.append(
            ChainProblem(
                "trigger_missing",
                None,
                None,
                f"ماشه «{name}» که رد تغییرات را فقط‌افزودنی نگه می‌دارد نیست یا خاموش است.",
            )
        )
    return report


def _n(value) -> str:
    from app.domain.text import to_persian_digits

    return to_persian_digits(str(value))


def _when(at) -> str:
    from app.domain import jalali

    try:
        return jalali.format_jalali_datetime(dt.datetime.fromisoformat(timestamp_text(at)))
    except (TypeError, ValueError):
        return str(at)


# --- the checkpoint and the triggers ------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    entry_hash: str
    at: dt.datetime | None

    @property
    def text(self) -> str:
        """What to write down: the entry's number and its hash in groups of four."""
        groups = " ".join(self.entry_hash[i : i + 4] for i in range(0, 32, 4))
        return f"{self.seq}:{groups}"


def checkpoint(db: peewee.Database | None = None, before: dt.datetime | None = None) -> Checkpoint | None:
    """The last entry before `before` (default: the start of today, Tehran time): a daily checkpoint that
    stays the same all day, to be written down and compared later with `samad audit verify --checkpoint`."""
    from app.domain import jalali
    from app.models.base import stored_time

    if db is None:
        from app.db import database

        db = database.obj
    if before is None:
        local_midnight = dt.datetime.combine(
            jalali.to_local(dt.datetime.now(dt.UTC).replace(tzinfo=None)).date(),
            dt.time(),
            tzinfo=jalali.TEHRAN,
        )
        before = local_midnight.astimezone(dt.UTC).replace(tzinfo=None)
    row = db.execute_sql(
        "SELECT seq, entry_hash, at FROM audit_entry WHERE seq IS NOT NULL AND at < %s "
        "ORDER BY seq DESC LIMIT 1".replace("%s", db.param),
        (stored_time(db, before),),
    ).fetchone()
    if row is None:
        return None
    return Checkpoint(row[0], hex_of(row[1]), dt.datetime.fromisoformat(timestamp_text(row[2])))


def parse_checkpoint(text: str) -> tuple[int, str]:
    """'1234:abcd ef01 ...' (as shown in the settings) -> (1234, 'abcdef01...')."""
    seq, _, digest = (text or "").partition(":")
    return int(seq.strip()), "".join(digest.split()).lower()


def ensure_triggers(db: peewee.Database) -> list[str]:
    """Put back any missing (or disabled) append-only trigger; returns the names restored."""
    from app.db import audit_schema_change

    missing = missing_triggers(db)
    if not missing:
        return []
    with db.atomic():
        if _is_pg(db):
            db.execute_sql(_PG_FUNCTION)
            present = {
                r[0]
                for r in db.execute_sql(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass('audit_entry') AND NOT tgisinternal"
                )
            }
            for name in missing:
                if name in present:
                    db.execute_sql(f"ALTER TABLE audit_entry ENABLE TRIGGER {name}")
                else:
                    db.execute_sql(PG_TRIGGERS[name])
        else:
            with audit_schema_change():
                for name in missing:
                    db.execute_sql(SQLITE_TRIGGERS[name])
    return missing


def check(actor, checkpoint: tuple[int, str] | None = None) -> ChainReport:
    """`samad audit verify` and the audit page's button: verify the live database's chain (a supervisor or
    the service account) and record that it was checked, with the verdict."""
    from app.db import database
    from app.services.actor import require
    from app.services.admin import audit

    require(actor, "verify_audit")
    report = verify_chain(database.obj, checkpoint=checkpoint)
    first = report.first
    with database.atomic():
        audit.record(
            actor,
            "audit.verify",
            "audit",
            None,
            ok=report.ok,
            entries=report.entries,
            problems=len(report.problems),
            first=first.message if first else "",
        )
    return report
