"""Session mode: check-in against today's slot (attended or late), one session at a time, check-out with
its duration, and the calls and orders linked to the session."""

import datetime as dt

import pytest

from app.models import AttendanceSlot, AuditEntry, Case, Contact, OfficialSession
from app.services.cases import cases
from app.services.errors import Conflict, PermissionDenied, ValidationError
from app.services.schedule import officials, schedule, sessions
from tests.app.schedule_data import azar, make_officials, tehran
from tests.app.session_data import call, order

T10, T11 = dt.time(10), dt.time(11)


@pytest.fixture
def governor(supervisor, official):
    """The official user «official1» as an official of the center, with a slot on 8 Azar 10:00–11:00."""
    info = officials.create_official(
        supervisor, {"full_name": "محمدرضا کریمی", "title": "استاندار", "username": "official1"}
    )
    schedule.add_slot(supervisor, info.id, azar(8), T10, T11)
    return info


def state():
    sessions_ = sorted(
        (s.id, s.official_id, s.slot_id, s.checked_in_at, s.checked_out_at) for s in OfficialSession.select()
    )
    slots = sorted((s.id, s.status) for s in AttendanceSlot.select())
    return sessions_, slots


def test_on_time_check_in_marks_the_slot_attended(official, governor):
    session = sessions.check_in(official, now=tehran(azar(8), 10, 10))
    assert session.official_id == governor.id and session.is_open and session.duration_minutes is None
    assert session.slot_date == azar(8) and session.slot_status == "attended"
    assert sessions.current_session().id == session.id
    closed = sessions.check_out(official, session.id, now=tehran(azar(8), 11, 25))
    assert not closed.is_open and closed.duration_minutes == 75
    assert sessions.current_session() is None
    actions = [
        e.action for e in AuditEntry.select().where(AuditEntry.entity == "session").order_by(AuditEntry.id)
    ]
    assert actions == ["session.check_in", "session.check_out"]


def test_late_check_in_marks_the_slot_late(official, governor):
    session = sessions.check_in(official, now=tehran(azar(8), 10, 16))
    assert session.slot_status == "late"


def test_a_visit_outside_the_schedule_has_no_slot(official, governor):
    session = sessions.check_in(official, now=tehran(azar(9), 9, 0))
    assert session.slot_id is None
    assert AttendanceSlot.get().status == "scheduled"


def test_second_check_in_is_refused_and_nothing_changes(supervisor, official, governor, operator):
    first = sessions.check_in(official, now=tehran(azar(8), 10, 0))
    before = state()
    with pytest.raises(Conflict) as err:
        sessions.check_in(official, now=tehran(azar(8), 10, 30))
    assert "در جلسه است" in err.value.message
    dg = make_officials(supervisor, ("اکبر محمدی",))[0]
    with pytest.raises(Conflict) as err:
        sessions.check_in(operator, dg, now=tehran(azar(8), 10, 30))
    assert "محمدرضا کریمی" in err.value.message and "باز است" in err.value.message
    assert state() == before
    # When two officials may sit together, the second one is let in.
    second = sessions.check_in(operator, dg, now=tehran(azar(8), 10, 30), allow_parallel=True)
    assert {s.id for s in sessions.open_sessions()} == {first.id, second.id}


def test_checking_out_a_session_that_is_not_open_is_refused(official, governor):
    session = sessions.check_in(official, now=tehran(azar(8), 10, 0))
    with pytest.raises(ValidationError):
        sessions.check_out(official, session.id, now=tehran(azar(8), 9, 0))  # before the check-in
    sessions.check_out(official, session.id, now=tehran(azar(8), 11, 0))
    before = state()
    with pytest.raises(Conflict) as err:
        sessions.check_out(official, session.id, now=tehran(azar(8), 12, 0))
    assert "باز نیست" in err.value.message and "۱۴۰۵/۰۹/۰۸ ۱۱:۰۰" in err.value.message
    assert state() == before


def test_an_official_opens_only_their_own_session(supervisor, official, governor, operator):
    dg = make_officials(supervisor, ("اکبر محمدی",))[0]
    with pytest.raises(PermissionDenied):
        sessions.check_in(official, dg, now=tehran(azar(8), 10, 0))
    # An operator opens the session of a director-general who has no account; the governor cannot close it.
    session = sessions.check_in(operator, dg, now=tehran(azar(8), 10, 0))
    assert session.opened_by_name == "کاربر operator1"
    with pytest.raises(PermissionDenied):
        sessions.check_out(official, session.id, now=tehran(azar(8), 11, 0))
    assert sessions.check_out(operator, session.id, now=tehran(azar(8), 11, 0)).duration_minutes == 60


