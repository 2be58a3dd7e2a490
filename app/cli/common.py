"""What every command shares: opening the database the arguments name, and who is acting.

Every command that reads or changes the center's data acts for a person: `--as NAME` (or SAMAD_USER) and
that person's password, asked on the terminal, or one line on standard input (`--password-stdin`), or a
file only its owner can read (`--password-file`, or SAMAD_PASSWORD_FILE: a script's service account).
The login is the window's (same lockout, same audit), and the services then check the person's role.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import peewee

from app import logs
from app.cli import auth
from app.db import open_database, parse_url, resolve_url
from app.services.actor import Actor
from app.services.admin.setup import check_schema
from app.services.reporting.files import write_atomic


def open_from_args(
    args: argparse.Namespace, *, require_schema: bool = True, login: bool | str = True
) -> peewee.Database:
    """Open the database and log the acting person in (see the module's text). `login` is True, False, or
    "if_accounts": only when the database already has a user account (init and demo on an empty one)."""
    url = resolve_url(getattr(args, "database", None))
    logs.database_in_use(parse_url(url).redacted())
    if require_schema:
        check_existing_file(url)
    db = open_database(url)
    version = check_schema(db)
    if require_schema and version == 0:
        from app.db import DatabaseError

        raise DatabaseError("The database is empty; run 'samad init' first.")
    if login == "if_accounts":
        login = has_accounts(db)
    if login and getattr(args, "actor", None) is None:
        args.actor = auth.authenticate(args)
    return db


def check_existing_file(url: str) -> None:
    """A command that needs the center's data on SQLite: the file must be there and readable by this account.
    Checked before opening, so a mistyped path creates no folder and no empty database file."""
    from app.db import DatabaseError

    parsed = parse_url(url)
    if not parsed.is_sqlite or parsed.path == ":memory:":
        return
    file = Path(parsed.path).expanduser()
    if not file.exists():
        raise DatabaseError(
            f"پایگاه داده‌ای در «{file}» نیست؛ نشانی را درست کنید یا با «samad init» پایگاه تازه بسازید."
        )
    if file.is_file() and not os.access(file, os.R_OK | os.W_OK):
        raise DatabaseError(f"پروندهٔ پایگاه داده «{file}» برای این حساب کاربری خواندنی و نوشتنی نیست.")


def sqlite_foreign_tables(url: str) -> list[str]:
    """The tables of an existing SQLite file that is not (yet) a Samad Desk database, read without changing the
    file (opening it as the program does would switch it to WAL); [] for a new or empty file or PostgreSQL."""
    import sqlite3

    parsed = parse_url(url)
    if not parsed.is_sqlite or parsed.path == ":memory:":
        return []
    file = Path(parsed.path).expanduser()
    if not file.is_file() or file.stat().st_size == 0:
        return []
    try:
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return []  # not a database at all: open_database names that
    return [] if "schema_version" in names else [n for n in names if not n.startswith("sqlite_")]


def has_accounts(db: peewee.Database) -> bool:
    if "user" not in db.get_tables():
        return False
    return db.execute_sql('SELECT 1 FROM "user" LIMIT 1').fetchone() is not None


def add_as_option(parser: argparse.ArgumentParser) -> None:
    """--as, --password-stdin and --password-file (build_parser adds them to every command that lacks them)."""
    auth.add_login_options(parser)


def actor_from_args(args: argparse.Namespace) -> Actor:
    """The person logged in by open_from_args."""
    actor = getattr(args, "actor", None)
    if actor is None:
        args.actor = actor = auth.authenticate(args)
    return actor


def print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def emit(args: argparse.Namespace, report, text, writers: dict, written: str) -> int:
    """Print the report as text, or write it in the chosen format to -o (whole file or nothing). Without
    --format, -o's extension (.pdf, .xlsx, .csv) chooses the format, as for every other report."""
    if args.format == "text" and not args.output:
        sys.stdout.write(text(report))
        return 0
    chosen = args.format
    if chosen == "text":
        suffix = Path(args.output).suffix.lower().lstrip(".")
        chosen = suffix if suffix in writers else "text"
    data = text(report).encode("utf-8") if chosen == "text" else writers[chosen](report)
    write_atomic(args.output, data, field="--output")
    print(f"{written} written to {args.output}")
    return 0


def bounded_int(low: int, high: int):
    """An argparse type: a whole number from low to high, else one sentence (no traceback, nothing written)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}: {text}")
        return value

    parse.__name__ = "number"
    return parse


LIMIT = bounded_int(1, 100_000)
ROW_ID = bounded_int(1, 2**62)
