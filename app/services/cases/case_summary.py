"""The case summary (case_summary, migration 23): what the year-scale reports read instead of a year of cases.

For every Tehran day of registration it holds, per dimension (see app.models.summaries), how many cases are in
each status and outcome now, so «calls by county in 1405» adds a few thousand summary rows instead of reading
a few hundred thousand cases. It is kept exact by the services that change a counted field, inside their own
transaction:

- registering a case (app.services.cases.cases.register_call): `added(case_id)`;
- every change of status, outcome or closing time (app.services.cases.case_status.apply_status, the one place
  statuses move: guide, refer, answer, cancel the last referral, close, reopen) and every edit of a counted
  field (app.services.cases.case_edit): `with tracking(case_id): ...`, which takes the case's contribution
  before and after the change and applies the difference.

Anything that writes cases in bulk by other means (the demo's batched inserts, an import, a test that sets
times by hand) calls `rebuild()` afterwards (`samad rebuild-summaries` does the same); it recomputes the
agencies' accountability summary too.

The rows-based reference: inside `with from_rows():` the reports compute the same figures from the cases
themselves (the queries they used before the summary). The property test
(tests/app/test_case_summary_property.py) requires both to agree after random sequences of operations.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator

from peewee import fn

from app.db import database, is_postgres
from app.domain.jalali import TEHRAN
from app.domain.period import Period, utc_segments
from app.domain.status import OPEN_STATUSES, Outcome
from app.models import Case, CaseSummary
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases import accountability_summary
from app.services.reporting.sql import sqlite_local_date, sqlite_local_hour, sqlite_seconds

DIMENSIONS = ("all", "type", "category", "county", "operator", "agency", "channel", "hour")
# the case column each dimension counts by (the hour and «all» are worked out)
_COLUMNS = {
    "type": "request_type_id",
    "category": "category_id",
    "county": "county_id",
    "operator": "operator_id",
    "agency": "agency_id",
    "channel": "channel",
}
_OPEN = frozenset(str(s) for s in OPEN_STATUSES)
_GUIDED = str(Outcome.GUIDED)
_PARTS = ("calls", "guided", "open_calls", "closing_seconds", "closed_dated")
_SECONDS_PER_DAY = 86_400

_from_rows: contextvars.ContextVar[bool] = contextvars.ContextVar("case_summary_from_rows", default=False)


@contextlib.contextmanager
def from_rows() -> Iterator[None]:
    """Within this block the reports count from the cases themselves (the reference the summary must equal)."""
    token = _from_rows.set(True)
    try:
        yield
    finally:
        _from_rows.reset(token)


def reading_rows() -> bool:
    return _from_rows.get()


# --- keeping it up to date --------------------------------------------------------------------------------

_FIELDS = (
    Case.id,
    Case.created_at,
    Case.request_type,
    Case.category,
    Case.county,
    Case.operator,
    Case.agency,
    Case.channel,
    Case.status,
    Case.outcome,
    Case.closed_at,
)

Key = tuple[str, str, str, str, str]  # dimension, day (ISO), item, status, outcome


def _local(created_at: dt.datetime) -> dt.datetime:
    return created_at.replace(tzinfo=dt.UTC).astimezone(TEHRAN)


def _contribution(row: tuple) -> Counter:
    """{summary key: (calls, closing seconds, closed with a time)} one case adds, as a Counter per part."""
    (
        _id,
        created_at,
        type_id,
        category_id,
        county_id,
        operator_id,
        agency_id,
        channel,
        status,
        outcome,
        closed,
    ) = row
    local = _local(created_at)
    day = local.date().isoformat()
    status, outcome = str(status), str(outcome or "")
    items = {
        "all": "",
        "type": str(type_id),
        "category": str(category_id),
        "county": str(county_id),
        "operator": str(operator_id),
        "agency": "" if agency_id is None else str(agency_id),
        "channel": str(channel),
        "hour": str(local.hour),
    }
    guided, still_open = int(outcome == _GUIDED), int(status in _OPEN)
    out: Counter = Counter()
    for dimension, item in items.items():
        # only «all» is split by status and outcome (the outcomes report); the others count guided and open
        key = (
            (dimension, day, item, status, outcome) if dimension == "all" else (dimension, day, item, "", "")
        )
        out[("calls", key)] += 1
        out[("guided", key)] += guided
        out[("open_calls", key)] += still_open
    if closed is not None:
        key = ("all", day, "", status, outcome)
        # whole seconds of each time, as the rebuild's SQL counts them on both databases
        out[("closing_seconds", key)] += (
            closed.replace(microsecond=0) - created_at.replace(microsecond=0)
        ) // (dt.timedelta(seconds=1))
        out[("closed_dated", key)] += 1
    return out


def _read(case_ids: Iterable[int]) -> list[tuple]:
    ids = list(case_ids)
    if not ids:
        return []
    return list(Case.select(*_FIELDS).where(Case.id.in_(ids)).tuples())


def _apply(before: list[tuple], after: list[tuple]) -> None:
    delta: Counter = Counter()
    for row in after:
        delta.update(_contribution(row))
    for row in before:
        delta.subtract(_contribution(row))
    keys: dict[Key, list[int]] = {}
    for (part, key), value in delta.items():
        if value:
            keys.setdefault(key, [0] * len(_PARTS))[_PARTS.index(part)] = value
    if not keys:
        return
    p = database.param
    audit.hold_chain()  # the chain's lock before the summary's shared rows, as every writer takes them
    ordered = sorted(keys.items())  # one order for every writer: two transactions never wait on each other
    values = ", ".join(["(" + ", ".join([p] * (5 + len(_PARTS))) + ")"] * len(ordered))
    params: list = []
    for key, parts in ordered:
        params += [*key, *parts]
    database.execute_sql(
        f"INSERT INTO case_summary (dimension, day, item, status, outcome, {', '.join(_PARTS)}) "
        f"VALUES {values} ON CONFLICT (dimension, day, item, status, outcome) DO UPDATE SET "
        + ", ".join(f"{c} = case_summary.{c} + excluded.{c}" for c in _PARTS),
        params,
    )
    # rows left counting nothing go (found by the unique index's (dimension, day) prefix, not a scan)
    dimensions, days = sorted({key[0] for key in keys}), sorted({key[1] for key in keys})
    database.execute_sql(
        f"DELETE FROM case_summary WHERE dimension IN ({', '.join([p] * len(dimensions))}) "
        f"AND day IN ({', '.join([p] * len(days))}) AND calls = 0",
        [*dimensions, *days],
    )


def added(*case_ids: int) -> None:
    """Count newly registered cases (inside the transaction that registered them)."""
    _apply([], _read(case_ids))


@contextlib.contextmanager
def tracking(*case_ids: int) -> Iterator[None]:
    """Count the change the block makes to these cases (inside the transaction that makes it)."""
    before = _read(case_ids)
    yield
    _apply(before, _read(case_ids))


def rebuild_as(actor: Actor) -> int:
    """`samad rebuild-summaries`: a supervisor recomputes the summary (e.g. after writing cases by hand)."""
    require(actor, "manage_settings")
    return rebuild()


def rebuild() -> int:
    """Recompute the whole summary from the cases (one grouped query per dimension and offset segment of
    Tehran's clock), and the agencies' accountability summary from the referrals
    (app.services.cases.accountability_summary): the one entry point after bulk writes (the demo) and of `samad
    rebuild-summaries`. Returns how many case summary rows there are."""
    accountability_summary.rebuild()
    with database.atomic():
        database.execute_sql("DELETE FROM case_summary")
        first, last = (
            Case.select(Case.created_at).order_by(Case.created_at).limit(1).scalar(),
            (Case.select(Case.created_at).order_by(Case.created_at.desc()).limit(1).scalar()),
        )
        if first is None:
            return 0
        for segment in utc_segments(first, last + dt.timedelta(seconds=1)):
            for sql in rebuild_statements(segment.offset_minutes, is_postgres(), database.param):
                database.execute_sql(
                    sql,
                    (Case.created_at.db_value(segment.since), Case.created_at.db_value(segment.until)),
                )
        return CaseSummary.select().count()


def rebuild_statements(offset_minutes: int, postgres: bool, p: str) -> list[str]:
    """The INSERT … SELECT statements that add the cases registered in [since, until) (UTC; two parameters
    written `p`), while Tehran is `offset_minutes` ahead, to the summary. (Migration 23 holds a frozen copy.)"""
    shift = f"{'+' if offset_minutes >= 0 else '-'}{abs(offset_minutes)} minutes"
    if postgres:
        day = f"CAST(created_at + INTERVAL '{shift}' AS DATE)"
        hour = f"CAST(CAST(EXTRACT(HOUR FROM created_at + INTERVAL '{shift}') AS INTEGER) AS VARCHAR)"
        closing = (
            "CAST(EXTRACT(EPOCH FROM date_trunc('second', closed_at)) "
            "- EXTRACT(EPOCH FROM date_trunc('second', created_at)) AS BIGINT)"
        )
    else:
        # times are integer microseconds (migration 36); whole seconds as strftime('%s') counted them
        day = sqlite_local_date("created_at", offset_minutes)
        hour = f"CAST({sqlite_local_hour('created_at', offset_minutes)} AS TEXT)"
        closing = f"({sqlite_seconds('closed_at')} - {sqlite_seconds('created_at')})"
    items = {
        "all": "''",
        "hour": hour,
        **{d: f"COALESCE(CAST({c} AS VARCHAR(40)), '')" for d, c in _COLUMNS.items()},
    }
    counts = (
        "COUNT(*), SUM(CASE WHEN outcome = 'guided' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN status IN ('registered', 'referred', 'answered') THEN 1 ELSE 0 END)"
    )
    statements = []
    for dimension, item in items.items():
        if dimension == "all":
            split, sums = "status, COALESCE(outcome, '')", f"COALESCE(SUM({closing}), 0), COUNT(closed_at)"
        else:
            split, sums = "'', ''", "0, 0"
        statements.append(
            "INSERT INTO case_summary (dimension, day, item, status, outcome, calls, guided, open_calls, "
            f"closing_seconds, closed_dated) SELECT '{dimension}', {day}, {item}, {split}, {counts}, {sums} "
            f"FROM cases WHERE created_at >= {p} AND created_at < {p} "
            "GROUP BY 2, 3, 4, 5 "
            "ON CONFLICT (dimension, day, item, status, outcome) DO UPDATE SET "
            + ", ".join(f"{c} = case_summary.{c} + excluded.{c}" for c in _PARTS)
        )
    return statements


# --- reading it ---------------------------------------------------------------------------------------------

Counts = tuple[int, int, int]  # calls, guided on the spot, still open


def _in(period: Period, dimension: str):
    return (
        (CaseSummary.dimension == dimension)
        & (CaseSummary.day >= period.start)
        & (CaseSummary.day <= period.end)
    )


def _grouped(period: Period, dimension: str, group) -> dict:
    """{group: (calls, guided, open)}: one GROUP BY over the period's summary rows of one dimension."""
    query = (
        CaseSummary.select(
            group, fn.SUM(CaseSummary.calls), fn.SUM(CaseSummary.guided), fn.SUM(CaseSummary.open_calls)
        )
        .where(_in(period, dimension))
        .group_by(group)
        .tuples()
    )
    return {k: (int(c), int(g or 0), int(o or 0)) for k, c, g, o in query if int(c or 0)}


def counts(period: Period, dimension: str) -> dict[str, Counts]:
    """{item: (calls, guided, open)} of the cases registered in the period (items as the summary keeps them:
    text; '' for «all» and for no agency)."""
    return _grouped(period, dimension, CaseSummary.item)


def daily(period: Period) -> dict[dt.date, Counts]:
    """{Tehran day: (calls, guided, open)} for the days of the period that have cases."""
    return {_as_date(k): v for k, v in _grouped(period, "all", CaseSummary.day).items()}


def outcome_rows(period: Period) -> list[tuple[str, str | None, int, float | None, int]]:
    """(status, outcome or None, cases, sum of days to close, cases with a closing time) of the cases
    registered in the period, by status and outcome."""
    query = (
        CaseSummary.select(
            CaseSummary.status,
            CaseSummary.outcome,
            fn.SUM(CaseSummary.calls),
            fn.SUM(CaseSummary.closing_seconds),
            fn.SUM(CaseSummary.closed_dated),
        )
        .where(_in(period, "all"))
        .group_by(CaseSummary.status, CaseSummary.outcome)
        .tuples()
    )
    out = []
    for status, outcome, calls, closing, dated in query:
        if int(calls or 0):
            days = int(closing or 0) / _SECONDS_PER_DAY if int(dated or 0) else None
            out.append((status, outcome or None, int(calls), days, int(dated or 0)))
    return out


def open_cases() -> int:
    """Cases open now (registered, referred or answered), whenever registered."""
    total = (
        CaseSummary.select(fn.SUM(CaseSummary.calls))
        .where((CaseSummary.dimension == "all") & CaseSummary.status.in_(sorted(_OPEN)))
        .scalar()
    )
    return int(total or 0)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
