"""The Excel files read back with openpyxl: right-to-left sheets, real dates and times, the same rows as the
PDF; and the attendance report as CSV and text."""

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from app.services.schedule import attendance, attendance_export, schedule, schedule_export
from tests.app.schedule_data import AZAR, azar, make_officials
from tests.app.test_attendance import TODAY, fixed_data  # noqa: F401 (the fixture)


def test_schedule_workbook(supervisor):
    a, b, c = make_officials(supervisor)
    schedule.generate_rotation(supervisor, *AZAR, [a, b, c], start_time=dt.time(9, 30), minutes=90)
    schedule.cancel_slot(supervisor, schedule.list_slots(*AZAR)[1].id, "سفر")
    book = load_workbook(io.BytesIO(schedule_export.schedule_xlsx(*AZAR)))
    sheet = book.active
    assert sheet.sheet_view.rightToLeft is True
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("ردیف", "تاریخ", "روز", "از ساعت", "تا ساعت", "مسئول", "سمت", "دستگاه", "تاریخ (متن)")
    assert len(rows) == 1 + 12  # 13 slots, one cancelled
    first = rows[1]
    assert first[1] == dt.datetime(2026, 11, 22) and sheet["B2"].is_date  # a real date, not text
    assert sheet["B2"].number_format == schedule_export.JALALI_DATE_FORMAT
    assert (first[2], first[3], first[4]) == ("یکشنبه", dt.time(9, 30), dt.time(11, 0))
    assert first[5] == "احمد امینی" and "آب و فاضلاب" in first[7] and first[8] == "1405/09/01"
    assert rows[2][8] == "1405/09/05"  # 3 Azar was cancelled
    assert book.properties.title == "برنامه حضور مسئولان — آذر ۱۴۰۵"


def test_period_titles():
    assert schedule_export.period_title(*AZAR) == "آذر ۱۴۰۵"
    assert schedule_export.period_title(azar(1), azar(14)) == "از ۱۴۰۵/۰۹/۰۱ تا ۱۴۰۵/۰۹/۱۴"


def test_attendance_workbook_csv_and_text(fixed_data, supervisor):  # noqa: F811
    a, b, c = fixed_data
    report = attendance.attendance_report(supervisor, azar(1), azar(14), today=TODAY)
    book = load_workbook(io.BytesIO(attendance_export.attendance_xlsx(report)))
    assert book.sheetnames == ["به تفکیک مسئول", "به تفکیک دستگاه"]
    officials_sheet = book["به تفکیک مسئول"]
    assert officials_sheet.sheet_view.rightToLeft
    rows = list(officials_sheet.iter_rows(values_only=True))
    by_name = {r[0]: r for r in rows[1:]}
    #            sch att late abs cnc pend hours sessions calls orders compliance
    assert by_name["احمد امینی"][3:] == (2, 1, 0, 1, 1, 0, 2, 2, 3, 1, 0.5)
    assert by_name["جمع"][3:] == (7, 3, 1, 2, 1, 1, 5.5, 5, 4, 3, 0.6667)
    agencies = list(book["به تفکیک دستگاه"].iter_rows(values_only=True))
    assert agencies[-1][:3] == ("جمع", 3, 7)
    text = attendance_export.attendance_csv(report).decode("utf-8")
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed[0][0] == "مسئول" and parsed[-1][0] == "جمع" and len(parsed) == 1 + 3 + 1
    plain = attendance_export.attendance_text(report)
    assert "جواد جعفری" in plain and "3:00" in plain and "67٪" in plain
