"""The one place a case's status is changed after registration: the transition is checked against
app.domain.status.TRANSITIONS, the case row is updated (status, outcome, closed time, version) and the
change is written to the audit trail as «case.status».

`apply_status` runs inside the caller's transaction (it never opens its own), so a status change
commits or rolls back with the work that caused it. `reopen_case` is a use case a person starts directly;
closing a case (app.services.followup.closing.close_case) uses `check_closable` and `withdraw_waiting`
here and issues the withdrawal letters, which this package cannot.
"""

from __future__ import annotations

import datetime as dt

from app.db import database, is_postgres
from app.domain.followup import derived_status
from app.domain.status import (
    CLOSED_STATUSES,
    OUTCOME_LABELS,
    STATUS_LABELS,
    CaseStatus,
    NextStep,
    Outcome,
    ReferralStatus,
    can_move,
    transition_error,
)
from app.domain.text import has_control_chars, normalize_text
from app.models import Case, Letter, Referral, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases import accountability_summary, case_summary
from app.services.errors import Conflict, NotFound, ValidationError

MAX_REASON = 1000


def _valid_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**62


def _locked(query):
    """`query` locking the rows it reads until the transaction ends. PostgreSQL: SELECT … FOR UPDATE (a second
    PC's lock waits here, then reads what the first committed). SQLite: every transaction of ours begins
    IMMEDIATE (app.db), so the whole database is already locked for writing from its first statement."""
    if not database.in_transaction():
        raise RuntimeError("a row is locked only inside a transaction (database.atomic())")
    return query.for_update() if is_postgres() else query


def read_case(case_id) -> Case:
    """The case row for a check before the transaction (NotFound when there is none); not locked."""
    case = Case.get_or_none(Case.id == case_id) if _valid_id(case_id) else None
    if case is None:
        raise NotFound(f"پرونده با شناسه {case_id} پیدا نشد.")
    return case


def lock_case(case_id) -> Case:
    """The case row, read inside the caller's transaction and locked until it ends (NotFound when there is
    none). Every use case that changes a case, one of its referrals or letters calls this FIRST in its
    transaction, so two PCs acting on one case run one after the other and the second sees the first's work."""
    case = _locked(Case.select().where(Case.id == case_id)).first() if _valid_id(case_id) else None
    if case is None:
        raise NotFound(f"پرونده با شناسه {case_id} پیدا نشد.")
    return case


def lock_referral(referral_id) -> Referral:
    """Lock the referral's case, then the referral, and return the referral as it is now."""
    found = Referral.get_or_none(Referral.id == referral_id) if _valid_id(referral_id) else None
    if found is None:
        raise NotFound("این ارجاع پیدا نشد.")
    lock_case(found.case_id)
    return _locked(Referral.select().where(Referral.id == found.id)).get()


def lock_letter(letter_id) -> Letter:
    """Lock the letter's case, then the letter, and return the letter as it is now."""
    found = Letter.get_or_none(Letter.id == letter_id) if _valid_id(letter_id) else None
    if found is None:
        raise NotFound("این نامه پیدا نشد.")
    lock_referral(found.referral_id)
    return _locked(Letter.select().where(Letter.id == found.id)).get()


def check_outcome(new: CaseStatus, outcome) -> Outcome | None:
    """A closed case needs an outcome; no other status takes one."""
    if new != CaseStatus.CLOSED:
        return None
    try:
        return Outcome(outcome)
    except (ValueError, TypeError):
        raise ValidationError({"outcome": "نتیجه بستن پرونده را انتخاب کنید."}) from None


def apply_status(
    actor: Actor,
    case: Case,
    new: str,
    *,
    outcome: str | None = None,
    reason: str = "",
    now: dt.datetime | None = None,
    **context,
) -> Case:
    """Move `case` to `new` (inside the caller's transaction) and audit it; Conflict if not allowed.

    Moving to the status it already has is a no-op, except referred -> referred (another referral),
    which is recorded. Closing sets the outcome and closed time; any other move clears them.
    """
    new_status = CaseStatus(new)
    current = CaseStatus(case.status)
    if current == new_status and current != CaseStatus.REFERRED:
        if current in CLOSED_STATUSES:
            raise Conflict(transition_error(current, new_status))
        return case
    if not can_move(current, new_status):
        raise Conflict(transition_error(current, new_status))
    clean_outcome = check_outcome(new_status, outcome)
    now = now or utcnow()
    closed_at = now if new_status in CLOSED_STATUSES else None
    if new_status == CaseStatus.GUIDED:
        clean_outcome = Outcome.GUIDED
    with case_summary.tracking(case.id):
        updated = (
            Case.update(
                status=new_status,
                outcome=clean_outcome,
                closed_at=closed_at,
                updated_at=now,
                version=Case.version + 1,
            )
            .where((Case.id == case.id) & (Case.status == current))
            .execute()
        )
    if updated != 1:
        raise Conflict("وضعیت پرونده هم‌زمان در جای دیگری تغییر کرد؛ پرونده را دوباره باز کنید.")
    details = {"status": [str(current), str(new_status)], **context}
    if clean_outcome:
        details["outcome"] = str(clean_outcome)
    if reason:
        details["reason"] = reason
    audit.record(actor, "case.status", "case", case.id, **details)
    case.status, case.outcome, case.closed_at, case.updated_at = new_status, clean_outcome, closed_at, now
    case.version += 1
    return case


