"""`samad report KIND --from JALALI --to JALALI [--format pdf|xlsx|csv] [-o FILE]`.

KINDS maps each report kind to the function that runs it; the function takes
(args, date_from: datetime.date, date_to: datetime.date) and returns an exit code.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from app.cli import report_agencies, report_attendance, report_run
from app.cli.common import add_as_option
from app.services.errors import ValidationError
from app.services.reporting.files import check_target
from app.services.reporting.period import parse_period

KINDS: dict[str, Callable[[argparse.Namespace, dt.date, dt.date], int]] = {
    "agencies": report_agencies.run,
    "attendance": report_attendance.run,
    "calls-by-type": report_run.calls_by_type,
    "calls-by-category": report_run.calls_by_category,
    "calls-by-county": report_run.calls_by_county,
    "calls-by-channel": report_run.calls_by_channel,
    "calls-by-operator": report_run.calls_by_operator,
    "calls-by-hour": report_run.calls_by_hour,
    "calls-by-day": report_run.calls_by_day,
    "calls-by-agency": report_run.calls_by_agency,
    "outcomes": report_run.outcomes,
    "guidance": report_run.guidance,
    "monthly": report_run.monthly,
}


def register(sub) -> None:
    p = sub.add_parser("report", help="produce a report for a Jalali period")
    p.add_argument("kind", help="which report: " + (", ".join(sorted(KINDS)) or "(none yet)"))
    p.add_argument(
        "--from", dest="date_from", required=True, metavar="JALALI", help="first day, e.g. 1405/07/01"
    )
    p.add_argument("--to", dest="date_to", required=True, metavar="JALALI", help="last day, e.g. 1405/07/30")
    p.add_argument("--format", choices=["text", "pdf", "xlsx", "csv"], default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write pdf/xlsx/csv")
    add_as_option(p)
    p.set_defaults(func=cmd_report)


def period(args: argparse.Namespace):
    """(start, end) from --from/--to; each bad date, or an end before the start, is named."""
    found = parse_period(args.date_from, args.date_to, fields=("--from", "--to"))
    return found.start, found.end


def cmd_report(args: argparse.Namespace) -> int:
    if args.kind not in KINDS:
        raise ValidationError(
            {"kind": f"گزارش «{args.kind}» شناخته نیست؛ یکی از این‌ها: {', '.join(sorted(KINDS))}"}
        )
    if args.format != "text" and not args.output:
        raise ValidationError({"--output": "برای خروجی pdf یا xlsx یا csv مسیر پرونده را با -o بدهید."})
    start, end = period(args)
    if args.output:  # every kind: a path that cannot be written is refused before any work, in one sentence
        check_target(args.output, field="-o")
    return KINDS[args.kind](args, start, end)
