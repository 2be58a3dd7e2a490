"""Cases walked through every path of their life: guided; referred-answered-satisfied;
referred-overdue-reminded-escalated; re-routed; reopened. Each step checks the case and referral
status, the letters and the audit trail."""

import json

import pytest

from app.models import AgencyResponse, Attachment, AuditEntry, Case, Escalation, Letter, Referral, Reminder
from app.services.admin import settings
from app.services.cases import case_status
from app.services.errors import Conflict, NotFound
from app.services.followup import callbacks, closing, deadlines, followup, reminders
from app.services.letters import referrals
from app.wiring import case_timeline
from tests.app.followup_helpers import GAS, answer, at, day, issue, status
from tests.app.letter_helpers import POWER, WATER, agency_id, register_case


def actions(entity: str, entity_id) -> list[str]:
    return [
        e.action
        for e in AuditEntry.select()
        .where((AuditEntry.entity == entity) & (AuditEntry.entity_id == str(entity_id)))
        .order_by(AuditEntry.id)
    ]


def test_guided_case_is_closed_and_can_be_reopened_once(operator):
    case_id = register_case(operator, next_step="guide", guidance="به دفتر پیشخوان دولت مراجعه کنند.")
    assert status(case_id) == "guided" and Case.get_by_id(case_id).outcome == "guided"
    with pytest.raises(Conflict, match="پیش‌تر بسته شده"):
        closing.close_case(operator, case_id, "resolved", "حل شد.")
    case_status.reopen_case(operator, case_id, "شهروند دوباره تماس گرفت؛ راهنمایی کافی نبود.")
    case = Case.get_by_id(case_id)
    assert (case.status, case.outcome, case.closed_at, case.next_step) == ("registered", None, None, "refer")
    assert actions("case", case_id)[-1] == "case.status"
    with pytest.raises(Conflict, match="بازگشایی لازم نیست"):
        case_status.reopen_case(operator, case_id, "دوباره")


def test_referred_answered_called_back_satisfied_and_closed(operator, official):
    referral = issue(official, operator, WATER, 0, 10)
    case_id = referral.case_id
    assert status(case_id) == "referred"
    scan = followup.AttachmentIn("پاسخ-آب.pdf", b"%PDF-1.4 scanned", "application/pdf")
    info = answer(operator, referral.id, 4, attachments=[scan])
    assert (info.referral_status, info.case_status) == ("answered", "answered")
    r = Referral.get_by_id(referral.id)
    assert r.status == "answered" and r.answered_at == at(4)
    response = AgencyResponse.get_by_id(info.id)
    assert response.received_by.username == "operator1" and response.agency_letter_number == "234/56"
    stored = Attachment.get_by_id(info.attachment_ids[0])
    assert (stored.case_id, stored.response_id, bytes(stored.data), stored.filename) == (
        case_id,
        info.id,
        b"%PDF-1.4 scanned",
        "پاسخ-آب.pdf",
    )
    assert callbacks.waiting_ids() == [case_id]
    row = callbacks.callback_rows([case_id])[0]
    assert row.agencies == WATER and row.result == "done" and row.suggested_outcome == "resolved"
    done = callbacks.record_callback(
        operator,
        case_id,
        {"reached": True, "satisfaction": "satisfied", "comment": "آب وصل شد.", "outcome": "resolved"},
        now=at(6),
    )
    case = Case.get_by_id(case_id)
    assert (done.case_status, case.status, case.outcome, case.closed_at) == (
        "closed",
        "closed",
        "resolved",
        at(6),
    )
    assert callbacks.waiting_ids() == []
    assert "referral.response" in actions("referral", referral.id)
    assert actions("case", case_id)[-2:] == ["case.callback", "case.status"]
    with pytest.raises(Conflict, match="پیش‌تر بسته شده"):
        closing.close_case(operator, case_id, "duplicate", "تکراری")


