"""The attendance report as PDF, Excel, CSV and plain text (for the screen, the command line and files)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from app.domain.attendance import format_duration, format_percent
from app.services.schedule.attendance import AttendanceReport, AttendanceRow
from app.services.schedule.schedule_export import heading, period_title
from app.services.xlsx_print import workbook_bytes
from reports.attendance_pdf import render_attendance

HEADERS = [
    "مسئول",
    "سمت",
    "دستگاه",
    "نوبت",
    "حاضر",
    "تأخیر",
    "غیبت",
    "لغو",
    "در پیش",
    "ساعت حضور",
    "جلسه",
    "تماس",
    "دستور",
    "درصد حضور",
]


def title(report: AttendanceReport) -> str:
    return f"گزارش حضور مسئولان در مرکز — {period_title(report.start, report.end)}"


def attendance_pdf(report: AttendanceReport) -> bytes:
    return render_attendance(report, heading(title(report)))


def _values(r: AttendanceRow) -> list:
    """Numbers stay numbers (hours as a decimal, compliance as a fraction) for spreadsheets."""
    return [
        r.scheduled,
        r.attended,
        r.late,
        r.absent,
        r.cancelled,
        r.pending,
        round(r.hours, 2),
        r.sessions,
        r.calls,
        r.orders,
        None if r.compliance is None else round(r.compliance, 4),
    ]


def _rows(report: AttendanceReport) -> list[list]:
    rows = [[r.name, r.title, r.agency_name, *_values(r)] for r in report.officials]
    rows.append(["جمع", "", "", *_values(report.total)])
    return rows


def attendance_csv(report: AttendanceReport) -> bytes:
    """UTF-8 with a BOM (so Excel opens Persian correctly), one row per official and a total row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(_rows(report))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def attendance_xlsx(report: AttendanceReport) -> bytes:
    book = Workbook()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E6E6E6")
    sheets = [("به تفکیک مسئول", HEADERS, _rows(report))]
    agency_rows = [[r.name, r.officials, *_values(r)] for r in report.agencies]
    agency_rows.append(["جمع", report.total.officials, *_values(report.total)])
    sheets.append(("به تفکیک دستگاه", ["دستگاه", "شمار مسئولان", *HEADERS[3:]], agency_rows))
    book.remove(book.active)
    for name, headers, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.sheet_view.rightToLeft = True
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        for row in rows:
            sheet.append(row)
            sheet.cell(sheet.max_row, len(headers)).number_format = "0%"
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for i, width in enumerate(
            [40 if h in ("دستگاه", "سمت") else 24 if h == "مسئول" else 11 for h in headers]
        ):
            sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width = width
    book.properties.title = title(report)
    return workbook_bytes(book, 1)


def attendance_text(report: AttendanceReport) -> str:
    """A plain table for the terminal (tab-separated, ASCII digits so it pipes into other tools)."""
    lines = [title(report), "\t".join(HEADERS)]
    for r in [*report.officials, report.total]:
        lines.append(
            "\t".join(
                [r.name, r.title, r.agency_name]
                + [str(v) for v in (r.scheduled, r.attended, r.late, r.absent, r.cancelled, r.pending)]
                + [
                    format_duration(r.minutes, "en"),
                    str(r.sessions),
                    str(r.calls),
                    str(r.orders),
                    format_percent(r.compliance, "en"),
                ]
            )
        )
    return "\n".join(lines) + "\n"
