"""The monthly report's «overdue at the end of the period»: the same count whichever of its two ranges is read by
an index, equal to the count from the rows, and on SQLite the chosen range really is the one its index reads
(SQLite keeps no statistics of a range's width: left to itself it took the wrong index, 0.5 s at a million
cases; without statistics it plans as for a million-row table, so the plan here is the plan there)."""

import datetime as dt

import pytest

from app.db import database, is_postgres
from app.models import Referral
from app.services.reporting import monthly
from tests.app import report_data
from tests.app.report_data import PERIOD
from tests.conftest import make_user


@pytest.fixture
def data(db, supervisor, operator):
    return report_data.build(operator, make_user("operator2", "operator"))


def _from_rows(period) -> int:
    """Issued by the end, due before its last day, not answered by its end: every referral looked at."""
    return sum(
        1
        for r in Referral.select()
        if r.issued_at is not None
        and r.issued_at < period.until
        and r.due_date is not None
        and r.due_date < period.end
        and r.status in ("issued", "answered", "rerouted")
        and (r.answered_at is None or r.answered_at >= period.until)
    )


def _months_back(n: int):
    period = PERIOD
    for _ in range(n):
        period = period.previous()
    return period


@pytest.mark.parametrize("answered_since", [True, False], ids=["answered-since", "due-before"])
def test_either_range_counts_the_same_as_the_rows(data, monkeypatch, answered_since):
    monkeypatch.setattr(monthly, "_answered_since_is_narrower", lambda period: answered_since)
    for period in (PERIOD, _months_back(1)):
        assert monthly.overdue_at_end(period) == _from_rows(period)
    assert monthly.overdue_at_end(PERIOD) == 2


def test_last_month_reads_the_answers_since_and_a_month_long_ago_the_due_dates(data, monkeypatch):
    first = (
        Referral.select()
        .where(Referral.issued_at.is_null(False))
        .order_by(Referral.issued_at)
        .first()
        .issued_at
    )
    today = PERIOD.end + dt.timedelta(days=1)
    monkeypatch.setattr(monthly.jalali, "today_local", lambda: today)
    assert monthly._answered_since_is_narrower(PERIOD)
    Referral.update(issued_at=first - dt.timedelta(days=3650)).where(Referral.issued_at == first).execute()
    assert monthly._answered_since_is_narrower(
        PERIOD
    )  # ten years of referrals before it: still the recent one
    monkeypatch.setattr(monthly.jalali, "today_local", lambda: today + dt.timedelta(days=20 * 365))
    assert not monthly._answered_since_is_narrower(PERIOD)  # twenty years after it: the due dates


@pytest.mark.parametrize("answered_since", [True, False], ids=["answered-since", "due-before"])
def test_sqlite_reads_the_chosen_range_by_its_index(data, monkeypatch, answered_since):
    if is_postgres():
        pytest.skip("PostgreSQL's planner has each range's histogram and chooses by itself")
    monkeypatch.setattr(monthly, "_answered_since_is_narrower", lambda period: answered_since)
    plans = []
    real = monthly._count

    def explained(query):
        sql, params = query.sql()
        plans.append(" ".join(row[3] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)))
        return real(query)

    monkeypatch.setattr(monthly, "_count", explained)
    monthly.overdue_at_end(PERIOD)
    index = (
        "referral_answered_at (answered_at>? AND answered_at<?)" if answered_since else "referral_due_date"
    )
    assert index in plans[1], plans
