"""A busy database is a message, not a traceback: a lock another PC holds longer than the
program waits (SQLite busy timeout; PostgreSQL lock_timeout, set by the program so nothing waits forever)
gives one sentence on stderr from `samad`, after the safe retries, and nothing is saved. Before, a
33-line traceback (and on PostgreSQL an endless wait)."""

import io
import sqlite3

import peewee
import pytest

from app import db as app_db
from app.cli import main
from app.db import close_database, parse_url
from app.models import User
from benchmarks import workload

pytestmark = pytest.mark.usefixtures("cli_login")  # `samad` logs the fixture supervisor in


@pytest.fixture
def short_waits(monkeypatch):
    monkeypatch.setattr(app_db, "LOCK_WAIT_SECONDS", 0.3)
    monkeypatch.setattr(app_db, "RETRY_ATTEMPTS", 2)


def _hold_lock(url: str):
    """Another PC in the middle of a long transaction on the users table."""
    parsed = parse_url(url)
    if parsed.is_sqlite:
        conn = sqlite3.connect(parsed.path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE user SET full_name = full_name")
        return conn
    holder = app_db.make_database(url)
    holder.connect()
    holder.execute_sql("BEGIN")
    holder.execute_sql('LOCK TABLE "user" IN ACCESS EXCLUSIVE MODE')
    return holder


def test_a_lock_held_past_the_wait_is_one_sentence(database_url, short_waits, capsys, monkeypatch):
    workload.prepare(database_url, writers=1)
    close_database()
    holder = _hold_lock(database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("a good long password 1\n"))
    try:
        code = main(
            [
                "--database",
                database_url,
                "user",
                "add",
                "newbie",
                "--role",
                "operator",
                "--full-name",
                "کاربر تازه",
                "--password-stdin",
            ]
        )
    finally:
        if isinstance(holder, sqlite3.Connection):
            holder.execute("ROLLBACK")
        else:
            holder.execute_sql("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip().splitlines() == [f"samad: {app_db.BUSY_MESSAGE}"]
    app_db.open_database(database_url)
    assert not User.select().where(User.username == "newbie").exists()


def test_postgresql_sessions_wait_a_bounded_time(database_url):
    if parse_url(database_url).is_sqlite:
        pytest.skip("PostgreSQL settings")
    db = app_db.open_database(database_url)
    assert db.execute_sql("SHOW lock_timeout").fetchone()[0] == f"{app_db.LOCK_WAIT_SECONDS}s"
    assert db.execute_sql("SHOW idle_in_transaction_session_timeout").fetchone()[0] != "0"
    assert isinstance(db, peewee.PostgresqlDatabase)
