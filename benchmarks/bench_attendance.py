"""The attendance schedule and session mode on the demo database: the month view with its conflicts,
the session panel's lists, the compliance report over the demo's whole schedule, the announcement PDF, and
planning a month (rolled back). The report's floor is the same three aggregate queries run by hand.

Targets: month view (slots + conflicts) < 50 ms, session panel refresh (current session, held cases, the
session's calls and orders) < 100 ms, the compliance report over nine months < 300 ms, the month's PDF < 1 s.
"""

from __future__ import annotations

import datetime as dt

from peewee import fn

from app.db import database, open_database
from app.domain import jalali
from app.models import AttendanceSlot, Contact, OfficialSession
from app.models.base import stored_time
from app.services.actor import SYSTEM
from app.services.schedule import attendance, schedule, schedule_export, sessions
from app.services.schedule.sessions import utc_day_bounds
from benchmarks.harness import Result, median_ms

RUNS = 21

FLOOR_SQL = [
    "SELECT official_id, status, date FROM attendance_slot WHERE date BETWEEN {p} AND {p}",
    "SELECT id, official_id, checked_in_at, checked_out_at FROM official_session WHERE checked_in_at BETWEEN {p} AND {p}",
    (
        "SELECT s.official_id, COUNT(c.id) FROM contact c JOIN official_session s ON c.session_id = s.id "
        "WHERE s.checked_in_at BETWEEN {p} AND {p} GROUP BY s.official_id"
    ),
    (
        "SELECT s.official_id, COUNT(r.id) FROM referral r JOIN official_session s ON r.session_id = s.id "
        "WHERE s.checked_in_at BETWEEN {p} AND {p} AND r.issued_at IS NOT NULL AND r.status <> 'cancelled' "
        "GROUP BY s.official_id"
    ),
]


def _busiest_session() -> int | None:
    row = (
        Contact.select(Contact.session)
        .where(Contact.session.is_null(False))
        .group_by(Contact.session)
        .order_by(fn.COUNT(Contact.id).desc())
        .first()
    )
    return row.session_id if row else None


def run(url: str, calls: int) -> list[Result]:
    open_database(url)
    if not AttendanceSlot.select().exists():
        return [Result("attendance: no schedule in the demo database", 0, 0, note="run samad demo first")]
    first = AttendanceSlot.select(AttendanceSlot.date).order_by(AttendanceSlot.date).first().date
    last = AttendanceSlot.select(AttendanceSlot.date).order_by(AttendanceSlot.date.desc()).first().date
    today = jalali.to_jalali(jalali.today_local())
    month = schedule.month_period(today.year, today.month)
    busiest = _busiest_session()
    slots = AttendanceSlot.select().count()
    note = f"{slots} slots, {OfficialSession.select().count()} sessions"
    results = []

    def month_view(_):
        schedule.list_slots(*month)
        schedule.find_conflicts(*month)

    results.append(
        Result("month view: slots + conflicts", median_ms(month_view, RUNS), RUNS, target_ms=50, note=note)
    )

    def panel(_):
        sessions.current_session()
        sessions.held_cases()
        if busiest:
            sessions.session_work(busiest)

    results.append(
        Result(
            "session panel refresh", median_ms(panel, RUNS), RUNS, target_ms=100, note=f"session {busiest}"
        )
    )

    def report(_):
        attendance.attendance_report(SYSTEM, first, min(last, jalali.today_local()))

    # the sessions' times as their column stores them (SQLite: integer microseconds, migration 36)
    since, until = (stored_time(database, t) for t in utc_day_bounds(first, min(last, jalali.today_local())))
    p = database.param

    def floor(_):
        for i, sql in enumerate(FLOOR_SQL):
            params = (first, min(last, jalali.today_local())) if i == 0 else (since, until)
            database.execute_sql(sql.format(p=p), params).fetchall()

    span = (min(last, jalali.today_local()) - first).days
    results.append(
        Result(
            f"compliance report ({span} days)",
            median_ms(report, RUNS),
            RUNS,
            floor_ms=median_ms(floor, RUNS),
            target_ms=300,
        )
    )
    results.append(
        Result(
            "announcement PDF (one month)",
            median_ms(lambda _: schedule_export.schedule_pdf(*month), 5),
            5,
            target_ms=1000,
        )
    )

    officials = sorted({s.official_id for s in AttendanceSlot.select(AttendanceSlot.official)})
    future = schedule.month_period(today.year + 2, today.month)

    def plan(_):
        with database.atomic() as txn:
            schedule.generate_rotation(SYSTEM, *future, officials, start_time=dt.time(10))
            txn.rollback()

    results.append(Result("plan a month (rolled back)", median_ms(plan, 11), 11, target_ms=200))
    return results
