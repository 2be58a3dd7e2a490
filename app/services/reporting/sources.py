"""Reports whose figures belong to other parts of the app: each is read from the owner's service and only
laid out here as a Report.

- agencies (referrals and response times by agency): the follow-up's app.services.followup.accountability.
- guidance (guidance by article): the knowledge base's app.services.knowledge.knowledge_usage.article_usage.
- attendance (officials' attendance): the schedule's app.services.schedule.attendance.attendance_report.
- the dashboard's deadline counts (waiting, overdue, due today, most overdue agencies) and call-backs
  waiting: the follow-up's app.services.followup.deadlines and app.services.followup.callbacks.
"""

from __future__ import annotations

import datetime as dt

from app.domain.period import Period
from app.domain.report import FLOAT, INT, PERCENT, TEXT, Chart, Column, Report, share
from app.services.actor import Actor
from app.services.reporting.calls import TOTAL

TOP_IN_CHART = 12


# --- follow-up --------------------------------------------------------------------------------------


def deadline_figures(today: dt.date, top: int = 10) -> tuple[int, int, int, list[tuple[str, int]]]:
    """(waiting, overdue, due today, [(agency, overdue)] for the `top` agencies most overdue), from
    the follow-up's app.services.followup.deadlines."""
    from app.services.followup import deadlines

    per_agency = deadlines.by_agency(today)  # most overdue first
    waiting = sum(a.waiting for a in per_agency)
    overdue = deadlines.counts(today).overdue
    due = deadlines.counts(today, soon_days=0).due_soon
    return waiting, overdue, due, [(a.agency_name, a.overdue) for a in per_agency if a.overdue][:top]


def callbacks_waiting() -> int:
    """Answered cases whose citizen is still to be called back (the follow-up's app.services.followup.callbacks)."""
    from app.services.followup import callbacks

    return callbacks.waiting_count()


AGENCY_COLUMNS = [
    Column("name", "دستگاه", TEXT),
    Column("received", "ارجاع", INT),
    Column("answered", "پاسخ", INT),
    Column("on_time", "پاسخ در مهلت", INT),
    Column("on_time_share", "سهم پاسخ در مهلت", PERCENT),
    Column("median_days", "میانه روز تا پاسخ", FLOAT),
    Column("average_days", "میانگین روز تا پاسخ", FLOAT),
    Column("overdue", "گذشته از مهلت اکنون", INT),
    Column("reminders", "تذکر", INT),
    Column("escalations", "ارجاع به بازرسی", INT),
    Column("satisfied", "رضایت شهروندان", PERCENT),
]


def _agency_row(f) -> tuple:
    return (
        f.agency_name,
        f.received,
        f.answered,
        f.on_time,
        f.on_time_pct,
        f.median_days,
        f.average_days,
        f.overdue_now,
        f.reminders,
        f.escalations,
        f.satisfied_pct,
    )


def agencies(actor: Actor, period: Period, progress=None, today: dt.date | None = None, data=None) -> Report:
    """Referrals issued in the period by agency and how each answered, worst first: the follow-up's
    app.services.followup.accountability (its definitions: on-time share over the referrals already due, days to
    answer in calendar days, satisfaction from the latest call-back verdict)."""
    from app.services.followup.accountability import accountability_report

    if progress:
        progress(0, 1)
    if data is None:  # (the monthly report passes the one it computed for its headlines)
        data = accountability_report(actor, period.start, period.end, today=today)
    rows = [_agency_row(f) for f in data.agencies]
    title = "گزارش عملکرد دستگاه‌ها در پاسخ به ارجاع‌ها"
    by_count = sorted(rows, key=lambda r: -r[1])[:TOP_IN_CHART]
    charts = [Chart("bar", "ارجاع به دستگاه‌ها (بیشترین)", [r[0] for r in by_count], [r[1] for r in by_count])]
    overdue = sorted((r for r in rows if r[7]), key=lambda r: -r[7])[:TOP_IN_CHART]
    if overdue:
        charts.append(
            Chart("bar", "ارجاع‌های گذشته از مهلت", [r[0] for r in overdue], [r[7] for r in overdue])
        )
    return Report(
        "agencies",
        title,
        period,
        list(AGENCY_COLUMNS),
        rows,
        _agency_row(data.total),
        charts,
        notes=[
            "ارجاع‌هایی که نامه‌شان در دوره صادر شده است؛ بدترین عملکرد در بالا. "
            "سهم پاسخ در مهلت از ارجاع‌هایی است که مهلتشان رسیده است؛ «گذشته از مهلت» به وضعیت امروز."
        ],
        source=data,
    )


# --- knowledge base ---------------------------------------------------------------------------------


def guidance(actor: Actor, period: Period, progress=None) -> Report:
    """How many callers each article (circular, agency mission, ready answer) guided in the period."""
    from app.services.knowledge.knowledge import KIND_LABELS
    from app.services.knowledge.knowledge_usage import article_usage

    if progress:
        progress(0, 1)
    usage = article_usage(actor, period.start, period.end)
    whole = sum(u.count for u in usage)
    rows = [
        (
            u.title,
            KIND_LABELS.get(u.kind, u.kind),
            u.number or None,
            u.count,
            share(u.count, whole),
            u.last_used,
        )
        for u in usage
    ]
    columns = [
        Column("name", "عنوان", TEXT),
        Column("kind", "گونه", TEXT),
        Column("number", "شماره", TEXT),
        Column("uses", "راهنمایی", INT),
        Column("share", "سهم", PERCENT),
        Column("last_used", "آخرین بار", "date"),
    ]
    total = (TOTAL, None, None, whole, 1.0 if whole else None, None)
    charted = rows[:TOP_IN_CHART]
    title = "راهنمایی به تفکیک مطلب بانک راهنمایی"
    return Report(
        "guidance",
        title,
        period,
        columns,
        rows,
        total,
        [Chart("bar", title, [r[0] for r in charted], [r[3] for r in charted])],
    )


# --- attendance -----------------------------------------------------------------------------------


def attendance(actor: Actor, period: Period, progress=None, today: dt.date | None = None) -> Report:
    """Officials' presence in the center: slots scheduled, attended, late, absent; hours; calls and orders."""
    from app.services.schedule.attendance import attendance_report

    if progress:
        progress(0, 1)
    data = attendance_report(actor, period.start, period.end, today=today)
    columns = [
        Column("name", "مسئول", TEXT),
        Column("agency", "دستگاه", TEXT),
        Column("scheduled", "نوبت", INT),
        Column("present", "حضور", INT),
        Column("late", "با تأخیر", INT),
        Column("absent", "غیبت", INT),
        Column("cancelled", "لغوشده", INT),
        Column("compliance", "پایبندی", PERCENT),
        Column("hours", "ساعت حضور", FLOAT),
        Column("calls", "تماس پاسخ‌داده", INT),
        Column("orders", "دستور ارجاع", INT),
    ]

    def row(r, name: str, agency: str) -> tuple:
        return (
            name,
            agency,
            r.scheduled,
            r.present,
            r.late,
            r.absent,
            r.cancelled,
            r.compliance,
            r.hours,
            r.calls,
            r.orders,
        )

    rows = [row(r, r.name, r.agency_name) for r in data.officials]
    title = "حضور مسئولان در مرکز"
    charted = [(r[0], r[3]) for r in rows if r[3]][:TOP_IN_CHART]
    chart = Chart("bar", "حضور مسئولان (نوبت)", [c[0] for c in charted], [c[1] for c in charted])
    return Report(
        "attendance", title, period, columns, rows, row(data.total, TOTAL, ""), [chart], source=data
    )
