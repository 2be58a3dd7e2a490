"""The agency accountability report for the last Jalali year (target: under 1 s on a million-case
database), the follow-up screen's counts and its first page of overdue referrals, and the call-back list's
first page.

Floor: the report's one grouped query alone, fetched with the driver (what the report costs before the
per-agency figures are assembled).
"""

from __future__ import annotations

import datetime as dt

from app.db import open_database
from app.domain import jalali
from app.models import Referral, User
from app.services.actor import Actor
from app.services.followup import accountability, callbacks, deadlines
from benchmarks.harness import Result, median_ms


def run(url: str, calls: int) -> list[Result]:
    open_database(url)
    actor = Actor.from_user(User.select().where(User.role == "supervisor").first())
    today = jalali.today_local()
    start, end = today - dt.timedelta(days=364), today
    referrals = (
        Referral.select().where(Referral.issued_at >= accountability.make_period(start, end).since).count()
    )
    report = accountability.accountability_report(actor, start, end)
    note = (
        f"{referrals:,} referrals in the year, {len(report.agencies)} agencies, "
        f"{Referral.select().count():,} referrals in all"
    )

    period = accountability.make_period(start, end)

    def floor(_):
        accountability.grouped_rows(period, today)

    results = [
        Result(
            "accountability report, one year",
            median_ms(lambda _: accountability.accountability_report(actor, start, end), runs=7, warmup=1),
            7,
            floor_ms=median_ms(floor, runs=7, warmup=1),
            target_ms=1000,
            note=note,
        ),
        Result(
            "accountability report, one month",
            median_ms(
                lambda _: accountability.accountability_report(actor, today - dt.timedelta(days=30), end),
                runs=11,
                warmup=1,
            ),
            11,
            target_ms=300,
        ),
        Result(
            "overdue and due-soon counts (status bar)",
            median_ms(lambda _: deadlines.counts(today), runs=21),
            21,
            target_ms=50,
        ),
        Result(
            "overdue by agency", median_ms(lambda _: deadlines.by_agency(today), runs=11), 11, target_ms=300
        ),
        Result(
            "follow-up list: ids + first 200 rows",
            median_ms(
                lambda _: deadlines.followup_rows(
                    deadlines.followup_ids(deadlines.FollowUpFilter(today=today))[:200], today
                ),
                runs=11,
            ),
            11,
            target_ms=300,
        ),
        Result(
            "call-back list: ids + first 200 rows",
            median_ms(lambda _: callbacks.callback_rows(callbacks.waiting_ids()[:200]), runs=11),
            11,
            target_ms=300,
        ),
    ]
    return results
