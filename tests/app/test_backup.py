"""Backups and restores: a restored backup has every case; a bad file is refused before anything changes."""

import datetime as dt
import random
import shutil

import pytest

from app.cli import main
from app.db import close_database, open_database, parse_url
from app.models import AuditEntry, Case
from app.services.actor import SYSTEM
from app.services.admin import backup
from app.services.cases import cases
from benchmarks import workload

pytestmark = pytest.mark.usefixtures("cli_login")  # commands log in as «root» (see conftest)


def register(n: int, start: int = 0) -> list[str]:
    operator = workload.actor(workload.writer_name(0))
    rng = random.Random(start)
    return [cases.register_call(operator, workload.call_data(start + i, rng)).tracking_code for i in range(n)]


@pytest.fixture
def filled(database_url):
    close_database()
    workload.prepare(database_url, writers=1)
    codes = register(12)
    return database_url, codes


def needs_pg_tools(url):
    if not parse_url(url).is_sqlite and not shutil.which("pg_dump"):
        pytest.skip("pg_dump/pg_restore are not installed")


def test_restore_brings_back_every_case_and_keeps_the_current_aside(filled, tmp_path):
    url, codes = filled
    needs_pg_tools(url)
    file = tmp_path / ("b.db" if parse_url(url).is_sqlite else "b.dump")
    info = backup.backup_to(SYSTEM, url, file)
    assert info.size > 0 and file.exists()
    assert backup.verify(url, file).schema_version >= 9
    later = register(3, start=100)
    result = backup.restore(SYSTEM, url, file)
    assert result.kept_aside is not None and result.kept_aside.exists()
    open_database(url)
    restored = {c.tracking_code for c in Case.select()}
    assert restored == set(codes) and not set(later) & restored
    assert AuditEntry.select().where(AuditEntry.action == "backup.restore").count() == 1
    # The database kept aside still has the later cases: restoring it undoes the restore.
    if parse_url(url).is_sqlite:
        backup.restore(SYSTEM, url, result.kept_aside)
        open_database(url)
        assert {c.tracking_code for c in Case.select()} == set(codes) | set(later)


def test_auto_backup_is_daily_and_prunes_old_ones(filled, tmp_path):
    url, codes = filled
    if not parse_url(url).is_sqlite:
        assert backup.auto_backup(url, folder=tmp_path) is None  # the server's backups are the server's job
        return
    today = dt.date(2026, 11, 29)
    old = tmp_path / backup.auto_backup_name(today - dt.timedelta(days=20))
    recent = tmp_path / backup.auto_backup_name(today - dt.timedelta(days=3))
    made = backup.auto_backup(url, today=today, folder=tmp_path)
    assert made.path.name == "samad-1405-09-08.db"
    shutil.copy(made.path, old)
    shutil.copy(made.path, recent)
    assert backup.auto_backup(url, today=today, folder=tmp_path) is None  # at most one a day
    assert not old.exists() and recent.exists()  # backup_keep_days is 14
    assert backup.verify_sqlite(made.path).cases == len(codes)
    assert AuditEntry.select().where(AuditEntry.action == "backup.create").count() == 1


def test_an_earlier_days_cut_short_backup_is_removed(filled, tmp_path):
    """A backup cut short (the window closed mid-copy, the PC switched off) leaves a whole database's size as
    a .partial file that no later day's backup overwrites: the next automatic backup removes it."""
    url, _codes = filled
    if not parse_url(url).is_sqlite:
        pytest.skip("automatic backups are of a SQLite file (the server's backups are the server's job)")
    today = dt.date(2026, 11, 29)
    stale = tmp_path / (backup.auto_backup_name(today - dt.timedelta(days=1)) + ".partial")
    stale.write_bytes(b"half a copy")
    someone_elses = tmp_path / "notes.db.partial"
    someone_elses.write_bytes(b"not ours")
    backup.auto_backup(url, today=today, folder=tmp_path)
    assert not stale.exists() and someone_elses.exists()
    assert not (tmp_path / (backup.auto_backup_name(today) + ".partial")).exists()


def test_cli_backup_and_restore(filled, tmp_path, capsys):
    url, codes = filled
    needs_pg_tools(url)
    file = tmp_path / ("cli.db" if parse_url(url).is_sqlite else "cli.dump")
    assert main(["--database", url, "backup", str(file)]) == 0
    register(2, start=50)
    close_database()
    assert main(["--database", url, "restore", str(file)]) == 1  # no terminal, no --yes: refused
    assert main(["--database", url, "restore", str(file), "--yes"]) == 0
    assert "kept as" in capsys.readouterr().out
    open_database(url)
    assert {c.tracking_code for c in Case.select()} == set(codes)


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_bad_file_is_refused_and_nothing_changes(filled, tmp_path, content):
    url, codes = filled
    if not parse_url(url).is_sqlite:
        pytest.skip("SQLite files")
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(backup.BackupError):
        backup.restore(SYSTEM, url, bad)
    open_database(url)
    assert {c.tracking_code for c in Case.select()} == set(codes)
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_a_backup_from_a_newer_program_is_refused(filled, tmp_path):
    url, _ = filled
    if not parse_url(url).is_sqlite:
        pytest.skip("SQLite files")
    file = tmp_path / "newer.db"
    backup.backup_to(SYSTEM, url, file)
    import sqlite3

    conn = sqlite3.connect(file)
    conn.execute("INSERT INTO schema_version VALUES (9999, 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(backup.BackupError, match="تازه‌تر"):
        backup.verify_sqlite(file)
