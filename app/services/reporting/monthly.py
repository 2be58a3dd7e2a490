"""The monthly report to the governor: the month's headline figures beside the previous month's, its charts,
and the agency accountability table. Works for any period; a whole Jalali month is compared with the
previous month, any other period with as many days just before it.
"""

from __future__ import annotations

import datetime as dt

import peewee
from peewee import fn

from app.db import is_postgres
from app.domain import jalali
from app.domain.period import Period
from app.domain.report import (
    FLOAT,
    INT,
    PERCENT,
    Headline,
    MonthlyReport,
    share,
)
from app.domain.status import Outcome, ReferralStatus
from app.models import AgencyResponse, Callback, Case, Contact, Referral
from app.services.actor import Actor, require
from app.services.admin import settings
from app.services.cases import case_summary
from app.services.followup.accountability import accountability_report
from app.services.reporting import calls, outcomes, sources
from app.services.reporting.calls import in_period
from app.services.reporting.session_notes import session_reports

SENT = (
    ReferralStatus.ISSUED,
    ReferralStatus.ANSWERED,
    ReferralStatus.REROUTED,
)  # referrals whose letter went out (drafts and cancelled ones aside)


def _count(query) -> int:
    return int(query.scalar() or 0)


def overdue_at_end(period: Period) -> int:
    """Referrals issued by the end of the period, due before its last day and not answered by its end: those
    still waiting now, plus those answered only after the period (two indexed queries, not a scan)."""
    waiting = Referral.select(fn.COUNT(Referral.id)).where(
        (Referral.status == ReferralStatus.ISSUED)
        & (Referral.due_date < period.end)
        & (Referral.issued_at < period.until)
    )
    # answered after the period: a due date before its end means it was issued before then (a due date never
    # precedes the day of issue). Of the two ranges, the narrower one is read by its index
    answered_since = (Referral.answered_at >= period.until, Referral.answered_at < _LAST_MOMENT)
    due_before = (Referral.due_date >= _FIRST_DAY, Referral.due_date < period.end)
    indexed, tested = (
        (answered_since, due_before) if _answered_since_is_narrower(period) else (due_before, answered_since)
    )
    answered_later = Referral.select(fn.COUNT(Referral.id)).where(
        indexed[0] & indexed[1] & _unindexed(tested[0]) & _unindexed(tested[1])
    )
    return _count(waiting) + _count(answered_later)


# Bounds that make each range two-sided: SQLite, which keeps no statistics of how wide a range is (no STAT4 in
# the usual builds), takes a two-sided range on an index as narrow and a one-sided one as a quarter of the
# table, and for a quarter it would rather scan a covering index (0.1-0.5 s at a million cases, where the
# narrower range's index takes 3 ms). PostgreSQL's histograms see through the extra bound at no cost.
_LAST_MOMENT = dt.datetime(9999, 12, 31)
_FIRST_DAY = dt.date(1, 1, 1)


def _answered_since_is_narrower(period: Period) -> bool:
    """Whether fewer referrals were answered after the period than fell due before its end, judged by time
    (referrals come at a steady rate): the time since the period against the time from the first referral to
    its end. Last month: answered since (a few thousand of a million); a month years back: due before it."""
    first = Referral.select(fn.MIN(Referral.issued_at)).scalar()
    if first is None:
        return True
    since_first = (dt.datetime.combine(period.end, dt.time()) - first).days
    return (jalali.today_local() - period.end).days <= since_first


def _unindexed(condition):
    """SQLite: the condition with its column behind the unary + (a no-op on the value), so no index of that
    column is chosen for it: it is tested on the rows the other range's index gives. PostgreSQL: as it is."""
    if is_postgres():
        return condition
    column = peewee.NodeList((peewee.SQL("+"), condition.lhs), glue="")
    value = condition.rhs
    if isinstance(condition.lhs, peewee.Field) and not isinstance(value, peewee.Node):
        value = condition.lhs.db_value(value)  # as the column stores it (a time: integer microseconds)
    return peewee.Expression(column, condition.op, value)


def figures_as_of(period: Period) -> dt.date:
    """The day whose start the agencies' figures are taken at: the day after the period, or today for a
    period not yet over. Page one's shares and the agencies' table use the same day, so they agree."""
    return min(period.end + dt.timedelta(days=1), jalali.today_local())


