"""Attendance of officials in the center: slot statuses and the rotation rule, as plain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from app.domain import jalali
from app.domain.text import to_ascii_digits, to_persian_digits

LATE_AFTER_MINUTES = 15  # a check-in later than this after the slot's start is «late»
MIN_SLOT_MINUTES, MAX_SLOT_MINUTES = 15, 12 * 60
MAX_ROTATION_DAYS = 366
THURSDAY = 3  # date.weekday()


class SlotStatus(StrEnum):
    SCHEDULED = "scheduled"  # planned, not happened yet (or not recorded yet)
    ATTENDED = "attended"  # came on time (the session holds the real times)
    LATE = "late"  # came, more than LATE_AFTER_MINUTES after the start
    ABSENT = "absent"  # did not come
    CANCELLED = "cancelled"  # called off beforehand, with a reason


SLOT_STATUS_LABELS = {
    SlotStatus.SCHEDULED: "در برنامه",
    SlotStatus.ATTENDED: "حاضر",
    SlotStatus.LATE: "با تأخیر",
    SlotStatus.ABSENT: "غایب",
    SlotStatus.CANCELLED: "لغوشده",
}
FINAL_STATUSES = frozenset({SlotStatus.ATTENDED, SlotStatus.LATE, SlotStatus.ABSENT, SlotStatus.CANCELLED})


class ConflictKind(StrEnum):
    FRIDAY = "friday"  # a slot on the weekly holiday
    HOLIDAY = "holiday"  # a slot on a listed official holiday
    PARALLEL = "parallel"  # two officials in the center at the same time (when that is not allowed)
    OVERLAP = "overlap"  # one official in two overlapping slots


CONFLICT_LABELS = {
    ConflictKind.FRIDAY: "نوبت در روز جمعه",
    ConflictKind.HOLIDAY: "نوبت در روز تعطیل",
    ConflictKind.PARALLEL: "دو مسئول در یک زمان",
    ConflictKind.OVERLAP: "نوبت‌های هم‌پوشان یک مسئول",
}


def rotation_dates(
    start: dt.date,
    end: dt.date,
    holidays: Iterable[dt.date] = (),
    every: int = 2,
    skip_thursdays: bool = False,
) -> list[dt.date]:
    """The days of a rotation: every `every`-th working day from `start` to `end`, both included.

    Working days skip Fridays and the listed holidays (and Thursdays when asked); counting starts at the
    first working day of the period, so every=2 gives the 1st, 3rd, 5th... working day.
    """
    off = set(holidays)
    days = []
    current = start
    while current <= end:
        if jalali.is_working_day(current, off) and not (skip_thursdays and current.weekday() == THURSDAY):
            days.append(current)
        current += dt.timedelta(days=1)
    return days[::every]


def add_minutes(t: dt.time, minutes: int) -> dt.time | None:
    """t moved by minutes on the same day, or None if that passes midnight."""
    total = t.hour * 60 + t.minute + minutes
    if not 0 <= total < 24 * 60:
        return None
    return dt.time(total // 60, total % 60)


def minutes_between(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def overlaps(a_start: dt.time, a_end: dt.time, b_start: dt.time, b_end: dt.time) -> bool:
    """Two time ranges on one day overlap (touching ends do not)."""
    return a_start < b_end and b_start < a_end


def parse_time(text: str) -> dt.time:
    """«9», «09:30», «۹:۳۰» → a time; ValueError with a Persian message otherwise."""
    clean = to_ascii_digits(str(text or "")).strip().replace("٫", ":").replace(".", ":")
    parts = clean.split(":")
    try:
        if len(parts) == 1:
            hour, minute = int(parts[0]), 0
        elif len(parts) == 2:
            hour, minute = int(parts[0]), int(parts[1])
        else:
            raise ValueError
        return dt.time(hour, minute)
    except ValueError:
        raise ValueError("ساعت را به شکل ۱۰:۳۰ بنویسید.") from None


def format_time(t: dt.time, digits: str = "fa") -> str:
    text = f"{t.hour:02d}:{t.minute:02d}"
    return to_persian_digits(text) if digits == "fa" else text


def format_hours(t_start: dt.time, t_end: dt.time, digits: str = "fa") -> str:
    """«۱۰:۰۰ تا ۱۱:۰۰»."""
    return f"{format_time(t_start, digits)} تا {format_time(t_end, digits)}"


def effective_status(status: str, day: dt.date, today: dt.date) -> SlotStatus:
    """A slot still «scheduled» on a day already past counts as absent (nobody checked in)."""
    status = SlotStatus(status)
    if status == SlotStatus.SCHEDULED and day < today:
        return SlotStatus.ABSENT
    return status


def format_duration(minutes: int | None, digits: str = "fa") -> str:
    """Hours and minutes: 330 → «۵:۳۰»; None → «—»."""
    if minutes is None:
        return "—"
    text = f"{minutes // 60}:{minutes % 60:02d}"
    return to_persian_digits(text) if digits == "fa" else text


def format_percent(ratio: float | None, digits: str = "fa") -> str:
    """0.75 → «۷۵٪»; None (nothing was due) → «—»."""
    if ratio is None:
        return "—"
    text = f"{round(ratio * 100)}"
    return (to_persian_digits(text) if digits == "fa" else text) + "٪"
