"""Fixtures shared by every tier: real databases (SQLite file, and PostgreSQL when configured),
users of each role, and an offscreen Qt platform.

Speed: each test still gets a database of its own, but an initialised one is not built per test: SQLite
copies a file initialised once per session; PostgreSQL takes a schema from this process's pool (tests/pg_pool.py:
reset to the template's rows after each test, dropped if a test changed its structure). Fixture users get
cheap password hashes (the program's strength is tested once, in tests/app/test_users.py)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import uuid

# Compiled modules are kept (__pycache__, ignored by git) even where the shell says not to write them
# (PYTHONDONTWRITEBYTECODE, set on some machines): otherwise each test worker rewrites every test module's
# asserts again (9 s of a worker's start, 3 s with the cache) and every `samad` subprocess a test starts
# compiles the program from source.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# Before any QApplication exists, and before app code looks up per-user folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="samad-tests-")
os.environ["SAMAD_DATA_DIR"] = os.path.join(_HOME, "data")
os.environ["SAMAD_CONFIG_DIR"] = os.path.join(_HOME, "config")
os.environ["SAMAD_RING_SERVER"] = os.path.join(_HOME, "ring")  # never the real app's socket for this OS user
# Qt's per-user settings (saved window geometry, last folders) in this worker's own folder: the two test
# workers, and the person running the tests, each wrote the one ~/.config/samad-desk file, so a window closed
# in one worker could change the geometry another worker's test had just saved and reads back.
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "xdg")
os.environ.pop("SAMAD_DATABASE_URL", None)
# PostgreSQL commits of the tests (and of every `samad` process they start, which inherits this) do not wait
# for the server's disk: on a busy disk each commit waited milliseconds, with its locks held, and the
# concurrency tests queue behind those locks. The tests kill clients, never the server, so nothing they check
# depends on it. The program itself, outside the tests, keeps the server's setting.
os.environ["PGOPTIONS"] = " ".join(filter(None, [os.environ.get("PGOPTIONS"), "-c synchronous_commit=off"]))

import peewee  # noqa: E402
import pytest  # noqa: E402

from app import db as app_db  # noqa: E402
from app.models import User  # noqa: E402
from app.services.actor import Actor  # noqa: E402
from app.services.admin import passwords, users  # noqa: E402
from app.services.admin.setup import init_database  # noqa: E402
from tests.pg_pool import PgSchemaPool  # noqa: E402

passwords.use_cheap_hashes_for_tests()

PG_URL = os.environ.get("SAMAD_TEST_DATABASE_URL", "")
PG_SKIP_REASON = "SAMAD_TEST_DATABASE_URL is not set (point it at a PostgreSQL server to run these too)"
TEST_PASSWORD = "correct horse 1"


def _pg_admin() -> peewee.PostgresqlDatabase:
    return app_db.make_database(PG_URL)


def _schema_url(schema: str) -> str:
    return f"{PG_URL}{'&' if '?' in PG_URL else '?'}schema={schema}"


def _new_schema_name() -> str:
    return f"t_{uuid.uuid4().hex[:16]}"


@pytest.fixture
def pg_schema_url():
    """A fresh, empty PostgreSQL schema for one test; dropped afterwards."""
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    schema = _new_schema_name()
    admin = _pg_admin()
    admin.execute_sql(f"CREATE SCHEMA {schema}")
    yield _schema_url(schema)
    app_db.close_database()
    admin.execute_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.close()


@pytest.fixture
def pg_initialised_url(pg_pool):
    """An initialised PostgreSQL schema of this test's own (from the pool, under a name never used before)."""
    schema = pg_pool.take()
    yield _schema_url(schema)
    app_db.close_database()
    pg_pool.give_back(schema)


DATABASE_KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=DATABASE_KINDS)
def database_url(request, tmp_path):
    """The URL of a database of each kind: empty, or already initialised when the test also uses `db`."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'samad.db'}"
        app_db.close_database()
    elif "db" in request.fixturenames:
        yield request.getfixturevalue("pg_initialised_url")
    else:
        yield request.getfixturevalue("pg_schema_url")


def close_sqlite_file(database: peewee.Database) -> None:
    """Close a SQLite database with everything in its main file (no -wal left), so the file can be copied."""
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    app_db.close_database()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    """The path of a SQLite file initialised once per session (init_database), to copy per test."""
    path = tmp_path_factory.mktemp("template") / "samad.db"
    init_database(app_db.open_database(f"sqlite:///{path}"))
    close_sqlite_file(app_db.database.obj)
    return str(path)


def open_sqlite_copy(template: str, path) -> peewee.Database:
    shutil.copyfile(template, path)
    return app_db.open_database(f"sqlite:///{path}")


@pytest.fixture(scope="session")
def pg_pool():
    """This process's pool of initialised PostgreSQL schemas (see tests/pg_pool.py); emptied at the end."""
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    pool = PgSchemaPool(PG_URL)
    yield pool
    app_db.close_database()
    pool.close()


@pytest.fixture
def db(database_url, request, tmp_path):
    """An initialised database (schema, reference data, settings), bound to the models: a copy of the
    session's template."""
    yield _initialise_copy(request, database_url)
    app_db.close_database()


