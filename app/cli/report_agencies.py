"""`samad report agencies --from JALALI --to JALALI [--format text|pdf|xlsx|csv] [-o FILE]`: per agency,
referrals received, answered, answered on time, median and average days to answer, overdue now,
reminders, escalations and citizens satisfied — the worst agency first."""
from __future__ import annotations

import argparse
import datetime as dt

from app.cli.common import actor_from_args, open_from_args
from app.cli.report import emit
from app.services import accountability, accountability_export

WRITERS = {"pdf": accountability_export.accountability_pdf, "xlsx": accountability_export.accountability_xlsx,
           "csv": accountability_export.accountability_csv}


def run(args: argparse.Namespace, start: dt.date, end: dt.date) -> int:
    open_from_args(args)
    report = accountability.accountability_report(actor_from_args(args), start, end)
    return emit(args, report, accountability_export.accountability_text, WRITERS,
                f"Agency accountability report for {len(report.agencies)} agencies")
