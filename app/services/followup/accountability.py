"""The agency accountability report: per agency, for the referrals it received in a period, how many it
answered, how many on time, how fast, how many are overdue now, the reminders and escalations it needed,
and how satisfied the citizens were. The worst agency comes first.

Definitions (the same on screen, on the command line and in every export):
- The referrals of a period are those whose letter was issued on a Tehran day of the period (drafts and
  cancelled referrals are not orders to the agency and are left out; so are referrals withdrawn because the
  case was closed before the agency answered: the agency was told to stop, so they are not unanswered).
- Answered: the agency answered (a re-routed referral counts: the agency did answer «not responsible»).
  The answer's day is the day the center received and recorded it.
- On time: answered on or before the ORIGINAL due date (before any reminder extended it).
  «On time %» = on time / referrals already due (answered, or unanswered and past their first due date).
- Days to answer: calendar days from the day of issue to the day of the answer (0 = same day); the median
  and the average are over the answered referrals.
- Overdue now: still unanswered today and past the (possibly extended) due date.
- Satisfied %: of the answered (not re-routed) referrals whose citizen gave a verdict at the first call
  back after the answer, the share «satisfied» (partly satisfied is not satisfied).
- Worst first: the lowest on-time %, then the most overdue now, then the most referrals; agencies with
  fewer than MIN_RANKED referrals due follow the ranked ones (a share of two says little).

The figures are read from the accountability summary the services keep in the transactions that change a referral
(app.services.cases.accountability_summary, migration 25): one GROUP BY over the period's summary rows gives, per
agency, a histogram of days to answer and verdicts with every count alongside; what depends on today (due,
overdue now) is kept against each row's «watch» day. The reminders, escalation and verdict come from the
follow-up fields the services keep on each referral (Referral.first_due_date, reminder_count, escalated_at,
verdict; migration 5). The same rows counted from the referrals (one grouped query per offset segment of the
period, over the index that covers it) are the reference inside case_summary.from_rows(); the property test
tests/app/test_case_summary_property.py requires both to agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.db import database, is_postgres
from app.domain import jalali
from app.domain.period import Period
from app.models import Agency, Referral
from app.services.actor import Actor, require
from app.services.cases import accountability_summary, case_summary
from app.services.reporting.period import make_period
from app.services.reporting.sql import as_int

MIN_RANKED = 5  # referrals due before an agency's on-time share ranks it among the others


@dataclass
class AgencyFigures:
    agency_id: int | None
    agency_name: str
    received: int = 0
    answered: int = 0
    on_time: int = 0
    due: int = 0  # referrals already due: the denominator of on_time_pct
    overdue_now: int = 0
    reminders: int = 0
    escalations: int = 0
    satisfied: int = 0
    partly: int = 0
    not_satisfied: int = 0
    days: dict[int, int] = field(default_factory=dict)  # days to answer -> how many answers

    @property
    def on_time_pct(self) -> float | None:
        return self.on_time / self.due if self.due else None

    @property
    def answered_pct(self) -> float | None:
        return self.answered / self.received if self.received else None

    @property
    def rated(self) -> int:
        return self.satisfied + self.partly + self.not_satisfied

    @property
    def satisfied_pct(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def average_days(self) -> float | None:
        total = sum(self.days.values())
        return sum(d * n for d, n in self.days.items()) / total if total else None

    @property
    def median_days(self) -> float | None:
        return median_of_histogram(self.days)

    def add(self, other: AgencyFigures) -> None:
        for name in (
            "received",
            "answered",
            "on_time",
            "due",
            "overdue_now",
            "reminders",
            "escalations",
            "satisfied",
            "partly",
            "not_satisfied",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for d, n in other.days.items():
            self.days[d] = self.days.get(d, 0) + n

    def sort_key(self) -> tuple:
        """Worst first: lowest on-time share, most overdue, most referrals. An agency with fewer than
        MIN_RANKED referrals due comes after the others (two late answers out of two say little), and one
        with none due yet comes last."""
        pct = self.on_time_pct
        return (
            self.due < MIN_RANKED,
            pct is None,
            pct if pct is not None else 0.0,
            -self.overdue_now,
            -self.received,
            self.agency_name,
        )


@dataclass(frozen=True)
class AccountabilityReport:
    period: Period
    today: dt.date
    agencies: list[AgencyFigures]  # worst first
    total: AgencyFigures

    @property
    def start(self) -> dt.date:
        return self.period.start

    @property
    def end(self) -> dt.date:
        return self.period.end


def median_of_histogram(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: count} (the mean of the two middle ones for an even count)."""
    total = sum(histogram.values())
    if not total:
        return None
    low_rank, high_rank = (total - 1) // 2, total // 2  # 0-based ranks of the middle value(s)
    seen, low = 0, None
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            return (low + value) / 2
    return None  # not reached


