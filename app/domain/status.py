"""A case's status, its closing outcomes and the transitions the services allow."""
from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    REGISTERED = "registered"  # registered, not yet guided or referred (may be held for the official)
    GUIDED = "guided"  # guided on the spot and closed
    REFERRED = "referred"  # waiting for the agency
    ANSWERED = "answered"  # the agency answered; waiting for the call back
    CLOSED = "closed"  # finished, with an outcome


class Outcome(StrEnum):
    RESOLVED = "resolved"
    GUIDED = "guided"
    NOT_RESPONSIBLE = "not_responsible"
    DUPLICATE = "duplicate"
    REJECTED_BY_LAW = "rejected_by_law"
    UNREACHABLE = "unreachable"


class NextStep(StrEnum):
    GUIDE = "guide"  # closed with guidance on the spot
    REFER = "refer"  # to be referred to an agency
    HOLD = "hold"  # held for the official on duty


class Channel(StrEnum):
    PHONE = "phone"
    IN_PERSON = "in_person"
    LETTER = "letter"
    WEB = "web"


STATUS_LABELS = {
    CaseStatus.REGISTERED: "ثبت‌شده",
    CaseStatus.GUIDED: "راهنمایی و مختومه",
    CaseStatus.REFERRED: "ارجاع‌شده (در انتظار دستگاه)",
    CaseStatus.ANSWERED: "پاسخ داده شده",
    CaseStatus.CLOSED: "مختومه",
}
OUTCOME_LABELS = {
    Outcome.RESOLVED: "حل‌شده",
    Outcome.GUIDED: "راهنمایی‌شده",
    Outcome.NOT_RESPONSIBLE: "خارج از وظایف دستگاه",
    Outcome.DUPLICATE: "تکراری",
    Outcome.REJECTED_BY_LAW: "رد به حکم قانون",
    Outcome.UNREACHABLE: "دسترسی به شهروند نشد",
}
NEXT_STEP_LABELS = {
    NextStep.GUIDE: "راهنمایی در همان تماس و مختومه",
    NextStep.REFER: "ارجاع به دستگاه",
    NextStep.HOLD: "نگه‌داشتن برای مسئول کشیک",
}
CHANNEL_LABELS = {
    Channel.PHONE: "تلفن ۱۱۱",
    Channel.IN_PERSON: "حضوری",
    Channel.LETTER: "نامه",
    Channel.WEB: "سامانه اینترنتی",
}

OPEN_STATUSES = frozenset({CaseStatus.REGISTERED, CaseStatus.REFERRED, CaseStatus.ANSWERED})

TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.REGISTERED: frozenset({CaseStatus.GUIDED, CaseStatus.REFERRED, CaseStatus.CLOSED}),
    CaseStatus.REFERRED: frozenset({CaseStatus.ANSWERED, CaseStatus.REFERRED, CaseStatus.CLOSED}),
    CaseStatus.ANSWERED: frozenset({CaseStatus.CLOSED, CaseStatus.REFERRED}),
    CaseStatus.GUIDED: frozenset({CaseStatus.REGISTERED}),  # reopened
    CaseStatus.CLOSED: frozenset({CaseStatus.REGISTERED, CaseStatus.REFERRED}),  # reopened
}


def can_move(current: str, new: str) -> bool:
    return CaseStatus(new) in TRANSITIONS[CaseStatus(current)]


def transition_error(current: str, new: str) -> str:
    return (f"پرونده در وضعیت «{STATUS_LABELS[CaseStatus(current)]}» است و نمی‌توان آن را "
            f"به «{STATUS_LABELS[CaseStatus(new)]}» برد.")
