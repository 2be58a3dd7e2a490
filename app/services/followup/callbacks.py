"""Calling the citizen back after the agency answered: the waiting list, and recording the call with its
decision: close the case (with an outcome), reopen it (the citizen is not satisfied: to be referred
again), or leave it on the list (not reached: try again later).

A call back is recorded only for a case in status «answered»; a case still waiting for its agency, or
already closed, is refused with a clear message and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from app.db import database
from app.domain.followup import (
    RESULT_LABELS,
    RESULT_OUTCOMES,
    SATISFACTION_LABELS,
    CallbackDecision,
    ResponseResult,
    Satisfaction,
)
from app.domain.status import STATUS_LABELS, CaseStatus, Outcome, ReferralStatus
from app.domain.text import has_control_chars, normalize_text, search_key
from app.models import Agency, AgencyResponse, Callback, Case, Citizen, Referral, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases import accountability_summary, case_search, case_status
from app.services.errors import Conflict, ValidationError

MAX_COMMENT = 2000


@dataclass(frozen=True)
class CallbackRow:
    """One answered case waiting for its call back."""

    case_id: int
    tracking_code: str
    citizen_name: str
    phone: str | None
    subject: str
    agencies: str  # the agencies that answered, «، »-separated
    result: str  # the latest answer's result
    answered_at: dt.datetime | None
    attempts: int  # call backs already tried without reaching the citizen
    last_attempt_at: dt.datetime | None

    @property
    def result_label(self) -> str:
        try:
            return RESULT_LABELS[ResponseResult(self.result)]
        except ValueError:
            return ""

    @property
    def suggested_outcome(self) -> Outcome:
        try:
            return RESULT_OUTCOMES[ResponseResult(self.result)]
        except ValueError:
            return Outcome.RESOLVED


@dataclass(frozen=True)
class CallbackInfo:
    id: int
    case_id: int
    reached: bool
    satisfaction: str | None
    decision: str
    case_status: str
    outcome: str | None

    @property
    def satisfaction_label(self) -> str:
        return SATISFACTION_LABELS[Satisfaction(self.satisfaction)] if self.satisfaction else ""


# --- the waiting list ----------------------------------------------------------------------------------


def _waiting_query(text: str = "", agency_id: int | None = None):
    query = Case.select(Case.id).where(Case.status == CaseStatus.ANSWERED)
    if agency_id:
        query = query.where(
            fn.EXISTS(
                Referral.select(Referral.id).where(
                    (Referral.case == Case.id)
                    & (Referral.agency == agency_id)
                    & (Referral.status == ReferralStatus.ANSWERED)
                )
            )
        )
    key = search_key(text or "")
    if key:
        digits = key.replace(" ", "")
        condition = case_search.case_key_expression().contains(key)
        if digits.isdigit():
            condition = (
                condition
                | (Case.tracking_code == digits)
                | (Case.caller_phone == digits)
                | fn.EXISTS(
                    Citizen.select(Citizen.id).where((Citizen.id == Case.citizen) & (Citizen.phone == digits))
                )
            )
        query = query.where(condition)
    return query


def waiting_ids(text: str = "", agency_id: int | None = None, limit: int | None = None) -> list[int]:
    """Answered cases waiting for a call back, the longest-waiting first (a table model fetches rows lazily)."""
    query = _waiting_query(text, agency_id).order_by(Case.updated_at, Case.id)
    if limit:
        query = query.limit(limit)
    return [row.id for row in query.namedtuples()]


def waiting_count() -> int:
    return Case.select().where(Case.status == CaseStatus.ANSWERED).count()


def callback_rows(case_ids: list[int]) -> list[CallbackRow]:
    """The rows of these cases, in the order given (a few hundred at a time)."""
    if not case_ids:
        return []
    cases = {c.id: c for c in Case.select(Case).where(Case.id.in_(case_ids))}
    agencies: dict[int, list[str]] = {}
    answered: dict[int, dt.datetime] = {}
    # by the case index; the status is checked here (in SQL, SQLite would walk the status index instead)
    query = (
        Referral.select(Referral.case, Referral.status, Referral.answered_at, Agency.name)
        .join(Agency)
        .where(Referral.case.in_(case_ids))
        .order_by(Referral.answered_at)
    )
    for r in query.namedtuples():
        if r.status == ReferralStatus.ANSWERED:
            agencies.setdefault(r.case, []).append(r.name)
            answered[r.case] = r.answered_at
    results: dict[int, str] = {}
    last = (
        AgencyResponse.select(Referral.case, Referral.status, AgencyResponse.result)
        .join(Referral)
        .where(Referral.case.in_(case_ids))
        .order_by(AgencyResponse.received_at, AgencyResponse.id)
    )
    for row in last.namedtuples():
        if row.status == ReferralStatus.ANSWERED:
            results[row.case] = row.result
    attempts: dict[int, tuple[int, dt.datetime]] = {}
    since = {cid: cases[cid].updated_at for cid in cases}
    tries = (
        Callback.select(Callback.case, fn.COUNT(Callback.id).alias("n"), fn.MAX(Callback.at).alias("last"))
        .where(Callback.case.in_(case_ids) & (Callback.reached == False))  # noqa: E712
        .group_by(Callback.case)
    )
    for row in tries.namedtuples():
        attempts[row.case] = (row.n, Callback.at.python_value(row.last))  # SQLite: MAX() of its microseconds
    out = []
    for cid in case_ids:
        c = cases.get(cid)
        if c is None:
            continue
        n, last_at = attempts.get(cid, (0, None))
        out.append(
            CallbackRow(
                cid,
                c.tracking_code,
                c.caller_name,
                c.caller_phone,
                c.subject,
                "، ".join(dict.fromkeys(agencies.get(cid, []))),
                results.get(cid, ""),
                answered.get(cid) or since.get(cid),
                n,
                last_at,
            )
        )
    return out


# --- recording ----------------------------------------------------------------------------------------


def _comment(errors: dict, raw) -> str:
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        errors["comment"] = "توضیح باید متن باشد."
        return ""
    if has_control_chars(raw.replace("\r", ""), allow_newlines=True):
        errors["comment"] = "توضیح نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."
        return ""
    text = normalize_text(raw)
    if len(text) > MAX_COMMENT:
        errors["comment"] = f"توضیح بیش از {MAX_COMMENT} نویسه است."
    return text


def validate_callback(data: dict) -> dict:
    if not isinstance(data, dict):
        raise ValidationError({"": "اطلاعات تماس باید یک شیء با فیلدهای نام‌دار باشد."})
    errors: dict[str, str] = {}
    reached = data.get("reached")
    if not isinstance(reached, bool):
        errors["reached"] = "بنویسید آیا با شهروند صحبت شد یا نه."
    clean: dict = {"reached": reached, "comment": _comment(errors, data.get("comment"))}
    satisfaction = data.get("satisfaction")
    if reached is True:
        try:
            clean["satisfaction"] = Satisfaction(satisfaction or "")
        except ValueError:
            errors["satisfaction"] = "رضایت شهروند را انتخاب کنید (راضی، تا اندازه‌ای، ناراضی)."
    else:
        clean["satisfaction"] = None
        if satisfaction not in (None, ""):
            errors["satisfaction"] = "وقتی با شهروند صحبت نشده، رضایت او ثبت نمی‌شود."
    default = CallbackDecision.CLOSE if reached is True else CallbackDecision.LATER
    try:
        clean["decision"] = CallbackDecision(data.get("decision") or default)
    except ValueError:
        errors["decision"] = "بستن، بازگشایی یا ماندن در فهرست را انتخاب کنید."
    decision = clean.get("decision")
    if decision == CallbackDecision.REOPEN:
        if reached is not True:
            errors["decision"] = "پرونده وقتی بازگشایی می‌شود که شهروند گفته باشد کارش انجام نشده است."
        elif clean.get("satisfaction") == Satisfaction.SATISFIED:
            errors["decision"] = "شهروند راضی است؛ پرونده را ببندید."
        elif not clean["comment"] and "comment" not in errors:
            errors["comment"] = "بنویسید شهروند چه گفت و چرا پرونده بازگشایی می‌شود."
    if decision == CallbackDecision.LATER and reached is True:
        errors["decision"] = "با شهروند صحبت شد؛ پرونده را ببندید یا بازگشایی کنید."
    clean["outcome"] = None
    if decision == CallbackDecision.CLOSE:
        try:
            clean["outcome"] = Outcome(data.get("outcome") or "")
        except ValueError:
            errors["outcome"] = "نتیجه بستن پرونده را انتخاب کنید."
    if errors:
        raise ValidationError(errors)
    return clean


def check_waiting(case: Case) -> None:
    """Refuse (Conflict) a call back on a case that is not waiting for one."""
    status = CaseStatus(case.status)
    if status == CaseStatus.REFERRED:
        raise Conflict("پرونده هنوز در انتظار پاسخ دستگاه است؛ تماس با شهروند پس از ثبت پاسخ دستگاه است.")
    if status != CaseStatus.ANSWERED:
        raise Conflict(f"پرونده در وضعیت «{STATUS_LABELS[status]}» است و در انتظار تماس با شهروند نیست.")


def record_callback(
    actor: Actor, case_id: int, data: dict, *, now: dt.datetime | None = None
) -> CallbackInfo:
    """Record a call back (reached or not, satisfaction, comment) and apply its decision, all or nothing."""
    require(actor, "record_callback")
    case = case_status.read_case(case_id)
    check_waiting(case)
    clean = validate_callback(data)
    if clean["decision"] == CallbackDecision.CLOSE:
        require(actor, "close_case")
    with database.atomic():
        now = now or utcnow()
        case = case_status.lock_case(case_id)
        check_waiting(case)
        row = Callback.create(
            case=case.id,
            operator=actor.user_id,
            at=now,
            reached=clean["reached"],
            satisfaction=str(clean["satisfaction"]) if clean["satisfaction"] else None,
            comment=clean["comment"],
        )
        audit.record(
            actor,
            "case.callback",
            "case",
            case.id,
            callback_id=row.id,
            reached=clean["reached"],
            satisfaction=row.satisfaction,
            decision=str(clean["decision"]),
            comment=clean["comment"],
        )
        if row.satisfaction:  # the verdict on each answer not yet judged (the accountability report's figure)
            with accountability_summary.tracking(case.id):
                Referral.update(verdict=row.satisfaction).where(
                    (Referral.case == case.id)
                    & (Referral.status == ReferralStatus.ANSWERED)
                    & Referral.verdict.is_null()
                ).execute()
        if clean["decision"] == CallbackDecision.CLOSE:
            # an answered case waits for no agency; a draft left over is dropped with the close
            case_status.withdraw_waiting(actor, case, clean["comment"])
            case = case_status.apply_status(
                actor,
                case,
                CaseStatus.CLOSED,
                outcome=clean["outcome"],
                now=now,
                reason=clean["comment"],
                callback_id=row.id,
            )
        elif clean["decision"] == CallbackDecision.REOPEN:
            case = case_status.apply_status(
                actor,
                case,
                CaseStatus.REGISTERED,
                now=now,
                reason=clean["comment"],
                callback_id=row.id,
                reopened=True,
            )
        else:
            Case.update(updated_at=now).where(Case.id == case.id).execute()
    return CallbackInfo(
        row.id, case.id, row.reached, row.satisfaction, str(clean["decision"]), case.status, case.outcome
    )


def latest_callbacks(case_id: int) -> list[Callback]:
    return list(Callback.select().where(Callback.case == case_id).order_by(Callback.at, Callback.id))
