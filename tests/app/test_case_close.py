"""Closing and reopening a case: with an outcome and a required reason, from the command line too; the
referrals still waiting are withdrawn with it (no more reminders, not overdue, not counted as unanswered),
each agency with an issued referral gets a numbered withdrawal letter signed by the closing official, and an
operator cannot take an official's order back."""

import json

import pytest

from app.cli import main
from app.domain.identifiers import damm_check_digit
from app.models import AuditEntry, Case, Letter, Referral
from app.services.cases import case_status
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.services.followup import accountability, closing, deadlines, followup, reminders
from app.services.letters import letters, referrals
from tests.app.followup_helpers import answer, at, day, issue
from tests.app.letter_helpers import POWER, WATER, agency_id, order, register_case
from tests.pdf_text import missing_words

pytestmark = pytest.mark.usefixtures("cli_login")  # `samad` logs the fixture supervisor in


def statuses(case_id: int) -> dict[str, str]:
    return {
        r.agency.name: r.status
        for r in Referral.select().where(Referral.case == case_id).order_by(Referral.id)
    }


def snapshot() -> tuple:
    return (
        [(c.id, c.status, c.outcome, c.version) for c in Case.select().order_by(Case.id)],
        [(r.id, r.status) for r in Referral.select().order_by(Referral.id)],
        Letter.select().count(),
        AuditEntry.select().count(),
    )


def test_closing_withdraws_waiting_referrals_and_each_agency_gets_a_numbered_letter(operator, official):
    case_id = register_case(operator)
    sent = referrals.issue_order(
        official, case_id, order(agency_ids=[agency_id(WATER), agency_id(POWER)]), now=at(0)
    )
    firsts = [Letter.get_by_id(x.letter_id) for x in sent]
    done = closing.close_case(official, case_id, "withdrawn", "شهروند درخواست را پس گرفت.", now=at(2))
    case = Case.get_by_id(case_id)
    assert (case.status, case.outcome, done.status, done.outcome) == ("closed", "withdrawn") * 2
    assert statuses(case_id) == {WATER: "withdrawn", POWER: "withdrawn"}
    # one withdrawal letter per agency, numbered on from the referral letters with no gap, following them
    new = list(Letter.select().where(Letter.kind == "withdrawal").order_by(Letter.serial))
    assert [x.number for x in new] == [x.number for x in done.letters]
    assert [x.serial for x in new] == [firsts[-1].serial + 1, firsts[-1].serial + 2]
    assert [x.follows_id for x in new] == [x.id for x in firsts]
    assert {x.agency_name for x in done.letters} == {WATER, POWER}
    content = json.loads(new[0].content)
    assert content["kind"] == "withdrawal" and content["agency_name"] == WATER
    assert "انصراف شهروند" in content["body"] and "شهروند درخواست را پس گرفت." in content["body"]
    first_date = json.loads(firsts[0].content)["date"]
    assert content["reference_lines"] == [f"پیرو نامه شماره {firsts[0].number} مورخ {first_date}"]
    assert content["signer_name"] == "کاربر official1"  # the closing official signs
    pdf = letters.letter_pdf(new[0].id)
    assert pdf.startswith(b"%PDF") and not missing_words(pdf, "پس‌گرفتن ارجاع مختومه شد")
    withdrawn = AuditEntry.select().where(AuditEntry.action == "referral.withdraw")
    issued = AuditEntry.select().where(AuditEntry.action == "letter.issue")
    assert withdrawn.count() == 2 and issued.count() == 4
    status_entry = (
        AuditEntry.select().where(AuditEntry.action == "case.status").order_by(AuditEntry.id.desc())
    )
    details = json.loads(status_entry.first().details)
    assert details["withdrawal_letters"] == [x.number for x in new]


def test_withdrawn_referrals_are_not_overdue_not_reminded_and_not_unanswered(operator, official, supervisor):
    chased = issue(official, operator, WATER, 0, 5)
    kept = issue(official, operator, POWER, 0, 5)  # the same agency figures, not closed: still counted
    assert deadlines.counts(today=day(9)).overdue == 2
    before = accountability.accountability_report(supervisor, day(0), day(29), today=day(9))
    assert before.total.received == 2 and before.total.overdue_now == 2 and before.total.due == 2
    closing.close_case(official, chased.case_id, "resolved", "مشکل با پیگیری تلفنی حل شد.", now=at(7))
    assert deadlines.counts(today=day(9)).overdue == 1
    assert deadlines.followup_ids(deadlines.FollowUpFilter(today=day(9))) == [kept.id]
    report = accountability.accountability_report(supervisor, day(0), day(29), today=day(9))
    water = [f for f in report.agencies if f.agency_name == WATER]
    assert water == []  # not received, not due, not overdue: the agency was told to stop
    assert (report.total.received, report.total.overdue_now, report.total.due) == (1, 1, 1)
    with pytest.raises(Conflict, match="پس گرفته شده"):
        reminders.chase(official, chased.id, now=at(9))
    with pytest.raises(Conflict, match="پس گرفته شده"):
        answer(operator, chased.id, 9)
    with pytest.raises(Conflict, match="پس گرفته شده"):
        followup.record_response(
            operator, chased.id, {"text": "در دست بررسی", "result": "in_progress"}, now=at(9)
        )
    reminders.chase(official, kept.id, now=at(9))  # the other one is chased as before


