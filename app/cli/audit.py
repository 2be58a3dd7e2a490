"""`samad audit search|export|verify`: the supervisor's read-only view of the audit trail (there is no edit),
and the check of its hash chain."""

from __future__ import annotations

import argparse

from app.cli.common import LIMIT, actor_from_args, add_as_option, open_from_args
from app.domain import jalali
from app.services.admin import audit_chain, audit_export, audit_text
from app.services.errors import ValidationError


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--text", default="", help="words in the details, or an entity id")
    p.add_argument("--user", default="", help="username")
    p.add_argument(
        "--action", default="", help="an action (case.register) or a prefix ending in a dot (case.)"
    )
    p.add_argument("--entity", default="")
    p.add_argument("--from", dest="date_from", metavar="JALALI", help="first day, e.g. 1405/09/01")
    p.add_argument("--to", dest="date_to", metavar="JALALI", help="last day")
    add_as_option(p)


def register(sub) -> None:
    p = sub.add_parser(
        "audit", help="search or export the audit trail (supervisors only; it cannot be edited)"
    )
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    s = audit_sub.add_parser("search", help="show matching entries, newest first")
    _filters(s)
    s.add_argument("--limit", type=LIMIT, default=50)
    s.set_defaults(func=cmd_search)
    e = audit_sub.add_parser(
        "export", help="write matching entries to a CSV or XLSX file (recorded in the trail)"
    )
    e.add_argument("file")
    e.add_argument("--format", choices=audit_export.FORMATS, help="default: from the file's extension")
    _filters(e)
    e.set_defaults(func=cmd_export)
    _register_verify(audit_sub)


def _register_verify(audit_sub) -> None:
    v = audit_sub.add_parser(
        "verify",
        help="check the whole hash chain; name the first entry changed, removed or "
        "inserted (supervisor or service account); exit 1 if tampered",
    )
    v.add_argument(
        "--checkpoint",
        metavar="SEQ:HASH",
        help="a checkpoint written down earlier (as shown in the settings); its entry must still match",
    )
    add_as_option(v)
    v.set_defaults(func=cmd_verify)


def _filter_from(args: argparse.Namespace) -> audit_export.AuditFilter:
    errors, days = {}, {}
    for name, flag in (("date_from", "--from"), ("date_to", "--to")):
        value = getattr(args, name)
        if value:
            try:
                days[name] = jalali.parse_jalali(value)
            except ValueError as exc:
                errors[flag] = str(exc)
    if errors:
        raise ValidationError(errors)
    return audit_export.AuditFilter(
        text=args.text,
        username=args.user,
        action=args.action,
        entity=args.entity,
        since=days.get("date_from"),
        until=days.get("date_to"),
    )


def cmd_search(args: argparse.Namespace) -> int:
    open_from_args(args)
    for row in audit_export.page(actor_from_args(args), _filter_from(args), limit=args.limit):
        print(
            f"{row.id}\t{jalali.format_jalali_datetime(row.at, digits='en')}\t{row.username}\t{row.action}\t"
            f"{row.entity}:{row.entity_id or ''}\t{audit_text.summary(row.action, row.entity, row.details, marks=False)}"
        )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    open_from_args(args)
    expected = None
    if args.checkpoint:
        try:
            expected = audit_chain.parse_checkpoint(args.checkpoint)
        except ValueError as exc:
            raise ValidationError({"--checkpoint": "نقطه وارسی باید به شکل شماره:چکیده باشد."}) from exc
    report = audit_chain.check(actor_from_args(args), checkpoint=expected)
    print(report.summary())
    for problem in report.problems[1:]:
        print(f"  {problem.message}")
    return 0 if report.ok else 1


def cmd_export(args: argparse.Namespace) -> int:
    open_from_args(args)
    rows = audit_export.export(actor_from_args(args), _filter_from(args), args.file, args.format)
    print(f"{rows} entries written to {args.file} (this export is recorded in the audit trail).")
    return 0
