"""The schedule announcement as a PDF (to post and send in advance) and as an Excel file."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from app.domain import jalali
from app.services.admin import settings
from app.services.schedule.schedule import SlotInfo, list_slots
from app.services.xlsx_print import workbook_bytes
from reports.schedule_pdf import render_schedule
from reports.tabular import Heading

# Excel shows a real date in the Persian (Jalali) calendar with this format (calendar type 0x16);
# a program that does not know it still holds a real date, and the text column beside it reads the same.
JALALI_DATE_FORMAT = "[$-fa-IR,16]yyyy/mm/dd;@"
NOTE = (
    "مسئولان در روزها و ساعت‌های بالا در مرکز ارتباطات مردمی حاضرند و تماس شهروندان با سامانه ۱۱۱ "
    "را خود پاسخ می‌دهند."
)


def period_title(start: dt.date, end: dt.date) -> str:
    """«آذر ۱۴۰۵» for a whole Jalali month, else «از ۱۴۰۵/۰۹/۰۱ تا ۱۴۰۵/۰۹/۱۴»."""
    j = jalali.to_jalali(start)
    if (start, end) == jalali.jalali_month_range(j.year, j.month):
        return jalali.format_jalali_long(start).split(" ", 1)[1]
    return f"از {jalali.format_jalali(start)} تا {jalali.format_jalali(end)}"


def announced_slots(start: dt.date, end: dt.date) -> list[SlotInfo]:
    """The slots the announcement lists: every one not cancelled, in date and hour order."""
    return list_slots(start, end, include_cancelled=False)


def heading(title: str, subtitle: str = "") -> Heading:
    values = settings.get_all()
    return Heading(
        values["governorate_name"],
        values["center_name"],
        title,
        subtitle,
        jalali.format_jalali(jalali.today_local()),
    )


def schedule_pdf(start: dt.date, end: dt.date) -> bytes:
    title = f"برنامه حضور مسئولان در مرکز — {period_title(start, end)}"
    return render_schedule(announced_slots(start, end), heading(title), NOTE)


def schedule_workbook(start: dt.date, end: dt.date) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "برنامه حضور"
    sheet.sheet_view.rightToLeft = True
    book.properties.title = f"برنامه حضور مسئولان — {period_title(start, end)}"
    book.properties.creator = settings.get("center_name")
    headers = ["ردیف", "تاریخ", "روز", "از ساعت", "تا ساعت", "مسئول", "سمت", "دستگاه", "تاریخ (متن)"]
    sheet.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E6E6E6")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
    for n, s in enumerate(announced_slots(start, end), 1):
        sheet.append(
            [
                n,
                s.date,
                s.weekday,
                s.start_time,
                s.end_time,
                s.official_name,
                s.official_title,
                s.agency_name,
                jalali.format_jalali(s.date, digits="en"),
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 2).number_format = JALALI_DATE_FORMAT
        sheet.cell(row, 4).number_format = "hh:mm"
        sheet.cell(row, 5).number_format = "hh:mm"
    for column, width in zip("ABCDEFGHI", (6, 13, 11, 9, 9, 24, 38, 44, 13), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return book


def schedule_xlsx(start: dt.date, end: dt.date) -> bytes:
    return workbook_bytes(schedule_workbook(start, end), 1)
