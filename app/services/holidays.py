"""Official holidays: the editable list deadlines in working days skip (Fridays are skipped always)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.db import database
from app.domain import jalali
from app.domain.text import has_control_chars, normalize_line
from app.models import Holiday
from app.services import audit
from app.services.actor import Actor, require
from app.services.errors import NotFound, ValidationError

MAX_TITLE = 150


@dataclass(frozen=True)
class HolidayInfo:
    id: int
    date: dt.date
    title: str


def _info(row: Holiday) -> HolidayInfo:
    return HolidayInfo(row.id, row.date, row.title)


def list_holidays(jalali_year: int | None = None) -> list[HolidayInfo]:
    """All holidays in date order, or those of one Jalali year."""
    query = Holiday.select().order_by(Holiday.date)
    if jalali_year:
        first, _ = jalali.jalali_month_range(jalali_year, 1)
        _, last = jalali.jalali_month_range(jalali_year, 12)
        query = query.where((Holiday.date >= first) & (Holiday.date <= last))
    return [_info(h) for h in query]


def holiday_titles(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """The holidays between two dates (inclusive) with their names, for messages and the schedule."""
    query = Holiday.select(Holiday.date, Holiday.title).where((Holiday.date >= start) & (Holiday.date <= end))
    return {h.date: h.title for h in query}


def holiday_dates(start: dt.date, end: dt.date) -> set[dt.date]:
    """The holidays between two dates (inclusive), for working-day arithmetic."""
    return set(holiday_titles(start, end))


def due_date(start: dt.date, days: int, working_days: bool) -> dt.date:
    """`days` calendar days after start, or `days` working days (skipping Fridays and holidays)."""
    if not working_days:
        return jalali.add_days(start, days)
    # A generous window: every week has at most one Friday, and holidays are few.
    holidays = holiday_dates(start, start + dt.timedelta(days=days * 2 + 60))
    return jalali.add_days(start, days, working_days=True, holidays=holidays)


def add_holiday(actor: Actor, date: dt.date, title: str) -> HolidayInfo:
    require(actor, "manage_reference")
    errors = {}
    if not isinstance(date, dt.date):
        errors["date"] = "تاریخ تعطیلی را وارد کنید."
    if has_control_chars(title or ""):
        errors["title"] = "عنوان نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."
    clean = normalize_line(title or "")
    if not clean and "title" not in errors:
        errors["title"] = "عنوان تعطیلی را بنویسید (مثلاً عید نوروز)."
    elif len(clean) > MAX_TITLE:
        errors["title"] = f"عنوان بیش از {MAX_TITLE} نویسه است."
    if not errors and Holiday.select().where(Holiday.date == date).exists():
        errors["date"] = f"روز {jalali.format_jalali(date)} پیش‌تر در فهرست تعطیلی‌ها هست."
    if errors:
        raise ValidationError(errors)
    with database.atomic():
        row = Holiday.create(date=date, title=clean)
        audit.record(actor, "holiday.add", "holiday", row.id, date=date, title=clean)
    return _info(row)


def remove_holiday(actor: Actor, holiday_id: int) -> None:
    require(actor, "manage_reference")
    with database.atomic():
        row = Holiday.get_or_none(Holiday.id == holiday_id)
        if row is None:
            raise NotFound("این روز تعطیل دیگر در فهرست نیست.")
        Holiday.delete().where(Holiday.id == row.id).execute()
        audit.record(actor, "holiday.remove", "holiday", row.id, date=row.date, title=row.title)
