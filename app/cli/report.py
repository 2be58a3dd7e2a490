"""`samad report KIND --from JALALI --to JALALI [--format pdf|xlsx|csv] [-o FILE]`.

Each report kind is registered in KINDS as "module:function"; the function takes
(args, date_from: datetime.date, date_to: datetime.date) and returns an exit code.
"""
from __future__ import annotations

import argparse
import importlib

from app.domain.jalali import parse_jalali
from app.services.errors import ValidationError

KINDS: dict[str, str] = {
    # "agencies": "app.cli.report_agencies:run",      issue 5
    # "attendance": "app.cli.report_attendance:run",  issue 6
}


def register(sub) -> None:
    p = sub.add_parser("report", help="produce a report for a Jalali period")
    p.add_argument("kind", help="which report: " + (", ".join(sorted(KINDS)) or "(none yet)"))
    p.add_argument("--from", dest="date_from", required=True, metavar="JALALI", help="first day, e.g. 1405/07/01")
    p.add_argument("--to", dest="date_to", required=True, metavar="JALALI", help="last day, e.g. 1405/07/30")
    p.add_argument("--format", choices=["text", "pdf", "xlsx", "csv"], default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write pdf/xlsx/csv")
    p.set_defaults(func=cmd_report)


def period(args: argparse.Namespace):
    errors = {}
    try:
        start = parse_jalali(args.date_from)
    except ValueError as exc:
        errors["--from"] = str(exc)
    try:
        end = parse_jalali(args.date_to)
    except ValueError as exc:
        errors["--to"] = str(exc)
    if errors:
        raise ValidationError(errors)
    if end < start:
        raise ValidationError({"--to": "پایان دوره پیش از آغاز آن است."})
    return start, end


def cmd_report(args: argparse.Namespace) -> int:
    if args.kind not in KINDS:
        raise ValidationError({"kind": f"گزارش «{args.kind}» شناخته نیست؛ یکی از این‌ها: {', '.join(sorted(KINDS))}"})
    if args.format != "text" and not args.output:
        raise ValidationError({"--output": "برای خروجی pdf یا xlsx یا csv مسیر پرونده را با -o بدهید."})
    start, end = period(args)
    module, name = KINDS[args.kind].split(":")
    return getattr(importlib.import_module(module), name)(args, start, end)
