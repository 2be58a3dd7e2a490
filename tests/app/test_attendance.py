"""The attendance record and compliance figures on a fixed data set, computed by hand.

Period: 1–14 Azar 1405, «today» 10 Azar. Officials: A (water company), B (education), C (water company).
  A  1 Azar 10:00–11:00  in 10:05 out 11:35 (90 min, on time); 2 calls, 1 order issued + 1 draft
  A  3 Azar              left «scheduled»: a past day, so absent
  A  5 Azar              cancelled
  A  9 Azar  no slot     in 15:00 out 15:30 (30 min); 1 call
  B  2 Azar 10:00–11:00  in 10:30 out 11:00 (30 min, late); 1 call, 2 orders issued + 1 cancelled
  B  4 Azar              recorded absent by hand
  C  7 Azar 10:00–11:00  in 09:55 out 12:10 (135 min, on time)
  C  8 Azar 10:00–11:00  in 10:00 out 10:45 (45 min, on time)
  C 12 Azar              still to come (pending)
  C 25 Azar; a session on 15 Azar    outside the period
"""

import datetime as dt

import pytest

from app.models import AttendanceSlot
from app.services.cases import cases
from app.services.errors import Conflict, PermissionDenied, ValidationError
from app.services.schedule import attendance, schedule, sessions
from tests.app.schedule_data import azar, make_officials, tehran
from tests.app.session_data import call, order

T10, T11 = dt.time(10), dt.time(11)
TODAY = azar(10)


def visit(operator, official_id, day, came, left, calls=0, orders=(), phone_base=0):
    session = sessions.check_in(operator, official_id, now=tehran(day, *came))
    for i in range(calls):
        cases.register_call(
            operator,
            call(national_code="", phone=f"0914{phone_base + i:07d}", subject=f"تماس {i}"),
            session_id=session.id,
        )
    case_ids = [c.case_id for c in sessions.session_calls(session.id)]
    for n, status in enumerate(orders):
        order(
            case_ids[n % len(case_ids)], operator.user_id, session.id, issued=status != "draft", status=status
        )
    sessions.check_out(operator, session.id, now=tehran(day, *left))
    return session


@pytest.fixture
def fixed_data(supervisor, operator):
    a, b, c = make_officials(supervisor)
    slot = {}
    for official_id, day in [(a, 1), (a, 3), (a, 5), (b, 2), (b, 4), (c, 7), (c, 8), (c, 12), (c, 25)]:
        slot[(official_id, day)] = schedule.add_slot(supervisor, official_id, azar(day), T10, T11)
    schedule.cancel_slot(supervisor, slot[(a, 5)].id, "سفر استانی")
    visit(operator, a, azar(1), (10, 5), (11, 35), calls=2, orders=("issued", "draft"), phone_base=100)
    visit(operator, a, azar(9), (15, 0), (15, 30), calls=1, phone_base=200)
    visit(
        operator,
        b,
        azar(2),
        (10, 30),
        (11, 0),
        calls=1,
        orders=("issued", "issued", "cancelled"),
        phone_base=300,
    )
    attendance.record_outcome(supervisor, slot[(b, 4)].id, "absent", "بیماری", today=TODAY)
    visit(operator, c, azar(7), (9, 55), (12, 10))
    visit(operator, c, azar(8), (10, 0), (10, 45))
    visit(operator, c, azar(15), (10, 0), (11, 0), calls=1, phone_base=400)
    return a, b, c


def figures(row):
    return (
        row.scheduled,
        row.attended,
        row.late,
        row.absent,
        row.cancelled,
        row.pending,
        row.minutes,
        row.sessions,
        row.calls,
        row.orders,
    )


def test_compliance_per_official_agency_and_total(fixed_data, supervisor):
    a, b, c = fixed_data
    report = attendance.attendance_report(supervisor, azar(1), azar(14), today=TODAY)
    by_id = {r.key: r for r in report.officials}
    #                       sch att late abs cnc pend min ses calls orders
    assert figures(by_id[a]) == (2, 1, 0, 1, 1, 0, 120, 2, 3, 1)
    assert figures(by_id[b]) == (2, 0, 1, 1, 0, 0, 30, 1, 1, 2)
    assert figures(by_id[c]) == (3, 2, 0, 0, 0, 1, 180, 2, 0, 0)
    assert by_id[a].compliance == 0.5 and by_id[b].compliance == 0.5 and by_id[c].compliance == 1.0
    agencies = {r.name: r for r in report.agencies}
    water = next(r for name, r in agencies.items() if "آب و فاضلاب" in name)
    education = next(r for name, r in agencies.items() if "آموزش و پرورش" in name)
    assert figures(water) == (5, 3, 0, 1, 1, 1, 300, 4, 3, 1) and water.officials == 2
    assert water.compliance == 0.75
    assert figures(education) == figures(by_id[b])
    assert figures(report.total) == (7, 3, 1, 2, 1, 1, 330, 5, 4, 3)
    assert report.total.hours == 5.5 and report.total.compliance == pytest.approx(4 / 6)
    assert report.period_label == "از ۱۴۰۵/۰۹/۰۱ تا ۱۴۰۵/۰۹/۱۴"


def test_slot_outcomes_recorded(fixed_data, supervisor):
    a, b, c = fixed_data
    statuses = {(s.official_id, s.date): s.status for s in schedule.list_slots(azar(1), azar(30))}
    assert statuses[(a, azar(1))] == "attended" and statuses[(b, azar(2))] == "late"
    assert statuses[(a, azar(5))] == "cancelled" and statuses[(b, azar(4))] == "absent"
    assert statuses[(a, azar(3))] == "scheduled"  # not yet closed: the report counts it absent
    assert attendance.close_past_slots(supervisor, today=TODAY) == 1
    assert (
        AttendanceSlot.get((AttendanceSlot.official == a) & (AttendanceSlot.date == azar(3))).status
        == "absent"
    )
    assert attendance.close_past_slots(supervisor, today=TODAY) == 0
    report = attendance.attendance_report(supervisor, azar(1), azar(14), today=TODAY)
    assert {r.key: r.absent for r in report.officials}[a] == 1  # the same figure once recorded


def test_outcome_rules(fixed_data, supervisor):
    a, b, c = fixed_data
    attended = AttendanceSlot.get((AttendanceSlot.official == a) & (AttendanceSlot.date == azar(1)))
    with pytest.raises(Conflict):
        attendance.record_outcome(supervisor, attended.id, "absent", today=TODAY)
    future = AttendanceSlot.get((AttendanceSlot.official == c) & (AttendanceSlot.date == azar(12)))
    with pytest.raises(ValidationError) as err:
        attendance.record_outcome(supervisor, future.id, "attended", today=TODAY)
    assert "نرسیده" in err.value.errors["status"]
    for status in ("scheduled", "present", ""):
        with pytest.raises(ValidationError):
            attendance.record_outcome(supervisor, future.id, status, today=TODAY)
    with pytest.raises(ValidationError) as err:
        attendance.record_outcome(supervisor, future.id, "cancelled", "", today=TODAY)
    assert "note" in err.value.errors
    assert AttendanceSlot.get_by_id(future.id).status == "scheduled"


def test_report_needs_the_report_permission_and_a_valid_period(fixed_data, supervisor, operator):
    with pytest.raises(PermissionDenied):
        attendance.attendance_report(operator, azar(1), azar(14))
    with pytest.raises(ValidationError):
        attendance.attendance_report(supervisor, azar(14), azar(1))
