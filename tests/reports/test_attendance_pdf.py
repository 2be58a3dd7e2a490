"""The attendance report PDF read back: per official and per agency tables with the figures and the total."""

from app.services.schedule import attendance, attendance_export
from tests.app.schedule_data import azar
from tests.app.test_attendance import TODAY, fixed_data  # noqa: F401 (the fixture)
from tests.pdf_text import has_phrase, words


def test_attendance_pdf_reads_back(fixed_data, supervisor):  # noqa: F811
    report = attendance.attendance_report(supervisor, azar(1), azar(14), today=TODAY)
    pdf = attendance_export.attendance_pdf(report)
    found = words(pdf)
    for phrase in (
        "گزارش حضور مسئولان در مرکز",
        "از 1405/09/01 تا 1405/09/14",
        "به تفکیک مسئول",
        "به تفکیک دستگاه",
        "احمد امینی",
        "بهروز بابایی",
        "جواد جعفری",
        "درصد حضور",
        "ساعت حضور",
        "2:00",
        "0:30",
        "3:00",
        "5:30",
        "50٪",
        "75٪",
        "100٪",
        "67٪",
        "جمع",
    ):
        assert has_phrase(found, phrase), phrase


def test_empty_report_says_so(supervisor):
    report = attendance.attendance_report(supervisor, azar(1), azar(14), today=TODAY)
    assert has_phrase(attendance_export.attendance_pdf(report), "در این دوره نوبت یا جلسه‌ای ثبت نشده است")
