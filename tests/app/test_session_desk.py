"""The official's desk: the queue (held today, waiting from before, prepared by operators), the caller's file,
and the decisions (the official's note, guidance that closes, hold for follow-up, an order as session drafts),
each the official's own, in his own open session, with its audit entry and its line in the case's timeline."""

import datetime as dt

import pytest

from app import wiring
from app.models import AuditEntry, Case, Contact, Referral, utcnow
from app.services.cases import cases
from app.services.cases.case_history import merge
from app.services.errors import Conflict, PermissionDenied, ValidationError
from app.services.letters import referrals
from app.services.schedule import officials, session_desk, sessions
from tests.app.session_data import call
from tests.conftest import make_user


@pytest.fixture
def governor(supervisor, official):
    return officials.create_official(
        supervisor, {"full_name": "محمدرضا کریمی", "title": "استاندار", "username": "official1"}
    )


def water() -> int:
    from app.models import Agency

    return Agency.get(Agency.name.contains("آب و فاضلاب")).id


def test_the_queue_has_held_waiting_and_prepared_cases(official, governor, operator):
    old = cases.register_call(operator, call(next_step="hold", subject="دیدار با استاندار"))
    Case.update(created_at=utcnow() - dt.timedelta(days=3)).where(Case.id == old.id).execute()
    today = cases.register_call(operator, call(next_step="hold", phone="09141112233", national_code=""))
    prepared = cases.register_call(operator, call(phone="09141112244", national_code="", subject="جاده"))
    referrals.prepare_draft(operator, prepared.id, {"agency_ids": [water()], "instruction": "بررسی شود."})
    session = sessions.check_in(official)
    queue = session_desk.session_queue(session.id)
    assert [(q.kind, q.case_id) for q in queue] == [
        ("held", today.id),
        ("waiting", old.id),
        ("prepared", prepared.id),
    ]
    assert "آب و فاضلاب" in queue[2].detail
    live = cases.register_call(  # registered while the official is in: the queue has it too
        operator, call(next_step="hold", phone="09141112255", national_code=""), session_id=session.id
    )
    assert [q.case_id for q in session_desk.session_queue(session.id)][:2] == [today.id, live.id]
    session_desk.write_official_note(official, session.id, today.id, "به شهروند گفتم فردا پیگیری می‌شود.")
    assert today.id in {q.case_id for q in session_desk.session_queue(session.id)}  # a note decides nothing
    session_desk.hold_for_follow_up(official, session.id, today.id)
    session_desk.order_referral(
        official, session.id, live.id, {"agency_ids": [water()], "instruction": "بررسی."}
    )
    assert [q.case_id for q in session_desk.session_queue(session.id)] == [old.id, prepared.id]
    assert len([c for c in sessions.session_calls(session.id) if c.case_id == live.id]) == 1  # one call
    sessions.check_out(official, session.id)
    following = sessions.check_in(official)  # held for follow-up: back in the next session's queue
    assert today.id in {q.case_id for q in session_desk.session_queue(following.id)}


def test_note_guide_hold_and_order_are_kept_audited_and_in_the_timeline(official, governor, operator):
    first = cases.register_call(operator, call(next_step="hold"))
    second = cases.register_call(operator, call(next_step="hold", subject="درخواست وام"))
    third = cases.register_call(operator, call(next_step="hold", subject="جاده روستا"))
    session = sessions.check_in(official)
    session_desk.write_official_note(official, session.id, first.id, "  قول پیگیری داده شد. ")
    assert Case.get_by_id(first.id).official_note == "قول پیگیری داده شد."
    closed = session_desk.guide_and_close(official, session.id, second.id, "شهروند به بانک عامل راهنمایی شد.")
    assert closed.status == "guided" and Case.get_by_id(second.id).next_step == "guide"
    held = session_desk.hold_for_follow_up(official, session.id, first.id, "خودم پیگیری می‌کنم.")
    assert held.next_step == "hold" and Case.get_by_id(first.id).status == "registered"
    drafts = session_desk.order_referral(
        official,
        session.id,
        third.id,
        {"agency_ids": [water()], "instruction": "بررسی و نتیجه اعلام شود."},
        note="دستور رسیدگی داده شد.",
    )
    assert [d.status for d in drafts] == ["draft"]
    assert sessions.session_work(session.id).letters_to_issue == [drafts[0].id]
    # each case counts once as a call of the session, however many decisions it got
    assert sorted(c.case_id for c in sessions.session_calls(session.id)) == sorted(
        [first.id, second.id, third.id]
    )
    assert Contact.select().where(Contact.session == session.id).count() == 3
    notes = AuditEntry.select().where(AuditEntry.action == "case.official_note").count()
    assert notes == 4
    timeline = merge(first.id, wiring.TIMELINE_SOURCES)
    official_lines = [e for e in timeline if e.kind == "official_note"]
    assert [e.detail for e in official_lines] == ["قول پیگیری داده شد.", "خودم پیگیری می‌کنم."]
    assert official_lines[0].title == "یادداشت مسئول — محمدرضا کریمی"
    file = session_desk.caller_file(first.id)
    assert file.official_note == "خودم پیگیری می‌کنم."
    assert {c.id for c in file.earlier} == {second.id, third.id}  # the same citizen's other cases


