"""Tests for app.domain.jalali: conversion, formatting and working-day arithmetic."""

from datetime import UTC, date, datetime, timedelta, timezone

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.jalali import (
    TEHRAN,
    add_days,
    format_jalali,
    format_jalali_datetime,
    format_jalali_long,
    from_jalali,
    is_friday,
    is_working_day,
    jalali_month_range,
    jalali_year,
    month_name,
    now_utc,
    parse_jalali,
    to_jalali,
    today_local,
    weekday_name,
    working_days_between,
)

TODAY = date(2026, 11, 29)  # ۸ آذر ۱۴۰۵, a Sunday


def test_reference_day() -> None:
    j = to_jalali(TODAY)
    assert (j.year, j.month, j.day) == (1405, 9, 8)
    assert format_jalali(TODAY) == "۱۴۰۵/۰۹/۰۸"
    assert format_jalali(TODAY, digits="en") == "1405/09/08"
    assert format_jalali_long(TODAY) == "۸ آذر ۱۴۰۵"
    assert weekday_name(TODAY) == "یکشنبه"
    assert jalali_year(TODAY) == 1405
    assert from_jalali(1405, 9, 8) == TODAY


def test_weekday_names() -> None:
    saturday = date(2026, 11, 28)
    names = [weekday_name(saturday + timedelta(days=i)) for i in range(7)]
    assert names == ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنج‌شنبه", "جمعه"]
    assert is_friday(saturday + timedelta(days=6))
    assert not is_friday(saturday)


def test_leap_year_end() -> None:
    assert to_jalali(from_jalali(1403, 12, 30)) == jdatetime.date(1403, 12, 30)
    with pytest.raises(ValueError) as info:
        from_jalali(1405, 12, 31)
    assert str(info.value) == "تاریخ ۱۴۰۵/۱۲/۳۱ وجود ندارد."
    with pytest.raises(ValueError):
        from_jalali(1405, 13, 1)
    with pytest.raises(ValueError):
        from_jalali(1405, 7, 31)  # the second half of the year has 30-day months


@pytest.mark.parametrize(
    "text", ["1405/09/08", "۱۴۰۵/۰۹/۰۸", "1405-9-8", " ۱۴۰۵/۹/۸ ", "\u200f1405/09/08", "1405.09.08"]
)
def test_parse_jalali(text: str) -> None:
    assert parse_jalali(text) == TODAY


@pytest.mark.parametrize("text", ["", "1405", "08/09/1405", "1405/09/08/1", "۱۴۰۵ آذر ۸", "abcd/ef/gh"])
def test_parse_jalali_rejects_bad_shapes(text: str) -> None:
    with pytest.raises(ValueError, match="وارد کنید"):
        parse_jalali(text)


def test_parse_jalali_rejects_missing_day() -> None:
    with pytest.raises(ValueError, match="وجود ندارد"):
        parse_jalali("1405/12/31")


def test_format_datetime_converts_utc_to_tehran() -> None:
    aware = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)
    assert format_jalali_datetime(aware) == "۱۴۰۵/۰۹/۰۸ ۱۴:۳۰"
    assert format_jalali_datetime(aware, digits="en") == "1405/09/08 14:30"
    naive = datetime(2026, 11, 29, 11, 0)  # the database stores naive UTC
    assert format_jalali_datetime(naive) == "۱۴۰۵/۰۹/۰۸ ۱۴:۳۰"
    late = datetime(2026, 11, 28, 21, 0, tzinfo=UTC)  # 00:30 on the 29th in Tehran
    assert format_jalali(late) == "۱۴۰۵/۰۹/۰۸"
    assert weekday_name(late) == "یکشنبه"


def test_format_rejects_unknown_digits() -> None:
    with pytest.raises(ValueError):
        format_jalali(TODAY, digits="xx")


