"""Bad input is refused with a clear message, and nothing changes: a response to a cancelled letter, a
response dated before its referral, closing a case twice, a call back on a case still waiting for its
agency, and the other ways a follow-up step can be wrong."""

import datetime as dt

import pytest

from app.models import (
    AgencyResponse,
    Attachment,
    AuditEntry,
    Callback,
    Case,
    Escalation,
    Letter,
    LetterCounter,
    Referral,
    Reminder,
)
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.services.followup import callbacks, closing, followup, reminders
from app.services.letters import referrals
from tests.app.followup_helpers import GAS, answer, at, day, issue
from tests.app.letter_helpers import POWER, WATER, agency_id, order, register_case


def snapshot() -> tuple:
    """Everything a follow-up step could write."""
    return (
        AgencyResponse.select().count(),
        Attachment.select().count(),
        Callback.select().count(),
        Reminder.select().count(),
        Escalation.select().count(),
        Letter.select().count(),
        AuditEntry.select().count(),
        [(r.id, r.status, r.due_date) for r in Referral.select().order_by(Referral.id)],
        [(c.id, c.status, c.outcome, c.version) for c in Case.select().order_by(Case.id)],
        [(c.year, c.last_serial) for c in LetterCounter.select()],
    )


@pytest.fixture
def referral(operator, official):
    return issue(official, operator, WATER, 0, 10)


def test_response_to_a_cancelled_letter_is_refused(operator, official, referral):
    referrals.cancel_letter(official, referral.letter_id, "نامه به نشانی نادرست رفت.")
    before = snapshot()
    with pytest.raises(Conflict, match="باطل شده است؛ پاسخی برای آن ثبت نمی‌شود"):
        answer(operator, referral.id, 2)
    assert snapshot() == before


def test_response_dated_before_its_referral_is_refused(operator, referral):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        followup.record_response(
            operator,
            referral.id,
            {"agency_letter_date": day(-1), "text": "انجام شد.", "result": "done"},
            now=at(2),
        )
    assert "پیش از تاریخ ارجاع" in err.value.errors["agency_letter_date"]
    with pytest.raises(ValidationError, match="هنوز نرسیده"):
        followup.record_response(
            operator,
            referral.id,
            {"agency_letter_date": day(3), "text": "انجام شد.", "result": "done"},
            now=at(2),
        )
    assert snapshot() == before


@pytest.mark.parametrize(
    "field, value",
    [
        ("text", ""),
        ("text", "x" * 4001),
        ("result", "maybe"),
        ("agency_letter_date", "1405/09/10"),
        ("agency_letter_number", "۱۲\u202e۳۴"),
        ("attachments", [followup.AttachmentIn("a.pdf", b"")]),
        ("attachments", [followup.AttachmentIn("big.pdf", b"x" * (followup.MAX_ATTACHMENT_BYTES + 1))]),
    ],
)
def test_bad_response_field_is_named_and_nothing_saved(operator, referral, field, value):
    data = {"agency_letter_date": day(2), "text": "انجام شد.", "result": "done", field: value}
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        followup.record_response(operator, referral.id, data, now=at(2))
    assert field in err.value.errors
    assert snapshot() == before


def test_a_referral_is_answered_once_and_drafts_not_at_all(operator, official, referral):
    answer(operator, referral.id, 2)
    before = snapshot()
    with pytest.raises(Conflict, match="پیش‌تر ثبت شده"):
        answer(operator, referral.id, 3)
    draft = referrals.prepare_draft(operator, register_case(operator, subject="موضوع دیگر"), order())[0]
    before = snapshot()
    with pytest.raises(Conflict, match="هنوز صادر نشده"):
        answer(operator, draft.id, 3)
    assert snapshot() == before


def test_reroute_is_refused_unless_the_agency_said_not_responsible(operator, official, referral):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        answer(operator, referral.id, 2, reroute={"agency_id": agency_id(GAS)})
    assert "result" in err.value.errors
    with pytest.raises(ValidationError, match="همان دستگاهی"):
        answer(operator, referral.id, 2, result="not_responsible", reroute={"agency_id": agency_id(WATER)})
    with pytest.raises(ValidationError, match="بازرسی"):
        answer(
            operator,
            referral.id,
            2,
            result="not_responsible",
            reroute={"agency_id": agency_id("دفتر بازرسی، مدیریت عملکرد و امور حقوقی استانداری")},
        )
    with pytest.raises(ValidationError) as err:
        answer(
            operator,
            referral.id,
            2,
            result="not_responsible",
            reroute={"agency_id": agency_id(GAS), "due_date": dt.date(2000, 1, 1)},
        )
    assert "due_date" in err.value.errors
    assert snapshot() == before
    answer(operator, referral.id, 2)
    before = snapshot()
    with pytest.raises(Conflict, match="خارج از وظایف"):
        followup.reroute(official, referral.id, {"agency_id": agency_id(GAS)})
    assert snapshot() == before


