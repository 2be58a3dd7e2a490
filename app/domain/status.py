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
    WITHDRAWN = "withdrawn"  # the citizen withdrew the request


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
    Outcome.WITHDRAWN: "انصراف شهروند",
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

# Who moves a case where (the one place they are applied is app.services.cases.case_status.apply_status):
#   registered -> guided      guided on the spot (register or edit)
#   registered -> referred    a referral letter is issued
#   registered -> closed      closed without referral (duplicate, rejected by law, ...)
#   referred -> referred      another referral or a re-route while waiting
#   referred -> answered      every live referral of the case is answered
#   referred -> registered    every referral letter of the case was cancelled
#   referred -> closed        closed while waiting (e.g. the citizen withdrew: duplicate)
#   answered -> closed        after the call back (or without one), with an outcome
#   answered -> referred      a further referral or a re-route after the answer
#   answered -> registered    reopened at the call back: the citizen is not satisfied
#   guided -> registered      reopened (the guidance did not settle it)
#   closed -> registered      reopened
#   closed -> referred        reopened by a new referral
# A case is never closed twice: closed -> closed and guided -> closed are refused.
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.REGISTERED: frozenset({CaseStatus.GUIDED, CaseStatus.REFERRED, CaseStatus.CLOSED}),
    CaseStatus.REFERRED: frozenset(
        {CaseStatus.ANSWERED, CaseStatus.REFERRED, CaseStatus.REGISTERED, CaseStatus.CLOSED}
    ),
    CaseStatus.ANSWERED: frozenset({CaseStatus.CLOSED, CaseStatus.REFERRED, CaseStatus.REGISTERED}),
    CaseStatus.GUIDED: frozenset({CaseStatus.REGISTERED}),  # reopened
    CaseStatus.CLOSED: frozenset({CaseStatus.REGISTERED, CaseStatus.REFERRED}),  # reopened
}
CLOSED_STATUSES = frozenset({CaseStatus.GUIDED, CaseStatus.CLOSED})


def can_move(current: str, new: str) -> bool:
    return CaseStatus(new) in TRANSITIONS[CaseStatus(current)]


def transition_error(current: str, new: str) -> str:
    if CaseStatus(current) in CLOSED_STATUSES and CaseStatus(new) in CLOSED_STATUSES:
        return (
            f"پرونده پیش‌تر بسته شده است (وضعیت «{STATUS_LABELS[CaseStatus(current)]}»)؛ دوباره بسته نمی‌شود."
        )
    return (
        f"پرونده در وضعیت «{STATUS_LABELS[CaseStatus(current)]}» است و نمی‌توان آن را "
        f"به «{STATUS_LABELS[CaseStatus(new)]}» برد."
    )


class ReferralStatus(StrEnum):
    DRAFT = "draft"  # an order prepared, its letter not issued yet
    ISSUED = "issued"  # the letter went out: waiting for the agency
    ANSWERED = "answered"
    REROUTED = "rerouted"  # answered «not responsible»: referred again to another agency
    CANCELLED = "cancelled"  # a draft dropped, or its letter cancelled
    WITHDRAWN = "withdrawn"  # the case was closed while the agency's answer was awaited


class LetterStatus(StrEnum):
    ISSUED = "issued"
    CANCELLED = "cancelled"


REFERRAL_STATUS_LABELS = {
    ReferralStatus.DRAFT: "پیش‌نویس",
    ReferralStatus.ISSUED: "در انتظار پاسخ",
    ReferralStatus.ANSWERED: "پاسخ‌داده‌شده",
    ReferralStatus.REROUTED: "ارجاع به دستگاه دیگر",
    ReferralStatus.CANCELLED: "لغوشده",
    ReferralStatus.WITHDRAWN: "پس‌گرفته با بستن پرونده",
}
LETTER_STATUS_LABELS = {LetterStatus.ISSUED: "صادرشده", LetterStatus.CANCELLED: "باطل‌شده"}


def label(labels: dict, enum: type[StrEnum], value) -> str:
    """The Persian label of a stored status value; the value itself when it is not one (an old database)."""
    try:
        return labels[enum(value)]
    except (ValueError, KeyError):
        return str(value or "")
