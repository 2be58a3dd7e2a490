"""The reports on a large database: the monthly report to the governor (figures, and figures + PDF),
one year of calls by agency (target: under 2 s each), and the other one-year reports and the dashboard.

Floor: the one-year calls-by-agency GROUP BY alone, run with the raw driver (what the report costs before
the names are looked up and the rows laid out).
"""

from __future__ import annotations

import datetime as dt

from app.db import database, open_database
from app.domain import jalali
from app.domain.period import Period, month_of
from app.models import Case, Referral, User
from app.services.actor import Actor
from app.services.reporting import calls, dashboard, monthly, outcomes, sources
from benchmarks.harness import Result, median_ms
from reports.monthly_report import render_monthly_report

TARGET_MS = 2000


def run(url: str, calls_count: int) -> list[Result]:
    open_database(url)
    actor = Actor.from_user(User.select().where(User.role == "supervisor").first())
    today = jalali.today_local()
    year = Period(today - dt.timedelta(days=364), today)
    month = month_of(today).previous()  # the last whole Jalali month
    in_year = Case.select().where((Case.created_at >= year.since) & (Case.created_at < year.until)).count()
    in_month = Case.select().where((Case.created_at >= month.since) & (Case.created_at < month.until)).count()
    referrals = Referral.select().count()
    size = f"{Case.select().count():,} cases, {referrals:,} referrals in the database"

    sql = (
        f"SELECT agency_id, COUNT(*) FROM cases WHERE created_at >= {database.param} "
        f"AND created_at < {database.param} GROUP BY agency_id"
    )
    params = (Case.created_at.db_value(year.since), Case.created_at.db_value(year.until))

    def floor(_):
        database.execute_sql(sql, params).fetchall()

    results = [
        Result(
            "monthly report: figures",
            median_ms(lambda _: monthly.monthly_report(actor, month), runs=7, warmup=1),
            7,
            target_ms=TARGET_MS,
            note=f"{month.label_en}: {in_month:,} calls; {size}",
        ),
        Result(
            "monthly report: figures + PDF",
            median_ms(
                lambda _: render_monthly_report(monthly.monthly_report(actor, month)), runs=5, warmup=1
            ),
            5,
            target_ms=TARGET_MS,
        ),
        Result(
            "calls by agency, one year",
            median_ms(lambda _: calls.by_agency(year), runs=7, warmup=1),
            7,
            floor_ms=median_ms(floor, runs=7, warmup=1),
            target_ms=TARGET_MS,
            note=f"{in_year:,} calls in the year",
        ),
        Result("calls by county, one year", median_ms(lambda _: calls.by_county(year), runs=5, warmup=1), 5),
        Result(
            "calls by hour (Tehran), one year", median_ms(lambda _: calls.by_hour(year), runs=5, warmup=1), 5
        ),
        Result(
            "calls by day (Tehran), one year", median_ms(lambda _: calls.by_day(year), runs=5, warmup=1), 5
        ),
        Result("outcomes, one year", median_ms(lambda _: outcomes.by_outcome(year), runs=5, warmup=1), 5),
        Result(
            "agencies (accountability), one year",
            median_ms(lambda _: sources.agencies(actor, year), runs=5, warmup=1),
            5,
        ),
        Result(
            "dashboard figures",
            median_ms(lambda _: dashboard.dashboard_figures(actor), runs=7, warmup=1),
            7,
            target_ms=1000,
        ),
    ]
    return results