def sync_with_referrals(actor: Actor, case: Case, *, now: dt.datetime | None = None, **context) -> Case:
    """Bring an open case's status in line with its referrals (app.domain.followup.derived_status)."""
    rows = Referral.select(Referral.status, Referral.rerouted_from).where(Referral.case == case.id)
    wanted = derived_status(case.status, [(r.status, r.rerouted_from_id is not None) for r in rows])
    if wanted == CaseStatus(case.status):
        return case
    return apply_status(actor, case, wanted, now=now, **context)


def clean_reason(value, required: bool, field: str = "reason") -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: "توضیح باید متن باشد."})
    if has_control_chars(value.replace("\r", ""), allow_newlines=True):
        raise ValidationError({field: "توضیح نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."})
    text = normalize_text(value)
    if required and not text:
        raise ValidationError({field: "علت را بنویسید."})
    if len(text) > MAX_REASON:
        raise ValidationError({field: f"توضیح بیش از {MAX_REASON} نویسه است."})
    return text


WAITING_REFERRALS = ("draft", "issued")


def waiting_referrals(case_id: int) -> list[Referral]:
    """The case's referrals still waiting (issued, or drafts), oldest first: closing the case withdraws them."""
    return list(
        Referral.select()
        .where((Referral.case == case_id) & Referral.status.in_(WAITING_REFERRALS))
        .order_by(Referral.id)
    )


def check_closable_status(case: Case) -> None:
    """Conflict when the case cannot be closed now (it is closed or guided already)."""
    if not can_move(case.status, CaseStatus.CLOSED):
        raise Conflict(transition_error(case.status, CaseStatus.CLOSED))


def withdraw_waiting(actor: Actor, case: Case, reason: str) -> list[Referral]:
    """Inside the caller's transaction (the case locked): every waiting referral of the case becomes
    «withdrawn» (no more reminders, not overdue, not unanswered in the agencies' report), each audited.
    Returns the referrals as they were before (their `status` tells an issued one from a draft)."""
    waiting = waiting_referrals(case.id)
    with accountability_summary.tracking(case.id):
        for r in waiting:
            updated = (
                Referral.update(status=ReferralStatus.WITHDRAWN)
                .where((Referral.id == r.id) & (Referral.status == r.status))
                .execute()
            )
            if updated != 1:  # the case is locked, so only a caller that did not lock it meets this
                raise Conflict("ارجاع‌های پرونده هم‌زمان در جای دیگری تغییر کرد؛ پرونده را دوباره باز کنید.")
            audit.record(
                actor,
                "referral.withdraw",
                "referral",
                r.id,
                case_id=case.id,
                reason=reason,
                changes={"status": [r.status, ReferralStatus.WITHDRAWN.value]},
            )
    return waiting


def duplicate_target(case: Case, outcome: Outcome | None, code: str | None) -> str | None:
    """The normalised tracking code of the case a duplicate repeats (None for any other outcome): another
    case that exists; ValidationError on «duplicate_of» otherwise."""
    if outcome != Outcome.DUPLICATE:
        return None
    from app.domain.identifiers import normalize_tracking_code

    try:
        clean = normalize_tracking_code(code or "")
    except ValueError as exc:
        raise ValidationError({"duplicate_of": f"کد رهگیری پرونده اصلی: {exc}"}) from None
    if clean == case.tracking_code or not Case.select().where(Case.tracking_code == clean).exists():
        raise ValidationError({"duplicate_of": "پرونده اصلی (با کد رهگیری دیگری) پیدا نشد."})
    return clean


def reopen_case(actor: Actor, case_id: int, reason: str) -> Case:
    """Reopen a closed, guided or answered case: back to registered, to be guided or referred again."""
    require(actor, "close_case")
    text = clean_reason(reason, required=True)
    case = read_case(case_id)
    if CaseStatus(case.status) not in (CaseStatus.CLOSED, CaseStatus.GUIDED, CaseStatus.ANSWERED):
        raise Conflict(f"پرونده باز است (وضعیت «{case_status_label(case.status)}»)؛ بازگشایی لازم نیست.")
    with database.atomic():
        case = lock_case(case_id)
        if CaseStatus(case.status) not in (CaseStatus.CLOSED, CaseStatus.GUIDED, CaseStatus.ANSWERED):
            raise Conflict(f"پرونده باز است (وضعیت «{case_status_label(case.status)}»)؛ بازگشایی لازم نیست.")
        was_guided = case.status == CaseStatus.GUIDED
        case = apply_status(actor, case, CaseStatus.REGISTERED, reason=text, reopened=True)
        if was_guided:  # guidance did not settle it: it is to be referred now
            Case.update(next_step=NextStep.REFER).where(Case.id == case.id).execute()
            case.next_step = NextStep.REFER
        return case


def case_status_label(status: str) -> str:
    return STATUS_LABELS[CaseStatus(status)]


def outcome_label(outcome: str | None) -> str:
    return OUTCOME_LABELS[Outcome(outcome)] if outcome else ""
