"""Deadlines: which issued referrals are overdue or due soon, by agency, with days late; the counts the
main window shows. Days late are CALENDAR days after the due date (a referral's due date may itself
have been set in working days); "due soon" means due today or within `soon_days` calendar days.

Reminders and escalations (the letters) are in app.services.followup.reminders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from app.domain import jalali
from app.domain.followup import NEXT_ACTION_LABELS, NextAction, days_late, next_action
from app.domain.status import ReferralStatus
from app.domain.text import search_key
from app.models import Agency, Case, Escalation, Letter, Referral, Reminder
from app.services.admin import settings
from app.services.cases import case_search
from app.services.errors import ValidationError
from app.services.reporting.sql import as_date, as_int, count_if

SOON_DAYS = 3
KINDS = ("overdue", "due_soon", "waiting")
KIND_LABELS = {"overdue": "گذشته از مهلت", "due_soon": "نزدیک به مهلت", "waiting": "همه در انتظار پاسخ"}


@dataclass(frozen=True)
class FollowUpFilter:
    kind: str = "overdue"  # overdue, due_soon, waiting (every issued referral)
    agency_id: int | None = None
    text: str = ""  # tracking code, letter number, or words of the case
    today: dt.date | None = None
    soon_days: int = SOON_DAYS


@dataclass(frozen=True)
class FollowUpRow:
    referral_id: int
    case_id: int
    tracking_code: str
    subject: str
    citizen_name: str
    agency_id: int
    agency_name: str
    letter_id: int | None
    letter_number: str
    issued_at: dt.datetime | None
    due_date: dt.date
    days_late: int  # calendar days after the due date; 0 when not overdue
    days_left: int  # calendar days until the due date; negative when overdue
    priority: str
    reminders: int
    escalated: bool
    next_action: str

    @property
    def overdue(self) -> bool:
        return self.days_late > 0

    @property
    def next_action_label(self) -> str:
        return NEXT_ACTION_LABELS[NextAction(self.next_action)]


@dataclass(frozen=True)
class AgencyDeadlines:
    agency_id: int
    agency_name: str
    waiting: int
    overdue: int
    due_soon: int
    most_days_late: int


@dataclass(frozen=True)
class DeadlineCounts:
    overdue: int
    due_soon: int
    today: dt.date


def _today(today: dt.date | None) -> dt.date:
    return today or jalali.today_local()


def _query(f: FollowUpFilter):
    if f.kind not in KINDS:
        raise ValidationError({"kind": "فهرست باید «گذشته از مهلت»، «نزدیک به مهلت» یا «همه» باشد."})
    today = _today(f.today)
    query = Referral.select(Referral.id).where(Referral.status == ReferralStatus.ISSUED)
    if f.kind == "overdue":
        query = query.where(Referral.due_date < today)
    elif f.kind == "due_soon":
        query = query.where(Referral.due_date.between(today, today + dt.timedelta(days=f.soon_days)))
    if f.agency_id:
        query = query.where(Referral.agency == f.agency_id)
    key = search_key(f.text or "")
    if key:
        from app.services.letters.letters import normalize_number

        digits = key.replace(" ", "")
        number = normalize_number(key)
        query = query.join(Case).where(
            case_search.case_key_expression().contains(key)
            | (Case.tracking_code == digits)
            | fn.EXISTS(
                Letter.select(Letter.id).where((Letter.referral == Referral.id) & (Letter.number == number))
            )
        )
    return query


def followup_ids(f: FollowUpFilter = FollowUpFilter(), limit: int | None = None) -> list[int]:
    """Referral ids of the list, the most overdue first (a table model fetches their rows lazily)."""
    query = _query(f).order_by(Referral.due_date, Referral.id)
    if limit:
        query = query.limit(limit)
    return [row.id for row in query.namedtuples()]


def followup_rows(ids: list[int], today: dt.date | None = None) -> list[FollowUpRow]:
    """The rows of these referrals, in the order given (a few hundred at a time)."""
    if not ids:
        return []
    today = _today(today)
    query = (
        Referral.select(Referral, Case, Agency)
        .join(Case)
        .switch(Referral)
        .join(Agency)
        .where(Referral.id.in_(ids))
    )
    referrals = {r.id: r for r in query}
    letters: dict[int, tuple[int, str]] = {}
    for letter in (
        Letter.select(Letter.id, Letter.referral, Letter.number)
        .where(Letter.referral.in_(ids) & (Letter.kind == "referral"))
        .order_by(Letter.id)
    ):
        letters[letter.referral_id] = (letter.id, letter.number)
    reminders = {
        row.referral: row.n
        for row in (
            Reminder.select(Reminder.referral, fn.COUNT(Reminder.id).alias("n"))
            .where(Reminder.referral.in_(ids))
            .group_by(Reminder.referral)
            .namedtuples()
        )
    }
    escalated = {
        row.referral
        for row in Escalation.select(Escalation.referral).where(Escalation.referral.in_(ids)).namedtuples()
    }
    limit = settings.get_int("reminders_before_escalation")
    out = []
    for rid in ids:
        r = referrals.get(rid)
        if r is None:
            continue
        letter_id, number = letters.get(rid, (None, ""))
        late = days_late(r.due_date, today) if r.status == ReferralStatus.ISSUED else 0
        action = next_action(
            late > 0 and r.status == ReferralStatus.ISSUED, reminders.get(rid, 0), rid in escalated, limit
        )
        out.append(
            FollowUpRow(
                r.id,
                r.case.id,
                r.case.tracking_code,
                r.case.subject,
                r.case.caller_name,
                r.agency.id,
                r.agency.name,
                letter_id,
                number,
                r.issued_at,
                r.due_date,
                late,
                (r.due_date - today).days,
                r.priority,
                reminders.get(rid, 0),
                rid in escalated,
                str(action),
            )
        )
    return out


def list_followups(f: FollowUpFilter = FollowUpFilter(), limit: int = 500) -> list[FollowUpRow]:
    return followup_rows(followup_ids(f, limit), f.today)


def counts(today: dt.date | None = None, soon_days: int = SOON_DAYS) -> DeadlineCounts:
    """How many issued referrals are overdue, and due within soon_days (one indexed query)."""
    today = _today(today)
    row = (
        Referral.select(
            count_if(Referral.due_date < today).alias("overdue"),
            count_if(Referral.due_date.between(today, today + dt.timedelta(days=soon_days))).alias("soon"),
        )
        .where(Referral.status == ReferralStatus.ISSUED)
        .namedtuples()
        .first()
    )
    return DeadlineCounts(as_int(row.overdue), as_int(row.soon), today)


def by_agency(today: dt.date | None = None, soon_days: int = SOON_DAYS) -> list[AgencyDeadlines]:
    """Per agency with referrals waiting: how many, overdue, due soon, and the most days late; the agency with
    the most overdue first."""
    today = _today(today)
    query = (
        Referral.select(
            Referral.agency,
            Agency.name,
            fn.COUNT(Referral.id).alias("waiting"),
            count_if(Referral.due_date < today).alias("overdue"),
            count_if(Referral.due_date.between(today, today + dt.timedelta(days=soon_days))).alias("soon"),
            fn.MIN(Referral.due_date).alias("earliest"),
        )
        .join(Agency)
        .where(Referral.status == ReferralStatus.ISSUED)
        .group_by(Referral.agency, Agency.name)
    )
    out = []
    for row in query.namedtuples():
        earliest = as_date(row.earliest)
        out.append(
            AgencyDeadlines(
                row.agency,
                row.name,
                as_int(row.waiting),
                as_int(row.overdue),
                as_int(row.soon),
                days_late(earliest, today) if earliest else 0,
            )
        )
    out.sort(key=lambda a: (-a.overdue, -a.most_days_late, a.agency_name))
    return out
