"""Backups and restores.

SQLite: SQLite's online backup API copies the live database (the app may be running and writing) into a
consistent file, which is checked before it is kept. `auto_backup` makes at most one backup a day into the
backup folder and removes the automatic ones older than `backup_keep_days`. A restore checks the file first
(SQLite header, integrity check, schema not newer than this program), keeps the current database aside as
`samad.db.before-restore-<time>`, then copies the backup in with the same online API.

PostgreSQL: `pg_dump -Fc` / `pg_restore` when they are installed. The password reaches them through the
environment (PGPASSWORD) or the user's password file, never on their command line.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from app import migrations, paths
from app.db import SQLITE_HEADER, DatabaseUrl, database, make_database, parse_url
from app.domain import jalali
from app.models import AuditEntry
from app.services import audit, settings
from app.services.actor import SYSTEM, Actor, require
from app.services.errors import ServiceError

AUTO_NAME = re.compile(r"samad-(\d{4})-(\d{2})-(\d{2})\.db", re.ASCII)


class BackupError(ServiceError):
    """A backup or a restore could not be done; the message is one Persian sentence."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    created_at: dt.datetime  # naive UTC
    kind: str  # "sqlite" or "pg_dump"


@dataclass(frozen=True)
class VerifiedBackup:
    path: Path
    schema_version: int
    cases: int | None  # None when a pg_dump archive (not counted without restoring it)


@dataclass(frozen=True)
class RestoreResult:
    restored: VerifiedBackup
    kept_aside: Path | None


# --- SQLite --------------------------------------------------------------------------------------

