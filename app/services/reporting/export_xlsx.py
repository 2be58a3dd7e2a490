"""A report as an Excel workbook: a right-to-left sheet with the title and period on top, then the table
with real numbers (number formats for counts, decimals and percentages), real dates (with a Jalali text
column beside each) and the total row in bold; and an Excel chart of the report's first chart."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.domain import jalali
from app.domain.report import DATE, FLOAT, INT, NUMBER, PERCENT, TEXT, Report
from app.services.schedule.schedule_export import JALALI_DATE_FORMAT
from app.services.xlsx_print import workbook_bytes

# Dates are real Excel dates shown in the Persian calendar (the same format as the schedule's sheet);
# the Jalali text column beside each date is for programs that do not know that format.
FORMATS = {INT: "#,##0", FLOAT: "#,##0.0", PERCENT: "0.0%", DATE: JALALI_DATE_FORMAT}
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
TOTAL_FILL = PatternFill("solid", fgColor="EEF1F4")
FIRST_ROW = 4  # the header row; the title and period sit above it
MAX_CHART_ROWS = 40


def _day(value) -> dt.date:
    return jalali.to_local(value).date() if isinstance(value, dt.datetime) else value


def _layout(report: Report) -> list[tuple[int, str]]:
    """(report column index, "value" or "jalali") for each sheet column."""
    out = []
    for i, column in enumerate(report.columns):
        out.append((i, "value"))
        if column.kind == DATE:
            out.append((i, "jalali"))
    return out


def _write_row(sheet, r: int, row: tuple, report: Report, layout: list[tuple[int, str]]) -> None:
    for c, (i, part) in enumerate(layout, start=1):
        column, value = report.columns[i], row[i]
        cell = sheet.cell(r, c)
        if value is None:
            continue
        if part == "jalali":
            cell.value = jalali.format_jalali(_day(value), "en")
        elif column.kind == DATE:
            cell.value = _day(value)
            cell.number_format = FORMATS[DATE]
        elif column.kind == TEXT:
            cell.value = str(value)
            cell.data_type = "s"  # text stays text even if it starts with «=»
        elif column.kind == NUMBER:
            cell.value = value
            cell.number_format = FORMATS[INT] if isinstance(value, int) else FORMATS[FLOAT]
        else:
            cell.value = int(value) if column.kind == INT else float(value)
            cell.number_format = FORMATS[column.kind]


def _add_chart(sheet, report: Report, layout: list[tuple[int, str]], last_row: int) -> None:
    chart_spec = report.charts[0] if report.charts else None
    numeric = next(
        (
            c
            for c, (i, part) in enumerate(layout, start=1)
            if part == "value" and report.columns[i].kind == INT
        ),
        None,
    )
    if chart_spec is None or numeric is None or not report.rows or len(report.rows) > MAX_CHART_ROWS:
        return
    label_column = 2 if report.columns[0].kind == DATE else 1
    if chart_spec.kind == "pie":
        chart = PieChart()
    else:
        chart = BarChart()
        chart.type = "bar" if chart_spec.kind == "bar" else "col"
        chart.legend = None
        if chart_spec.kind == "bar":
            chart.x_axis.scaling.orientation = "maxMin"  # the first row at the top, as in the table
    chart.title = chart_spec.title
    data = Reference(sheet, min_col=numeric, min_row=FIRST_ROW, max_row=last_row)
    labels = Reference(sheet, min_col=label_column, min_row=FIRST_ROW + 1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.height, chart.width = 9, 16
    sheet.add_chart(chart, f"{get_column_letter(len(layout) + 2)}{FIRST_ROW}")


def to_xlsx(report: Report) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "گزارش"
    sheet.sheet_view.rightToLeft = True
    layout = _layout(report)
    sheet.cell(1, 1, report.title).font = Font(bold=True, size=14)
    made = jalali.format_jalali_datetime(report.made_at)  # Persian digits: this line is read, not computed
    sheet.cell(2, 1, f"دوره: {report.period.label} — تهیه‌شده در {made}")
    for c, (i, part) in enumerate(layout, start=1):
        title = report.columns[i].title + (" (شمسی)" if part == "jalali" else "")
        cell = sheet.cell(FIRST_ROW, c, title)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    r = FIRST_ROW
    for row in report.rows:
        r += 1
        _write_row(sheet, r, row, report, layout)
    last_data_row = r
    if report.total:
        r += 1
        _write_row(sheet, r, report.total, report, layout)
        for c in range(1, len(layout) + 1):
            sheet.cell(r, c).font, sheet.cell(r, c).fill = Font(bold=True), TOTAL_FILL
    for note_row, note in enumerate(report.notes, start=r + 2):
        sheet.cell(note_row, 1, note).font = Font(italic=True, color="5C6B7A")
    for c, (i, _part) in enumerate(layout, start=1):
        kind = report.columns[i].kind
        width = 40 if kind == TEXT and i == 0 else 14 if kind != TEXT else 24
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = sheet.cell(FIRST_ROW + 1, 1)
    _add_chart(sheet, report, layout, last_data_row)
    book.properties.title = report.title
    book.properties.creator = "Samad Desk"
    return workbook_bytes(book, FIRST_ROW)