def test_call_back_on_a_case_still_waiting_for_the_agency_is_refused(operator, referral):
    before = snapshot()
    with pytest.raises(Conflict, match="هنوز در انتظار پاسخ دستگاه"):
        callbacks.record_callback(
            operator, referral.case_id, {"reached": True, "satisfaction": "satisfied", "outcome": "resolved"}
        )
    assert snapshot() == before


@pytest.mark.parametrize(
    "data, field",
    [
        ({"satisfaction": "satisfied"}, "reached"),
        ({"reached": True}, "satisfaction"),
        ({"reached": True, "satisfaction": "ecstatic"}, "satisfaction"),
        ({"reached": False, "satisfaction": "satisfied"}, "satisfaction"),
        ({"reached": True, "satisfaction": "satisfied"}, "outcome"),
        ({"reached": True, "satisfaction": "satisfied", "decision": "reopen", "comment": "x"}, "decision"),
        ({"reached": True, "satisfaction": "partly", "decision": "later"}, "decision"),
        ({"reached": False, "decision": "reopen", "comment": "x"}, "decision"),
        (
            {"reached": True, "satisfaction": "partly", "outcome": "resolved", "comment": "\u202eمعکوس"},
            "comment",
        ),
    ],
)
def test_bad_call_back_is_named_and_nothing_saved(operator, referral, data, field):
    answer(operator, referral.id, 2)
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        callbacks.record_callback(operator, referral.case_id, data)
    assert field in err.value.errors
    assert snapshot() == before


def test_closing_twice_is_refused(operator, referral):
    answer(operator, referral.id, 2)
    callbacks.record_callback(
        operator, referral.case_id, {"reached": True, "satisfaction": "satisfied", "outcome": "resolved"}
    )
    before = snapshot()
    with pytest.raises(Conflict, match="پیش‌تر بسته شده"):
        closing.close_case(operator, referral.case_id, "resolved", "حل شد.")
    with pytest.raises(Conflict, match="در انتظار تماس با شهروند نیست"):
        callbacks.record_callback(
            operator, referral.case_id, {"reached": True, "satisfaction": "satisfied", "outcome": "resolved"}
        )
    assert snapshot() == before


def test_close_needs_a_known_outcome(operator):
    case_id = register_case(operator)
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        closing.close_case(operator, case_id, "forgotten", "")
    assert "outcome" in err.value.errors and snapshot() == before
    with pytest.raises(ValidationError) as err:  # a duplicate names the case it repeats
        closing.close_case(operator, case_id, "duplicate", "همان پرونده پیشین است.")
    assert "duplicate_of" in err.value.errors and snapshot() == before
    earlier = Case.get_by_id(register_case(operator, subject="پرونده پیشین"))
    closing.close_case(
        operator, case_id, "duplicate", "همان پرونده پیشین است.", duplicate_of=earlier.tracking_code
    )
    assert Case.get_by_id(case_id).outcome == "duplicate"


def test_reminders_refused_for_answered_cancelled_or_not_yet_due(operator, official, referral):
    other = issue(official, operator, POWER, 0, 3)
    referrals.cancel_letter(official, other.letter_id, "تکراری بود.")
    before = snapshot()
    with pytest.raises(Conflict, match="باطل شده"):
        reminders.chase(official, other.id, now=at(5))
    with pytest.raises(Conflict, match="هنوز نگذشته"):
        reminders.chase(official, referral.id, now=at(10))
    assert snapshot() == before
    answer(operator, referral.id, 11)
    before = snapshot()
    with pytest.raises(Conflict, match="پاسخ داده است"):
        reminders.chase(official, referral.id, now=at(12))
    assert snapshot() == before


def test_a_reminder_with_a_broken_template_issues_nothing(operator, official, supervisor, referral):
    from app.models import Setting

    Setting.create(key="template.reminder_body", value="پیرو {first_letter_number} و {nonsense}")
    before = snapshot()
    with pytest.raises(ValidationError, match="nonsense"):
        reminders.send_reminder(official, referral.id, now=at(12))
    assert snapshot() == before


def test_operators_do_not_see_the_accountability_report(operator):
    from app.services.followup import accountability

    with pytest.raises(PermissionDenied):
        accountability.accountability_report(operator, day(0), day(1))


def test_the_referral_an_agency_answers_is_found_by_our_letter_number(operator, official, referral):
    number = Letter.get_by_id(referral.letter_id).number
    assert followup.find_referral(number.replace("۱", "1")).id == referral.id
    code = Case.get_by_id(referral.case_id).tracking_code
    assert followup.find_referral(code).id == referral.id
    with pytest.raises(ValidationError):
        followup.find_referral("  ")
    answer(operator, referral.id, 2)
    with pytest.raises(NotFound, match="در انتظار پاسخ ندارد"):
        followup.find_referral(code)
