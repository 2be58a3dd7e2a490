"""The agency accountability report as PDF, Excel, CSV and plain text (screen, command line, files)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from app.domain import jalali
from app.domain.text import to_persian_digits
from app.services.followup.accountability import AccountabilityReport, AgencyFigures
from app.services.schedule.schedule_export import heading, period_title
from app.services.xlsx_print import workbook_bytes
from reports.accountability_pdf import render_accountability

HEADERS = [
    "دستگاه",
    "ارجاع",
    "پاسخ",
    "پاسخ به‌موقع",
    "درصد به‌موقع",
    "میانه روز پاسخ",
    "میانگین روز پاسخ",
    "گذشته از مهلت اکنون",
    "تذکر",
    "ارجاع به بازرسی",
    "رضایت (از تماس‌ها)",
    "درصد رضایت",
]


def title(report: AccountabilityReport) -> str:
    return (
        f"گزارش عملکرد دستگاه‌های اجرایی در پاسخ به ارجاع‌های سامد — {period_title(report.start, report.end)}"
    )


def subtitle(report: AccountabilityReport) -> str:
    return (
        f"ارجاع‌های صادرشده در دوره؛ «گذشته از مهلت» تا امروز {jalali.format_jalali(report.today)}؛ "
        "بدترین عملکرد در بالا"
    )


def percent(value: float | None, digits: str = "fa") -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.0f}٪" if digits == "fa" else f"{value * 100:.0f}%"
    return to_persian_digits(text) if digits == "fa" else text


def days(value: float | None, digits: str = "fa") -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".removesuffix(".0")
    return to_persian_digits(text.replace(".", "٫")) if digits == "fa" else text


def _values(f: AgencyFigures) -> list:
    """Numbers stay numbers (shares as fractions, days as decimals) for spreadsheets."""

    def r(x, n):
        return None if x is None else round(x, n)

    return [
        f.received,
        f.answered,
        f.on_time,
        r(f.on_time_pct, 4),
        r(f.median_days, 1),
        r(f.average_days, 2),
        f.overdue_now,
        f.reminders,
        f.escalations,
        f.rated,
        r(f.satisfied_pct, 4),
    ]


def _rows(report: AccountabilityReport) -> list[list]:
    rows = [[f.agency_name, *_values(f)] for f in report.agencies]
    rows.append([report.total.agency_name, *_values(report.total)])
    return rows


def accountability_csv(report: AccountabilityReport) -> bytes:
    """UTF-8 with a BOM (so Excel opens Persian correctly), one row per agency and a total row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(_rows(report))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def accountability_xlsx(report: AccountabilityReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "عملکرد دستگاه‌ها"
    sheet.sheet_view.rightToLeft = True
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E6E6E6")
    sheet.append([title(report)])
    sheet.append([subtitle(report)])
    sheet.append(HEADERS)
    for cell in sheet[3]:
        cell.font, cell.fill = bold, fill
    for row in _rows(report):
        sheet.append(row)
        for column in (5, 12):
            sheet.cell(sheet.max_row, column).number_format = "0%"
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.freeze_panes = "B4"
    sheet.column_dimensions["A"].width = 48
    for i in range(2, len(HEADERS) + 1):
        sheet.column_dimensions[sheet.cell(3, i).column_letter].width = 13
    book.properties.title = title(report)
    return workbook_bytes(book, 3)


def accountability_pdf(report: AccountabilityReport) -> bytes:
    return render_accountability(report, heading(title(report), subtitle(report)))


def accountability_text(report: AccountabilityReport) -> str:
    """A plain table for the terminal (tab-separated, ASCII digits so it pipes into other tools)."""
    lines = [title(report), "\t".join(HEADERS)]
    for f in [*report.agencies, report.total]:
        lines.append(
            "\t".join(
                [
                    f.agency_name,
                    str(f.received),
                    str(f.answered),
                    str(f.on_time),
                    percent(f.on_time_pct, "en"),
                    days(f.median_days, "en"),
                    days(f.average_days, "en"),
                    str(f.overdue_now),
                    str(f.reminders),
                    str(f.escalations),
                    str(f.rated),
                    percent(f.satisfied_pct, "en"),
                ]
            )
        )
    return "\n".join(lines) + "\n"
