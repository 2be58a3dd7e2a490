"""Generating the rotation: every other working day over a Jalali month, Fridays and holidays skipped,
officials taking turns; bad input refused with nothing saved."""

import datetime as dt

import pytest

from app.domain.attendance import rotation_dates
from app.models import AttendanceSlot, AuditEntry, Holiday
from app.services.errors import PermissionDenied, ValidationError
from app.services.schedule import officials, schedule
from tests.app.schedule_data import AZAR, azar, make_officials


def days_of(slots):
    return [int(jalali_day(s.date)) for s in slots]


def jalali_day(d):
    from app.domain import jalali

    return jalali.to_jalali(d).day


def test_rotation_dates_pure_rule():
    start, end = AZAR
    assert [jalali_day(d) for d in rotation_dates(start, end, {azar(10)}, every=2)] == [
        1,
        3,
        5,
        8,
        11,
        14,
        16,
        18,
        21,
        23,
        25,
        28,
        30,
    ]
    every_day = rotation_dates(start, end, (), every=1)
    assert len(every_day) == 26 and all(d.weekday() != 4 for d in every_day)
    no_thursdays = rotation_dates(start, end, (), every=1, skip_thursdays=True)
    assert len(no_thursdays) == 26 - 4  # the Thursdays of Azar 1405: 5, 12, 19, 26
    assert all(d.weekday() != 3 for d in no_thursdays)


def test_every_other_working_day_over_azar_with_fridays_and_a_holiday(supervisor):
    Holiday.create(date=azar(10), title="تعطیل استانی")
    a, b, c = make_officials(supervisor)
    result = schedule.generate_rotation(supervisor, *AZAR, [a, b, c], start_time=dt.time(10, 0), minutes=60)
    assert days_of(result.slots) == [1, 3, 5, 8, 11, 14, 16, 18, 21, 23, 25, 28, 30]
    assert [s.official_id for s in result.slots] == [a, b, c] * 4 + [a]
    assert all(s.date.weekday() != 4 for s in result.slots)  # no Friday
    assert azar(10) not in {s.date for s in result.slots}
    assert all((s.start_time, s.end_time) == (dt.time(10), dt.time(11)) for s in result.slots)
    assert all(s.status == "scheduled" for s in result.slots)
    assert (azar(10), "تعطیل: تعطیل استانی") in result.skipped
    assert AttendanceSlot.select().count() == 13
    assert schedule.find_conflicts(*AZAR) == []
    assert AuditEntry.select().where(AuditEntry.action == "schedule.generate").count() == 1


def test_next_month_continues_the_turns(supervisor):
    a, b, c = make_officials(supervisor)
    schedule.generate_rotation(supervisor, *AZAR, [a, b, c])  # 13 slots: a b c ... a (no holiday)
    last = schedule.list_slots(*AZAR)[-1]
    dey = schedule.month_period(1405, 10)
    result = schedule.generate_rotation(supervisor, *dey, [a, b, c])
    order = [a, b, c]
    assert result.slots[0].official_id == order[(order.index(last.official_id) + 1) % 3]
    fresh = schedule.generate_rotation(
        supervisor, *schedule.month_period(1405, 11), [a, b, c], continue_turns=False
    )
    assert fresh.slots[0].official_id == a


def test_one_slot_length_and_every_day(supervisor):
    a, b = make_officials(supervisor, ("الف", "ب"))
    week = (azar(1), azar(7))
    result = schedule.generate_rotation(
        supervisor, *week, [a, b], start_time=dt.time(9, 30), minutes=90, every=1
    )
    assert days_of(result.slots) == [1, 2, 3, 4, 5, 7]
    assert result.slots[0].end_time == dt.time(11, 0) and result.slots[0].minutes == 90
    assert [s.official_id for s in result.slots] == [a, b, a, b, a, b]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"official_ids": []}, "official_ids"),
        ({"end": azar(1) - dt.timedelta(days=1)}, "end"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 5}, "minutes"),
        ({"start_time": dt.time(23, 30)}, "minutes"),
        ({"every": 0}, "every"),
        ({"official_ids": [999999]}, "official_ids"),
    ],
)
def test_bad_rotation_is_refused_with_nothing_saved(supervisor, kwargs, field):
    ids = make_officials(supervisor)
    args = {"start": AZAR[0], "end": AZAR[1], "official_ids": ids}
    args.update(kwargs)
    start, end, official_ids = args.pop("start"), args.pop("end"), args.pop("official_ids")
    with pytest.raises(ValidationError) as err:
        schedule.generate_rotation(supervisor, start, end, official_ids, **args)
    assert field in err.value.errors
    assert AttendanceSlot.select().count() == 0
    assert not AuditEntry.select().where(AuditEntry.action == "schedule.generate").exists()


def test_no_officials_message_is_clear(supervisor):
    with pytest.raises(ValidationError) as err:
        schedule.generate_rotation(supervisor, *AZAR, [])
    assert "دست‌کم یک مسئول" in err.value.message


def test_retired_official_gets_no_turn(supervisor):
    a, b, c = make_officials(supervisor)
    officials.set_active(supervisor, b, False)
    with pytest.raises(ValidationError) as err:
        schedule.generate_rotation(supervisor, *AZAR, [a, b, c])
    assert "غیرفعال" in err.value.errors["official_ids"]


def test_existing_period_is_kept_unless_replaced(supervisor):
    a, b, c = make_officials(supervisor)
    first = schedule.generate_rotation(supervisor, *AZAR, [a, b, c])
    with pytest.raises(ValidationError) as err:
        schedule.generate_rotation(supervisor, *AZAR, [c, b])
    assert "replace" in err.value.errors
    assert [s.id for s in schedule.list_slots(*AZAR)] == [s.id for s in first.slots]
    # A slot already held is kept when replacing; the others are planned again.
    held = first.slots[0]
    AttendanceSlot.update(status="attended").where(AttendanceSlot.id == held.id).execute()
    again = schedule.generate_rotation(supervisor, *AZAR, [c, b], replace=True, continue_turns=False)
    assert again.removed == 12
    assert (held.date, "نوبت برگزارشده") in again.skipped
    assert held.date not in {s.date for s in again.slots}
    assert {s.official_id for s in again.slots} == {b, c}
    assert AttendanceSlot.select().count() == 13


def test_an_operator_cannot_plan_the_schedule(supervisor, operator):
    ids = make_officials(supervisor)
    with pytest.raises(PermissionDenied):
        schedule.generate_rotation(operator, *AZAR, ids)