def test_month_names_and_ranges() -> None:
    assert month_name(1) == "فروردین"
    assert month_name(12) == "اسفند"
    assert jalali_month_range(1405, 9) == (date(2026, 11, 22), date(2026, 12, 21))
    assert jalali_month_range(1405, 1)[0] == date(2026, 3, 21)
    first, last = jalali_month_range(1403, 12)
    assert to_jalali(last).day == 30
    first, last = jalali_month_range(1405, 12)
    assert to_jalali(last).day == 29
    assert last + timedelta(days=1) == from_jalali(1406, 1, 1)


def test_clock_helpers() -> None:
    now = now_utc()
    assert now.utcoffset() == timedelta(0)
    tehran_now = datetime.now(timezone(timedelta(hours=3, minutes=30)))
    assert abs(today_local() - tehran_now.date()) <= timedelta(days=1)
    assert datetime(2026, 6, 1, tzinfo=TEHRAN).utcoffset() == timedelta(hours=3, minutes=30)


# --- working days -------------------------------------------------------------------------


def test_add_calendar_days() -> None:
    assert add_days(TODAY, 7, working_days=False, holidays=set()) == date(2026, 12, 6)
    assert add_days(TODAY, -1, False, set()) == date(2026, 11, 28)


def test_add_working_days_skips_fridays() -> None:
    # Sunday 1405/09/08 + 5 working days: Mon, Tue, Wed, Thu (working), [Fri skipped], Sat.
    assert add_days(TODAY, 5, True, set()) == date(2026, 12, 5)
    assert add_days(TODAY, 4, True, set()) == date(2026, 12, 3)  # Thursday counts
    assert add_days(TODAY, 0, True, set()) == TODAY


def test_add_working_days_skips_holidays() -> None:
    holidays = {date(2026, 12, 1), date(2026, 12, 5)}  # a Tuesday and a Saturday
    # Mon 30, [Tue 1 holiday], Wed 2, Thu 3, [Fri 4], [Sat 5 holiday], Sun 6, Mon 7.
    assert add_days(TODAY, 5, True, holidays) == date(2026, 12, 7)
    assert add_days(date(2026, 12, 7), -5, True, holidays) == TODAY


def test_working_days_between() -> None:
    holidays = {date(2026, 12, 1)}
    assert working_days_between(TODAY, TODAY, holidays) == 0
    assert working_days_between(TODAY, date(2026, 12, 6), set()) == 6
    assert working_days_between(TODAY, date(2026, 12, 6), holidays) == 5
    assert working_days_between(date(2026, 12, 6), TODAY, holidays) == -5
    assert not is_working_day(date(2026, 12, 4))
    assert not is_working_day(date(2026, 12, 1), holidays)
    assert is_working_day(date(2026, 12, 3), holidays)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 12, 31)),
    st.integers(min_value=0, max_value=60),
    st.sets(st.dates(min_value=date(2000, 1, 1), max_value=date(2051, 12, 31)), max_size=20),
)
def test_add_days_and_between_agree(start: date, n: int, holidays: set[date]) -> None:
    end = add_days(start, n, True, holidays)
    assert working_days_between(start, end, holidays) == n
    if n:
        assert is_working_day(end, holidays)


@given(st.dates(min_value=date(1922, 3, 21), max_value=date(2100, 12, 31)))
def test_round_trip(d: date) -> None:
    j = to_jalali(d)
    assert from_jalali(j.year, j.month, j.day) == d
    assert parse_jalali(format_jalali(d)) == d


def test_month_weeks_are_saturday_first():
    from app.domain import jalali

    start, end = jalali.jalali_month_range(1405, 9)  # 1 Azar is a Sunday, 30 Azar a Monday
    weeks = jalali.month_weeks(start, end)
    assert weeks[0][:2] == [None, start] and weeks[-1][2] == end and weeks[-1][3:] == [None] * 4
    assert [d for w in weeks for d in w if d] == [start + timedelta(days=i) for i in range(30)]
    assert jalali.SATURDAY_FIRST[0] == "شنبه" and jalali.SATURDAY_FIRST[6] == "جمعه"
    assert all(jalali.is_friday(w[6]) for w in weeks if w[6])
