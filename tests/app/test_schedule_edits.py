"""Editing the schedule by hand (add, move, swap, reassign, cancel) and the conflicts pointed out."""

import datetime as dt

import pytest

from app.domain.attendance import ConflictKind
from app.models import AttendanceSlot, AuditEntry, Holiday
from app.services.admin import audit
from app.services.errors import Conflict, ValidationError
from app.services.schedule import schedule
from tests.app.schedule_data import AZAR, azar, make_officials

T10, T11, T12 = dt.time(10), dt.time(11), dt.time(12)


def snapshot():
    return sorted(
        (s.id, s.official_id, s.date, s.start_time, s.end_time, s.status, s.note)
        for s in AttendanceSlot.select()
    )


def test_add_move_and_the_audit_keeps_old_and_new(supervisor):
    a, _, _ = make_officials(supervisor)
    slot = schedule.add_slot(supervisor, a, azar(2), T10, T11, note="جلسه ویژه")
    assert (slot.date, slot.weekday, slot.note) == (azar(2), "دوشنبه", "جلسه ویژه")
    moved = schedule.move_slot(supervisor, slot.id, azar(3), dt.time(9, 30), dt.time(10, 30))
    assert (moved.date, moved.start_time, moved.end_time) == (azar(3), dt.time(9, 30), dt.time(10, 30))
    entry = audit.history("slot", slot.id)[-1]
    assert entry.action == "slot.move"
    assert entry.details["changes"]["date"] == [azar(2).isoformat(), azar(3).isoformat()]


@pytest.mark.parametrize("start, end", [(T11, T10), (T10, T10), (T10, dt.time(10, 5))])
def test_a_slot_that_starts_after_it_ends_is_refused(supervisor, start, end):
    a, _, _ = make_officials(supervisor)
    with pytest.raises(ValidationError) as err:
        schedule.add_slot(supervisor, a, azar(2), start, end)
    assert "end_time" in err.value.errors
    assert AttendanceSlot.select().count() == 0
    slot = schedule.add_slot(supervisor, a, azar(2), T10, T11)
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        schedule.move_slot(supervisor, slot.id, azar(3), start, end)
    assert "پس از ساعت آغاز" in err.value.errors["end_time"] or "دست‌کم" in err.value.errors["end_time"]
    assert snapshot() == before


def test_swap_exchanges_officials_and_keeps_days(supervisor):
    a, b, _ = make_officials(supervisor)
    first = schedule.add_slot(supervisor, a, azar(1), T10, T11)
    second = schedule.add_slot(supervisor, b, azar(3), T10, T11)
    x, y = schedule.swap_slots(supervisor, first.id, second.id)
    assert (x.date, x.official_id) == (azar(1), b)
    assert (y.date, y.official_id) == (azar(3), a)
    with pytest.raises(ValidationError):
        schedule.swap_slots(supervisor, first.id, first.id)
    third = schedule.add_slot(supervisor, b, azar(4), T10, T11)
    with pytest.raises(ValidationError) as err:
        schedule.swap_slots(supervisor, first.id, third.id)  # both b's now
    assert "یک مسئول" in err.value.message


def test_reassign_and_cancel_with_a_reason(supervisor):
    a, b, _ = make_officials(supervisor)
    slot = schedule.add_slot(supervisor, a, azar(1), T10, T11)
    assert schedule.reassign_slot(supervisor, slot.id, b).official_id == b
    with pytest.raises(ValidationError) as err:
        schedule.cancel_slot(supervisor, slot.id, "  ")
    assert "reason" in err.value.errors
    assert AttendanceSlot.get_by_id(slot.id).status == "scheduled"
    cancelled = schedule.cancel_slot(supervisor, slot.id, "سفر استانی")
    assert (cancelled.status, cancelled.note) == ("cancelled", "سفر استانی")
    before = snapshot()
    for change in (
        lambda: schedule.move_slot(supervisor, slot.id, azar(2), T10, T11),
        lambda: schedule.cancel_slot(supervisor, slot.id, "دوباره"),
        lambda: schedule.reassign_slot(supervisor, slot.id, a),
    ):
        with pytest.raises(Conflict) as err:
            change()
        assert "لغوشده" in err.value.message
    assert snapshot() == before
    assert AuditEntry.select().where(AuditEntry.action == "slot.cancel").count() == 1


def test_conflicts_friday_holiday_parallel_overlap(supervisor):
    Holiday.create(date=azar(14), title="")
    a, b, c = make_officials(supervisor)
    friday = schedule.add_slot(supervisor, a, azar(6), T10, T11)
    holiday = schedule.add_slot(supervisor, b, azar(14), T10, T11)
    p1 = schedule.add_slot(supervisor, a, azar(8), T10, T11)
    p2 = schedule.add_slot(supervisor, b, azar(8), dt.time(10, 30), dt.time(11, 30))
    o1 = schedule.add_slot(supervisor, c, azar(9), T10, T12)
    o2 = schedule.add_slot(supervisor, c, azar(9), T11, T12)
    schedule.add_slot(supervisor, a, azar(11), T10, T11)  # touching, not overlapping:
    schedule.add_slot(supervisor, b, azar(11), T11, T12)
    found = schedule.find_conflicts(*AZAR)
    kinds = [(c.kind, c.slot_ids) for c in found]
    assert kinds == [
        (ConflictKind.FRIDAY, (friday.id,)),
        (ConflictKind.PARALLEL, (p1.id, p2.id)),
        (ConflictKind.OVERLAP, (o1.id, o2.id)),
        (ConflictKind.HOLIDAY, (holiday.id,)),
    ]
    assert "جمعه" in found[0].message and "هم‌زمان" in found[1].message
    allowed = schedule.find_conflicts(*AZAR, allow_parallel=True)
    assert ConflictKind.PARALLEL not in {c.kind for c in allowed}
    assert ConflictKind.OVERLAP in {c.kind for c in allowed}  # one person cannot be twice at once
    schedule.cancel_slot(supervisor, friday.id, "جابه‌جا شد")
    assert ConflictKind.FRIDAY not in {c.kind for c in schedule.find_conflicts(*AZAR)}
    assert schedule.conflicted_slot_ids(found) >= {p1.id, p2.id, o1.id, o2.id, holiday.id}


def test_moving_onto_a_friday_is_allowed_but_pointed_out(supervisor):
    a, _, _ = make_officials(supervisor)
    slot = schedule.add_slot(supervisor, a, azar(5), T10, T11)
    assert schedule.find_conflicts(*AZAR) == []
    schedule.move_slot(supervisor, slot.id, azar(13), T10, T11)
    assert [c.kind for c in schedule.find_conflicts(*AZAR)] == [ConflictKind.FRIDAY]


def test_slots_planned_as_parallel_are_not_a_conflict(supervisor):
    a, b, _ = make_officials(supervisor)
    schedule.add_slot(supervisor, a, azar(8), T10, T11, parallel=True)
    schedule.add_slot(supervisor, b, azar(8), T10, T11, parallel=True)
    schedule.add_slot(supervisor, a, azar(9), T10, T11, parallel=True)
    lone = schedule.add_slot(supervisor, b, azar(9), T10, T11)  # only one of the pair was planned so
    found = schedule.find_conflicts(*AZAR)
    assert [(c.kind, c.date) for c in found] == [(ConflictKind.PARALLEL, azar(9))]
    assert lone.id in found[0].slot_ids
