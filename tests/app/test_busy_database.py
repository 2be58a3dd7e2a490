"""A busy database is a message, not a traceback: a lock another PC holds longer than the
program waits (SQLite busy timeout; PostgreSQL lock_timeout, set by the program so nothing waits forever)
gives one sentence on stderr from `samad`, after the safe retries, and nothing is saved: `user add` with the
lock taken before it starts, and `call add`, `letter cancel`, `user add`, `call show` (it records the export)
and `letter issue` with the lock taken by another PC just after the command logged in. Before, a 33-line
traceback (and on PostgreSQL an endless wait). Seen failing: with the CLI's busy branch removed, each printed
the «unexpected error» line instead of the sentence."""

import io
import json
import sqlite3

import peewee
import pytest

from app import db as app_db
from app.cli import auth, main
from app.db import close_database, parse_url
from app.models import Case, Letter, User
from app.services.letters import referrals
from benchmarks import workload
from tests.app import call_data
from tests.app.letter_helpers import order, register_case

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


@pytest.fixture
def center(database_url, db, operator, official):
    """A case with one issued letter; then the database is closed for `samad` to open."""
    case_id = register_case(operator)
    info = referrals.issue_order(official, case_id, order())[0]
    tracking = Case.get_by_id(case_id).tracking_code
    record = call_data.call()
    close_database()
    return database_url, tracking, info.letter_number, record


def _release(holder) -> None:
    if isinstance(holder, sqlite3.Connection):
        holder.execute("ROLLBACK")
    else:
        holder.execute_sql("ROLLBACK")
    holder.close()


def _hold_writes_after_login(url: str, monkeypatch) -> list:
    """Another PC takes the write lock just after `samad` has logged its person in (the login is itself
    audited, so holding it earlier would test the login only): SQLite, a writer inside BEGIN IMMEDIATE; PostgreSQL,
    a transaction holding every table the commands write (EXCLUSIVE: reads go on, writes wait)."""
    holders = []
    real = auth.authenticate

    def authenticate_then_lock(args):
        actor = real(args)
        parsed = parse_url(url)
        if parsed.is_sqlite:
            conn = sqlite3.connect(parsed.path, isolation_level=None)
            conn.execute("BEGIN IMMEDIATE")
            holders.append(conn)
        else:
            holder = app_db.make_database(url)
            holder.connect()
            holder.execute_sql("BEGIN")
            holder.execute_sql(
                'LOCK TABLE audit_entry, cases, citizen, contact, letter, referral, "user", tracking_counter, '
                "letter_counter IN EXCLUSIVE MODE"
            )
            holders.append(holder)
        return actor

    monkeypatch.setattr(auth, "authenticate", authenticate_then_lock)
    return holders


COMMANDS = {  # argv after --database URL ({t}: tracking code, {n}: letter number), standard input
    "call add": (["call", "add", "-", "--as", "operator1"], "record"),
    "letter cancel": (["letter", "cancel", "{n}", "--reason", "اشتباه در نشانی", "--as", "official1"], None),
    "user add": (
        ["user", "add", "newbie", "--role", "operator", "--full-name", "کاربر تازه", "--password-stdin"],
        "a good long password 1\n",
    ),
    "call show": (["call", "show", "{t}"], None),
    "letter issue": (
        [
            "letter",
            "issue",
            "--case",
            "{t}",
            "--agency",
            "1",
            "--instruction",
            "بررسی شود",
            "--as",
            "official1",
        ],
        None,
    ),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_command_facing_a_lock_past_the_wait_says_one_sentence(
    command, center, short_waits, capsys, monkeypatch
):
    url, tracking, number, record = center
    argv, stdin = COMMANDS[command]
    argv = [a.replace("{t}", tracking).replace("{n}", number) for a in argv]
    if stdin == "record":
        stdin = json.dumps(record, ensure_ascii=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin or ""))
    before = _counts(url)
    holders = _hold_writes_after_login(url, monkeypatch)
    try:
        code = main(["--database", url, *argv])
    finally:
        for holder in holders:
            _release(holder)
    captured = capsys.readouterr()
    assert holders, "the lock was taken"
    assert code == 1, captured.out
    assert captured.err.strip().splitlines() == [f"samad: {app_db.BUSY_MESSAGE}"]
    assert captured.out == ""
    assert _counts(url) == before  # nothing saved
    close_database()


def _counts(url: str) -> dict:
    db = app_db.open_database(url)
    counts = {t: db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in WRITTEN}
    counts["cancelled"] = Letter.select().where(Letter.status == "cancelled").count()
    close_database()
    return counts


WRITTEN = ("cases", "contact", "letter", "referral", "user")


def test_postgresql_sessions_wait_a_bounded_time(database_url):
    if parse_url(database_url).is_sqlite:
        pytest.skip("PostgreSQL settings")
    db = app_db.open_database(database_url)
    assert db.execute_sql("SHOW lock_timeout").fetchone()[0] == f"{app_db.LOCK_WAIT_SECONDS}s"
    assert db.execute_sql("SHOW idle_in_transaction_session_timeout").fetchone()[0] != "0"
    assert isinstance(db, peewee.PostgresqlDatabase)
