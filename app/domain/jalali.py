"""Jalali (Solar Hijri) dates: the one conversion module for all non-Qt code.

The database holds Gregorian dates and aware UTC timestamps; these helpers turn them into the
Jalali dates shown and printed, in Tehran local time.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

import jdatetime

from app.domain.text import to_ascii_digits, to_persian_digits


def _tehran_tz() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Tehran")
    except (ImportError, KeyError, OSError, ValueError):
        # tzdata missing (Windows without the tzdata package).
        # Iran has kept +03:30 all year since 2022 (no daylight saving time).
        return timezone(timedelta(hours=3, minutes=30), "+0330")


TEHRAN = _tehran_tz()

MONTH_NAMES = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip

# Indexed by Python's date.weekday(): Monday == 0 ... Sunday == 6.
WEEKDAY_NAMES = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنج‌شنبه", "جمعه", "شنبه", "یکشنبه")

_FRIDAY = 4
_DATE_INPUT = re.compile(r"([0-9]{4})[/\-.]([0-9]{1,2})[/\-.]([0-9]{1,2})", re.ASCII)


def now_utc() -> datetime:
    """Return the current time as an aware UTC datetime (the form stored in the database)."""
    return datetime.now(UTC)


def today_local() -> date:
    """Return today's date in Tehran."""
    return datetime.now(TEHRAN).date()


def to_local(dt: datetime) -> datetime:
    """Return dt in Tehran local time. Naive datetimes are UTC: the database stores naive UTC."""
    return (dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt).astimezone(TEHRAN)


def _as_date(d: date | datetime) -> date:
    return to_local(d).date() if isinstance(d, datetime) else d


def _digits(s: str, digits: str) -> str:
    if digits == "fa":
        return to_persian_digits(s)
    if digits == "en":
        return s
    raise ValueError(f"digits must be 'fa' or 'en', not {digits!r}")


def to_jalali(d: date | datetime) -> jdatetime.date:
    """Return the Jalali date of d (a datetime is first taken to Tehran local time)."""
    return _jalali_of(_as_date(d))


@functools.lru_cache(maxsize=4096)
def _jalali_of(day: date) -> jdatetime.date:
    # jdatetime's conversion checks the locale on every call: a report or the demo converts the same few
    # hundred days millions of times
    return jdatetime.date.fromgregorian(date=day)


def from_jalali(year: int, month: int, day: int) -> date:
    """Return the Gregorian date of a Jalali date; ValueError if that date does not exist."""
    try:
        return jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError, TypeError):
        text = to_persian_digits(f"{year:04d}/{month:02d}/{day:02d}")
        raise ValueError(f"تاریخ {text} وجود ندارد.") from None


def parse_jalali(s: str) -> date:
    """Parse a typed Jalali date such as "1405/09/08", "۱۴۰۵/۰۹/۰۸" or "1405-9-8"."""
    text = "".join(c for c in to_ascii_digits(s) if unicodedata.category(c) != "Cf").strip()
    m = _DATE_INPUT.fullmatch(text)
    if not m:
        raise ValueError("تاریخ را به شکل ۱۴۰۵/۰۹/۰۸ وارد کنید.")
    return from_jalali(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def format_jalali(d: date | datetime, digits: str = "fa") -> str:
    """Return "۱۴۰۵/۰۹/۰۸" (digits="en" gives "1405/09/08")."""
    j = to_jalali(d)
    return _digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}", digits)


def format_jalali_long(d: date | datetime, digits: str = "fa") -> str:
    """Return "۸ آذر ۱۴۰۵"."""
    j = to_jalali(d)
    return _digits(f"{j.day} {MONTH_NAMES[j.month - 1]} {j.year}", digits)


def format_jalali_datetime(dt: datetime, digits: str = "fa") -> str:
    """Return "۱۴۰۵/۰۹/۰۸ ۱۴:۳۰" in Tehran local time (naive datetimes are UTC, as stored)."""
    local = to_local(dt)
    return f"{format_jalali(local, digits)} {_digits(f'{local.hour:02d}:{local.minute:02d}', digits)}"


def weekday_name(d: date | datetime) -> str:
    """Return the Persian weekday name (شنبه ... جمعه)."""
    return WEEKDAY_NAMES[_as_date(d).weekday()]


SATURDAY_FIRST = tuple(WEEKDAY_NAMES[(i + 5) % 7] for i in range(7))  # شنبه … جمعه


def week_column(d: date | datetime) -> int:
    """The day's column in a Persian week: Saturday 0 … Friday 6."""
    return (_as_date(d).weekday() - 5) % 7


def month_weeks(start: date, end: date) -> list[list[date | None]]:
    """The days from start to end as Saturday-first weeks of seven (None before the first and after the
    last day): the rows of a Persian calendar page."""
    weeks: list[list[date | None]] = []
    week: list[date | None] = [None] * week_column(start)
    day = start
    while day <= end:
        week.append(day)
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += timedelta(days=1)
    if week:
        weeks.append(week + [None] * (7 - len(week)))
    return weeks


def month_name(month: int) -> str:
    """Return the Persian name of a Jalali month (1 = فروردین)."""
    if not 1 <= month <= 12:
        raise ValueError(f"ماه {to_persian_digits(str(month))} وجود ندارد.")
    return MONTH_NAMES[month - 1]


def jalali_year(d: date | datetime) -> int:
    """Return the Jalali year of d (e.g. 1405)."""
    return to_jalali(d).year


def jalali_month_range(year: int, month: int) -> tuple[date, date]:
    """Return the first and last Gregorian dates of a Jalali month."""
    first = from_jalali(year, month, 1)
    nxt = from_jalali(year + 1, 1, 1) if month == 12 else from_jalali(year, month + 1, 1)
    return first, nxt - timedelta(days=1)


# --- working days -------------------------------------------------------------------------
# Friday is the weekly holiday; Thursday counts as a working day. Official holidays come from an
# editable list passed in by the caller.


def is_friday(d: date | datetime) -> bool:
    """True if d is a Friday (جمعه)."""
    return _as_date(d).weekday() == _FRIDAY


def is_working_day(d: date, holidays: Iterable[date] = ()) -> bool:
    """True unless d is a Friday or in holidays."""
    return not is_friday(d) and d not in set(holidays)


def add_days(start: date, n: int, working_days: bool = False, holidays: Iterable[date] = ()) -> date:
    """Return start moved by n days; with working_days, count only working days.

    With working_days the result is the n-th working day after start (before it when n < 0);
    n == 0 returns start unchanged.
    """
    if not working_days:
        return start + timedelta(days=n)
    off = set(holidays)
    step = timedelta(days=1 if n >= 0 else -1)
    current, left = start, abs(n)
    while left:
        current += step
        if current.weekday() != _FRIDAY and current not in off:
            left -= 1
    return current


def working_days_between(a: date, b: date, holidays: Iterable[date] = ()) -> int:
    """Count the working days after a up to and including b (negative when b is before a)."""
    if b < a:
        return -working_days_between(b, a, holidays)
    off = set(holidays)
    count = 0
    current = a
    while current < b:
        current += timedelta(days=1)
        if current.weekday() != _FRIDAY and current not in off:
            count += 1
    return count
