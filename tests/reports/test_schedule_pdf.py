"""The schedule announcement read back: heading with the governorate, center and Jalali month, a
right-to-left table (date at the right, agency at the left), cancelled slots left out; and many pages."""

import datetime as dt
from io import BytesIO

from pypdf import PdfReader

from app.services.admin import settings
from app.services.schedule import schedule, schedule_export
from tests.app.schedule_data import AZAR, azar, make_officials
from tests.pdf_text import fold, has_phrase, word_boxes, words


def logical(drawn: str) -> str:
    """A drawn (visual order) Persian word back in logical order (for words without the lam-alef ligature,
    which NFKC unfolds in drawn order)."""
    return fold(drawn)[::-1]


def test_announcement_reads_back(supervisor):
    settings.update(supervisor, {"center_name": "مرکز سامد تبریز"})
    a, b, c = make_officials(supervisor, ("احمد امینی", "بهروز بابایی", "جواد (جعفر) جعفری"))
    schedule.generate_rotation(supervisor, *AZAR, [a, b, c], start_time=dt.time(9, 30), minutes=90)
    cancelled = schedule.list_slots(*AZAR)[1]
    schedule.cancel_slot(supervisor, cancelled.id, "سفر")
    pdf = schedule_export.schedule_pdf(*AZAR)
    found = words(pdf)
    for phrase in (
        "استانداری آذربایجان شرقی",
        "مرکز سامد تبریز",
        "برنامه حضور مسئولان در مرکز آذر 1405",
        "تاریخ روز ساعت مسئول سمت دستگاه",
        "احمد امینی",
        "مدیرکل 1",
        "یکشنبه",
        "سه‌شنبه",
        "1405/09/01",
        "09:30 تا 11:00",
        "جعفری",
        "شرکت آب و فاضلاب استان آذربایجان شرقی",
        "صفحه 1 از 1",
    ):
        assert has_phrase(found, phrase), phrase
    assert "1405/09/03" not in found  # the cancelled second slot (3 Azar) is not announced
    # Right to left: on each row the date is to the right of the official, who is right of the agency.
    boxes = [b for b in word_boxes(pdf) if b.page == 0]
    date = next(b for b in boxes if fold(b.text) == "1405/09/01")
    row = [b for b in boxes if abs(b.y_min - date.y_min) < 12]  # the agency cell wraps to two lines
    official = next(b for b in row if logical(b.text) in ("احمد", "امینی"))
    agency = next(b for b in row if logical(b.text) == "شرکت")
    assert date.x_min > official.x_max > agency.x_max


def test_same_data_same_bytes_and_long_month_spans_pages(supervisor):
    ids = make_officials(supervisor)
    schedule.generate_rotation(supervisor, *AZAR, ids, every=1)
    for day in range(1, 31):  # a second slot every day makes the table long
        if azar(day).weekday() != 4:
            schedule.add_slot(supervisor, ids[day % 3], azar(day), dt.time(15), dt.time(16))
    first = schedule_export.schedule_pdf(*AZAR)
    assert first == schedule_export.schedule_pdf(*AZAR)
    pages = len(PdfReader(BytesIO(first)).pages)
    assert pages >= 2
    assert has_phrase(first, f"صفحه 2 از {pages}")


def test_empty_period_says_so(supervisor):
    pdf = schedule_export.schedule_pdf(*AZAR)
    assert has_phrase(pdf, "در این دوره نوبتی در برنامه نیست")
