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
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from app import migrations, paths, private_files
from app.db import (
    SQLITE_HEADER,
    DatabaseUrl,
    application_name,
    close_database,
    database,
    make_database,
    parse_url,
)
from app.domain import jalali
from app.domain.text import isolate
from app.models import ALL_TABLES, AuditEntry
from app.services.actor import SYSTEM, Actor, require
from app.services.admin import audit, settings
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
    private_files.create_private(destination)  # 0600 from the start: it holds citizens' data
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def check_audit_chain(db) -> str | None:
    """One Persian sentence when the audit trail of `db` (a backup's checked copy, upgraded) does not verify
    (an entry changed, removed or inserted: app.services.admin.audit_chain), else None. A restore refuses such a
    backup: restoring it would make a rewritten record of who did what the center's record."""
    from app.services.admin import audit_chain

    report = audit_chain.verify_chain(db)
    if report.ok:
        return None
    return "این پشتیبان بازگردانده نمی‌شود: " + report.summary()


_REFERENCE_SCHEMAS: dict[int, dict] = {}


def _schema(conn: sqlite3.Connection) -> dict:
    """Tables with their columns, indexes and triggers, by name (SQLite's own tables left out)."""
    rows = conn.execute(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    tables = {
        name: {r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')}
        for kind, name, _ in rows
        if kind == "table"
    }
    return {
        "tables": tables,
        "indexes": {n for k, n, _ in rows if k == "index"},
        "triggers": {n for k, n, _ in rows if k == "trigger"},
    }


def reference_schema(version: int) -> dict:
    """The schema a database of `version` has, as this program makes it (built once in a scratch file)."""
    if version not in _REFERENCE_SCHEMAS:
        with tempfile.TemporaryDirectory(prefix="samad-reference-") as folder:
            db = make_database(f"sqlite:///{Path(folder) / 'reference.db'}")
            try:
                with db.bind_ctx(ALL_TABLES):  # the migrations create tables through the models
                    migrations.upgrade(db, target=version, schema_only=True)
                _REFERENCE_SCHEMAS[version] = _schema(db.connection())
            finally:
                db.close()
    return _REFERENCE_SCHEMAS[version]


def _missing(found: dict, wanted: dict, *, exact_tables: bool) -> list[str]:
    problems = [f"جدول {t}" for t in sorted(set(wanted["tables"]) - set(found["tables"]))]
    if exact_tables:
        problems += [f"جدول ناشناخته {t}" for t in sorted(set(found["tables"]) - set(wanted["tables"]))]
        problems += [
            f"ستون {t}.{c}"
            for t, cols in sorted(wanted["tables"].items())
            if t in found["tables"]
            for c in sorted(cols - found["tables"][t])
        ]
    problems += [f"نمایه {i}" for i in sorted(wanted["indexes"] - found["indexes"])]
    problems += [f"تریگر {t}" for t in sorted(wanted["triggers"] - found["triggers"])]
    return problems


def _refuse(file: Path, problems: list[str]) -> None:
    if problems:
        shown = "، ".join(problems[:5]) + ("، …" if len(problems) > 5 else "")
        raise BackupError(f"«{isolate(file.name)}» پشتیبان کامل میز سامد نیست (نبود یا ناهمخوانی: {shown}).")


def _check_sqlite_copy(file: Path, copy: Path) -> VerifiedBackup:
    """Copy the backup into `copy` and check it completely: SQLite header, integrity_check, foreign_key_check,
    a schema version this program knows, every table and index of that version; then upgrade the copy to
    this program's version and check every table, column, index and trigger; then the audit chain (hook).
    Raises BackupError with one sentence; the copy is what a restore then installs."""
    file = Path(file)
    try:
        with file.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise BackupError(f"پرونده پشتیبان «{isolate(file)}» خوانده نشد: {exc.strerror}") from exc
    if head != SQLITE_HEADER:
        raise BackupError(f"«{isolate(file.name)}» پرونده پایگاه داده SQLite نیست.")
    try:
        _sqlite_copy(file, copy)
        conn = sqlite3.connect(copy)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            if [r[0] for r in result] != ["ok"]:
                raise BackupError(
                    f"پرونده پشتیبان «{isolate(file.name)}» آسیب دیده است (integrity_check: {result[0][0]})."
                )
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise BackupError(
                    f"پرونده پشتیبان «{isolate(file.name)}» {len(broken)} ارجاع شکسته میان جدول‌ها دارد "
                    f"(foreign_key_check، نخستین در جدول {broken[0][0]})."
                )
            found = _schema(conn)
            if "schema_version" not in found["tables"] or "cases" not in found["tables"]:
                raise BackupError(f"«{isolate(file.name)}» پشتیبان میز سامد نیست.")
            applied = {r[0] for r in conn.execute("SELECT version FROM schema_version")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"«{isolate(file.name)}» پایگاه داده سالمی نیست: {exc}") from exc
    version = max(applied, default=0)
    if version > migrations.latest_version():
        raise BackupError(
            f"پشتیبان «{isolate(file.name)}» از نسخه تازه‌تر برنامه است (نسخه طرح {version}); "
            "نخست برنامه را به‌روز کنید."
        )
    known = {m.VERSION for m in migrations.migrations()}
    if version < 1 or not applied <= known:
        raise BackupError(f"«{isolate(file.name)}» پشتیبان میز سامد نیست (نسخه‌های طرح ناشناخته).")
    # Before the upgrade only the tables: the indexes and columns of older versions are not all known (the
    # first migrations build today's models); after it, the schema must be today's, in full.
    wanted = reference_schema(version)
    _refuse(file, _missing(found, {**wanted, "indexes": set(), "triggers": set()}, exact_tables=False))
    db = make_database(f"sqlite:///{copy}")
    try:
        try:
            with db.bind_ctx(ALL_TABLES):  # (this is why a restore or a check runs with no other work going)
                migrations.upgrade(db)
        except Exception as exc:  # any failure to upgrade means it is not our schema
            raise BackupError(f"«{isolate(file.name)}» به نسخه کنونی برنامه درنمی‌آید: {exc}") from exc
        _refuse(
            file,
            _missing(
                _schema(db.connection()), reference_schema(migrations.latest_version()), exact_tables=True
            ),
        )
        problem = check_audit_chain(db)
        if problem:
            raise BackupError(problem)
        cases = db.execute_sql("SELECT COUNT(*) FROM cases").fetchone()[0]
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return VerifiedBackup(file, version, cases)


def _quick_check(file: Path) -> None:
    """A backup just copied from the live database: intact and ours (the full check is the restore's)."""
    conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("پشتیبان ساخته‌شده سالم نیست (integrity_check)؛ دوباره پشتیبان بگیرید.")
        conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"پشتیبان ساخته نشد: {exc}") from exc
    finally:
        conn.close()


def verify_sqlite(file: Path) -> VerifiedBackup:
    """Check completely that `file` is an intact SQLite database of this program (or an older one)."""
    with tempfile.TemporaryDirectory(prefix="samad-verify-") as folder:
        return _check_sqlite_copy(Path(file), Path(folder) / "checked.db")


RESTORE_LOCK_WAIT = (
    20  # seconds to wait for other programs to let go of the database (a busy PC takes turns slowly)
)


def _restore_sqlite(file: Path, current: Path, stamp: str) -> tuple[VerifiedBackup, Path | None]:
    """Check a copy of the backup, then, holding an exclusive lock on the current database (no other program
    reads or writes it) from before the copy-aside to the end, keep the current database aside and copy the
    checked copy in with SQLite's backup API: one transaction, so a restore that fails or is killed part-way
    leaves the previous database as it was."""
    private_files.private_folder(current.parent)
    with tempfile.TemporaryDirectory(prefix=".samad-restore-", dir=current.parent) as folder:
        copy = Path(folder) / "checked.db"
        checked = _check_sqlite_copy(file, copy)
        existed = current.exists() and current.stat().st_size > 0
        lock = sqlite3.connect(current, timeout=RESTORE_LOCK_WAIT, isolation_level=None)
        try:
            try:
                lock.execute("PRAGMA locking_mode=EXCLUSIVE")
                lock.execute("BEGIN EXCLUSIVE")
                lock.execute("COMMIT")  # the lock stays until this connection closes (locking_mode)
            except sqlite3.OperationalError as exc:
                raise BackupError(
                    "برنامه دیگری (میز سامد روی رایانه‌ای دیگر یا پنجره‌ای دیگر) پایگاه داده را باز "
                    "دارد؛ آن را همه‌جا ببندید و دوباره بازگردانی کنید. چیزی تغییر نکرد."
                ) from exc
            aside = None
            if existed:
                aside = _free_name(current.with_name(f"{current.name}.before-restore-{stamp}"))
                out = sqlite3.connect(private_files.create_private(aside, exclusive=True))
                try:
                    lock.backup(out)
                    out.execute("PRAGMA journal_mode=DELETE")
                finally:
                    out.close()
            src = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
            try:
                src.backup(lock)
                if lock.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise BackupError(
                        f"بازگردانی کامل نشد؛ پایگاه داده پیشین در «{aside}» نگه داشته شده است."
                    )
            except sqlite3.Error as exc:
                raise BackupError(f"بازگردانی انجام نشد (پایگاه داده کنونی دست نخورده است): {exc}") from exc
            finally:
                src.close()
        finally:
            lock.close()
    return checked, aside


def _write_sqlite_backup(db_path: str, file: Path) -> BackupInfo:
    file = Path(file)
    private_files.private_folder(file.parent)
    partial = file.with_name(file.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _sqlite_copy(db_path, partial)
        _quick_check(partial)
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
    # an earlier day's copy cut short (the program closed or the PC went off mid-backup) is a whole database's
    # size that no later backup would ever overwrite: it goes
    for stale in folder.glob("samad-*.db.partial"):
        m = AUTO_NAME.fullmatch(stale.name.removesuffix(".partial"))
        if m and auto_backup_name(today) != stale.name.removesuffix(".partial"):
            stale.unlink(missing_ok=True)
    if made:
        _record(SYSTEM, "backup.create", file=str(file), automatic=True)
    return made


# --- PostgreSQL ----------------------------------------------------------------------------------


def _pg_env(parsed: DatabaseUrl) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": parsed.host,
            "PGPORT": str(parsed.port or 5432),
            "PGDATABASE": parsed.name,
            "PGAPPNAME": "samad-desk-backup",
        }
    )
    if parsed.user:
        env["PGUSER"] = parsed.user
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if not tool:
        raise BackupError(
            f"برنامه {name} (از بسته PostgreSQL client) روی این رایانه نیست؛ آن را نصب کنید "
            "یا پشتیبان را روی خود سرور بگیرید."
        )
    return tool


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(args, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise BackupError(f"{Path(args[0]).name} ناموفق بود: {reason}")
    return done


def _pg_dump(parsed: DatabaseUrl, file: Path) -> BackupInfo:
    file = Path(file)
    private_files.private_folder(file.parent)
    partial = private_files.create_private(file.with_name(file.name + ".partial"))  # pg_dump keeps the mode
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
        raise BackupError(f"پرونده پشتیبان «{isolate(file)}» پیدا نشد.")
    with file.open("rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise BackupError(f"«{isolate(file.name)}» پشتیبان pg_dump (قالب custom) نیست.")
    tool = _pg_tool("pg_restore")
    listing = _run([tool, "--list", str(file)], dict(os.environ)).stdout
    tables = {m.group(1) for m in re.finditer(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, re.MULTILINE)}
    data = {m.group(1) for m in re.finditer(r"^\d+; \d+ \d+ TABLE DATA \S+ (\S+) ", listing, re.MULTILINE)}
    wanted = {m._meta.table_name for m in ALL_TABLES} | {"schema_version"}
    missing = sorted(wanted - tables) + [f"{t} (داده)" for t in sorted(wanted - data)]
    _refuse(file, [f"جدول {t}" for t in missing])
    rows = _run(
        [tool, "--data-only", "--table=schema_version", "--file=-", str(file)], dict(os.environ)
    ).stdout
    versions, inside = [], False
    for line in rows.splitlines():
        if line.startswith("COPY ") and "schema_version" in line:
            inside = True
        elif inside and line == "\\.":
            inside = False
        elif inside and line.split("\t")[0].isdigit():
            versions.append(int(line.split("\t")[0]))
    if not versions:
        raise BackupError(f"«{isolate(file.name)}» پشتیبان میز سامد نیست (جدول schema_version ندارد).")
    if max(versions) > migrations.latest_version():
        raise BackupError(
            f"پشتیبان «{isolate(file.name)}» از نسخه تازه‌تر برنامه است؛ نخست برنامه را به‌روز کنید."
        )
    return VerifiedBackup(file, max(versions), None)


def _refuse_while_connected(url: str) -> None:
    """A restore replaces what every session of the program sees: refused while any other is connected,
    naming them (user, computer, since when), so no confirmed work of theirs is lost."""
    parsed = parse_url(url)
    db = make_database(url)
    try:
        rows = db.execute_sql(
            "SELECT usename, COALESCE(host(client_addr), 'local'), backend_start FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = %s "
            "ORDER BY backend_start",
            (application_name(parsed),),
        ).fetchall()
    finally:
        db.close()
    if rows:
        who = "، ".join(
            f"{user} از {host} (از {jalali.format_jalali_datetime(since.astimezone(dt.UTC).replace(tzinfo=None))})"
            for user, host, since in rows[:5]
        )
        raise BackupError(
            f"{len(rows)} نشست دیگر میز سامد به این پایگاه داده وصل است: {who}؛ برنامه را روی "
            "آن رایانه‌ها ببندید و دوباره بازگردانی کنید. چیزی تغییر نکرد."
        )


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
    close_database()  # this program's own connection must not hold the database either
    if parsed.is_sqlite:
        checked, aside = _restore_sqlite(Path(file), Path(parsed.path), stamp)
    else:
        checked = verify_pg_dump(file)
        _refuse_while_connected(url)
        aside = _pg_dump(
            parsed, _free_name(paths.backup_dir() / f"{parsed.name}.before-restore-{stamp}.dump")
        ).path
        args = [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={parsed.name}",
            str(file),
        ]
        _run(args, _pg_env(parsed))
    # Recorded in the restored database, through a connection of its own (the one the models use may be
    # closed or broken: a restore is often why); the acting user may not exist there, so only the name is kept.
    db = make_database(url)
    try:
        with db.bind_ctx([AuditEntry], bind_refs=False, bind_backrefs=False), db.atomic():
            audit.record(
                replace(actor, user_id=None),
                "backup.restore",
                "database",
                None,
                file=str(file),
                kept_aside=str(aside) if aside else "",
                schema_version=checked.schema_version,
            )
    finally:
        db.close()
    return RestoreResult(checked, aside)


def _free_name(file: Path) -> Path:
    """`file`, or `file` with -2, -3... before its suffix when that name is taken."""
    candidate, n = file, 1
    while candidate.exists():
        n += 1
        candidate = (
            file.with_name(f"{file.stem}-{n}{file.suffix}")
            if file.suffix == ".dump"
            else file.with_name(f"{file.name}-{n}")
        )
    return candidate


def _record(actor: Actor, action: str, **details) -> None:
    """Recorded in the database the models use (the one just backed up or restored)."""
    with database.atomic():
        audit.record(actor, action, "database", None, **details)
