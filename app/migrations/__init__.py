"""Schema versions and upgrades.

Each module `mNNNN_name.py` in this package is one migration with `VERSION = NNNN` and
`apply(db)`. `upgrade(db)` runs, in order and each in its own transaction, every migration newer than
the version recorded in the `schema_version` table.

Migrations are history: each one holds its own DDL, written out for SQLite and PostgreSQL as that version
made it, and never calls today's models or services (only app.domain's plain functions, for data it
derives such as search tokens). A model change therefore needs a new migration;
tests/app/test_migrations.py fails when the models and the migrated schema differ. Every migration is
idempotent (IF NOT EXISTS, add_column checks first), so re-running one is harmless.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType

import peewee


class SchemaTooNew(Exception):
    pass


def _listed() -> list[tuple[int, str]]:
    """(version, module name) of every migration in order, read from the file names (mNNNN_name) without
    importing them: the program's start checks the schema on every launch, and importing every migration to
    learn its number took 15-25 ms of it (issue 17). A module's VERSION must be its file's number."""
    found = sorted(
        (int(info.name[1:5]), info.name)
        for info in pkgutil.iter_modules(__path__)
        if info.name.startswith("m") and info.name[1:5].isdigit()
    )
    versions = [version for version, _ in found]
    assert len(set(versions)) == len(versions), f"duplicate migration versions: {versions}"
    return found


def _load(version: int, name: str) -> ModuleType:
    module = importlib.import_module(f"{__name__}.{name}")
    assert module.VERSION == version, f"{name} says VERSION = {module.VERSION}, its file name {version}"
    return module


def migrations() -> list[ModuleType]:
    return [_load(version, name) for version, name in _listed()]


def latest_version() -> int:
    return _listed()[-1][0]


def _ensure_version_table(db: peewee.Database) -> None:
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, "
        "applied_at VARCHAR(40) NOT NULL)"
    )


def current_version(db: peewee.Database) -> int:
    if "schema_version" not in db.get_tables():
        return 0
    row = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def applied_versions(db: peewee.Database) -> set[int]:
    if "schema_version" not in db.get_tables():
        return set()
    return {row[0] for row in db.execute_sql("SELECT version FROM schema_version")}


def upgrade(db: peewee.Database, target: int | None = None, *, schema_only: bool = False) -> list[int]:
    """Apply every migration up to `target` (default: all) that the database has not had yet, in
    order, even one numbered below the highest applied (versions are not always released in order).
    `schema_only` records data migrations (DATA = True, e.g. the seed) without running them: for a database
    about to receive another one's rows (migrate-to). Returns the versions applied."""
    if isinstance(db, peewee.PostgresqlDatabase):
        # Two PCs starting together: the second waits here, then finds the migrations done.
        db.execute_sql("SELECT pg_advisory_lock(hashtext('samad-migrate:' || current_schema()))")
        try:
            return _upgrade(db, target, schema_only)
        finally:
            db.execute_sql("SELECT pg_advisory_unlock(hashtext('samad-migrate:' || current_schema()))")
    return _upgrade(db, target, schema_only)


def _upgrade(db: peewee.Database, target: int | None, schema_only: bool) -> list[int]:
    latest = latest_version()
    target = latest if target is None else target
    current = current_version(db)
    if current > latest:
        raise SchemaTooNew(
            f"The database schema (version {current}) is newer than this program (version {latest}); "
            "install the newer Samad Desk."
        )
    done = applied_versions(db)
    applied = []
    for version, name in _listed():
        if version not in done and version <= target:
            migration = _load(version, name)  # only the migrations this database still needs are imported
            with db.atomic():
                _ensure_version_table(db)
                if not (schema_only and getattr(migration, "DATA", False)):
                    migration.apply(db)
                applied_at = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat()
                db.execute_sql(
                    "INSERT INTO schema_version (version, applied_at) VALUES (%s, %s)".replace(
                        "%s", db.param
                    ),
                    (migration.VERSION, applied_at),
                )
            applied.append(migration.VERSION)
    return applied


def add_column(
    db: peewee.Database, table: str, column: str, sqlite: str, postgres: str | None = None
) -> bool:
    """ALTER TABLE ... ADD COLUMN with the column's frozen definition (`postgres` defaults to `sqlite`),
    unless the table has the column already. A NOT NULL column's definition carries a DEFAULT for the
    rows already there; on PostgreSQL the default is dropped afterwards (defaults live in the program)."""
    if column in {c.name for c in db.get_columns(table)}:
        return False
    pg = isinstance(db, peewee.PostgresqlDatabase)
    definition = (postgres or sqlite) if pg else sqlite
    db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {definition}')
    if pg and " DEFAULT " in definition and "NOT NULL" in definition:
        db.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" DROP DEFAULT')
    return True


def rebuild_sqlite_audit_table(
    db: peewee.Database,
    create: str,
    copied: str,
    column: str | dict[str, Callable[[object], object]],
    convert: Callable[[object], object] | None = None,
) -> None:
    """Rebuild SQLite's audit_entry (which cannot change a column's type): `create` makes the new table
    (named audit_entry_new), filled in id order with the `copied` columns as they are and `column` through
    `convert` (a Python function of its stored value; or `column` a {column: convert} of several); then
    audit_entry is replaced by it and its indexes,
    triggers and statistics are put back as they were, word for word. The append-only guard is lifted for this
    transaction only. The old table's pages stay in the file as free pages for later rows until a VACUUM (or
    a backup's copy)."""
    from app.db import audit_schema_change

    kept = db.execute_sql(
        "SELECT type, sql FROM sqlite_master WHERE tbl_name = 'audit_entry' AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY type = 'trigger', name"
    ).fetchall()
    stats = []
    if "sqlite_stat1" in db.get_tables():
        stats = db.execute_sql("SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = 'audit_entry'").fetchall()
    conversions = column if isinstance(column, dict) else {column: convert}
    for n, function in enumerate(conversions.values()):
        db.connection().create_function(f"samad_convert{n}", 1, function, deterministic=True)
    targets = ", ".join(conversions)
    sources = ", ".join(f"samad_convert{n}({name})" for n, name in enumerate(conversions))
    with audit_schema_change():
        db.execute_sql('DROP TABLE IF EXISTS "audit_entry_new"')
        db.execute_sql(create)
        db.execute_sql(
            f'INSERT INTO "audit_entry_new" ({copied}, {targets}) '
            f"SELECT {copied}, {sources} FROM audit_entry ORDER BY id"
        )
        db.execute_sql("DROP TABLE audit_entry")  # its indexes and triggers go with it
        db.execute_sql('ALTER TABLE "audit_entry_new" RENAME TO "audit_entry"')
        for _kind, sql in kept:  # indexes first (built once, by sorting), then the triggers
            db.execute_sql(sql)
    if stats:
        db.cursor().executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", stats)


def rebuild_sqlite_case_fts(db: peewee.Database) -> None:
    """Index every case again in SQLite's contentless case_fts (migration 37), by the key the program computes
    today (samad_case_search_key of the row's caller_name, subject and description, app.db). For migration 37,
    and for any later migration that changes the key's rule (app.domain.search_text.case_columns_key): a
    contentless index deletes a row's tokens only when given the key it indexed, so after such a change every
    row must be indexed again, old tokens first thrown away ('delete-all')."""
    db.execute_sql("INSERT INTO case_fts(case_fts) VALUES ('delete-all')")
    db.execute_sql(
        "INSERT INTO case_fts(rowid, search_key) "
        "SELECT id, samad_case_search_key(caller_name, subject, description) FROM cases ORDER BY id"
    )
