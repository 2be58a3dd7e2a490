"""The time columns of the models, as stored (SQLite: integer microseconds since migration 36, issue 17), and
the way back to SQLite's text of each time (what the releases before migration 36 stored): for the tests of
the times' storage and of the frozen migrations that read the text (23 and 25)."""

from __future__ import annotations

import peewee

from app.domain.utc_micros import from_micros
from app.models import ALL_TABLES
from app.models.base import UtcTimeField


def is_pg(db) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


def time_columns() -> dict[str, tuple[str, ...]]:
    """{table: its time columns} as the models declare them, the audit trail's aside (migration 34)."""
    out = {}
    for model in ALL_TABLES:
        names = tuple(f.column_name for f in model._meta.sorted_fields if isinstance(f, UtcTimeField))
        if names and model._meta.table_name != "audit_entry":
            out[model._meta.table_name] = names
    return out


def stored_kinds(db) -> dict[tuple[str, str], set[str]]:
    """{(table, column): the storage kinds of its values that are not NULL} of every time column with values."""
    out = {}
    for table, columns in time_columns().items():
        for column in columns:
            if is_pg(db):
                sql = (
                    f'SELECT DISTINCT pg_typeof("{column}")::text FROM "{table}" WHERE "{column}" IS NOT NULL'
                )
            else:
                sql = f'SELECT DISTINCT typeof("{column}") FROM "{table}" WHERE "{column}" IS NOT NULL'
            kinds = {r[0] for r in db.execute_sql(sql)}
            if kinds:
                out[(table, column)] = kinds
    return out


def stored_values(db) -> dict[tuple[str, str], list]:
    """{(table, column): every row's stored value in id order}."""
    return {
        (table, column): [
            r[0] for r in db.execute_sql(f'SELECT "{column}" FROM "{table}" ORDER BY 1 IS NULL, id')
        ]
        for table, columns in time_columns().items()
        for column in columns
    }


def times_as_text(db) -> int:
    """SQLite (a peewee database or a sqlite3 connection): every time column's integers written back as the
    releases before migration 36 stored them (the sqlite3 driver's text of the datetime: «2026-12-03
    09:17:05.554296», no fraction at a whole second), the issued letters' guard lifted meanwhile. Returns how
    many values were rewritten."""
    conn = db.connection() if isinstance(db, peewee.Database) else db
    conn.create_function("test_time_text", 1, lambda v: str(from_micros(v)), deterministic=True)
    frozen = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'letter_frozen'").fetchone()
    conn.execute("DROP TRIGGER IF EXISTS letter_frozen")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    changed = 0
    for table, columns in time_columns().items():
        for column in columns if table in tables else ():
            changed += conn.execute(
                f'UPDATE "{table}" SET "{column}" = test_time_text("{column}") '
                f"WHERE typeof(\"{column}\") = 'integer'"
            ).rowcount
    if frozen:
        conn.execute(frozen[0])
    return changed
