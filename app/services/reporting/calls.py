"""Calls in a period, counted by request type, category, county, channel, operator, agency, hour and day.

A call here is a registered case (the call that opened it): `Case.created_at` in the period, Tehran days.
Follow-up calls on an existing case are counted separately (app.services.reporting.figures). Each row
also says how many of those calls were guided on the spot, how many are closed and how many are still open.
The counts come from the case summary the services keep (app.services.cases.case_summary), not from a
period's cases; `case_counts_from_rows` counts the cases themselves, the reference the summary must equal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

import peewee
from peewee import fn

from app.domain import jalali
from app.domain.period import Period
from app.domain.report import DATE, INT, PERCENT, TEXT, Chart, Column, Report, share
from app.domain.status import CHANNEL_LABELS, OPEN_STATUSES, Channel, Outcome
from app.models import Agency, Case, Category, County, RequestType, User
from app.services.cases import case_summary
from app.services.reporting.sql import as_date, as_int, count_if, local_date, local_hour

NO_AGENCY = "بدون دستگاه"
TOTAL = "جمع"
TOP_IN_CHART = 12
Counts = tuple[int, int, int]  # calls, guided on the spot, still open


def in_period(
    period: Period, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> peewee.Expression:
    return (Case.created_at >= (since or period.since)) & (Case.created_at < (until or period.until))


# the case column (or, for the local hour, a function of the UTC offset) each summary dimension groups by
ROW_KEYS: dict[str, Callable[[int], peewee.Node] | peewee.Node] = {
    "type": Case.request_type,
    "category": Case.category,
    "county": Case.county,
    "channel": Case.channel,
    "operator": Case.operator,
    "agency": Case.agency,
    "hour": lambda offset: local_hour(Case.created_at, offset),
}


def _summary_key(dimension: str, item: str) -> object:
    """A summary item (text) as the rows' query returns its key: an id, a channel, an hour, None for no agency."""
    if dimension == "channel":
        return item
    return int(item) if item else None


def case_counts(
    period: Period, dimension: str, progress: Callable[[int, int], None] | None = None
) -> dict[object, Counts]:
    """{group key: (calls, guided, open)} for the cases registered in the period, by one dimension of the
    case summary (app.services.cases.case_summary): a few thousand summary rows for a year. Inside
    case_summary.from_rows() they are counted from the cases themselves (the reference)."""
    if case_summary.reading_rows():
        return case_counts_from_rows(period, ROW_KEYS[dimension], progress)
    if progress:
        progress(0, 1)
    return {_summary_key(dimension, k): v for k, v in case_summary.counts(period, dimension).items()}


def case_counts_from_rows(
    period: Period,
    key: Callable[[int], peewee.Node] | peewee.Node,
    progress: Callable[[int, int], None] | None = None,
) -> dict[object, Counts]:
    """{group key: (calls, guided, open)} for the cases registered in the period, grouped in SQL over the cases.

    `key` is a column/expression, or a function of the UTC offset (for local day or hour) that is then
    evaluated once per offset segment of the period and the counts added.
    """
    segments = period.segments() if callable(key) else [None]
    totals: dict[object, list[int]] = defaultdict(lambda: [0, 0, 0])
    for done, segment in enumerate(segments):
        if progress:
            progress(done, len(segments))
        expr = key(segment.offset_minutes) if segment is not None else key
        where = in_period(period, segment.since, segment.until) if segment is not None else in_period(period)
        query = (
            Case.select(
                expr,
                fn.COUNT(Case.id),
                count_if(Case.outcome == Outcome.GUIDED),
                count_if(Case.status.in_([str(s) for s in OPEN_STATUSES])),
            )
            .where(where)
            .group_by(expr)
            .tuples()
        )
        for group, calls, guided, still_open in query:
            cell = totals[group]
            cell[0] += as_int(calls)
            cell[1] += as_int(guided)
            cell[2] += as_int(still_open)
    return {k: (v[0], v[1], v[2]) for k, v in totals.items()}


COUNT_COLUMNS = [
    Column("calls", "تماس", INT),
    Column("share", "سهم", PERCENT),
    Column("guided", "راهنمایی در همان تماس", INT),
    Column("closed", "مختومه", INT),
    Column("open", "در جریان", INT),
]


def _row(label: str, counts: Counts, whole: int) -> tuple:
    calls, guided, still_open = counts
    return (label, calls, share(calls, whole), guided, calls - still_open, still_open)


def _total(rows: list[tuple]) -> tuple:
    sums = [sum(r[i] for r in rows) for i in (1, 3, 4, 5)]
    return (TOTAL, sums[0], 1.0 if sums[0] else None, sums[1], sums[2], sums[3])


def _ranked(labelled: list[tuple[str, Counts]], keep_zero: bool = True) -> list[tuple[str, Counts]]:
    items = [(label, c) for label, c in labelled if keep_zero or c[0]]
    return sorted(items, key=lambda item: -item[1][0])  # stable: equal counts keep the reference order


def _report(
    kind: str, title: str, first: Column, period: Period, labelled: list[tuple[str, Counts]], chart: str
) -> Report:
    whole = sum(c[0] for _, c in labelled)
    rows = [_row(label, counts, whole) for label, counts in labelled]
    charted = [(r[0], r[1]) for r in rows if r[1]]
    if chart == "bar":
        charted = charted[:TOP_IN_CHART]
    charts = [Chart(chart, title, [c[0] for c in charted], [c[1] for c in charted])]
    return Report(kind, title, period, [first, *COUNT_COLUMNS], rows, _total(rows), charts)


