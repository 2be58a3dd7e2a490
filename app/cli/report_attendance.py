"""`samad report attendance --from JALALI --to JALALI [--format text|pdf|xlsx|csv] [-o FILE]`:
per official and per agency, slots scheduled, attended, hours in the center, calls handled, orders issued."""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from app.cli.common import actor_from_args, open_from_args
from app.services import attendance, attendance_export
from app.services.reporting.files import write_atomic

WRITERS = {"pdf": attendance_export.attendance_pdf, "xlsx": attendance_export.attendance_xlsx,
           "csv": attendance_export.attendance_csv}


def run(args: argparse.Namespace, start: dt.date, end: dt.date) -> int:
    open_from_args(args)
    report = attendance.attendance_report(actor_from_args(args), start, end)
    if args.format == "text" and not args.output:
        sys.stdout.write(attendance_export.attendance_text(report))
        return 0
    data = (attendance_export.attendance_text(report).encode("utf-8") if args.format == "text"
            else WRITERS[args.format](report))
    write_atomic(args.output, data, field="--output")  # whole file or nothing
    print(f"Attendance report for {len(report.officials)} officials written to {args.output}")
    return 0
