"""The PostgreSQL password is never written in plain text to settings.json, messages or world-readable files."""

import os
import stat

import pytest

from app import local_settings, pgpass
from app.db import DatabaseError, open_database, parse_url
from app.services.admin import connection
from app.services.errors import ValidationError
from tests.conftest import PG_SKIP_REASON, PG_URL

SECRET = "s3cr:et\\pa ss"


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    monkeypatch.setenv("SAMAD_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("PGPASSWORD", raising=False)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_pgpass_round_trip_escapes_and_keeps_other_lines():
    pgpass.pgpass_file().write_text("# mine\nother:5432:db:bob:keep\n", encoding="utf-8")
    pgpass.store("srv", 5432, "samad", "desk", "first")
    pgpass.store("srv", 5432, "samad", "desk", SECRET)  # replaces, does not duplicate
    text = pgpass.pgpass_file().read_text(encoding="utf-8")
    assert "other:5432:db:bob:keep" in text and "# mine" in text and "first" not in text
    assert text.count("srv:5432:samad:desk:") == 1
    assert pgpass.lookup("srv", 5432, "samad", "desk") == SECRET
    assert pgpass.lookup("srv", 5433, "samad", "desk") is None
    if os.name == "posix":
        assert mode(pgpass.pgpass_file()) == 0o600


def test_settings_file_never_holds_the_password():
    url = f"postgresql://desk:{'p%40ss%3Aword'}@db.local:5432/samad"
    local_settings.save({"database_url": url})
    text = local_settings.settings_file().read_text(encoding="utf-8")
    assert "p@ss:word" not in text and "p%40ss" not in text
    assert parse_url(local_settings.load()["database_url"]).password == ""
    assert pgpass.lookup("db.local", 5432, "samad", "desk") == "p@ss:word"
    if os.name == "posix":
        assert mode(local_settings.settings_file()) == 0o600


def test_save_connection_writes_url_without_password():
    conn = connection.validate("10.0.0.5", "5432", "samad", "desk")
    saved_url = connection.save(conn, SECRET)
    assert SECRET not in local_settings.settings_file().read_text(encoding="utf-8")
    assert parse_url(saved_url).password == "" and connection.saved() == conn
    assert pgpass.lookup("10.0.0.5", 5432, "samad", "desk") == SECRET
    connection.use_local_file()
    assert connection.saved() is None


@pytest.mark.parametrize(
    "field, args",
    [
        ("host", ("", 5432, "samad", "desk")),
        ("port", ("h", "x", "samad", "desk")),
        ("port", ("h", 70000, "samad", "desk")),
        ("database", ("h", 5432, "'; DROP TABLE x;--", "desk")),
        ("user", ("h", 5432, "samad", "کاربر")),
    ],
)
def test_bad_connection_fields_are_named(field, args):
    with pytest.raises(ValidationError) as err:
        connection.validate(*args)
    assert field in err.value.errors


def test_failed_connection_message_has_no_password():
    conn = connection.validate("127.0.0.1", 1, "samad", "desk")  # nothing listens on port 1
    result = connection.check(conn, SECRET)
    assert not result.ok and SECRET not in result.message and "s3cr" not in result.message
    with pytest.raises(DatabaseError) as err:
        open_database(conn.url(SECRET))
    assert "s3cr" not in str(err.value) and "***" in str(err.value)


@pytest.mark.postgres
def test_check_reaches_the_server_and_reads_the_schema_version(pg_schema_url):
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    parsed = parse_url(pg_schema_url)
    conn = connection.validate(
        parsed.host, parsed.port or 5432, parsed.name, parsed.user or "postgres", parsed.schema
    )
    result = connection.check(conn, parsed.password)
    assert result.ok and result.schema_version == 0 and result.server_version
