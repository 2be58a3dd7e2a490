"""How numbers and dates look on screen: Persian digits, Jalali dates (via app.domain.jalali)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit

from app.domain import jalali
from app.domain.text import to_persian_digits
from ui.theme import PERSIAN


def number(value: int | float) -> str:
    """Grouped Persian digits for counts: ۱٬۲۳۴."""
    return PERSIAN.toString(value)


def ident(value) -> str:
    """Identifiers (phones, codes, letter numbers): Persian digits, no grouping."""
    return to_persian_digits("" if value is None else str(value))


def date(value: dt.date | None) -> str:
    return jalali.format_jalali(value) if value else ""


def date_long(value: dt.date | None) -> str:
    return jalali.format_jalali_long(value) if value else ""


def datetime(value: dt.datetime | None) -> str:
    return jalali.format_jalali_datetime(value) if value else ""


def jalali_date_edit(parent=None, value: dt.date | None = None) -> QDateEdit:
    """The one factory for date inputs: a Jalali calendar popup showing Persian digits."""
    from PySide6.QtCore import QCalendar

    edit = QDateEdit(parent)
    edit.setCalendar(QCalendar(QCalendar.System.Jalali))
    edit.setCalendarPopup(True)
    edit.calendarWidget().setLocale(PERSIAN)
    edit.setLocale(PERSIAN)
    # In a right-to-left layout QDateEdit mirrors its sections (۰۸/۰۹/۱۴۰۵) when the format is set; a date
    # reads like every other date on screen and on paper, year at the left (۱۴۰۵/۰۹/۰۸).
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setDisplayFormat("yyyy/MM/dd")
    edit.setDate(QDate(value or jalali.today_local()))
    return edit


def to_date(edit: QDateEdit) -> dt.date:
    return edit.date().toPython()


def ltr(text: str) -> str:
    """Isolate a left-to-right run (a path, a URL, a pattern) inside Persian text so it is not reordered."""
    return "\u2066" + text + "\u2069"
