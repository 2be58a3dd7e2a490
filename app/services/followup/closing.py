"""Closing a case from the case window or `samad case close`, and reopening it.

Closing takes an outcome (app.domain.status.Outcome) and a reason; a duplicate names the case it repeats
by its tracking code, which must be another case in the database. Every referral still waiting is withdrawn
with it (app.services.cases.case_status.withdraw_waiting): no more reminders, not overdue, not counted as
unanswered in the agencies' accountability report.

Who may close: anyone who may close a case (operators included) closes a case with no letter out, or one
whose waiting referrals are only drafts (the agency never received anything). A case with an issued
referral still waiting means an order signed by an official is being taken back: only an official may do
that, and each agency then gets a numbered withdrawal letter (پس‌گرفتن ارجاع), signed by the closing
official and following the referral letter (پیرو نامه شماره ...), through the one numbering path of every
letter (app.services.letters.referrals.issue_numbered_letter). The whole close is one transaction: the
letters, the withdrawals and the status change commit together or not at all.

Reopening (case_status.reopen_case) brings the case back to «registered»; the withdrawn referrals stay
withdrawn (their agencies were told to stop), so the case is referred again with a new order if needed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from app.db import database
from app.domain import jalali
from app.domain.followup_letters import WITHDRAWAL_BODY_KEY, follows_line, withdrawal_subject
from app.domain.letters import recipient_line
from app.domain.roles import allowed
from app.domain.status import OUTCOME_LABELS, CaseStatus, LetterStatus, Outcome, ReferralStatus
from app.models import Agency, Case, Letter, Referral, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit, settings
from app.services.cases import case_status
from app.services.cases.case_status import reopen_case  # noqa: F401 - the other half of this use case
from app.services.errors import PermissionDenied, ValidationError
from app.services.letters import letter_templates, referrals
from app.services.letters.letter_content import build_content, case_facts

LETTER_KIND = "withdrawal"


@dataclass(frozen=True)
class WithdrawalLetter:
    letter_id: int
    number: str
    referral_id: int
    agency_name: str


@dataclass(frozen=True)
class ClosedCase:
    case_id: int
    status: str
    outcome: str
    duplicate_of: str | None
    withdrawn_referral_ids: list[int]
    letters: list[WithdrawalLetter]


@dataclass(frozen=True)
class ClosePlan:
    """What closing the case now would do, for the dialog to say before the person confirms."""

    waiting_agencies: list[str]  # agencies whose issued referral is withdrawn (each gets a letter)
    draft_agencies: list[str]  # drafts dropped (no letter: the agency never received them)
    needs_official: bool  # an issued referral is waiting: only an official may close (and sign)
    may_close: bool  # this actor may close it now


def _issued_letter(referral_id: int) -> Letter | None:
    return (
        Letter.select()
        .where(
            (Letter.referral == referral_id)
            & (Letter.kind == "referral")
            & (Letter.status == LetterStatus.ISSUED)
        )
        .order_by(Letter.id.desc())
        .first()
    )


def close_plan(actor: Actor, case_id: int) -> ClosePlan:
    case = case_status.read_case(case_id)
    waiting = case_status.waiting_referrals(case.id)
    names = {
        a.id: a.name
        for a in Agency.select(Agency.id, Agency.name).where(
            Agency.id.in_([r.agency_id for r in waiting] or [0])
        )
    }
    issued = [names.get(r.agency_id, "") for r in waiting if r.status == ReferralStatus.ISSUED]
    drafts = [names.get(r.agency_id, "") for r in waiting if r.status == ReferralStatus.DRAFT]
    needs_official = bool(issued)
    may = allowed(actor.role, "close_case") and (not needs_official or allowed(actor.role, "issue_referral"))
    return ClosePlan(issued, drafts, needs_official, may)


def _check_official(actor: Actor, waiting: list[Referral]) -> None:
    if any(r.status == ReferralStatus.ISSUED for r in waiting) and not allowed(actor.role, "issue_referral"):
        raise PermissionDenied(
            "این پرونده ارجاع صادرشده در انتظار پاسخ دارد؛ بستن آن یعنی پس‌گرفتن دستور مسئول و فرستادن نامه "
            "پس‌گرفتن ارجاع به دستگاه، که مسئول باید امضا کند. از مسئول بخواهید پرونده را ببندد."
        )


def _validate(case: Case, outcome, reason, duplicate_of) -> tuple[Outcome, str | None, str]:
    """Every field's problem at once (outcome, duplicate_of, reason) as one ValidationError."""
    errors: dict[str, str] = {}
    clean_outcome, original, text = None, None, ""
    try:
        clean_outcome = case_status.check_outcome(CaseStatus.CLOSED, outcome)
        original = case_status.duplicate_target(case, clean_outcome, duplicate_of)
    except ValidationError as exc:
        errors.update(exc.errors)
    try:
        text = case_status.clean_reason(reason, required=True)
    except ValidationError as exc:
        errors.update(exc.errors)
    if text and "reason" not in errors:
        problem = letter_templates.glyph_problem(text)
        if problem:
            errors["reason"] = f"علت: {problem}"
    if errors:
        raise ValidationError(errors)
    return clean_outcome, original, text