def test_an_operator_closes_without_a_letter_out_but_cannot_take_an_order_back(operator, official):
    guided = register_case(operator)
    referrals.prepare_draft(operator, guided, order())  # a draft: the agency never received it
    plan = closing.close_plan(operator, guided)
    assert (plan.needs_official, plan.may_close, plan.draft_agencies) == (False, True, [WATER])
    done = closing.close_case(operator, guided, "guided", "با راهنمایی تلفنی حل شد.")
    assert done.letters == [] and statuses(guided) == {WATER: "withdrawn"}

    waiting = issue(official, operator, WATER, 0, 10)
    plan = closing.close_plan(operator, waiting.case_id)
    assert (plan.needs_official, plan.may_close, plan.waiting_agencies) == (True, False, [WATER])
    before = snapshot()
    with pytest.raises(PermissionDenied, match="مسئول"):
        closing.close_case(operator, waiting.case_id, "resolved", "حل شد.")
    assert snapshot() == before
    assert closing.close_plan(official, waiting.case_id).may_close


def test_closing_needs_an_outcome_a_reason_and_a_real_original_for_a_duplicate(operator):
    first = Case.get_by_id(register_case(operator))
    second = register_case(operator, subject="همان موضوع دوباره")
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        closing.close_case(operator, second, "forgotten", "")
    assert {"outcome", "reason"} <= set(err.value.errors)
    unknown = "7" * 9 + damm_check_digit("7" * 9)  # well formed, but no case has it
    for code in ("", "12345", Case.get_by_id(second).tracking_code, unknown):
        with pytest.raises(ValidationError) as err:
            closing.close_case(operator, second, "duplicate", "تکراری است.", duplicate_of=code)
        assert "duplicate_of" in err.value.errors, code
    assert snapshot() == before
    with pytest.raises(NotFound):
        closing.close_case(operator, 10**9, "resolved", "حل شد.")
    persian = first.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    done = closing.close_case(operator, second, "duplicate", "تکراری است.", duplicate_of=persian)
    assert done.duplicate_of == first.tracking_code and Case.get_by_id(second).outcome == "duplicate"
    with pytest.raises(Conflict, match="پیش‌تر بسته شده"):
        closing.close_case(operator, second, "resolved", "دوباره")


def test_reopen_brings_a_closed_case_back_and_withdrawn_referrals_stay_withdrawn(operator, official):
    r = issue(official, operator, WATER, 0, 10)
    closing.close_case(official, r.case_id, "unreachable", "سه بار تماس گرفتیم و پاسخ نداد.", now=at(3))
    with pytest.raises(ValidationError) as err:
        case_status.reopen_case(operator, r.case_id, "  ")
    assert "reason" in err.value.errors
    case_status.reopen_case(operator, r.case_id, "شهروند خودش تماس گرفت.")
    case = Case.get_by_id(r.case_id)
    assert (case.status, case.outcome, case.closed_at) == ("registered", None, None)
    assert statuses(r.case_id) == {WATER: "withdrawn"}
    with pytest.raises(Conflict, match="بازگشایی لازم نیست"):
        case_status.reopen_case(operator, r.case_id, "دوباره")
    again = referrals.issue_order(official, r.case_id, order(agency_ids=[agency_id(POWER)]))
    assert Case.get_by_id(r.case_id).status == "referred" and len(again) == 1


def test_samad_case_close_and_reopen(operator, official, database_url, capsys):
    url = database_url
    case_id = register_case(operator)
    referrals.issue_order(official, case_id, order())
    code = Case.get_by_id(case_id).tracking_code
    close = ["--database", url, "case", "close", code, "--outcome", "rejected_by_law"]
    assert main(close + ["--reason", "خلاف قانون است.", "--as", "operator1"]) == 1  # an official's order
    assert "مسئول" in capsys.readouterr().err and Case.get_by_id(case_id).status == "referred"
    assert main(close + ["--reason", "درخواست خلاف قانون است.", "--as", "official1"]) == 0
    out = capsys.readouterr().out
    withdrawal = Letter.get(Letter.kind == "withdrawal")
    assert withdrawal.number in out and WATER in out
    assert Case.get_by_id(case_id).status == "closed"
    assert Referral.get(Referral.case == case_id).status == "withdrawn"
    assert main(["--database", url, "case", "reopen", code, "--reason", "مدارک تازه رسید."]) == 0
    assert Case.get_by_id(case_id).status == "registered"
    dup = ["--database", url, "case", "close", code, "--outcome", "duplicate", "--reason", "تکراری"]
    assert main(dup + ["--duplicate-of", "11111111"]) == 1
    assert "پرونده اصلی" in capsys.readouterr().err and Case.get_by_id(case_id).status == "registered"
    with pytest.raises(SystemExit):
        main(["--database", url, "case", "close", code, "--outcome", "whatever", "--reason", "x"])
