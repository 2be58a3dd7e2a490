"""Database failures become one Persian sentence in one place, from real failures, not made-up ones."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from app import db as app_db
from app.services import db_errors
from app.services.errors import ValidationError


def raised(fn) -> BaseException:
    try:
        fn()
    except BaseException as exc:  # the test looks at whatever was raised
        return exc
    raise AssertionError("nothing was raised")


def test_a_locked_sqlite_database(tmp_path):
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = peewee.SqliteDatabase(str(path), timeout=0.05)
    exc = raised(lambda: other.execute_sql("SELECT * FROM t"))
    holder.execute("ROLLBACK")
    assert db_errors.explain(exc) == db_errors.LOCKED
    assert str(db_errors.as_service_error(exc)) == db_errors.LOCKED


def test_a_full_disk(tmp_path):
    database = app_db.make_database(f"sqlite:///{tmp_path / 'full.db'}")
    database.execute_sql("CREATE TABLE t (x)")
    database.execute_sql("PRAGMA max_page_count = 2")
    exc = raised(lambda: database.execute_sql("INSERT INTO t VALUES (?)", ("x" * 100_000,)))
    database.close()
    assert db_errors.explain(exc) == db_errors.DISK_FULL


def test_a_server_that_is_not_there():
    exc = raised(lambda: app_db.open_database("postgresql://nobody@127.0.0.1:1/none"))
    assert isinstance(exc, app_db.DatabaseError)
    assert db_errors.explain(exc) == db_errors.CONNECTION_LOST


@pytest.mark.postgres
def test_a_connection_the_server_closed(pg_schema_url):
    database = app_db.open_database(pg_schema_url)
    pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    killer = app_db.make_database(pg_schema_url)
    killer.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
    killer.close()
    exc = raised(lambda: database.execute_sql("SELECT 1"))
    assert db_errors.explain(exc) == db_errors.CONNECTION_LOST
    app_db.close_database()


def test_own_sentences_and_what_is_not_a_database_error(tmp_path):
    not_db = tmp_path / "x.db"
    not_db.write_bytes(b"hello, not sqlite at all")
    assert (
        db_errors.explain(raised(lambda: app_db.open_database(f"sqlite:///{not_db}"))) == db_errors.NOT_SQLITE
    )
    assert db_errors.explain(raised(lambda: app_db.parse_url("mysql://x/y"))) == db_errors.BAD_ADDRESS
    assert db_errors.explain(KeyError("x")) is None
    refusal = ValidationError("نام لازم است.")
    assert (
        db_errors.as_service_error(refusal) is refusal and db_errors.user_message(refusal) == "نام لازم است."
    )
