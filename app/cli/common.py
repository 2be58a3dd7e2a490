"""What every command shares: opening the database the arguments name, and who is acting."""
from __future__ import annotations

import argparse
import json
import sys

import peewee

from app import logs
from app.db import open_database, parse_url, resolve_url
from app.models import User
from app.services.actor import Actor
from app.services.errors import NotFound
from app.services.reporting.files import write_atomic
from app.services.setup import check_schema

CLI_ACTOR = Actor(None, "cli", "خط فرمان", "supervisor")


def open_from_args(args: argparse.Namespace, *, require_schema: bool = True) -> peewee.Database:
    url = resolve_url(getattr(args, "database", None))
    logs.database_in_use(parse_url(url).redacted())
    db = open_database(url)
    version = check_schema(db)
    if require_schema and version == 0:
        from app.db import DatabaseError

        raise DatabaseError("The database is empty; run 'samad init' first.")
    return db


def add_as_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="as_user", metavar="USERNAME",
                        help="act as this user (the audit trail records them); default: the command line itself")


def actor_from_args(args: argparse.Namespace) -> Actor:
    username = getattr(args, "as_user", None)
    if not username:
        return CLI_ACTOR
    user = User.get_or_none(User.username == username.lower())
    if user is None or not user.active:
        raise NotFound(f"کاربری فعال با نام «{username}» نیست.")
    return Actor.from_user(user)


def print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def emit(args: argparse.Namespace, report, text, writers: dict, written: str) -> int:
    """Print the report as text, or write it in the chosen format to -o (whole file or nothing)."""
    if args.format == "text" and not args.output:
        sys.stdout.write(text(report))
        return 0
    data = text(report).encode("utf-8") if args.format == "text" else writers[args.format](report)
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
