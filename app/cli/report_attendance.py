"""`samad report attendance --from JALALI --to JALALI [--format text|pdf|xlsx|csv] [-o FILE]`:
per official and per agency, slots scheduled, attended, hours in the center, calls handled, orders issued."""

from __future__ import annotations

import argparse
import datetime as dt

from app import wiring
from app.cli.common import actor_from_args, emit, open_from_args
from app.services.schedule import attendance, attendance_export


def run(args: argparse.Namespace, start: dt.date, end: dt.date) -> int:
    open_from_args(args)
    report = attendance.attendance_report(actor_from_args(args), start, end)
    return emit(
        args,
        report,
        attendance_export.attendance_text,
        wiring.ATTENDANCE_WRITERS,
        f"Attendance report for {len(report.officials)} officials",
    )