def test_referred_overdue_reminded_then_escalated(operator, official, supervisor):
    referral = issue(official, operator, POWER, 0, 5)
    first = Letter.get_by_id(referral.letter_id)
    assert deadlines.counts(today=day(5)).overdue == 0 and deadlines.counts(today=day(5)).due_soon == 1
    assert deadlines.counts(today=day(6)).overdue == 1
    with pytest.raises(Conflict, match="هنوز نگذشته"):
        reminders.send_reminder(official, referral.id, now=at(5))
    with pytest.raises(Conflict, match="پس از ۲ نامه تذکر"):
        reminders.escalate(official, referral.id, now=at(6))
    one = reminders.chase(official, referral.id, now=at(6))
    assert one.kind == "reminder" and one.new_due_date == day(13)  # 7 calendar days (reminder_due_days)
    letter = Letter.get_by_id(one.letter_id)
    assert (letter.kind, letter.follows_id, letter.referral_id, letter.serial) == (
        "reminder",
        first.id,
        referral.id,
        first.serial + 1,
    )
    content = json.loads(letter.content)
    assert f"پیرو نامه شماره {first.number}" in content["body"]
    assert content["reference_lines"][0].startswith(f"پیرو نامه شماره {first.number} مورخ")
    assert content["signer_name"] == json.loads(first.content)["signer_name"]
    reminder = Reminder.get_by_id(one.id)
    assert (reminder.previous_due_date, reminder.new_due_date) == (day(5), day(13))
    assert Referral.get_by_id(referral.id).due_date == day(13)
    assert deadlines.counts(today=day(7)).overdue == 0
    two = reminders.chase(official, referral.id, now=at(14))
    assert two.kind == "reminder" and "دومین" in json.loads(Letter.get_by_id(two.letter_id).content)["body"]
    with pytest.raises(Conflict, match="گام بعد ارجاع به بازرسی"):
        reminders.send_reminder(official, referral.id, now=at(22))
    row = deadlines.list_followups(deadlines.FollowUpFilter(today=day(22)))[0]
    assert (row.referral_id, row.days_late, row.reminders, row.next_action) == (referral.id, 1, 2, "escalate")
    esc = reminders.chase(official, referral.id, now=at(22))
    assert esc.kind == "escalation"
    letter = Letter.get_by_id(esc.letter_id)
    content = json.loads(letter.content)
    assert letter.kind == "escalation" and letter.follows_id == first.id
    assert content["recipient"].endswith("دفتر بازرسی، مدیریت عملکرد و امور حقوقی استانداری")
    assert [c["name"] for c in content["cc"]] == [POWER]
    assert "۲ نامه تذکر" in content["body"] and "۱۷ روز" in content["body"]  # day 22 - first due day 5
    assert (
        Escalation.get_by_id(esc.id).by.username == "official1"
    )  # who issued it (an official signs follow-up letters)
    with pytest.raises(Conflict, match="پیش‌تر به دفتر بازرسی"):
        reminders.chase(official, referral.id, now=at(23))
    assert actions("referral", referral.id).count("referral.reminder") == 2
    assert "referral.escalate" in actions("referral", referral.id)
    # the agency answers at last: the referral leaves the overdue list
    answer(operator, referral.id, 30)
    assert deadlines.counts(today=day(30)).overdue == 0 and status(referral.case_id) == "answered"


def test_escalation_waits_for_the_configured_number_of_reminders(operator, official, supervisor):
    settings.update(supervisor, {"reminders_before_escalation": "1", "reminder_due_days": "3"})
    referral = issue(official, operator, POWER, 0, 2)
    assert reminders.chase(official, referral.id, now=at(3)).new_due_date == day(6)
    assert reminders.chase(official, referral.id, now=at(7)).kind == "escalation"


def test_rerouted_by_an_operator_becomes_a_draft_then_issued(operator, official):
    referral = issue(official, operator, POWER, 0, 10)
    info = answer(
        operator,
        referral.id,
        2,
        result="not_responsible",
        text="گاز در وظایف ما نیست.",
        reroute={"agency_id": agency_id(GAS), "due_date": day(20)},
    )
    old = Referral.get_by_id(referral.id)
    new = Referral.get_by_id(info.rerouted_to.id)
    assert (old.status, old.answered_at) == ("rerouted", at(2))
    assert (new.status, new.rerouted_from_id, new.agency.name, new.instruction) == (
        "draft",
        old.id,
        GAS,
        old.instruction,
    )
    assert status(referral.case_id) == "referred"  # still waiting: for the official's order now
    result = referrals.issue_drafts(official, [new.id])
    assert not result.failed and Referral.get_by_id(new.id).status == "issued"
    assert status(referral.case_id) == "referred"
    titles = [e.title for e in case_timeline(referral.case_id)]
    assert any(t.startswith(f"ارجاع به {POWER}") for t in titles)
    assert any(t.startswith(f"ارجاع دوباره به {GAS} (پس از پاسخ «خارج از وظایف» {POWER})") for t in titles)
    assert "referral.reroute" in actions("referral", old.id)


