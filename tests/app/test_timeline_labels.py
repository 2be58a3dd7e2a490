"""A case's timeline speaks Persian only: every audit action the services write on a case, every letter kind,
referral status and outcome, and every event of a case's whole life (contacts, edit, drafts, orders,
letters, reminders, escalation, answers, re-route, call back, close with withdrawal, reopen, an official's
take-up in a session, guidance) has a Persian line, never a code of the program such as
`session.take_up_case` or `withdrawn`."""

import pathlib
import re

from app import wiring
from app.domain.status import (
    OUTCOME_LABELS,
    REFERRAL_STATUS_LABELS,
    STATUS_LABELS,
    CaseStatus,
    Outcome,
    ReferralStatus,
)
from app.models import Letter
from app.services.admin import audit
from app.services.cases import case_edit, case_history, case_status, cases
from app.services.cases.timeline import LETTER_KINDS
from app.services.followup import callbacks, closing, reminders
from app.services.knowledge import guidance
from app.services.letters import referrals
from app.services.schedule import officials, sessions
from tests.app.followup_helpers import GAS, answer, at, issue
from tests.app.knowledge_data import circular
from tests.app.letter_helpers import POWER, WATER, agency_id, order, register_case

ROOT = pathlib.Path(__file__).resolve().parents[2] / "app"
CODE = re.compile(r"[A-Za-z]")  # a title or a detail with a Latin letter shows a code of the program


def case_actions() -> set[str]:
    """Every action the services write with the entity «case» (what a case's timeline reads)."""
    found = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(r'audit\.record\(\s*[^,]+,\s*"([a-z_.]+)",\s*"case"', text))
    return found


def codes_shown(case_id: int) -> list[str]:
    return [
        f"{e.kind}: {e.title} | {e.detail}"
        for e in wiring.case_timeline(case_id)
        if CODE.search(e.title) or CODE.search(e.detail or "")
    ]


def test_every_action_written_on_a_case_reads_in_persian(operator):
    actions = case_actions()
    assert {"case.register", "case.status", "session.take_up_case", "case.guide"} <= actions
    case_id = register_case(operator)
    details = {
        "status": ["registered", "closed"],
        "outcome": "resolved",
        "reason": "علت",
        "note": "یادداشت",
        "article_title": "مقاله",
        "session_id": 1,
        "changes": {"subject": ["الف", "ب"]},
    }
    for action in sorted(actions) + ["case.something_new", "unknown"]:  # an older program's action too
        audit.record(operator, action, "case", case_id, **details)
    assert not codes_shown(case_id)


def test_every_value_has_a_persian_label():
    assert set(LETTER_KINDS) == set(Letter.KINDS)
    assert set(REFERRAL_STATUS_LABELS) == set(ReferralStatus)
    assert set(OUTCOME_LABELS) == set(Outcome) and set(STATUS_LABELS) == set(CaseStatus)


def test_a_whole_life_reads_in_persian(operator, official, supervisor):
    case_id = register_case(operator)
    cases.register_call(operator, {**_same_call(case_id), "attach_to": case_id})
    case_edit.edit_case(operator, case_id, cases.case_detail(case_id).version, {"subject": "قطعی آب شرب"})
    referrals.prepare_draft(operator, case_id, order(agency_ids=[agency_id(WATER)]))
    late = issue(official, operator, POWER, 0, 5, case_id=case_id)
    for when in (6, 14, 22):  # two reminders, then the escalation
        reminders.chase(official, late.id, now=at(when))
    answer(operator, late.id, 23, result="not_responsible")
    issue(official, operator, GAS, 23, 30, case_id=case_id)  # still waiting when the case is closed
    session = _session(official, supervisor)
    sessions.take_up_held_case(official, session, case_id, "مسئول با شهروند گفت‌وگو کرد.")
    closing.close_case(official, case_id, "withdrawn", "شهروند درخواست را پس گرفت.", now=at(24))
    case_status.reopen_case(operator, case_id, "شهروند دوباره تماس گرفت.")

    answered = issue(official, operator, WATER, 0, 10)
    answer(operator, answered.id, 2)
    callbacks.record_callback(
        operator, answered.case_id, {"reached": True, "satisfaction": "satisfied", "outcome": "resolved"}
    )
    guided = register_case(operator)
    guidance.guide_case(operator, guided, circular(supervisor).id, "به دفتر پیشخوان بروند.")

    kinds = set()
    for cid in (case_id, answered.case_id, guided):
        assert not codes_shown(cid), cid
        kinds |= {e.kind for e in wiring.case_timeline(cid)}
    assert kinds <= set(case_history.KINDS)
    assert kinds >= {"contact", "change", "status", "referral", "letter", "withdrawal", "response"}
    assert kinds >= {"reminder", "escalation", "callback", "guidance"}
    titles = [e.title for e in wiring.case_timeline(case_id)]
    assert "تماس پیگیری در جلسه پاسخگویی (تلفن ۱۱۱)" in titles
    assert "بستن پرونده: انصراف شهروند" in titles and "بازگشایی پرونده" in titles


def _same_call(case_id: int) -> dict:
    d = cases.case_detail(case_id)
    return {
        "caller_name": d.caller_name,
        "national_code": d.national_code,
        "phone": d.phone,
        "county_id": d.county_id,
        "request_type": d.request_type,
        "category_id": d.category_id,
        "subject": d.subject,
        "description": "دوباره زنگ زد.",
        "channel": "phone",
        "next_step": "refer",
    }


def _session(official, supervisor) -> int:
    """An open session of «official1» (as an official of the center, checked in without a slot)."""
    officials.create_official(
        supervisor, {"full_name": "محمدرضا کریمی", "title": "استاندار", "username": official.username}
    )
    return sessions.check_in(official).id
