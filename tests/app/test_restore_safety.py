"""A restore cannot destroy a database: the backup is checked completely before anything
is touched (our schema, integrity_check, foreign_key_check, the audit chain hook; on PostgreSQL every table
in the dump), no other program may write while it runs, and a restore that fails part-way leaves the
previous database. Before, a two-table SQLite file passed the check and replaced everything."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import migrations
from app.db import close_database, make_database, open_database, parse_url
from app.models import Case
from app.services.actor import SYSTEM
from app.services.admin import backup
from benchmarks import workload
from tests.app.test_backup import needs_pg_tools, register
from tests.app.test_case_fts import BEFORE_37
from tests.app.time_helpers import times_as_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sqlite_filled(tmp_path):
    url = f"sqlite:///{tmp_path / 'samad.db'}"
    workload.prepare(url, writers=1)
    codes = register(6)
    yield url, codes
    close_database()


def _codes(url: str) -> set[str]:
    open_database(url)
    return {c.tracking_code for c in Case.select()}


def _refused(url: str, file: Path, codes, match: str | None = None) -> None:
    with pytest.raises(backup.BackupError, match=match):
        backup.restore(SYSTEM, url, file)
    assert _codes(url) == set(codes)
    assert not list(Path(parse_url(url).path).parent.glob("*.before-restore-*"))


def _edit(file: Path, *sql: str) -> None:
    conn = sqlite3.connect(file)
    conn.execute("PRAGMA foreign_keys=OFF")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_a_fake_minimal_database_is_refused(sqlite_filled, tmp_path):
    url, codes = sqlite_filled
    fake = tmp_path / "fake.db"
    _edit(
        fake,
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)",
        f"INSERT INTO schema_version VALUES ({migrations.latest_version()}, 'x')",
        "CREATE TABLE cases (id INTEGER PRIMARY KEY)",
    )
    _refused(url, fake, codes, match="کامل")


def test_a_truncated_real_backup_is_refused(sqlite_filled, tmp_path):
    url, codes = sqlite_filled
    file = tmp_path / "b.db"
    backup.backup_to(SYSTEM, url, file)
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])
    _refused(url, file, codes)


def test_a_backup_missing_a_column_or_table_of_its_version_is_refused(sqlite_filled, tmp_path):
    url, codes = sqlite_filled
    no_column, no_table = tmp_path / "c.db", tmp_path / "t.db"
    backup.backup_to(SYSTEM, url, no_column)
    backup.backup_to(SYSTEM, url, no_table)
    _edit(no_column, "ALTER TABLE referral DROP COLUMN attachments")
    _edit(no_table, "DROP TABLE reminder")
    _refused(url, no_column, codes, match="attachments")
    _refused(url, no_table, codes, match="reminder")


def test_broken_references_are_refused(sqlite_filled, tmp_path):
    url, codes = sqlite_filled
    file = tmp_path / "fk.db"
    backup.backup_to(SYSTEM, url, file)
    _edit(file, "DELETE FROM citizen")  # every case now names a citizen that is not there
    _refused(url, file, codes, match="foreign_key_check")


def test_an_older_version_backup_is_restored_and_upgraded(sqlite_filled, tmp_path):
    url, codes = sqlite_filled
    old = tmp_path / "before13.db"
    backup.backup_to(SYSTEM, url, old)
    _edit(
        old,
        *BEFORE_37,  # SQLite's case search before version 37, whose triggers name the caller's name
        "DROP INDEX cases_caller_name_id",
        "ALTER TABLE cases DROP COLUMN caller_name",
        "ALTER TABLE cases DROP COLUMN caller_national_code",
        "ALTER TABLE cases DROP COLUMN caller_phone",
        "ALTER TABLE cases DROP COLUMN caller_address",
        "ALTER TABLE contact DROP COLUMN caller_name",
        "ALTER TABLE contact DROP COLUMN caller_phone",
        "ALTER TABLE citizen DROP COLUMN version",
        "DELETE FROM schema_version WHERE version >= 13",
    )
    conn = sqlite3.connect(old)  # its times as that version stored them: text (integers since migration 36)
    times_as_text(conn)
    conn.commit()
    conn.close()
    register(2, start=50)
    close_database()
    result = backup.restore(SYSTEM, url, old)
    assert result.restored.schema_version < 13
    assert _codes(url) == set(codes)
    assert all(c.caller_name for c in Case.select())  # installed as checked: upgraded, details kept


def test_a_backup_whose_audit_trail_was_rewritten_is_refused(sqlite_filled, tmp_path):
    url, codes = sqlite_filled
    file = tmp_path / "b.db"
    backup.backup_to(SYSTEM, url, file)
    conn = sqlite3.connect(
        file
    )  # the append-only triggers taken off, one entry rewritten, the triggers put back
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
    ).fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute(
        "UPDATE audit_entry SET username = 'someone else' WHERE id = (SELECT MAX(id) FROM audit_entry)"
    )
    for _name, sql in triggers:
        conn.execute(sql)
    conn.commit()
    conn.close()
    _refused(url, file, codes, match="زنجیره رد تغییرات دست‌کاری شده است")


WRITER = """
import sys
from benchmarks import workload
workload.run_writer(sys.argv[1], "writer0", int(sys.argv[2]), False, int(sys.argv[3]))
"""


def test_a_writer_running_during_restore_loses_nothing(sqlite_filled, tmp_path):
    """Every call the writer confirmed is in the database kept aside (confirmed before the restore's lock) or
    in the restored one (confirmed after it): none falls between the copy-aside and the copy-in."""
    url, codes = sqlite_filled
    file = tmp_path / "b.db"
    backup.backup_to(SYSTEM, url, file)
    close_database()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, "60", "7"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        first = writer.stdout.readline()
        assert first.startswith("CASE ")  # it is writing
        result = backup.restore(SYSTEM, url, file)
    finally:
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    confirmed = set(workload.confirmed(first + out)[0].values())
    restored = _codes(url)
    close_database()
    aside = _codes(f"sqlite:///{result.kept_aside}")
    close_database()
    assert len(confirmed) == 60 and confirmed <= restored | aside
    assert set(codes) <= restored


RESTORER = """
import sys
from pathlib import Path
from app.services.admin import backup
from app.services.actor import SYSTEM
backup.restore(SYSTEM, sys.argv[1], Path(sys.argv[2]))
print("restored", flush=True)
"""


@pytest.mark.slow
def test_a_restore_killed_part_way_leaves_one_whole_database(sqlite_filled, tmp_path):
    url, codes = sqlite_filled
    file = tmp_path / "b.db"
    backup.backup_to(SYSTEM, url, file)
    later = register(3, start=100)
    close_database()
    before, after = set(codes) | set(later), set(codes)
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 2.0):
        proc = subprocess.Popen(
            [sys.executable, "-c", RESTORER, url, str(file)],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        conn = sqlite3.connect(parse_url(url).path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        found = _codes(url)
        close_database()
        assert found in (before, after)
        if found == after:
            break


@pytest.mark.postgres
def test_postgresql_refuses_while_another_session_is_connected(pg_schema_url, tmp_path):
    workload.prepare(pg_schema_url, writers=1)
    codes = register(4)
    needs_pg_tools(pg_schema_url)
    file = tmp_path / "b.dump"
    backup.backup_to(SYSTEM, pg_schema_url, file)
    other = make_database(pg_schema_url)  # the program open on another PC
    other.connect()
    try:
        with pytest.raises(backup.BackupError, match="postgres از"):
            backup.restore(SYSTEM, pg_schema_url, file)
    finally:
        other.close()
    assert _codes(pg_schema_url) == set(codes)
    close_database()
    backup.restore(SYSTEM, pg_schema_url, file)  # alone now: done
    assert _codes(pg_schema_url) == set(codes)


@pytest.mark.postgres
def test_a_dump_missing_a_table_is_refused(pg_schema_url, tmp_path):
    workload.prepare(pg_schema_url, writers=1)
    register(2)
    needs_pg_tools(pg_schema_url)
    parsed = parse_url(pg_schema_url)
    file = tmp_path / "partial.dump"
    subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            f"--file={file}",
            f"--schema={parsed.schema}",
            f"--exclude-table={parsed.schema}.contact",
            "-h",
            parsed.host,
            "-U",
            parsed.user,
            parsed.name,
        ],
        check=True,
    )
    with pytest.raises(backup.BackupError, match="contact"):
        backup.verify_pg_dump(file)