def test_an_explicit_slot_must_be_the_officials_and_today(supervisor, official, governor):
    slot = schedule.list_slots(azar(1), azar(30))[0]
    with pytest.raises(ValidationError) as err:
        sessions.check_in(official, slot_id=slot.id, now=tehran(azar(9), 10, 0))
    assert "روز خود نوبت" in err.value.errors["slot_id"]
    other = schedule.add_slot(supervisor, make_officials(supervisor, ("ب",))[0], azar(8), T11, dt.time(12))
    with pytest.raises(ValidationError):
        sessions.check_in(official, slot_id=other.id, now=tehran(azar(8), 10, 0))
    assert OfficialSession.select().count() == 0


def test_calls_and_orders_of_the_session_are_linked(supervisor, official, governor, operator):
    held = cases.register_call(operator, call(next_step="hold", subject="درخواست دیدار با استاندار"))
    other = cases.register_call(operator, call(subject="پیش از جلسه", national_code="", phone="09141112233"))
    session = sessions.check_in(official, now=tehran(azar(8), 10, 0))
    live = cases.register_call(
        operator,
        call(subject="تماس زنده", national_code="", phone="09149998877", caller_name="زهرا کاظمی"),
        session_id=session.id,
    )
    assert Case.get_by_id(live.id).session_id == session.id
    assert Contact.get(Contact.case == live.id).session_id == session.id
    assert [h.id for h in sessions.held_cases()] == [held.id]
    taken = sessions.take_up_held_case(official, session.id, held.id)
    assert taken.kind == "follow_up" and Case.get_by_id(held.id).session_id == session.id
    ordered = order(live.id, official.user_id, session.id)
    draft = order(held.id, official.user_id, session.id, issued=False)
    order(other.id, official.user_id, None)  # an order outside the session
    work = sessions.session_work(session.id)
    assert [(c.case_id, c.kind) for c in work.calls] == [(live.id, "initial"), (held.id, "follow_up")]
    assert [o.referral_id for o in work.orders] == [ordered, draft]
    assert work.letters_to_issue == [draft]
    assert other.id not in {c.case_id for c in work.calls}
    sessions.check_out(official, session.id, now=tehran(azar(8), 11, 0))
    with pytest.raises(Conflict):
        sessions.take_up_held_case(official, session.id, held.id)


def test_sessions_of_a_period_by_tehran_day(official, governor):
    # 00:30 Tehran on 9 Azar is still 8 Azar in UTC: it belongs to 9 Azar.
    late_night = sessions.check_in(official, now=tehran(azar(9), 0, 30))
    sessions.check_out(official, late_night.id, now=tehran(azar(9), 1, 0))
    assert [s.id for s in sessions.list_sessions(azar(9), azar(9))] == [late_night.id]
    assert sessions.list_sessions(azar(8), azar(8)) == []


def test_orders_through_the_referrals_service_belong_to_the_session(official, governor, operator):
    """Orders made with the referrals service during the session are the session's orders; its
    drafts are issued as one batch and each letter carries the session."""
    from app.services.letters import letters, referrals

    session = sessions.check_in(official)  # now: the session the referrals service finds itself
    assert referrals.current_session_id(official) == session.id == referrals.current_session_id(operator)
    first = cases.register_call(operator, call(), session_id=session.id)
    second = cases.register_call(
        operator, call(national_code="", phone="09147776655", subject="جاده"), session_id=session.id
    )
    data = {"agency_ids": [order_agency()], "instruction": "بررسی و نتیجه اعلام شود."}
    issued = referrals.issue_order(official, first.id, data, session_id=session.id)
    drafts = referrals.prepare_draft(operator, second.id, data, session_id=session.id)
    work = sessions.session_work(session.id)
    assert [o.referral_id for o in work.orders] == [issued[0].id, drafts[0].id]
    assert work.orders[0].letter_number == issued[0].letter_number != ""
    assert work.letters_to_issue == [drafts[0].id]
    result = referrals.issue_drafts(official, work.letters_to_issue, session_id=session.id)
    assert not result.failed
    after = sessions.session_work(session.id)
    assert after.letters_to_issue == [] and all(o.letter_number for o in after.orders)
    assert len(letters.find_letter_ids(letters.LetterFilter(session_id=session.id))) == 2


def order_agency() -> int:
    from app.models import Agency

    return Agency.get(Agency.name.contains("آب و فاضلاب")).id


def test_a_slot_planned_as_parallel_lets_a_second_official_in(supervisor, official, governor, operator):
    first = sessions.check_in(official, now=tehran(azar(8), 10, 0))
    dg = make_officials(supervisor, ("اکبر محمدی",))[0]
    alone = schedule.add_slot(supervisor, dg, azar(8), T10, T11)
    with pytest.raises(Conflict):
        sessions.check_in(operator, dg, slot_id=alone.id, now=tehran(azar(8), 10, 5))
    beside = schedule.add_slot(supervisor, dg, azar(8), dt.time(10, 30), T11, parallel=True)
    assert schedule.get_slot(beside.id).parallel and not schedule.get_slot(alone.id).parallel
    second = sessions.check_in(operator, dg, slot_id=beside.id, now=tehran(azar(8), 10, 30))
    assert second.slot_id == beside.id
    assert {s.id for s in sessions.open_sessions()} == {first.id, second.id}
