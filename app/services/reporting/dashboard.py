"""The figures on the dashboard: today against the usual day, the work waiting, who is on duty, and the
last 30 days by day, request type, category and county, with the agencies most overdue.

Every figure is one aggregate query (or comes from the owner's service, see sources.py); nothing loads rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import fn

from app.domain import jalali
from app.domain.period import Period, last_days
from app.domain.status import OPEN_STATUSES, ReferralStatus
from app.models import Case, Contact, Referral, utcnow
from app.services.actor import Actor, require
from app.services.cases import case_summary
from app.services.letters import holidays
from app.services.reporting import calls, sources
from app.services.schedule import schedule, sessions

DAYS = 30
TOP = 10


@dataclass(frozen=True)
class OnDuty:
    """An official scheduled in the center today, or checked in without a slot."""

    name: str
    title: str
    agency: str
    start: dt.time | None
    end: dt.time | None
    status: str  # the slot's status, or "" for a session without a slot
    present: bool  # checked in now


@dataclass(frozen=True)
class DashboardFigures:
    today: dt.date
    calls_today: int
    daily_average: float  # calls per working day over the DAYS days before today
    follow_ups_today: int  # further calls on cases already open
    open_cases: int
    drafts_waiting: int  # orders prepared, waiting for an official to issue them
    waiting_referrals: int
    overdue: int
    due_today: int
    callbacks_waiting: int
    on_duty: list[OnDuty]
    per_day: list[tuple[dt.date, int]]  # the DAYS days ending today
    by_type: list[tuple[str, int]]  # the DAYS days ending today
    by_category: list[tuple[str, int]]
    by_county: list[tuple[str, int]]
    overdue_agencies: list[tuple[str, int]]  # the TOP agencies with most overdue referrals now
    made_at: dt.datetime = field(default_factory=utcnow)

    @property
    def window(self) -> Period:
        return last_days(DAYS, self.today)


def _pairs(report, top: int | None = None) -> list[tuple[str, int]]:
    pairs = [(row[0], row[1]) for row in report.rows]
    return pairs[:top] if top else pairs


def on_duty_today(today: dt.date) -> list[OnDuty]:
    """Today's slots (cancelled ones aside) and any open session, from the schedule and its sessions."""
    open_now = sessions.open_sessions()
    present = {s.official_id for s in open_now}
    slots = schedule.list_slots(today, today, include_cancelled=False)
    people = [
        OnDuty(
            s.official_name,
            s.official_title,
            s.agency_name,
            s.start_time,
            s.end_time,
            s.status,
            s.official_id in present,
        )
        for s in slots
    ]
    slotted = {s.official_id for s in slots}
    people += [
        OnDuty(s.official_name, s.official_title, s.agency_name, None, None, "", True)
        for s in open_now
        if s.official_id not in slotted
    ]
    return people


def daily_average(per_day: dict[dt.date, tuple], today: dt.date) -> float:
    """Calls per working day (Fridays and listed holidays aside) over the DAYS days before today."""
    before = [d for d in per_day if d < today]
    if not before:
        return 0.0
    off = holidays.holiday_dates(min(before), max(before))
    working = [d for d in before if not jalali.is_friday(d) and d not in off]
    days = working or before
    return sum(per_day[d][0] for d in days) / len(days)


def dashboard_figures(actor: Actor, today: dt.date | None = None, progress=None) -> DashboardFigures:
    require(actor, "view_dashboard")
    today = today or jalali.today_local()
    window = last_days(DAYS, today)
    steps = 5

    def step(i: int) -> None:
        if progress:
            progress(i, steps)

    step(0)
    per_day = calls.daily_counts(Period(today - dt.timedelta(days=DAYS), today))
    today_period = Period(today, today)
    follow_ups = (
        Contact.select(fn.COUNT(Contact.id))
        .where(
            (Contact.kind == "follow_up")
            & (Contact.at >= today_period.since)
            & (Contact.at < today_period.until)
        )
        .scalar()
        or 0
    )
    step(1)
    if case_summary.reading_rows():
        open_cases = Case.select().where(Case.status.in_([str(s) for s in OPEN_STATUSES])).count()
    else:
        open_cases = case_summary.open_cases()
    drafts = Referral.select().where(Referral.status == ReferralStatus.DRAFT).count()
    step(2)
    waiting, overdue, due, overdue_agencies = sources.deadline_figures(today, TOP)
    callbacks = sources.callbacks_waiting()
    step(3)
    by_type = _pairs(calls.by_request_type(window))
    by_category = _pairs(calls.by_category(window), TOP)
    by_county = _pairs(calls.by_county(window), TOP)
    step(4)
    return DashboardFigures(
        today=today,
        calls_today=per_day[today][0],
        daily_average=daily_average(per_day, today),
        follow_ups_today=int(follow_ups),
        open_cases=open_cases,
        drafts_waiting=drafts,
        waiting_referrals=waiting,
        overdue=overdue,
        due_today=due,
        callbacks_waiting=callbacks,
        on_duty=on_duty_today(today),
        per_day=[(d, per_day[d][0]) for d in window.dates()],
        by_type=[p for p in by_type if p[1]],
        by_category=[p for p in by_category if p[1]],
        by_county=[p for p in by_county if p[1]],
        overdue_agencies=overdue_agencies,
    )