def _withdrawal_content(
    actor: Actor, case: Case, r: Referral, first: Letter, outcome: Outcome, reason: str, now: dt.datetime
):
    template = letter_templates.get_template(WITHDRAWAL_BODY_KEY)
    problem = letter_templates.check_template(WITHDRAWAL_BODY_KEY, template)
    if problem:
        raise ValidationError({"template": problem + " قالب نامه را ناظر باید درست کند."})
    values = settings.get_all()
    facts = case_facts(case)
    signer = referrals.signer_for(actor)
    agency = Agency.get_by_id(r.agency_id)
    first_content = json.loads(first.content)
    extra = {
        "first_letter_number": first.number,
        "first_letter_date": jalali.format_jalali(first.issued_at),
        "close_outcome": OUTCOME_LABELS[outcome],
        "close_reason": reason,
    }

    def content_for(number: str) -> dict:
        content = build_content(
            number=number,
            issued_at=now,
            settings=values,
            template=template,
            facts=facts,
            agency_name=agency.name,
            recipient=recipient_line(agency.name, agency.recipient),
            instruction=r.instruction,
            due_date=r.due_date,
            priority=r.priority,
            signer=signer,
            cc=[],
            reference_lines=[follows_line(extra["first_letter_number"], extra["first_letter_date"])],
            logo_sha256=first_content.get("logo_sha256", ""),
            kind=LETTER_KIND,
            extra_values=extra,
        )
        content["subject"] = withdrawal_subject(content["subject"])
        content["follows"] = first.number
        return content

    return agency, content_for


def close_case(
    actor: Actor,
    case_id: int,
    outcome: str,
    reason: str,
    *,
    duplicate_of: str | None = None,
    now: dt.datetime | None = None,
) -> ClosedCase:
    """Close the case with an outcome and a reason, withdrawing its waiting referrals (see the module)."""
    require(actor, "close_case")
    case = case_status.read_case(case_id)
    case_status.check_closable_status(case)
    clean_outcome, original, text = _validate(case, outcome, reason, duplicate_of)
    _check_official(actor, case_status.waiting_referrals(case.id))
    now = now or utcnow()
    with database.atomic():
        case = case_status.lock_case(case.id)
        case_status.check_closable_status(case)  # again, now that no other PC can change it meanwhile
        waiting = case_status.waiting_referrals(case.id)
        _check_official(actor, waiting)
        issued_letters: list[WithdrawalLetter] = []
        number_format = settings.get("letter_number_format")
        for r in waiting:
            first = _issued_letter(r.id) if r.status == ReferralStatus.ISSUED else None
            if first is None:
                continue
            agency, content_for = _withdrawal_content(actor, case, r, first, clean_outcome, text, now)
            letter = referrals.issue_numbered_letter(
                actor, r.id, LETTER_KIND, content_for, now, number_format=number_format, follows=first
            )
            audit.record(
                actor,
                "letter.issue",
                "letter",
                letter.id,
                number=letter.number,
                referral_id=r.id,
                case_id=case.id,
                agency=agency.name,
                kind=LETTER_KIND,
                follows=first.number,
            )
            issued_letters.append(WithdrawalLetter(letter.id, letter.number, r.id, agency.name))
        case_status.withdraw_waiting(actor, case, text)
        extra = {"duplicate_of": original} if original else {}
        if issued_letters:
            extra["withdrawal_letters"] = [x.number for x in issued_letters]
        case = case_status.apply_status(
            actor,
            case,
            CaseStatus.CLOSED,
            outcome=clean_outcome,
            reason=text,
            now=now,
            withdrawn_referrals=[r.id for r in waiting],
            **extra,
        )
    return ClosedCase(
        case.id, case.status, str(case.outcome), original, [r.id for r in waiting], issued_letters
    )