def headline_values(actor: Actor, period: Period, accountability=None) -> dict[str, float | None]:
    """The headline figures of a period; `accountability` is the follow-up's report for the period as of
    figures_as_of(period) when the caller has it already (computed here otherwise)."""
    since, until = period.since, period.until
    if case_summary.reading_rows():
        cases = Case.select(fn.COUNT(Case.id)).where(in_period(period))
        registered = _count(cases)
        guided = _count(cases.where(Case.outcome == Outcome.GUIDED))
    else:  # the case summary's «all» dimension: a few hundred rows for a month
        registered, guided, _open = case_summary.counts(period, "all").get("", (0, 0, 0))
    follow_ups = _count(
        Contact.select(fn.COUNT(Contact.id)).where(
            (Contact.kind == "follow_up") & (Contact.at >= since) & (Contact.at < until)
        )
    )
    answers = _count(
        AgencyResponse.select(fn.COUNT(AgencyResponse.id)).where(
            (AgencyResponse.received_at >= since) & (AgencyResponse.received_at < until)
        )
    )
    # closed_at is set only while a case is closed or guided (reopening clears it): its index answers alone
    closed = _count(
        Case.select(fn.COUNT(Case.id)).where((Case.closed_at >= since) & (Case.closed_at < until))
    )
    rated = Callback.select(fn.COUNT(Callback.id)).where(
        (Callback.at >= since) & (Callback.at < until) & Callback.satisfaction.is_null(False)
    )
    satisfied = share(_count(rated.where(Callback.satisfaction == "satisfied")), _count(rated))
    # the agencies' figures as they stood at the end of the period (the follow-up's accountability service);
    # its «received» is the referral letters issued in the period
    if accountability is None:
        accountability = accountability_report(actor, period.start, period.end, today=figures_as_of(period))
    accountability = accountability.total
    return {
        "calls": registered,
        "per_day": registered / period.days,
        "follow_ups": follow_ups,
        "guided": guided,
        "guided_share": share(guided, registered),
        "referrals": accountability.received,
        "answers": answers,
        "on_time": accountability.on_time_pct,
        "answer_days": accountability.average_days,
        "closed": closed,
        "overdue_at_end": overdue_at_end(period),
        "satisfied": satisfied,
    }


HEADLINES = [  # key, label, kind, higher is better
    ("calls", "تماس‌های ثبت‌شده", INT, None),
    ("per_day", "میانگین تماس در روز", FLOAT, None),
    ("follow_ups", "تماس‌های پیگیری پرونده‌های باز", INT, None),
    ("guided", "راهنمایی در همان تماس", INT, None),
    ("guided_share", "سهم راهنمایی در همان تماس", PERCENT, True),
    ("referrals", "نامه‌های ارجاع صادرشده", INT, None),
    ("answers", "پاسخ‌های رسیده از دستگاه‌ها", INT, True),
    ("on_time", "سهم پاسخ در مهلت (ارجاع‌های دوره)", PERCENT, True),
    ("answer_days", "میانگین روز تا پاسخ دستگاه", FLOAT, False),
    ("closed", "پرونده‌های مختومه‌شده", INT, True),
    ("overdue_at_end", "ارجاع‌های گذشته از مهلت در پایان دوره (از هر زمان)", INT, False),
    ("satisfied", "رضایت در تماس‌های پیگیری این دوره (همه پرونده‌ها)", PERCENT, True),
]


def monthly_report(actor: Actor, period: Period, progress=None) -> MonthlyReport:
    require(actor, "view_reports")
    previous = period.previous()
    steps = 8

    def step(i: int) -> None:
        if progress:
            progress(i, steps)

    step(0)
    # the agencies' figures for the period serve both the headlines and the agencies' table: computed once
    accountability = accountability_report(actor, period.start, period.end, today=figures_as_of(period))
    now = headline_values(actor, period, accountability)
    step(1)
    before = headline_values(actor, previous)
    step(2)
    headlines = [
        Headline(key, label, now[key], before[key], kind, better) for key, label, kind, better in HEADLINES
    ]
    per_day = calls.by_day(period)
    step(3)
    by_type = calls.by_request_type(period)
    step(4)
    by_category = calls.by_category(period)
    step(5)
    by_county = calls.by_county(period)
    step(6)
    by_outcome = outcomes.by_outcome(period)
    step(7)
    agencies = sources.agencies(actor, period, today=figures_as_of(period), data=accountability)
    step(8)
    values = settings.get_all()
    held, notes = session_reports(period)
    return MonthlyReport(
        period,
        previous,
        headlines,
        per_day,
        by_type,
        by_category,
        by_county,
        by_outcome,
        agencies,
        values.get("governorate_name", ""),
        values.get("center_name", ""),
        sessions=held,
        official_notes=notes,
    )
