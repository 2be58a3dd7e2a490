"""The `samad` command. Thin: parses arguments and calls services.

Each module in COMMAND_MODULES has `register(subparsers)`, which adds its sub-commands and sets
`func(args) -> int` on them. Errors become one sentence on standard error and a non-zero exit.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from app import __version__
from app.cli.auth import add_login_options_everywhere, command_name
from app.db import DatabaseError
from app.services.errors import PermissionDenied, ServiceError, ValidationError

COMMAND_MODULES = [
    "app.cli.core",
    "app.cli.users",
    "app.cli.demo",
    "app.cli.calls",
    "app.cli.letters",
    "app.cli.report",
    "app.cli.schedule",
    "app.cli.knowledge",
    "app.cli.server",
    "app.cli.audit",
]

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear sentence and exit 2, as argparse does, plus a hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"samad: error: {message}\nRun 'samad --help' for the commands.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="samad",
        description="Samad Desk (میز سامد): the desktop app of a governorate's people's-communication center "
                    "(SAMAD line 111). With no command it opens the desktop app.")
    parser.add_argument("--version", action="version", version=f"samad {__version__}")
    parser.add_argument("--database", metavar="URL",
                        help="sqlite:///path/file.db or postgresql://user@host:port/dbname "
                             "(default: SAMAD_DATABASE_URL, then the settings file, then the per-user SQLite file)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
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
    try:
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


def _record_refusal(args: argparse.Namespace, exc: Exception) -> None:
    """A logged-in person ran a command their role may not: the attempt goes into the audit trail."""
    actor = getattr(args, "actor", None)
    if actor is None:
        return
    from app.db import database
    from app.services import audit

    command = command_name(args)
    try:
        with database.atomic():
            audit.record(actor, "cli.refused", "cli", None, command=command, reason=str(exc))
    except Exception:  # noqa: BLE001 - the refusal itself must still reach the user
        pass
