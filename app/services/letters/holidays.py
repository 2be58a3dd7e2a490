"""Official holidays: the editable list deadlines in working days skip (Fridays are skipped always).

Iran's official holidays of the current and next Jalali year are loaded from the maintained `holidays`
library (Persian names) on init and at each new year. A year is loaded once and recorded (HolidayYear), so a
supervisor's edits are kept: a day removed stays removed, and a lunar holiday the government announces on
another day is corrected by removing the library's date and adding the announced one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import IntegrityError

from app.db import database
from app.domain import jalali
from app.domain.text import has_control_chars, normalize_line
from app.models import Holiday, HolidayYear, utcnow
from app.services.actor import SYSTEM, Actor, require
from app.services.admin import audit
from app.services.errors import NotFound, ValidationError

MAX_TITLE = 150


@dataclass(frozen=True)
class HolidayInfo:
    id: int
    date: dt.date
    title: str
    source: str = "manual"  # "official" when loaded from the holidays library

    @property
    def official(self) -> bool:
        return self.source == "official"


def _info(row: Holiday) -> HolidayInfo:
    return HolidayInfo(row.id, row.date, row.title, row.source)


def official_holidays(jalali_year: int) -> dict[dt.date, str]:
    """Iran's official holidays of one Jalali year as the `holidays` library gives them, with Persian names
    (several names on one day joined with «، »; lunar dates the library estimates say «تخمینی»)."""
    import holidays as holidays_library  # the PyPI package (this module is app.services.letters.holidays)

    first, _ = jalali.jalali_month_range(jalali_year, 1)
    _, last = jalali.jalali_month_range(jalali_year, 12)
    calendar = holidays_library.country_holidays(
        "IR", years=range(first.year, last.year + 1), language="fa_IR"
    )
    out = {}
    for date, name in sorted(calendar.items()):
        if first <= date <= last:
            names = [normalize_line(n) for n in str(name).replace("؛", ";").split(";") if n.strip()]
            out[date] = "، ".join(dict.fromkeys(names))[:MAX_TITLE]
    return out


def loaded_years() -> list[int]:
    return [row.jalali_year for row in HolidayYear.select().order_by(HolidayYear.jalali_year)]


def load_official_holidays(jalali_year: int) -> int:
    """Add one Jalali year's official holidays, once: a year already loaded is left as the supervisor left it,
    and a day already on the list (typed in by hand) is kept. Returns how many days were added."""
    if HolidayYear.get_or_none(HolidayYear.jalali_year == jalali_year) is not None:
        return 0
    wanted = official_holidays(jalali_year)
    try:
        with database.atomic():
            # the year's mark first: a second PC loading the same year waits here, then stops
            year = HolidayYear.create(jalali_year=jalali_year, loaded_at=utcnow().isoformat(), loaded=0)
            present = holiday_dates(min(wanted, default=dt.date.min), max(wanted, default=dt.date.min))
            rows = [
                {"date": d, "title": t, "source": "official"} for d, t in wanted.items() if d not in present
            ]
            if rows:
                Holiday.insert_many(rows).execute()
                HolidayYear.update(loaded=len(rows)).where(
                    HolidayYear.jalali_year == year.jalali_year
                ).execute()
            audit.record(SYSTEM, "holiday.seed", "holiday", None, year=jalali_year, added=len(rows))
    except IntegrityError:  # another PC loaded the same year at the same moment: its list stands
        return 0
    return len(rows)


def ensure_official_holidays(today: dt.date | None = None) -> dict[int, int]:
    """Load the official holidays of this Jalali year and the next that are not loaded yet (on init and at
    every start, so a new year's list appears by itself). Returns {year: days added} for the years loaded."""
    year = jalali.jalali_year(today or jalali.today_local())
    done = set(loaded_years())
    return {y: load_official_holidays(y) for y in (year, year + 1) if y not in done}


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
    else:
        try:
            jalali.format_jalali(date)
        except ValueError:  # before the Jalali calendar's first year (or past its last)
            errors["date"] = "این روز بیرون از تقویم شمسی است؛ تاریخ درست را وارد کنید."
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