def _initialise_copy(request, url: str) -> peewee.Database:
    """Open the database at `url` initialised: a SQLite file is copied from the session's template; a
    PostgreSQL schema is one from the pool already (or, when empty, filled from the pool's template)."""
    parsed = app_db.parse_url(url)
    if parsed.is_sqlite:
        return open_sqlite_copy(request.getfixturevalue("sqlite_template"), parsed.path)
    pool = request.getfixturevalue("pg_pool")
    if not pool.holds(parsed.schema):  # an empty schema: `db` was asked for by name, after `database_url`
        pool.fill(parsed.schema)
    return app_db.open_database(url)


@contextlib.contextmanager
def shared_database(request, kind: str, folder):
    """An initialised database of `kind` for a module's read-only tests (built once, e.g. with demo data):
    yields its URL, opened and bound; removed at the end."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'samad.db'}"
        database = _initialise_copy(request, url)
        try:
            yield url
        finally:
            database.close()
        return
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    pool = request.getfixturevalue("pg_pool")
    schema = pool.take()
    url = _schema_url(schema)
    try:
        database = _initialise_copy(request, url)
        yield url
        database.close()
    finally:
        pool.give_back(schema)


@pytest.fixture
def sqlite_db(tmp_path, sqlite_template):
    """An initialised SQLite database only (for tests about SQLite itself, and the UI tier)."""
    database = open_sqlite_copy(sqlite_template, tmp_path / "samad.db")
    yield database
    app_db.close_database()


def make_user(username: str, role: str, title: str = "") -> Actor:
    """Log in as `username`, creating the account (and the first supervisor, root) when it is missing."""
    if not users.has_users():
        users.create_first_supervisor("root", "ناظر نخست", TEST_PASSWORD)
    if not User.select().where(User.username == username).exists():
        root = users.login("root", TEST_PASSWORD)
        users.create_user(root, username, role, f"کاربر {username}", TEST_PASSWORD, title=title)
    return users.login(username, TEST_PASSWORD)


@pytest.fixture
def supervisor(db) -> Actor:
    return make_user("root", "supervisor")


@pytest.fixture
def operator(db, supervisor) -> Actor:
    return make_user("operator1", "operator")


@pytest.fixture
def official(db, supervisor) -> Actor:
    return make_user("official1", "official", title="معاون سیاسی، امنیتی و اجتماعی استاندار")


@pytest.fixture
def cli_login(monkeypatch, tmp_path_factory):
    """`samad` commands run as the fixture supervisor «root» (SAMAD_USER), with TEST_PASSWORD in a file only
    its owner reads (SAMAD_PASSWORD_FILE), as a script's service account would. `--as NAME` still overrides
    the user; every fixture user has TEST_PASSWORD."""
    file = tmp_path_factory.mktemp("login") / "password"
    file.write_text(TEST_PASSWORD + "\n", encoding="utf-8")
    file.chmod(0o600)
    monkeypatch.setenv("SAMAD_USER", "root")
    monkeypatch.setenv("SAMAD_PASSWORD_FILE", str(file))
    return file


# Schemas of some forty tables are made and dropped (one per test process and per structure-changing or
# initialising test; before the pool, one per PostgreSQL test): dead rows pile up in the server's catalog
# (pg_attribute, pg_class, pg_depend...). Where autovacuum is off (as on this CI machine, where the
# catalog had grown to 2.3 GB over many runs), every catalog lookup slows down and a run took twice as long
# as the one before. The run starts and ends by compacting the catalog of the test database.
CATALOG_TABLES = (
    "pg_attribute, pg_class, pg_depend, pg_type, pg_constraint, pg_index, pg_trigger, pg_attrdef, "
    "pg_namespace, pg_sequence, pg_description, pg_proc, pg_shdepend, pg_init_privs"
)


def compact_pg_catalog() -> str:
    """VACUUM FULL the catalog tables the tests churn; returns '' or why it could not (not a superuser)."""
    if not PG_URL:
        return "no PostgreSQL"
    admin = _pg_admin()
    try:
        admin.execute_sql(f"VACUUM FULL {CATALOG_TABLES}")
        return ""
    except peewee.DatabaseError as exc:
        return str(exc).strip()
    finally:
        admin.close()


def _is_controller(config) -> bool:
    return not hasattr(config, "workerinput")  # the pytest-xdist controller, or a run with -n0


def pytest_collection_modifyitems(config, items):
    """The tests marked slow run first, their PostgreSQL variants (the longest) before the rest: one started
    near the end would run alone while the other workers have finished. UI tests stay last, slow or not: a
    window one leaves behind may still fire a timer on whatever database the next test has open."""

    def order(item) -> int:
        if item.get_closest_marker("slow") is None or "/ui/" in item.nodeid.replace("\\", "/"):
            return 2
        return 0 if item.get_closest_marker("postgres") else 1

    items.sort(key=order)


def pytest_sessionstart(session):
    if _is_controller(session.config):
        compact_pg_catalog()


def pytest_sessionfinish(session):
    if _is_controller(session.config):
        compact_pg_catalog()
