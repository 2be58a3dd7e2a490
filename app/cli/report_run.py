"""The calls, outcomes, guidance and monthly reports for `samad report KIND ...` (calls-by-*, outcomes, guidance, monthly).

Each function below is listed in app.cli.report.KINDS and takes (args, date_from, date_to). Without -o
the report is printed as a tab-separated table (ASCII digits, so it pipes into other tools); with -o it is
written as pdf, xlsx or csv (from --format or the file's extension), all or nothing, and audited.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from app.cli.common import actor_from_args, open_from_args
from app.domain.report import MonthlyReport, Report, format_cell
from app.services.errors import ValidationError
from app.services.reporting import exports
from app.services.reporting.kinds import build_report
from app.services.reporting.monthly import monthly_report
from app.services.reporting.period import make_period

CLI_FIELDS = {"output": "-o", "format": "--format", "date_from": "--from", "date_to": "--to"}


def text_table(report: Report) -> str:
    lines = [
        report.title,
        f"period: {report.period.label_en}",
        "\t".join(column.title for column in report.columns),
    ]
    for row in [*report.rows, *([report.total] if report.total else [])]:
        lines.append(
            "\t".join(format_cell(v, c.kind, digits="en") for v, c in zip(row, report.columns, strict=True))
        )
    return "\n".join(lines) + "\n"


def _run(kind: str):
    def run(args: argparse.Namespace, date_from: dt.date, date_to: dt.date) -> int:
        open_from_args(args)
        actor = actor_from_args(args)
        period = make_period(date_from, date_to, ("--from", "--to"))
        report: Report | MonthlyReport = (
            monthly_report(actor, period) if kind == "monthly" else build_report(actor, kind, period)
        )
        if not args.output:
            table = report.as_report() if isinstance(report, MonthlyReport) else report
            sys.stdout.write(text_table(table))
            return 0
        try:
            path = exports.export_report(
                actor, report, args.output, None if args.format == "text" else args.format
            )
        except ValidationError as exc:
            raise ValidationError({CLI_FIELDS.get(k, k): v for k, v in exc.errors.items()}) from None
        print(f"Report {kind} for {period.label_en} written to {path}")
        return 0

    run.__name__ = kind.replace("-", "_")
    return run


calls_by_type = _run("calls-by-type")
calls_by_category = _run("calls-by-category")
calls_by_county = _run("calls-by-county")
calls_by_channel = _run("calls-by-channel")
calls_by_operator = _run("calls-by-operator")
calls_by_hour = _run("calls-by-hour")
calls_by_day = _run("calls-by-day")
calls_by_agency = _run("calls-by-agency")
outcomes = _run("outcomes")
guidance = _run("guidance")
monthly = _run("monthly")
