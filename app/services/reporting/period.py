"""Report periods typed or picked by a person, checked: each bad date, or an end before the start, is named.

The period itself (Tehran days, their UTC instants and offset changes) is a plain value in app.domain.period.
"""

from __future__ import annotations

import datetime as dt

from app.domain import jalali
from app.domain.period import MAX_DAYS, Period
from app.services.errors import ValidationError


def make_period(
    start: dt.date | None, end: dt.date | None, fields: tuple[str, str] = ("date_from", "date_to")
) -> Period:
    """A period from two dates, refused (naming the field) when a date is missing or the end comes first."""
    errors: dict[str, str] = {}
    if start is None:
        errors[fields[0]] = "آغاز دوره را بنویسید."
    if end is None:
        errors[fields[1]] = "پایان دوره را بنویسید."
    if errors:
        raise ValidationError(errors)
    if end < start:
        raise ValidationError(
            {
                fields[1]: f"پایان دوره ({jalali.format_jalali(end)}) پیش از آغاز آن "
                f"({jalali.format_jalali(start)}) است."
            }
        )
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError({fields[1]: "دوره گزارش بیش از ده سال است؛ دوره کوتاه‌تری بدهید."})
    return Period(start, end)


def parse_period(date_from: str, date_to: str, fields: tuple[str, str] = ("date_from", "date_to")) -> Period:
    """A period from two typed Jalali dates («1405/08/01», «۱۴۰۵/۰۸/۳۰»); each bad date is named."""
    errors: dict[str, str] = {}
    dates: list[dt.date | None] = []
    for field, text, what in ((fields[0], date_from, "آغاز"), (fields[1], date_to, "پایان")):
        try:
            dates.append(jalali.parse_jalali(text or ""))
        except ValueError as exc:
            errors[field] = f"تاریخ {what} دوره: {exc}"
            dates.append(None)
    if errors:
        raise ValidationError(errors)
    return make_period(dates[0], dates[1], fields)
