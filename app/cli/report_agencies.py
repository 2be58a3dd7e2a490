"""`samad report agencies --from JALALI --to JALALI [--format text|pdf|xlsx|csv] [-o FILE]`: per agency,
referrals received, answered, answered on time, median and average days to answer, overdue now,
reminders, escalations and citizens satisfied — the worst agency first."""

from __future__ import annotations

import argparse
import datetime as dt

from app import wiring
from app.cli.common import actor_from_args, emit, open_from_args
from app.services.followup import accountability, accountability_export


def run(args: argparse.Namespace, start: dt.date, end: dt.date) -> int:
    open_from_args(args)
    report = accountability.accountability_report(actor_from_args(args), start, end)
    return emit(
        args,
        report,
        accountability_export.accountability_text,
        wiring.ACCOUNTABILITY_WRITERS,
        f"Agency accountability report for {len(report.agencies)} agencies",
    )