def test_rerouted_by_an_official_is_issued_at_once(operator, official):
    referral = issue(official, operator, POWER, 0, 10)
    answer(official, referral.id, 1, result="not_responsible")
    with pytest.raises(NotFound):
        followup.reroute(operator, referral.id + 99, {"agency_id": agency_id(GAS)})
    info = followup.reroute(
        official, referral.id, {"agency_id": agency_id(GAS), "due_date": day(15)}, now=at(1)
    )
    new = Referral.get_by_id(info.id)
    assert (new.status, new.rerouted_from_id, new.due_date) == ("issued", referral.id, day(15))
    assert Letter.select().where((Letter.referral == new.id) & (Letter.kind == "referral")).count() == 1
    assert status(referral.case_id) == "referred"


def test_reopened_at_the_call_back_and_referred_again(operator, official):
    referral = issue(official, operator, WATER, 0, 10)
    answer(operator, referral.id, 3)
    with pytest.raises(Exception, match="بنویسید شهروند چه گفت"):
        callbacks.record_callback(
            operator,
            referral.case_id,
            {"reached": True, "satisfaction": "not_satisfied", "decision": "reopen"},
        )
    info = callbacks.record_callback(
        operator,
        referral.case_id,
        {
            "reached": True,
            "satisfaction": "not_satisfied",
            "decision": "reopen",
            "comment": "هنوز آب قطع است.",
        },
        now=at(5),
    )
    assert info.case_status == "registered" and status(referral.case_id) == "registered"
    again = issue(official, operator, WATER, 6, 16, case_id=referral.case_id)
    assert status(referral.case_id) == "referred" and again.case_id == referral.case_id
    kinds = [e.kind for e in case_timeline(referral.case_id)]
    assert kinds.count("referral") == 2 and "callback" in kinds and kinds.count("status") >= 4


def test_not_reached_stays_on_the_list_then_closed_unreachable(operator, official):
    referral = issue(official, operator, WATER, 0, 10)
    answer(operator, referral.id, 3)
    callbacks.record_callback(
        operator, referral.case_id, {"reached": False, "comment": "پاسخ نداد."}, now=at(4)
    )
    callbacks.record_callback(operator, referral.case_id, {"reached": False}, now=at(5))
    row = callbacks.callback_rows(callbacks.waiting_ids())[0]
    assert (row.attempts, row.last_attempt_at) == (2, at(5))
    callbacks.record_callback(
        operator,
        referral.case_id,
        {"reached": False, "decision": "close", "outcome": "unreachable"},
        now=at(6),
    )
    case = Case.get_by_id(referral.case_id)
    assert (case.status, case.outcome) == ("closed", "unreachable")


def test_interim_reply_keeps_the_referral_waiting(operator, official):
    referral = issue(official, operator, WATER, 0, 10)
    info = answer(operator, referral.id, 2, result="in_progress", text="در دست اقدام است.")
    assert (info.referral_status, info.case_status) == ("issued", "referred")
    answer(operator, referral.id, 5)
    assert Referral.get_by_id(referral.id).status == "answered" and status(referral.case_id) == "answered"


def test_case_with_two_agencies_is_answered_when_both_answered(operator, official):
    case_id = register_case(operator)
    both = referrals.issue_order(
        official,
        case_id,
        {
            "agency_ids": [agency_id(WATER), agency_id(POWER)],
            "instruction": "بررسی شود.",
            "due_date": day(10),
        },
        now=at(0),
    )
    answer(operator, both[0].id, 2)
    assert status(case_id) == "referred"
    with pytest.raises(Conflict, match="در انتظار پاسخ دستگاه"):
        callbacks.record_callback(
            operator, case_id, {"reached": True, "satisfaction": "satisfied", "outcome": "resolved"}
        )
    answer(operator, both[1].id, 3)
    assert status(case_id) == "answered"
    assert callbacks.callback_rows([case_id])[0].agencies == f"{WATER}، {POWER}"
