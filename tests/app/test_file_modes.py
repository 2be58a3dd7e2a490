"""Citizens' data is not readable by other accounts on the PC (POSIX): the database folder is created 0700,
the database and its WAL files 0600, and an older world-readable file is tightened when opened."""

import os
import stat

import pytest

from app.db import close_database, open_database
from app.services.admin.setup import init_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_first_start_creates_a_private_folder_and_files(tmp_path):
    folder = tmp_path / "fresh" / "samad-desk"
    db = open_database(f"sqlite:///{folder / 'samad.db'}")
    init_database(db)  # writes: the WAL and shared-memory files exist now
    try:
        assert mode(folder) == 0o700
        for name in ("samad.db", "samad.db-wal", "samad.db-shm"):
            assert (folder / name).exists() and mode(folder / name) == 0o600, name
    finally:
        close_database()


def test_an_older_readable_database_is_tightened(tmp_path):
    file = tmp_path / "old.db"
    db = open_database(f"sqlite:///{file}")
    init_database(db)
    close_database()
    file.chmod(0o644)
    open_database(f"sqlite:///{file}")
    close_database()
    assert mode(file) == 0o600


def test_exports_are_written_for_their_owner_only(supervisor, tmp_path):
    from app.services.admin import audit_export
    from app.services.admin.audit_export import AuditFilter
    from app.services.reporting.files import write_atomic

    for fmt in ("csv", "xlsx"):
        audit_export.export(supervisor, AuditFilter(), tmp_path / f"audit.{fmt}", fmt)
        assert mode(tmp_path / f"audit.{fmt}") == 0o600
    assert mode(write_atomic(tmp_path / "report.pdf", b"%PDF-1.4")) == 0o600


@pytest.fixture
def filled(database_url, tmp_path, monkeypatch):
    """A database with cases; the data folder (where a PostgreSQL restore keeps its dump aside) is fresh."""
    from benchmarks import workload
    from tests.app.test_backup import register

    monkeypatch.setenv("SAMAD_DATA_DIR", str(tmp_path / "data"))
    close_database()
    workload.prepare(database_url, writers=1)
    register(3)
    return database_url


def test_backup_restore_and_the_copy_kept_aside_are_private(filled, tmp_path):
    """A backup (SQLite copy or pg_dump archive) into a folder it creates, and the restore's copy of the
    current database kept aside: 0700 folder, 0600 files."""
    from app.db import parse_url
    from app.services.actor import SYSTEM
    from app.services.admin import backup
    from tests.app.test_backup import needs_pg_tools

    url = filled
    needs_pg_tools(url)
    folder = tmp_path / "new-backups"
    file = folder / ("b.db" if parse_url(url).is_sqlite else "b.dump")
    backup.backup_to(SYSTEM, url, file)
    assert mode(folder) == 0o700 and mode(file) == 0o600
    result = backup.restore(SYSTEM, url, file)
    assert result.kept_aside is not None and mode(result.kept_aside) == 0o600
    if parse_url(url).is_sqlite:  # the restored database and its WAL files stay private too
        open_database(url)
        for suffix in ("", "-wal", "-shm"):
            path = parse_url(url).path + suffix
            assert not os.path.exists(path) or mode(path) == 0o600, suffix
    else:
        assert mode(result.kept_aside.parent) == 0o700  # the backup folder the restore made
    close_database()


def test_an_automatic_backup_is_private(filled, tmp_path):
    from app.db import parse_url
    from app.services.admin import backup

    if not parse_url(filled).is_sqlite:
        pytest.skip("automatic backups are of a SQLite file")
    open_database(filled)
    made = backup.auto_backup(filled, folder=tmp_path / "auto")
    close_database()
    assert mode(tmp_path / "auto") == 0o700 and mode(made.path) == 0o600


@pytest.mark.usefixtures("cli_login")
def test_a_letter_pdf_and_a_report_from_the_command_line_are_private(
    database_url, db, official, operator, tmp_path
):
    from app import cli
    from app.services.letters import referrals
    from tests.app.letter_helpers import order, register_case

    info = referrals.issue_order(official, register_case(operator), order())[0]
    close_database()
    previous = os.umask(0o022)  # an ordinary umask: the mode must come from the program, not the environment
    try:
        out = tmp_path / "letter.pdf"
        assert (
            cli.main(["--database", database_url, "letter", "pdf", info.letter_number, "-o", str(out)]) == 0
        )
    finally:
        os.umask(previous)
    assert mode(out) == 0o600
    report = tmp_path / "monthly.csv"
    code = cli.main(
        ["--database", database_url, "report", "calls-by-day", "--from", "1405/01/01", "--to", "1405/01/31"]
        + ["--format", "csv", "-o", str(report)]
    )
    close_database()
    assert code == 0 and mode(report) == 0o600


def test_window_saves_go_through_the_private_writer(tmp_path):
    """Letters, slips and reports saved from the window use write_private (0600 even over an older file)."""
    from app.private_files import write_private

    older = tmp_path / "letter.pdf"
    older.write_bytes(b"old")
    older.chmod(0o644)
    write_private(older, b"%PDF-1.4")
    assert mode(older) == 0o600 and older.read_bytes() == b"%PDF-1.4"
