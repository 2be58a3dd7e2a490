"""Follow-up as plain values and rules: agency response results, the citizen's satisfaction, what a
referral's answer means for its case, days late, and the next step on an overdue referral."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from app.domain.status import CaseStatus, Outcome, ReferralStatus


class ResponseResult(StrEnum):
    DONE = "done"  # the agency acted
    IN_PROGRESS = "in_progress"  # an interim reply: the referral stays open
    NOT_RESPONSIBLE = "not_responsible"  # not this agency's responsibility (re-route it)
    REJECTED_BY_LAW = "rejected_by_law"
    OTHER = "other"


RESULT_LABELS = {
    ResponseResult.DONE: "انجام شد",
    ResponseResult.IN_PROGRESS: "در دست اقدام (پاسخ میانی)",
    ResponseResult.NOT_RESPONSIBLE: "خارج از وظایف دستگاه",
    ResponseResult.REJECTED_BY_LAW: "رد به حکم قانون",
    ResponseResult.OTHER: "سایر",
}
# The outcome a case most likely closes with after such an answer (the operator may pick another).
RESULT_OUTCOMES = {
    ResponseResult.DONE: Outcome.RESOLVED,
    ResponseResult.IN_PROGRESS: Outcome.RESOLVED,
    ResponseResult.NOT_RESPONSIBLE: Outcome.NOT_RESPONSIBLE,
    ResponseResult.REJECTED_BY_LAW: Outcome.REJECTED_BY_LAW,
    ResponseResult.OTHER: Outcome.RESOLVED,
}


def answers_referral(result: str) -> bool:
    """An interim «in progress» reply does not answer a referral; every other result does."""
    return ResponseResult(result) != ResponseResult.IN_PROGRESS


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    PARTLY = "partly"
    NOT_SATISFIED = "not_satisfied"


SATISFACTION_LABELS = {
    Satisfaction.SATISFIED: "راضی",
    Satisfaction.PARTLY: "تا اندازه‌ای راضی",
    Satisfaction.NOT_SATISFIED: "ناراضی",
}


class CallbackDecision(StrEnum):
    CLOSE = "close"  # close the case with an outcome
    REOPEN = "reopen"  # the citizen is not satisfied: back to registered, to be referred again
    LATER = "later"  # not reached (or undecided): stays on the call-back list


DECISION_LABELS = {
    CallbackDecision.CLOSE: "بستن پرونده (مختومه)",
    CallbackDecision.REOPEN: "بازگشایی پرونده برای ارجاع دوباره",
    CallbackDecision.LATER: "ماندن در فهرست تماس (بعداً دوباره)",
}

# Referral states that still count for the case: waiting for the agency, or answered.
LIVE_REFERRALS = ("issued", "answered")


def derived_status(current: str, referrals: Iterable[tuple[str, bool]]) -> CaseStatus:
    """The status an open case should have given its referrals, each (status, is_reroute_of_another).

    Waiting (referred): any issued referral, or a draft re-route awaiting the official's order.
    Answered: no referral waiting and at least one answered. Otherwise registered.
    A closed or guided case keeps its status: closing is a person's decision.
    """
    status = CaseStatus(current)
    if status in (CaseStatus.CLOSED, CaseStatus.GUIDED):
        return status
    states = list(referrals)
    if any(s == ReferralStatus.ISSUED or (s == ReferralStatus.DRAFT and reroute) for s, reroute in states):
        return CaseStatus.REFERRED
    if any(s == ReferralStatus.ANSWERED for s, _ in states):
        return CaseStatus.ANSWERED
    return CaseStatus.REGISTERED


def days_late(due_date: dt.date, today: dt.date) -> int:
    """Calendar days past the due date (0 on the due date itself or before it)."""
    return max(0, (today - due_date).days)


def is_overdue(due_date: dt.date, today: dt.date) -> bool:
    return due_date < today


class NextAction(StrEnum):
    NONE = "none"  # not overdue
    REMIND = "remind"
    ESCALATE = "escalate"
    ESCALATED = "escalated"  # already with the inspection office


NEXT_ACTION_LABELS = {
    NextAction.NONE: "",
    NextAction.REMIND: "نامه تذکر",
    NextAction.ESCALATE: "ارجاع به بازرسی",
    NextAction.ESCALATED: "ارجاع‌شده به بازرسی",
}


def next_action(
    overdue: bool, reminders: int, escalated: bool, reminders_before_escalation: int
) -> NextAction:
    """What chasing an overdue referral does next: remind until the configured number of reminders
    has been missed, then escalate once."""
    if escalated:
        return NextAction.ESCALATED
    if not overdue:
        return NextAction.NONE
    return NextAction.REMIND if reminders < reminders_before_escalation else NextAction.ESCALATE