def test_only_the_official_of_the_open_session_decides(supervisor, official, governor, operator):
    case = cases.register_call(operator, call(next_step="hold"))
    session = sessions.check_in(official)
    with pytest.raises(PermissionDenied):
        session_desk.write_official_note(operator, session.id, case.id, "یادداشت")
    deputy = make_user(
        "deputy1", "official", title="معاون استاندار"
    )  # an official, but not the one in this session
    officials.create_official(
        supervisor, {"full_name": "رحیم علیزاده", "title": "معاون", "username": "deputy1"}
    )
    with pytest.raises(PermissionDenied):
        session_desk.write_official_note(deputy, session.id, case.id, "یادداشت")
    with pytest.raises(ValidationError):
        session_desk.write_official_note(official, session.id, case.id, "   ")
    with pytest.raises(ValidationError):
        session_desk.write_official_note(official, session.id, case.id, "متن\u202eپنهان")
    sessions.check_out(official, session.id)
    with pytest.raises(Conflict):
        session_desk.guide_and_close(official, session.id, case.id, "راهنمایی شد.")
    assert Case.get_by_id(case.id).status == "registered" and Case.get_by_id(case.id).official_note is None
    assert not Referral.select().exists()


def test_guidance_is_refused_while_the_case_has_an_order_to_sign(official, governor, operator):
    case = cases.register_call(operator, call(next_step="hold"))
    session = sessions.check_in(official)
    session_desk.order_referral(
        official, session.id, case.id, {"agency_ids": [water()], "instruction": "بررسی."}
    )
    with pytest.raises(Conflict):
        session_desk.guide_and_close(official, session.id, case.id, "راهنمایی شد.")
    assert Case.get_by_id(case.id).status == "registered" and Case.get_by_id(case.id).official_note is None


def test_the_clock_counts_the_slot(supervisor, official, governor):
    from app.domain import jalali
    from app.services.schedule import schedule

    now = utcnow()
    local = jalali.to_local(now)
    start = (local - dt.timedelta(minutes=20)).time().replace(second=0, microsecond=0)
    end = (local + dt.timedelta(minutes=40)).time().replace(second=0, microsecond=0)
    if end <= start:
        pytest.skip("the hour crosses midnight in Tehran")
    schedule.add_slot(supervisor, governor.id, local.date(), start, end)
    session = sessions.check_in(official, now=now - dt.timedelta(minutes=15))
    clock = session_desk.session_clock(session, now=now)
    assert clock.elapsed_minutes == 15 and clock.slot_minutes == 60
    assert 39 <= clock.remaining_minutes <= 40


def test_the_monthly_report_prints_the_officials_notes(supervisor, official, governor, operator):
    from app.domain import jalali
    from app.domain.period import Period
    from app.services.reporting import exports, monthly
    from tests.pdf_text import has_phrase, words

    noted = cases.register_call(operator, call(next_step="hold", subject="دیدار با استاندار"))
    silent = cases.register_call(operator, call(next_step="hold", phone="09141112233", national_code=""))
    session = sessions.check_in(official)
    session_desk.guide_and_close(official, session.id, noted.id, "شهروند به اداره کار راهنمایی شد.")
    session_desk.hold_for_follow_up(official, session.id, silent.id)  # no note: nothing to print
    sessions.check_out(official, session.id)
    today = jalali.today_local()
    report = monthly.monthly_report(supervisor, Period(today, today))
    assert [r[1:] for r in report.sessions.rows] == [("محمدرضا کریمی", 0, 2, 0)]
    assert [r[1:] for r in report.official_notes.rows] == [
        ("محمدرضا کریمی", noted.tracking_code, "دیدار با استاندار", "شهروند به اداره کار راهنمایی شد.")
    ]
    found = words(exports.render_monthly(report, "pdf"))
    assert has_phrase(found, "جلسه‌های پاسخگویی مسئولان")
    assert has_phrase(found, "شهروند به اداره کار راهنمایی شد.")