def _sqlite_copy(source: Path | str, destination: Path) -> None:
    """Online backup of `source` into a fresh `destination` file (rollback journal, so it is one file)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def verify_sqlite(file: Path) -> VerifiedBackup:
    """Check that `file` is an intact SQLite database of this program (or an older one)."""
    file = Path(file)
    try:
        with file.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise BackupError(f"پرونده پشتیبان «{file}» خوانده نشد: {exc.strerror}") from exc
    if head != SQLITE_HEADER:
        raise BackupError(f"«{file.name}» پرونده پایگاه داده SQLite نیست.")
    conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in result] != ["ok"]:
            raise BackupError(f"پرونده پشتیبان «{file.name}» آسیب دیده است (integrity_check: {result[0][0]}).")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" not in tables or "cases" not in tables:
            raise BackupError(f"«{file.name}» پشتیبان میز سامد نیست.")
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        cases = conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"«{file.name}» پایگاه داده سالمی نیست: {exc}") from exc
    finally:
        conn.close()
    if version > migrations.latest_version():
        raise BackupError(f"پشتیبان «{file.name}» از نسخه تازه‌تر برنامه است (نسخه طرح {version}); "
                          "نخست برنامه را به‌روز کنید.")
    return VerifiedBackup(file, version, cases)


def _write_sqlite_backup(db_path: str, file: Path) -> BackupInfo:
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _sqlite_copy(db_path, partial)
        verify_sqlite(partial)
        os.replace(partial, file)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"پشتیبان ساخته نشد: {exc}") from exc
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    return BackupInfo(file, file.stat().st_size, _utcnow(), "sqlite")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def auto_backup_name(day: dt.date) -> str:
    j = jalali.to_jalali(day)
    return f"samad-{j.year:04d}-{j.month:02d}-{j.day:02d}.db"


def auto_backups(folder: Path | None = None) -> list[tuple[dt.date, Path]]:
    """The automatic backups in the folder, newest first, with their (Gregorian) day."""
    folder = folder or paths.backup_dir()
    found = []
    for file in folder.glob("samad-*.db") if folder.exists() else []:
        m = AUTO_NAME.fullmatch(file.name)
        if m:
            try:
                found.append((jalali.from_jalali(*map(int, m.groups())), file))
            except ValueError:
                continue
    return sorted(found, reverse=True)


def auto_backup(url: str, today: dt.date | None = None, folder: Path | None = None) -> BackupInfo | None:
    """Today's automatic backup of a SQLite database, unless there is one already; then prune old ones.
    Returns the new backup, or None when nothing was due (or the database is not SQLite)."""
    parsed = parse_url(url)
    if not parsed.is_sqlite or parsed.path == ":memory:":
        return None
    today = today or jalali.today_local()
    folder = folder or paths.backup_dir()
    file = folder / auto_backup_name(today)
    made = None
    if not file.exists():
        made = _write_sqlite_backup(parsed.path, file)
    keep = settings.get_int("backup_keep_days")
    for day, old in auto_backups(folder):
        if (today - day).days >= keep:
            old.unlink(missing_ok=True)
    if made:
        _record(SYSTEM, "backup.create", file=str(file), automatic=True)
    return made


# --- PostgreSQL ----------------------------------------------------------------------------------

def _pg_env(parsed: DatabaseUrl) -> dict:
    env = dict(os.environ)
    env.update({"PGHOST": parsed.host, "PGPORT": str(parsed.port or 5432), "PGDATABASE": parsed.name,
                "PGAPPNAME": "samad-desk-backup"})
    if parsed.user:
        env["PGUSER"] = parsed.user
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if not tool:
        raise BackupError(f"برنامه {name} (از بسته PostgreSQL client) روی این رایانه نیست؛ آن را نصب کنید "
                          "یا پشتیبان را روی خود سرور بگیرید.")
    return tool


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(args, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise BackupError(f"{Path(args[0]).name} ناموفق بود: {reason}")
    return done


def _pg_dump(parsed: DatabaseUrl, file: Path) -> BackupInfo:
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".partial")
    args = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"]
    if parsed.schema:
        args.append(f"--schema={parsed.schema}")
    try:
        _run(args, _pg_env(parsed))
        verify_pg_dump(partial)
        os.replace(partial, file)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(file, file.stat().st_size, _utcnow(), "pg_dump")


def verify_pg_dump(file: Path) -> VerifiedBackup:
    """The archive's table of contents is readable and its schema version is not newer than this program."""
    file = Path(file)
    if not file.is_file():
        raise BackupError(f"پرونده پشتیبان «{file}» پیدا نشد.")
    with file.open("rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise BackupError(f"«{file.name}» پشتیبان pg_dump (قالب custom) نیست.")
    tool = _pg_tool("pg_restore")
    _run([tool, "--list", str(file)], dict(os.environ))
    data = _run([tool, "--data-only", "--table=schema_version", "--file=-", str(file)], dict(os.environ)).stdout
    versions, inside = [], False
    for line in data.splitlines():
        if line.startswith("COPY ") and "schema_version" in line:
            inside = True
        elif inside and line == "\\.":
            inside = False
        elif inside and line.split("\t")[0].isdigit():
            versions.append(int(line.split("\t")[0]))
    if not versions:
        raise BackupError(f"«{file.name}» پشتیبان میز سامد نیست (جدول schema_version ندارد).")
    if max(versions) > migrations.latest_version():
        raise BackupError(f"پشتیبان «{file.name}» از نسخه تازه‌تر برنامه است؛ نخست برنامه را به‌روز کنید.")
    return VerifiedBackup(file, max(versions), None)


# --- what the CLI and the interface call ---------------------------------------------------------

def backup_to(actor: Actor, url: str, file: Path) -> BackupInfo:
    """A backup of the whole database into `file` (SQLite copy, or pg_dump archive for PostgreSQL)."""
    require(actor, "backup")
    parsed = parse_url(url)
    info = _write_sqlite_backup(parsed.path, file) if parsed.is_sqlite else _pg_dump(parsed, file)
    _record(actor, "backup.create", file=str(info.path), size=info.size)
    return info


def verify(url: str, file: Path) -> VerifiedBackup:
    return verify_sqlite(file) if parse_url(url).is_sqlite else verify_pg_dump(file)


def restore(actor: Actor, url: str, file: Path, now: dt.datetime | None = None) -> RestoreResult:
    """Replace the database at `url` by the backup in `file`, after checking it; the current database is
    kept aside first (a file next to it, or a pg_dump archive in the backup folder)."""
    require(actor, "backup")
    parsed = parse_url(url)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    if parsed.is_sqlite:
        checked = verify_sqlite(file)
        current = Path(parsed.path)
        aside = None
        if current.exists():
            aside = _free_name(current.with_name(f"{current.name}.before-restore-{stamp}"))
            _sqlite_copy(current, aside)
        src = sqlite3.connect(f"file:{Path(file)}?mode=ro", uri=True)
        dst = sqlite3.connect(current, timeout=30)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as exc:
            raise BackupError(f"بازگردانی انجام نشد (پایگاه داده کنونی دست نخورده است): {exc}") from exc
        finally:
            dst.close()
            src.close()
    else:
        checked = verify_pg_dump(file)
        aside = _pg_dump(parsed, _free_name(paths.backup_dir() / f"{parsed.name}.before-restore-{stamp}.dump")).path
        args = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                "--exit-on-error", f"--dbname={parsed.name}", str(file)]
        _run(args, _pg_env(parsed))
    # Recorded in the restored database, through a connection of its own (the one the models use may be
    # closed or broken: a restore is often why); the acting user may not exist there, so only the name is kept.
    db = make_database(url)
    try:
        with db.bind_ctx([AuditEntry], bind_refs=False, bind_backrefs=False), db.atomic():
            audit.record(replace(actor, user_id=None), "backup.restore", "database", None, file=str(file),
                         kept_aside=str(aside) if aside else "", schema_version=checked.schema_version)
    finally:
        db.close()
    return RestoreResult(checked, aside)


def _free_name(file: Path) -> Path:
    """`file`, or `file` with -2, -3... before its suffix when that name is taken."""
    candidate, n = file, 1
    while candidate.exists():
        n += 1
        candidate = file.with_name(f"{file.stem}-{n}{file.suffix}") if file.suffix == ".dump" else \
            file.with_name(f"{file.name}-{n}")
    return candidate


def _record(actor: Actor, action: str, **details) -> None:
    """Recorded in the database the models use (the one just backed up or restored)."""
    with database.atomic():
        audit.record(actor, action, "database", None, **details)