def _reference(model, counts: dict, order) -> list[tuple[str, Counts]]:
    """Active entries in reference order (zero rows included), and retired ones that have calls."""
    out = []
    for row in model.select().order_by(*order):
        c = counts.get(row.id, (0, 0, 0))
        if row.active or c[0]:
            out.append((row.name, c))
    return out


def by_request_type(period: Period, progress=None) -> Report:
    counts = case_counts(period, "type", progress)
    labelled = _reference(RequestType, counts, [RequestType.position, RequestType.id])
    return _report(
        "calls-by-type",
        "تماس‌ها به تفکیک نوع درخواست",
        Column("name", "نوع درخواست", TEXT),
        period,
        labelled,
        "pie",
    )


def by_category(period: Period, progress=None) -> Report:
    counts = case_counts(period, "category", progress)
    labelled = _ranked(_reference(Category, counts, [Category.position, Category.id]))
    return _report(
        "calls-by-category", "تماس‌ها به تفکیک موضوع", Column("name", "موضوع", TEXT), period, labelled, "bar"
    )


def by_county(period: Period, progress=None) -> Report:
    counts = case_counts(period, "county", progress)
    labelled = _ranked(_reference(County, counts, [County.position, County.id]))
    return _report(
        "calls-by-county", "تماس‌ها به تفکیک شهرستان", Column("name", "شهرستان", TEXT), period, labelled, "bar"
    )


def by_channel(period: Period, progress=None) -> Report:
    counts = case_counts(period, "channel", progress)
    labelled = [(CHANNEL_LABELS[c], counts.get(str(c), (0, 0, 0))) for c in Channel]
    labelled += [(str(k), v) for k, v in counts.items() if k not in {str(c) for c in Channel}]
    return _report(
        "calls-by-channel",
        "تماس‌ها به تفکیک راه تماس",
        Column("name", "راه تماس", TEXT),
        period,
        labelled,
        "pie",
    )


def by_operator(period: Period, progress=None) -> Report:
    counts = case_counts(period, "operator", progress)
    names = dict(User.select(User.id, User.full_name).where(User.id.in_(list(counts) or [0])).tuples())
    labelled = _ranked(
        [(names.get(k, str(k)), v) for k, v in sorted(counts.items(), key=lambda kv: names.get(kv[0], ""))]
    )
    return _report(
        "calls-by-operator",
        "تماس‌ها به تفکیک کارشناس",
        Column("name", "کارشناس", TEXT),
        period,
        labelled,
        "bar",
    )


def by_agency(period: Period, progress=None) -> Report:
    """Calls by the agency each case concerns (the case's agency field; cases without one grouped apart)."""
    counts = case_counts(period, "agency", progress)
    names = dict(
        Agency.select(Agency.id, Agency.name).where(Agency.id.in_([k for k in counts if k] or [0])).tuples()
    )
    labelled = _ranked(
        [
            (names[k], v)
            for k, v in sorted(counts.items(), key=lambda kv: names.get(kv[0], ""))
            if k is not None
        ]
    )
    if None in counts:
        labelled.append((NO_AGENCY, counts[None]))
    return _report(
        "calls-by-agency",
        "تماس‌ها به تفکیک دستگاه مربوط",
        Column("name", "دستگاه", TEXT),
        period,
        labelled,
        "bar",
    )


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00 تا {(hour + 1) % 24:02d}:00"


def by_hour(period: Period, progress=None) -> Report:
    counts = case_counts(period, "hour", progress)
    counts = {as_int(k): v for k, v in counts.items()}
    labelled = [(hour_label(h), counts.get(h, (0, 0, 0))) for h in range(24)]
    report = _report(
        "calls-by-hour", "تماس‌ها به تفکیک ساعت روز", Column("name", "ساعت", TEXT), period, labelled, "column"
    )
    report.charts = [Chart("column", report.title, [f"{h}" for h in range(24)], [c[0] for _, c in labelled])]
    return report


def daily_counts(period: Period, progress=None) -> dict[dt.date, Counts]:
    """{Tehran day: (calls, guided, open)} for every day of the period (zero days included)."""
    if case_summary.reading_rows():
        counts = case_counts_from_rows(period, lambda offset: local_date(Case.created_at, offset), progress)
        by_day = {as_date(k): v for k, v in counts.items()}
    else:
        if progress:
            progress(0, 1)
        by_day = case_summary.daily(period)
    return {day: by_day.get(day, (0, 0, 0)) for day in period.dates()}


def by_day(period: Period, progress=None) -> Report:
    days = daily_counts(period, progress)
    rows = [(day, jalali.weekday_name(day), c[0], c[1], c[0] - c[2], c[2]) for day, c in days.items()]
    calls = sum(r[2] for r in rows)
    total = (None, TOTAL, calls, sum(r[3] for r in rows), sum(r[4] for r in rows), sum(r[5] for r in rows))
    columns = [
        Column("date", "روز", DATE),
        Column("weekday", "روز هفته", TEXT),
        Column("calls", "تماس", INT),
        Column("guided", "راهنمایی در همان تماس", INT),
        Column("closed", "مختومه", INT),
        Column("open", "در جریان", INT),
    ]
    title = "تماس‌ها به تفکیک روز"
    chart = Chart("column", title, [jalali.format_jalali(d, "en")[5:] for d in days], [r[2] for r in rows])
    return Report("calls-by-day", title, period, columns, rows, total, [chart])
