"""Report periods: Jalali days chosen by a person, turned into the naive UTC instants the database stores.

A period is a run of whole Tehran days, both ends included. Timestamps are stored as naive UTC, so a
Tehran day is the half-open UTC range [local midnight, next local midnight). Iran has kept +03:30 all
year since 2022; earlier years moved to +04:30 in summer. `segments()` splits a period where the offset
changes, so grouping by local day or hour shifts each stored instant by the offset in force at that time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain import jalali

MAX_DAYS = 3700  # about ten years: longer periods are a typing mistake, and would make huge tables
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Segment:
    """A stretch of UTC time [since, until) over which Tehran's offset from UTC is `offset_minutes`."""

    since: dt.datetime
    until: dt.datetime
    offset_minutes: int


def local_midnight_utc(day: dt.date) -> dt.datetime:
    """The naive UTC instant of Tehran midnight at the start of `day`."""
    local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=jalali.TEHRAN)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _offset_minutes(utc: dt.datetime) -> int:
    offset = utc.replace(tzinfo=dt.UTC).astimezone(jalali.TEHRAN).utcoffset()
    return int(offset.total_seconds() // 60)


def _first_change(low: dt.datetime, high: dt.datetime, before: int) -> dt.datetime:
    """The first whole minute in (low, high] whose offset differs from `before`, given that high's does.
    low and high are whole minutes (local midnights), and offsets change on whole minutes."""
    while high - low > dt.timedelta(minutes=1):
        mid = (low + (high - low) / 2).replace(second=0, microsecond=0)
        if _offset_minutes(mid) == before:
            low = mid
        else:
            high = mid
    return high


def utc_segments(since: dt.datetime, until: dt.datetime) -> list[Segment]:
    """[since, until) split where Tehran's UTC offset changes (at most twice a year, none since 2022)."""
    segments: list[Segment] = []
    start, current = since, _offset_minutes(since)
    probe = since
    while probe < until:
        nxt = min(probe + _DAY, until)
        if nxt < until and _offset_minutes(nxt) != current:
            change = _first_change(probe, nxt, current)
            segments.append(Segment(start, change, current))
            start, current = change, _offset_minutes(change)
        probe = nxt
    segments.append(Segment(start, until, current))
    return segments


@dataclass(frozen=True)
class Period:
    """Tehran days `start`..`end`, both included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def since(self) -> dt.datetime:
        """Naive UTC instant the period starts (inclusive)."""
        return local_midnight_utc(self.start)

    @property
    def until(self) -> dt.datetime:
        """Naive UTC instant the period ends (exclusive): Tehran midnight after the last day."""
        return local_midnight_utc(self.end + _DAY)

    def segments(self) -> list[Segment]:
        return utc_segments(self.since, self.until)

    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.days)]

    @property
    def label(self) -> str:
        """«از ۱۴۰۵/۰۸/۰۱ تا ۱۴۰۵/۰۸/۳۰», or «ماه آبان ۱۴۰۵» for a whole Jalali month."""
        month = self.jalali_month()
        if month:
            return f"{jalali.month_name(month[1])} {jalali.format_jalali(self.start)[:4]}"
        if self.start == self.end:
            return jalali.format_jalali(self.start)
        return f"از {jalali.format_jalali(self.start)} تا {jalali.format_jalali(self.end)}"

    @property
    def label_en(self) -> str:
        """ASCII label for file names and logs: 1405-08-01_1405-08-30."""
        return (
            f"{jalali.format_jalali(self.start, 'en').replace('/', '-')}_"
            f"{jalali.format_jalali(self.end, 'en').replace('/', '-')}"
        )

    def jalali_month(self) -> tuple[int, int] | None:
        """(year, month) when the period is exactly one Jalali month, else None."""
        j = jalali.to_jalali(self.start)
        first, last = jalali.jalali_month_range(j.year, j.month)
        return (j.year, j.month) if (first, last) == (self.start, self.end) else None

    def previous(self) -> Period:
        """The period just before: the previous Jalali month for a month, else as many days just before."""
        month = self.jalali_month()
        if month:
            year, number = month
            year, number = (year - 1, 12) if number == 1 else (year, number - 1)
            return jalali_month(year, number)
        return Period(self.start - dt.timedelta(days=self.days), self.start - _DAY)


def jalali_month(year: int, month: int) -> Period:
    first, last = jalali.jalali_month_range(year, month)
    return Period(first, last)


def month_of(day: dt.date) -> Period:
    j = jalali.to_jalali(day)
    return jalali_month(j.year, j.month)


def last_days(n: int, today: dt.date | None = None) -> Period:
    """The n days ending today (Tehran)."""
    today = today or jalali.today_local()
    return Period(today - dt.timedelta(days=n - 1), today)
