"""Cases registered in a period, by how they ended (or where they stand now), with the days it took to close."""

from __future__ import annotations

from collections import defaultdict

from peewee import fn

from app.domain.period import Period
from app.domain.report import FLOAT, INT, PERCENT, TEXT, Chart, Column, Report, share
from app.domain.status import OPEN_STATUSES, OUTCOME_LABELS, STATUS_LABELS, CaseStatus, Outcome
from app.models import Case
from app.services.cases import case_summary
from app.services.reporting.calls import TOTAL, in_period
from app.services.reporting.sql import as_float, as_int, days_between

NO_OUTCOME = "مختومه بی‌ثبت نتیجه"
OPEN_LABELS = {
    CaseStatus.REGISTERED: "در جریان: " + STATUS_LABELS[CaseStatus.REGISTERED],
    CaseStatus.REFERRED: "در جریان: ارجاع‌شده، در انتظار دستگاه",
    CaseStatus.ANSWERED: "در جریان: پاسخ دستگاه رسیده، در انتظار تماس با شهروند",
}


def outcome_rows_from_rows(period: Period) -> list[tuple]:
    """(status, outcome, cases, sum of days to close, cases with a closing time) counted from the cases: the
    reference the case summary (app.services.cases.case_summary.outcome_rows) must equal."""
    closing_days = days_between(Case.closed_at, Case.created_at)
    return list(
        Case.select(
            Case.status, Case.outcome, fn.COUNT(Case.id), fn.SUM(closing_days), fn.COUNT(Case.closed_at)
        )
        .where(in_period(period))
        .group_by(Case.status, Case.outcome)
        .tuples()
    )


def by_outcome(period: Period, progress=None) -> Report:
    if progress:
        progress(0, 1)
    open_values = [str(s) for s in OPEN_STATUSES]
    query = (
        outcome_rows_from_rows(period) if case_summary.reading_rows() else case_summary.outcome_rows(period)
    )
    closed: dict[str, list[float]] = defaultdict(
        lambda: [0, 0.0, 0]
    )  # label -> count, days sum, closed with date
    still_open: dict[str, int] = defaultdict(int)
    all_days, all_dated = 0.0, 0
    for status, outcome, count, days, dated in query:
        if status in open_values:
            still_open[status] += as_int(count)
            continue
        label = OUTCOME_LABELS.get(outcome, NO_OUTCOME) if outcome else NO_OUTCOME
        cell = closed[label]
        cell[0] += as_int(count)
        cell[1] += as_float(days) or 0.0
        cell[2] += as_int(dated)
        all_days += as_float(days) or 0.0
        all_dated += as_int(dated)
    whole = sum(c[0] for c in closed.values()) + sum(still_open.values())
    rows = []
    for outcome in Outcome:
        count, days, dated = closed.pop(OUTCOME_LABELS[outcome], (0, 0.0, 0))
        rows.append((OUTCOME_LABELS[outcome], count, share(count, whole), days / dated if dated else None))
    for label, (count, days, dated) in closed.items():  # closed without an outcome recorded
        rows.append((label, count, share(count, whole), days / dated if dated else None))
    for status in (CaseStatus.REGISTERED, CaseStatus.REFERRED, CaseStatus.ANSWERED):
        count = still_open.get(str(status), 0)
        rows.append((OPEN_LABELS[status], count, share(count, whole), None))
    average = all_days / all_dated if all_dated else None
    total = (TOTAL, whole, 1.0 if whole else None, average)
    columns = [
        Column("name", "نتیجه", TEXT),
        Column("cases", "پرونده", INT),
        Column("share", "سهم", PERCENT),
        Column("days", "میانگین روز تا مختومه شدن", FLOAT),
    ]
    title = "پرونده‌ها به تفکیک نتیجه"
    charted = [(r[0], r[1]) for r in rows if r[1]]
    chart = Chart("pie", title, [c[0] for c in charted], [c[1] for c in charted])
    if progress:
        progress(1, 1)
    return Report(
        "outcomes",
        title,
        period,
        columns,
        rows,
        total,
        [chart],
        notes=["پرونده‌های ثبت‌شده در دوره، با وضعیت امروزشان."],
    )
