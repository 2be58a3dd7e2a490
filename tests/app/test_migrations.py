"""Migrations are history: each migration's DDL is frozen in it, so a database made by release 1 and
upgraded ends up exactly like a fresh one, and the migrated schema is what today's models declare (a model
changed without a migration fails here). On SQLite and PostgreSQL."""

import uuid

import peewee
import pytest

from app import db as app_db
from app import migrations
from app.models import ALL_TABLES, Case, Referral
from tests.conftest import PG_SKIP_REASON, PG_URL


def foreign_keys(db: peewee.Database, table: str) -> list[tuple[str, str, str]]:
    """(column, table, column) of each foreign key. On PostgreSQL from pg_catalog: peewee's
    information_schema query takes about 0.3 s a table there, most of these tests' time."""
    if not isinstance(db, peewee.PostgresqlDatabase):
        return [(f.column, f.dest_table, f.dest_column) for f in db.get_foreign_keys(table)]
    rows = db.execute_sql(
        "SELECT a.attname, rt.relname, ra.attname FROM pg_constraint k "
        "JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
        "JOIN pg_class rt ON rt.oid = k.confrelid "
        "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
        "JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1] "
        "WHERE k.contype = 'f' AND t.relname = %s AND n.nspname = current_schema()",
        (table,),
    ).fetchall()
    return [tuple(r) for r in rows]


def snapshot(db: peewee.Database) -> dict:
    """Tables with their columns, indexes and foreign keys; triggers (and, on PostgreSQL, functions)."""
    tables = {}
    for table in db.get_tables():
        tables[table] = {
            "columns": sorted(
                (c.name, c.data_type.lower(), c.null, c.primary_key) for c in db.get_columns(table)
            ),
            "indexes": sorted((i.name, tuple(i.columns), i.unique) for i in db.get_indexes(table)),
            "foreign_keys": sorted(foreign_keys(db, table)),
        }
    if isinstance(db, peewee.PostgresqlDatabase):
        triggers = db.execute_sql(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal "
            "AND n.nspname = current_schema()"
        ).fetchall()
        functions = db.execute_sql(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema()"
        ).fetchall()
    else:
        triggers = db.execute_sql(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        functions = []
    return {
        "tables": tables,
        "triggers": sorted(map(tuple, triggers)),
        "functions": sorted(f[0] for f in functions),
    }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_databases(request, tmp_path):
    """A function making empty databases of one kind (each its own file or schema), closed afterwards."""
    made, schemas = [], []
    admin = None
    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip(PG_SKIP_REASON)
        admin = app_db.make_database(PG_URL)

    def make() -> peewee.Database:
        if admin is None:
            url = f"sqlite:///{tmp_path / f'{len(made)}.db'}"
        else:
            schema = f"t_{uuid.uuid4().hex[:16]}"
            admin.execute_sql(f"CREATE SCHEMA {schema}")
            schemas.append(schema)
            url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}schema={schema}"
        db = app_db.make_database(url)
        made.append(db)
        return db

    yield make
    for db in made:
        db.close()
    for schema in schemas:
        admin.execute_sql(f"DROP SCHEMA {schema} CASCADE")
    if admin is not None:
        admin.close()


def release_1(db: peewee.Database) -> None:
    """A database as release 1 left it: version 1's frozen DDL, with a few rows in it."""
    migrations.upgrade(db, target=1)
    p = db.param
    db.execute_sql(f"INSERT INTO county (name, position, active) VALUES ({p}, 1, {p})", ("تبریز", True))
    db.execute_sql(
        f'INSERT INTO "user" (username, full_name, title, role, password_hash, active, failed_logins, '
        f"created_at) VALUES ('old', {p}, '', 'operator', 'x', {p}, 0, '2025-01-01 00:00:00')",
        ("کاربر قدیمی", True),
    )
    db.execute_sql(
        "INSERT INTO audit_entry (at, username, action, entity, details) "
        "VALUES ('2025-01-01 00:00:00', 'old', 'legacy', 'user', '{}')"
    )


def test_release_1_upgraded_equals_a_fresh_database(empty_databases):
    old, fresh = empty_databases(), empty_databases()
    release_1(old)
    assert migrations.current_version(old) == 1 and "cases" not in old.get_tables()
    migrations.upgrade(old)
    migrations.upgrade(fresh)
    assert migrations.current_version(old) == migrations.current_version(fresh) == migrations.latest_version()
    assert snapshot(old) == snapshot(fresh)
    assert (
        old.execute_sql("SELECT full_name FROM \"user\" WHERE username = 'old'").fetchone()[0]
        == "کاربر قدیمی"
    )