def _sql(offset_minutes: int) -> str:
    """The report's one grouped query over the referrals for a stretch of time over which Tehran is
    `offset_minutes` ahead of UTC (parameters: today, today, since, until): the reference the summary must
    equal, so it reads the referrals of the period by their (issued_at) index (migration 31). The live referrals
    (issued, answered or re-routed; a referral withdrawn because the case was closed before the agency answered
    is not the agency's to answer any more) are written as an exclusion, so that SQLite ranges over issued_at
    instead of looking the statuses up in a status index."""
    p = database.param
    postgres = is_postgres()
    return f"""
SELECT r.agency_id, {accountability_summary.answer_days(offset_minutes, postgres)} AS days, COUNT(*),
       SUM(CASE WHEN r.answered_at IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN {accountability_summary.answered_on_time(offset_minutes, postgres)} THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.answered_at IS NOT NULL OR r.first_due_date IS NOT NULL OR r.due_date < {p}
                THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.status = 'issued' AND r.due_date < {p} THEN 1 ELSE 0 END),
       SUM(r.reminder_count),
       SUM(CASE WHEN r.escalated_at IS NOT NULL THEN 1 ELSE 0 END),
       {accountability_summary.verdict_counts()}
FROM referral r WHERE r.issued_at >= {p} AND r.issued_at < {p} AND {accountability_summary.LIVE}
GROUP BY 1, 2"""


def grouped_rows(period: Period, today: dt.date) -> list[tuple]:
    """The grouped rows (agency, days to answer or None, received, answered, on time, due, overdue now,
    reminders, escalations, satisfied, partly satisfied, not satisfied): from the accountability summary the services keep, or, inside
    case_summary.from_rows(), from the referrals themselves (one query per offset segment of the period)."""
    if not case_summary.reading_rows():
        return accountability_summary.grouped_rows(period, today)
    rows: list[tuple] = []
    day = Referral.due_date.db_value(today)
    for segment in period.segments():
        since, until = Referral.issued_at.db_value(segment.since), Referral.issued_at.db_value(segment.until)
        rows += database.execute_sql(_sql(segment.offset_minutes), (day, day, since, until)).fetchall()
    return rows


def accountability_report(
    actor: Actor, start: dt.date | None, end: dt.date | None, today: dt.date | None = None
) -> AccountabilityReport:
    """The report for the Tehran days start..end (both included); `today` decides what is overdue now."""
    require(actor, "view_reports")
    period = make_period(start, end)
    today = today or jalali.today_local()
    figures: dict[int, AgencyFigures] = {}

    def of(agency_id: int) -> AgencyFigures:
        return figures.setdefault(agency_id, AgencyFigures(agency_id, ""))

    for agency_id, days, *counts in grouped_rows(period, today):
        (
            received,
            answered,
            on_time,
            due,
            overdue,
            reminders,
            escalations,
            satisfied,
            partly,
            not_satisfied,
        ) = (as_int(n) for n in counts)
        f = of(agency_id)
        f.received += received
        f.answered += answered
        f.on_time += on_time
        f.due += due
        f.overdue_now += overdue
        f.reminders += reminders
        f.escalations += escalations
        f.satisfied += satisfied
        f.partly += partly
        f.not_satisfied += not_satisfied
        if days is not None:
            f.days[int(days)] = f.days.get(int(days), 0) + answered
    names = {
        a.id: a.name for a in Agency.select(Agency.id, Agency.name).where(Agency.id.in_(list(figures) or [0]))
    }
    for agency_id, f in figures.items():
        f.agency_name = names.get(agency_id, str(agency_id))
    agencies = sorted(figures.values(), key=AgencyFigures.sort_key)
    total = AgencyFigures(None, "جمع")
    for f in agencies:
        total.add(f)
    return AccountabilityReport(period, today, agencies, total)
