"""Fixtures shared by every tier: real databases (SQLite file, and PostgreSQL when configured),
users of each role, and an offscreen Qt platform."""
from __future__ import annotations

import os
import tempfile
import uuid

# Before any QApplication exists, and before app code looks up per-user folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="samad-tests-")
os.environ["SAMAD_DATA_DIR"] = os.path.join(_HOME, "data")
os.environ["SAMAD_CONFIG_DIR"] = os.path.join(_HOME, "config")
os.environ.pop("SAMAD_DATABASE_URL", None)

import peewee  # noqa: E402
import pytest  # noqa: E402

from app import db as app_db  # noqa: E402
from app.services import users  # noqa: E402
from app.services.actor import Actor  # noqa: E402
from app.services.setup import init_database  # noqa: E402

PG_URL = os.environ.get("SAMAD_TEST_DATABASE_URL", "")
PG_SKIP_REASON = "SAMAD_TEST_DATABASE_URL is not set (point it at a PostgreSQL server to run these too)"
TEST_PASSWORD = "correct horse 1"


def _pg_admin() -> peewee.PostgresqlDatabase:
    return app_db.make_database(PG_URL)


@pytest.fixture
def pg_schema_url():
    """A fresh, empty PostgreSQL schema for one test; dropped afterwards."""
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = _pg_admin()
    admin.execute_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}schema={schema}"
    app_db.close_database()
    admin.execute_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """The URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'samad.db'}"
        app_db.close_database()
    else:
        yield request.getfixturevalue("pg_schema_url")


@pytest.fixture
def db(database_url):
    """An initialised database (schema, reference data, settings), bound to the models."""
    database = app_db.open_database(database_url)
    init_database(database)
    yield database
    app_db.close_database()


@pytest.fixture
def sqlite_db(tmp_path):
    """An initialised SQLite database only (for tests about SQLite itself, and the UI tier)."""
    database = app_db.open_database(f"sqlite:///{tmp_path / 'samad.db'}")
    init_database(database)
    yield database
    app_db.close_database()


def make_user(username: str, role: str, title: str = "") -> Actor:
    if not users.has_users():
        users.create_first_supervisor("root", "ناظر نخست", TEST_PASSWORD)
    root = users.login("root", TEST_PASSWORD)
    if username != "root":
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
