"""Version 36: SQLite keeps every other table's times as integer microseconds since the Unix epoch, as migration
34 did for the audit entries' (issue 17).

A time was SQLite's text of a naive UTC datetime («2026-12-03 09:17:05.554296», 19-26 bytes) in its row and
again in every index holding it (a case's registration time is in nine); an integer takes 8 in each: 461 bytes a
case on the 100,000-case demo (4,826 → 4,365 B, the same demo built on both programs). On that demo's file,
built by the previous version, this migration took 13 s (on a loaded 2-core machine). The models' field (app.models.base.UtcTimeField) converts at the boundary
and reads back the same datetime, microseconds included; raw SQL compares through base.stored_time and reads
days and hours through app.services.reporting.sql.

SQLite cannot change a column's type, and need not: these columns are declared DATETIME, whose NUMERIC affinity
keeps an integer as an integer. So each value stored as text is rewritten in place (one UPDATE a table, through
the same conversion as migration 34: exact to the microsecond, with or without a fraction); NULLs stay NULL, an
integer already there is left, and a text that is not a time (written behind the program's back) is kept as it
was. The issued letters' guard (letter_frozen) refuses a new issued_at, so it is dropped for this transaction
and put back word for word. The old values' space is reused by later rows (a VACUUM or a backup's copy gives it
back to the file).

PostgreSQL keeps its TIMESTAMP columns (8 bytes already): nothing to do there.
"""

import peewee

from app.domain.utc_micros import micros_of_text

VERSION = 36

# Every naive-UTC time column on SQLite as of this version (audit_entry.at: migration 34).
COLUMNS = {
    "user": ("locked_until", "created_at", "last_login_at"),
    "login_session": ("started_at", "last_seen_at", "ended_at"),
    "official_session": ("checked_in_at", "checked_out_at"),
    "citizen": ("created_at", "updated_at"),
    "cases": ("created_at", "updated_at", "closed_at"),
    "contact": ("at",),
    "referral": ("escalated_at", "created_at", "issued_at", "answered_at"),
    "letter": ("issued_at", "cancelled_at"),
    "agency_response": ("received_at",),
    "attachment": ("added_at",),
    "callback": ("at",),
    "reminder": ("at",),
    "escalation": ("at",),
    "follow_up_draft": ("prepared_at", "closed_at"),
    "article": ("created_at", "updated_at"),
    "article_version": ("saved_at",),
    "case_article": ("at",),
    "ring": ("at",),
}
_FUNCTION = "samad_m0036_micros"


def convert_statement(table: str, columns: tuple[str, ...]) -> str:
    """The UPDATE that rewrites `table`'s time texts as microseconds (through the function _FUNCTION)."""
    sets = ", ".join(
        f'"{c}" = CASE WHEN typeof("{c}") = \'text\' THEN {_FUNCTION}("{c}") ELSE "{c}" END' for c in columns
    )
    texts = " OR ".join(f"typeof(\"{c}\") = 'text'" for c in columns)
    return f'UPDATE "{table}" SET {sets} WHERE {texts}'


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        return
    db.connection().create_function(_FUNCTION, 1, micros_of_text, deterministic=True)
    tables = set(db.get_tables())
    frozen = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'letter_frozen'"
    ).fetchone()
    if frozen:
        db.execute_sql("DROP TRIGGER letter_frozen")
    for table, columns in COLUMNS.items():
        if table in tables:
            db.execute_sql(convert_statement(table, columns))
    if frozen:
        db.execute_sql(frozen[0])
