"""The log file: where it is, what it masks, and the command line's answer to an unexpected error."""

from __future__ import annotations

import logging

import pytest

from app import cli, logs


@pytest.fixture
def log_in(tmp_path, monkeypatch):
    """The log set up in a fresh data folder; yields a function returning the file's text so far."""
    monkeypatch.setenv("SAMAD_DATA_DIR", str(tmp_path / "data"))
    path = logs.setup_logging()
    assert path == tmp_path / "data" / "logs" / "samad.log"

    def text() -> str:
        logs.flush()
        return path.read_text(encoding="utf-8") if path.exists() else ""

    yield text
    monkeypatch.undo()
    logs.setup_logging()  # back to the session's data folder


@pytest.mark.parametrize(
    "secret, kept",
    [
        ("1361234567", "********67"),  # a national code
        ("۱۳۶۱۲۳۴۵۶۷", "********۶۷"),  # the same in Persian digits
        ("09141234567", "*********67"),  # a mobile number
        ("0914 123 4567", "**** *** **67"),
        ("+98 914-123-4567", "+** ***-***-**67"),
        ("04133345678", "*********78"),  # a landline with its area code
    ],
)
def test_national_codes_and_phone_numbers_are_masked(secret, kept):
    assert logs.redact(f"caller {secret} registered") == f"caller {kept} registered"


@pytest.mark.parametrize(
    "text, hidden",
    [
        ("login password=hunter2 ok", "hunter2"),
        ('{"password": "s3cret pass", "user": "ali"}', "s3cret pass"),
        ("postgresql://samad:Pa55word@db.local:5432/samad", "Pa55word"),
        ("رمز عبور: رازِمن", "رازِمن"),
    ],
)
def test_passwords_never_reach_the_log(text, hidden):
    assert hidden not in logs.redact(text)
    assert logs.MASK in logs.redact(text)


def test_ordinary_numbers_stay_readable():
    text = "case 1405-000123 letter ۱۱۱/۰۰۴۵۵ took 1234.5 ms on port 5432, 2026-12-03 08:00:00"
    assert logs.redact(text) == text


def test_the_file_has_errors_with_tracebacks_masked_and_slow_operations(log_in):
    logs.log.info("database: %s", "postgresql://samad:topsecret@10.0.0.5:5432/samad")
    try:
        raise ValueError("national code 1361234567 is not valid")
    except ValueError:
        logs.logger("app.test").exception("registering a call failed for %s", "09141234567")
    with logs.timed("a slow report", threshold=0.0):
        pass
    text = log_in()
    assert "topsecret" not in text and "postgresql://samad:***@10.0.0.5" in text
    assert "ERROR" in text and "Traceback (most recent call last)" in text and "ValueError" in text
    assert "1361234567" not in text and "********67" in text
    assert "09141234567" not in text
    assert "WARNING" in text and "slow: a slow report took" in text


def test_the_log_rotates(log_in, monkeypatch):
    handler = logs._handler
    monkeypatch.setattr(handler, "maxBytes", 2_000)
    for i in range(100):
        logs.log.warning("line %s %s", i, "x" * 50)
    log_in()
    folder = logs.log_file().parent
    assert (folder / "samad.log.1").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["samad.log"] + [f"samad.log.{i}" for i in range(1, 6)]


def test_samad_info_prints_the_log_path_first(db, database_url, capsys):
    assert cli.main(["--database", database_url, "info"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"log file: {logs.log_file()}"


def test_an_unexpected_cli_error_is_logged_and_said_in_persian_with_exit_3(
    db, database_url, capsys, monkeypatch, log_in
):
    from app.cli import core

    def broken(args):
        raise KeyError("a bug with national code 1361234567 in it")

    monkeypatch.setattr(core, "cmd_info", broken)
    assert cli.main(["--database", database_url, "info"]) == cli.EXIT_UNEXPECTED == 3
    err = capsys.readouterr().err
    assert "خطای پیش‌بینی‌نشده" in err and str(logs.log_file()) in err
    assert "Traceback" not in err and "KeyError" not in err
    text = log_in()
    assert "samad info failed" in text and "KeyError" in text and "Traceback" in text
    assert "1361234567" not in text


def test_the_cli_logs_the_database_in_use(db, database_url, log_in):
    assert cli.main(["--database", database_url, "info"]) == 0
    assert "database: " in log_in()


def test_records_still_reach_other_handlers(caplog):
    with caplog.at_level(logging.WARNING, logger="samad"):
        logs.logger("x").warning("phone %s", "09141234567")
    assert "*********67" in caplog.text
