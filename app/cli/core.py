"""`samad` (open the app), `samad init`, `samad info`."""

from __future__ import annotations

import argparse

from app import logs, migrations
from app.cli import auth
from app.cli.common import has_accounts, open_from_args, sqlite_foreign_tables
from app.db import DatabaseError, is_postgres, open_database, parse_url, resolve_url
from app.services.actor import require
from app.services.admin import pg_roles
from app.services.admin.setup import check_schema, init_database
from app.services.cases import accountability_summary, case_summary


def register(sub) -> None:
    p = sub.add_parser("init", help="create or upgrade the database and load the reference data")
    p.add_argument(
        "--app-role",
        metavar="ROLE",
        help="PostgreSQL, run as the owner role: create (if missing) the role the PCs connect as and "
        "give it only the application's privileges",
    )
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("info", help="show which database is used and its schema version")
    p.set_defaults(func=cmd_info)
    p = sub.add_parser(
        "rebuild-summaries",
        help="recompute the summaries the reports read (the case and accountability summaries) from the cases "
        "and referrals (supervisor)",
    )
    p.set_defaults(func=cmd_rebuild_summaries)
    p = sub.add_parser("app", help="open the desktop app (the same as no command)")
    p.set_defaults(func=run_app)
    p = sub.add_parser(
        "smoke-test",
        help="start the desktop app on a new database in DIR, render a letter, "
        "close it and exit 0 (checks an installation or a bundle)",
    )
    p.add_argument("directory", metavar="DIR")
    p.set_defaults(func=cmd_smoke_test)
    p = sub.add_parser("guide-pdf", help="write the user's guide (راهنمای کاربر) as a printable PDF")
    p.add_argument("output", metavar="OUT.pdf", help="the PDF file to write")
    p.set_defaults(func=cmd_guide_pdf)


_FOREIGN = (
    "این پایگاه داده جدول‌های برنامهٔ دیگری دارد ({names})؛ «samad init» فقط پایگاه خالی یا پایگاه سماد را "
    "آماده می‌کند: پروندهٔ تازه‌ای نام ببرید."
)


def cmd_init(args: argparse.Namespace) -> int:
    """On an empty database (no account yet) anyone may run it; afterwards only a supervisor."""
    url = resolve_url(args.database)
    foreign = sqlite_foreign_tables(url)
    if foreign:
        raise DatabaseError(_FOREIGN.format(names=", ".join(foreign[:5])))
    db = open_database(url)
    if migrations.current_version(db) == 0 and db.get_tables():
        raise DatabaseError(_FOREIGN.format(names=", ".join(db.get_tables()[:5])))
    check_schema(db)
    accounts = has_accounts(db)
    if accounts:
        if migrations.current_version(db) < migrations.latest_version():
            # an older schema cannot record a login yet: check the password read-only, upgrade, then log in
            auth.check_password_only(db, args)
            init_database(db)
        args.actor = auth.authenticate(args)
        require(args.actor, "manage_settings")
    result = init_database(db, official_holidays=True)
    if result.changed:
        print(
            f"Database {parse_url(url).redacted()} is at schema version {result.schema_to} "
            f"(was {result.schema_from}); reference data added: "
            + ", ".join(f"{k} {v}" for k, v in result.reference_added.items())
        )
        for year, added in result.holidays_loaded.items():
            print(f"Official holidays of {year} loaded: {added} days")
    else:
        print(
            f"Database {parse_url(url).redacted()} is up to date (schema version {result.schema_to}); "
            "nothing changed."
        )
    if result.triggers_restored:
        print("Append-only triggers put back: " + ", ".join(result.triggers_restored))
    if args.app_role:
        _app_role(db, args.app_role)
    return 0


def _app_role(db, role: str) -> None:
    from app.services.errors import ValidationError

    if not is_postgres(db):
        raise ValidationError({"--app-role": "نقش برنامه تنها در PostgreSQL معنا دارد."})
    created = pg_roles.grant_app_role(db, role)
    print(
        f"Application role {role} {'created' if created else 'updated'}: it may read and write through the "
        "program, but not alter tables, disable or drop triggers, truncate, or edit the audit trail or an "
        "issued letter."
    )
    if created:
        print(
            f"Give it a password as the owner (psql: \\password {role}), then point each PC at "
            f"postgresql://{role}@HOST:PORT/DBNAME."
        )


def cmd_info(args: argparse.Namespace) -> int:
    print(f"log file: {logs.log_file()}")
    url = resolve_url(args.database)
    db = open_from_args(args, require_schema=False, login=False)
    print(f"database: {parse_url(url).redacted()}")
    print(f"schema version: {migrations.current_version(db)} (this program: {migrations.latest_version()})")
    return 0


def cmd_rebuild_summaries(args: argparse.Namespace) -> int:
    open_from_args(args)
    rows = case_summary.rebuild_as(args.actor)
    print(f"case summary rebuilt: {rows} rows; accountability summary: {accountability_summary.rows()} rows")
    return 0


def cmd_guide_pdf(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.services.user_guide import guide_pdf

    out = Path(args.output)
    out.write_bytes(guide_pdf())
    print(f"{out}: the user's guide written")
    return 0


def run_app(args: argparse.Namespace) -> int:
    """The desktop app; the process then ends as `samad-desk`'s does (ui.application.leave), never through
    Python's teardown of every Qt object: slow, and it can crash when a pool thread still runs Python."""
    from ui.application import leave, run

    leave(run(args.database))


def cmd_smoke_test(args: argparse.Namespace) -> int:
    from ui.application import leave, smoke_test

    leave(smoke_test(args.directory))  # as run_app: the smoke test checks the same way out