def test_each_version_is_reachable_from_the_one_before(empty_databases):
    """Upgrading one version at a time ends where upgrading at once does (no migration leans on a later one)."""
    stepwise, at_once = empty_databases(), empty_databases()
    for migration in migrations.migrations():
        migrations.upgrade(stepwise, target=migration.VERSION)
    migrations.upgrade(at_once)
    assert snapshot(stepwise) == snapshot(at_once)


def model_differences(migrated: peewee.Database, scratch: peewee.Database, models=ALL_TABLES) -> list[str]:
    """What the models declare (tables, columns, indexes, foreign keys) that the migrated schema lacks or
    has otherwise. `scratch` is an empty database the models' own DDL is written to for comparison."""
    with scratch.bind_ctx(models):
        scratch.create_tables(models)
    declared, actual = snapshot(scratch)["tables"], snapshot(migrated)["tables"]
    differences = []
    for table, wanted in declared.items():
        have = actual.get(table)
        if have is None:
            differences.append(f"table {table} is missing")
            continue
        for part in ("columns", "foreign_keys"):
            if wanted[part] != have[part]:
                differences.append(
                    f"{table} {part}: models {sorted(set(wanted[part]) - set(have[part]))}, "
                    f"migrations {sorted(set(have[part]) - set(wanted[part]))}"
                )
        missing = sorted(set(wanted["indexes"]) - set(have["indexes"]))
        if missing:
            differences.append(f"{table} indexes the migrations lack: {missing}")
    return differences


def test_the_migrated_schema_is_what_the_models_declare(empty_databases):
    migrated = empty_databases()
    migrations.upgrade(migrated)
    assert model_differences(migrated, empty_databases()) == []


def test_a_model_change_without_a_migration_fails(empty_databases):
    migrated = empty_databases()
    migrations.upgrade(migrated)
    Referral._meta.add_field("internal_note", peewee.TextField(default=""))
    try:
        differences = model_differences(migrated, empty_databases())
    finally:
        Referral._meta.remove_field("internal_note")
    assert (
        len(differences) == 1 and "referral columns" in differences[0] and "internal_note" in differences[0]
    )
    indexes = Case._meta.indexes
    Case._meta.indexes = [*indexes, (("subject", "status"), False)]
    try:
        differences = model_differences(migrated, empty_databases())
    finally:
        Case._meta.indexes = indexes
    assert len(differences) == 1 and "cases_subject_status" in differences[0]


def test_no_migration_uses_todays_models_or_services():
    """Frozen DDL: a migration imports neither app.models nor app.services (only plain app.domain helpers)."""
    import ast
    import inspect

    for migration in migrations.migrations():
        tree = ast.parse(inspect.getsource(migration))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.startswith(("app.models", "app.services"))], migration.__name__
        assert "create_tables" not in inspect.getsource(migration), migration.__name__


def test_the_fast_foreign_key_read_agrees_with_peewee(db):
    """The snapshot's own PostgreSQL query must say what peewee's slower one says, or the comparisons above
    would compare nothing."""
    for table in ("cases", "referral", "letter"):
        mine = sorted(foreign_keys(db, table))
        assert mine and mine == sorted(
            (f.column, f.dest_table, f.dest_column) for f in db.get_foreign_keys(table)
        )


def test_each_migrations_version_is_its_file_number():
    """The start reads the versions from the file names (importing no migration): each module's VERSION must
    be the number its file name carries."""
    modules = migrations.migrations()  # raises when a module's VERSION and its file name differ
    versions = [m.VERSION for m in modules]
    assert versions == sorted(versions) and migrations.latest_version() == versions[-1]
    assert all(m.__name__.rsplit(".", 1)[1].startswith(f"m{m.VERSION:04d}_") for m in modules)


def test_checking_an_up_to_date_database_imports_no_migration(db):
    """What every start of the program does (issue 17): nothing to apply, so no migration is imported."""
    import sys

    loaded = {
        name: sys.modules.pop(name) for name in list(sys.modules) if name.startswith("app.migrations.m")
    }
    try:
        assert migrations.upgrade(db) == []
        assert [name for name in sys.modules if name.startswith("app.migrations.m")] == []
    finally:
        sys.modules.update(loaded)
