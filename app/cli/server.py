"""`samad migrate-to URL`, `samad backup [FILE]`, `samad restore FILE`: the shared server and the data's safety."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import paths
from app.cli.common import actor_from_args, add_as_option, open_from_args
from app.db import DatabaseError, close_database, parse_url, resolve_url
from app.domain import jalali
from app.domain.roles import Role
from app.services.actor import Actor
from app.services.admin import backup, transfer

NO_ACCOUNT_YET = Actor(None, "cli", "خط فرمان", Role.SUPERVISOR)  # restore onto a database with no account


def register(sub) -> None:
    p = sub.add_parser(
        "migrate-to",
        help="copy this database (normally the local SQLite file) into an EMPTY "
        "PostgreSQL database and verify every row arrived",
    )
    p.add_argument(
        "url",
        help="the target, e.g. postgresql://samad@192.168.1.10:5432/samad "
        "(the password comes from PGPASSWORD or ~/.pgpass)",
    )
    add_as_option(p)
    p.set_defaults(func=cmd_migrate_to)
    p = sub.add_parser(
        "backup", help="back the database up into FILE (SQLite copy, or pg_dump -Fc for PostgreSQL)"
    )
    p.add_argument(
        "file", nargs="?", help="where to write (default: the backup folder, named by today's date)"
    )
    add_as_option(p)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="check FILE, keep the current database aside, then restore FILE")
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_as_option(p)
    p.set_defaults(func=cmd_restore)


def cmd_migrate_to(args: argparse.Namespace) -> int:
    source = resolve_url(args.database)
    open_from_args(args)
    actor = actor_from_args(args)
    close_database()
    shown = {"table": ""}

    def progress(table: str, done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{table}: {done}/{total}   ", end="", file=sys.stderr, flush=True)
        elif shown["table"] != table:
            print(f"copying {table} ({total} rows)", file=sys.stderr, flush=True)
        shown["table"] = table

    report = transfer.migrate(actor, source, args.url, progress=progress)
    if sys.stderr.isatty():
        print("", file=sys.stderr)
    print(
        f"{report.source} -> {report.target} (schema version {report.schema_version}), "
        f"{report.rows} rows in {report.seconds:.1f} s"
    )
    for t in report.tables:
        mark = "ok" if t.ok else "MISMATCH"
        print(
            f"  {t.table:<20} {t.source_rows:>9} -> {t.target_rows:>9}  checksum {t.target_checksum[:12]}  {mark}"
        )
    for name in report.not_copied:
        print(f"  {name:<20} not copied (no table of this program describes it)")
    if not report.ok:
        print("samad: the copy does not match the source; do not use the target.", file=sys.stderr)
        return 1
    print(
        "Every row arrived and matches. Point each PC at the server: "
        f"samad --database {report.target} (or SAMAD_DATABASE_URL, or the settings tab)."
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    url = resolve_url(args.database)
    open_from_args(args)
    if args.file:
        file = Path(args.file)
    else:
        stamp = jalali.format_jalali(jalali.today_local(), digits="en").replace("/", "-")
        suffix = ".db" if parse_url(url).is_sqlite else ".dump"
        file = paths.backup_dir() / f"samad-manual-{stamp}{suffix}"
    info = backup.backup_to(actor_from_args(args), url, file)
    print(f"Backup written: {info.path} ({info.size:,} bytes, {info.kind})")
    return 0


def _restoring_actor(args: argparse.Namespace, url: str) -> Actor:
    """A database with accounts is restored by a person whose role may (a supervisor, or the service account).
    A database without any account, or a SQLite file that no longer opens, needs no login: whoever can
    write that file could replace it anyway."""
    try:
        open_from_args(args, require_schema=False, login="if_accounts")
    except DatabaseError:
        if not parse_url(url).is_sqlite:
            raise
    finally:
        actor = getattr(args, "actor", None)
        close_database()
    return actor or NO_ACCOUNT_YET


def cmd_restore(args: argparse.Namespace) -> int:
    url = resolve_url(args.database)
    checked = backup.verify(url, Path(args.file))
    cases = f", {checked.cases} cases" if checked.cases is not None else ""
    print(f"{checked.path}: intact (schema version {checked.schema_version}{cases}).")
    if not args.yes:
        if not sys.stdin.isatty():
            print("samad: restore replaces the whole database; add --yes to confirm.", file=sys.stderr)
            return 1
        answer = input(
            f"Replace {parse_url(url).redacted()} with this backup? Close the app on every PC first. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing changed.")
            return 1
    actor = _restoring_actor(args, url)
    result = backup.restore(actor, url, Path(args.file))
    if result.kept_aside:
        print(f"The database before the restore was kept as {result.kept_aside}")
    print(f"Restored from {result.restored.path}.")
    return 0
