"""`samad report KIND --from JALALI --to JALALI [--format pdf|xlsx|csv] [-o FILE]`.

Each report kind is registered in KINDS as "module:function"; the function takes
(args, date_from: datetime.date, date_to: datetime.date) and returns an exit code.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from app.cli.common import add_as_option
from app.services.errors import ValidationError
from app.services.reporting.files import check_target, write_atomic
from app.services.reporting.period import parse_period

KINDS: dict[str, str] = {
    "agencies": "app.cli.report_agencies:run",  # issue 5
    "attendance": "app.cli.report_attendance:run",  # issue 6
    # issue 8: app.cli.report_run
    "calls-by-type": "app.cli.report_run:calls_by_type",
    "calls-by-category": "app.cli.report_run:calls_by_category",
    "calls-by-county": "app.cli.report_run:calls_by_county",
    "calls-by-channel": "app.cli.report_run:calls_by_channel",
    "calls-by-operator": "app.cli.report_run:calls_by_operator",
    "calls-by-hour": "app.cli.report_run:calls_by_hour",
    "calls-by-day": "app.cli.report_run:calls_by_day",
    "calls-by-agency": "app.cli.report_run:calls_by_agency",
    "outcomes": "app.cli.report_run:outcomes",
    "guidance": "app.cli.report_run:guidance",
    "monthly": "app.cli.report_run:monthly",
}


def register(sub) -> None:
    p = sub.add_parser("report", help="produce a report for a Jalali period")
    p.add_argument("kind", help="which report: " + (", ".join(sorted(KINDS)) or "(none yet)"))
    p.add_argument("--from", dest="date_from", required=True, metavar="JALALI", help="first day, e.g. 1405/07/01")
    p.add_argument("--to", dest="date_to", required=True, metavar="JALALI", help="last day, e.g. 1405/07/30")
    p.add_argument("--format", choices=["text", "pdf", "xlsx", "csv"], default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write pdf/xlsx/csv")
    add_as_option(p)
    p.set_defaults(func=cmd_report)


def period(args: argparse.Namespace):
    """(start, end) from --from/--to; each bad date, or an end before the start, is named (issue 8's rule)."""
    found = parse_period(args.date_from, args.date_to, fields=("--from", "--to"))
    return found.start, found.end


def cmd_report(args: argparse.Namespace) -> int:
    if args.kind not in KINDS:
        raise ValidationError({"kind": f"گزارش «{args.kind}» شناخته نیست؛ یکی از این‌ها: {', '.join(sorted(KINDS))}"})
    if args.format != "text" and not args.output:
        raise ValidationError({"--output": "برای خروجی pdf یا xlsx یا csv مسیر پرونده را با -o بدهید."})
    start, end = period(args)
    if args.output:  # every kind: a path that cannot be written is refused before any work, in one sentence
        check_target(args.output, field="-o")
    module, name = KINDS[args.kind].split(":")
    return getattr(importlib.import_module(module), name)(args, start, end)


def emit(args: argparse.Namespace, report, text, writers: dict, written: str) -> int:
    """Print the report as text, or write it in the chosen format to -o (whole file or nothing)."""
    if args.format == "text" and not args.output:
        sys.stdout.write(text(report))
        return 0
    data = text(report).encode("utf-8") if args.format == "text" else writers[args.format](report)
    write_atomic(args.output, data, field="--output")
    print(f"{written} written to {args.output}")
    return 0
