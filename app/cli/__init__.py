"""The `samad` command. Thin: parses arguments and calls services.

Each module in COMMAND_MODULES has `register(subparsers)`, which adds its sub-commands and sets
`func(args) -> int` on them. Errors become one sentence on standard error and a non-zero exit.
"""

from __future__ import annotations

import argparse
import sys

import peewee

from app import __version__, logs
from app.cli import audit, calls, cases, core, demo, knowledge, letters, report, schedule, server, users
from app.cli.auth import add_login_options_everywhere, command_name
from app.db import BUSY_MESSAGE, DatabaseError, is_busy
from app.services.errors import PermissionDenied, ServiceError, ValidationError

# The command groups, in the order `samad --help` lists them.
COMMAND_MODULES = [core, users, demo, calls, cases, letters, report, schedule, knowledge, server, audit]

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_UNEXPECTED = 0, 1, 2, 3
UNEXPECTED = "samad: خطای پیش‌بینی‌نشده‌ای رخ داد و کار انجام نشد. جزئیات در پروندهٔ گزارش ثبت شد: {path}"


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear sentence and exit 2, as argparse does, plus a hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"samad: error: {message}\nRun 'samad --help' for the commands.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="samad",
        description="Samad Desk (میز سامد): the desktop app of a governorate's people's-communication center "
        "(SAMAD line 111). With no command it opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"samad {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="sqlite:///path/file.db or postgresql://user@host:port/dbname "
        "(default: SAMAD_DATABASE_URL, then the settings file, then the per-user SQLite file)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    for module in COMMAND_MODULES:
        module.register(sub)
    add_login_options_everywhere(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command:
            parser.parse_args([args.command, "--help"])
        from app.cli.core import run_app

        return run_app(args)
    log_path = logs.setup_logging()
    logs.log.info("samad %s (version %s)", args.command, __version__)
    try:
        with logs.timed(f"samad {args.command}"):
            return args.func(args) or EXIT_OK
    except ValidationError as exc:
        for field, message in exc.errors.items():
            print(f"samad: {field + ': ' if field else ''}{message}", file=sys.stderr)
        return EXIT_REFUSED
    except (ServiceError, DatabaseError) as exc:
        if isinstance(exc, PermissionDenied):
            _record_refusal(args, exc)
        print(f"samad: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("samad: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug or an unforeseen failure: the traceback goes to the log, not the screen
        if isinstance(exc, peewee.DatabaseError) and is_busy(exc):
            print(f"samad: {BUSY_MESSAGE}", file=sys.stderr)
            return EXIT_REFUSED
        from app.services import db_errors

        logs.log.error("samad %s failed", args.command, exc_info=exc)
        logs.flush()
        if db_errors.is_database_error(exc):  # the database went away or filled up mid-command
            print(f"samad: {db_errors.explain(exc)} ({log_path})", file=sys.stderr)
            return EXIT_REFUSED
        print(UNEXPECTED.format(path=log_path), file=sys.stderr)
        return EXIT_UNEXPECTED


def _record_refusal(args: argparse.Namespace, exc: Exception) -> None:
    """A logged-in person ran a command their role may not: the attempt goes into the audit trail."""
    actor = getattr(args, "actor", None)
    if actor is None:
        return
    from app.db import database
    from app.services.admin import audit

    command = command_name(args)
    try:
        with database.atomic():
            audit.record(actor, "cli.refused", "cli", None, command=command, reason=str(exc))
    except Exception:  # the refusal itself must still reach the user
        pass
