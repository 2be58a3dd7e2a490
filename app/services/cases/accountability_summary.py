"""The accountability summary (accountability_summary, migration 25): what the agencies' accountability report
(app.services.followup.accountability) reads instead of a year of referrals.

Per Tehran day of issue, agency, days to answer and «watch» day it holds the report's counts of the
live referrals (issued, answered or re-routed: drafts, cancelled and withdrawn referrals are not the agency's
to answer). What depends on the day the report is made for (due, overdue now) is kept against the watch day:
a referral still waiting, or not yet due by any other rule, counts as due (and, while issued, overdue) once
its due date is past; every other referral's watch day is NEVER.

It is kept exact inside the transaction of every service that changes a counted field of a referral, with
`with tracking(case_id): ...` around the change (it reads the case's referrals' contribution before and after,
by the same grouped query the rebuild runs, and applies the difference):

- issuing an order (app.services.letters.referrals.issue_order; a re-route's new referral too);
- cancelling a letter with its referral, correcting a letter's due date (app.services.letters.referrals);
- an agency's answer and a re-route (app.services.followup.followup.record_response);
- a reminder that extends the due date, an escalation (app.services.followup.reminders);
- the citizen's verdict at a call back (app.services.followup.callbacks.record_callback);
- withdrawing the waiting referrals when a case is closed (app.services.cases.case_status.withdraw_waiting).

A writer updates this summary before the case summary (app.services.cases.case_summary) where it can, so two
transactions seldom wait on each other's summary rows (a re-route issues its new referral, and moves the
case's status, inside the answer's tracking: the one exception).

Anything that writes referrals by other means (the demo's batched inserts) calls `rebuild()` afterwards;
app.services.cases.case_summary.rebuild (the demo's and `samad rebuild-summaries`' entry point) does.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator

from app.db import database, is_postgres
from app.domain.period import Period, utc_segments
from app.models import AccountabilitySummary, Referral
from app.services.admin import audit
from app.services.reporting.sql import sqlite_day_number, sqlite_day_start, sqlite_local_date

NEVER = dt.date(9999, 12, 31)
VERDICTS = ("satisfied", "partly", "not_satisfied")  # a citizen's verdict on an answer (the report's figures)
LIVE = "r.status NOT IN ('draft', 'cancelled', 'withdrawn')"
_KEY = ("day", "agency_id", "days", "watch")
_PARTS = (
    "received",
    "answered",
    "on_time",
    "due",
    "due_after",
    "overdue_after",
    "reminders",
    "escalations",
    *VERDICTS,
)

_tracked: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "accountability_summary_tracked", default=frozenset()
)


# --- the report's per-referral expressions (the rows-based report uses them too) ---------------------------


def answer_days(offset_minutes: int, postgres: bool) -> str:
    """Calendar days from r.issued_at to r.answered_at on Tehran's clock `offset_minutes` ahead of UTC (NULL
    while unanswered)."""
    if postgres:

        def day(column: str) -> str:
            return f"CAST({column} + INTERVAL '{offset_minutes} minutes' AS DATE)"

        return f"({day('r.answered_at')} - {day('r.issued_at')})"
    # integer microseconds (migration 36): the local days' numbers since the epoch, subtracted
    return f"({sqlite_day_number('r.answered_at', offset_minutes)} - {sqlite_day_number('r.issued_at', offset_minutes)})"


def answered_on_time(offset_minutes: int, postgres: bool) -> str:
    """True when r was answered before the end of its first due date (Tehran's day, `offset_minutes` ahead of
    UTC): «answered on or before day D» is «answered before D's next local midnight in UTC», a comparison
    rather than a per-row date function."""
    due = "COALESCE(r.first_due_date, r.due_date)"
    next_midnight = 24 * 60 - offset_minutes  # minutes after 00:00 UTC of day D when day D ends in Tehran
    if postgres:
        end = f"({due} + INTERVAL '{next_midnight} minutes')"
    else:
        end = sqlite_day_start(due, next_midnight)
    return f"r.answered_at < {end}"


def verdict_counts() -> str:
    """How many of the referrals each verdict was given on (an answered referral's; not a re-routed one)."""
    return ", ".join(
        f"SUM(CASE WHEN r.status = 'answered' AND r.verdict = '{v}' THEN 1 ELSE 0 END)" for v in VERDICTS
    )


# --- keeping it up to date ------------------------------------------------------------------------------------


def _select(offset_minutes: int, postgres: bool, p: str, where: str = "") -> str:
    """The summary rows of the live referrals issued in [since, until) (two parameters written `p`), while
    Tehran is `offset_minutes` ahead; `where` narrows them further."""
    shift = f"{'+' if offset_minutes >= 0 else '-'}{abs(offset_minutes)} minutes"
    if postgres:
        day, never = f"CAST(r.issued_at + INTERVAL '{shift}' AS DATE)", f"DATE '{NEVER.isoformat()}'"
    else:
        day, never = sqlite_local_date("r.issued_at", offset_minutes), f"'{NEVER.isoformat()}'"
    settled = "(r.answered_at IS NOT NULL OR r.first_due_date IS NOT NULL)"
    return (
        f"SELECT {day}, r.agency_id, COALESCE({answer_days(offset_minutes, postgres)}, -1), "
        f"CASE WHEN r.status = 'issued' OR NOT {settled} THEN r.due_date ELSE {never} END, "
        "COUNT(*), SUM(CASE WHEN r.answered_at IS NOT NULL THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {answered_on_time(offset_minutes, postgres)} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {settled} THEN 1 ELSE 0 END), SUM(CASE WHEN {settled} THEN 0 ELSE 1 END), "
        "SUM(CASE WHEN r.status = 'issued' THEN 1 ELSE 0 END), COALESCE(SUM(r.reminder_count), 0), "
        "SUM(CASE WHEN r.escalated_at IS NOT NULL THEN 1 ELSE 0 END), "
        f"{verdict_counts()} "
        f"FROM referral r WHERE r.issued_at >= {p} AND r.issued_at < {p} AND {LIVE}{where} "
        "GROUP BY 1, 2, 3, 4"
    )


_UPSERT = (
    f"INSERT INTO accountability_summary ({', '.join(_KEY + _PARTS)}) {{rows}} "
    f"ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET "
    + ", ".join(f"{c} = accountability_summary.{c} + excluded.{c}" for c in _PARTS)
)


def _contribution(case_ids: tuple[int, ...]) -> dict[tuple, list[int]]:
    """{summary key: counts} that these cases' live referrals add to the summary."""
    p = database.param
    marks = ", ".join([p] * len(case_ids))
    first, last = database.execute_sql(
        f"SELECT MIN(r.issued_at), MAX(r.issued_at) FROM referral r WHERE r.case_id IN ({marks}) AND {LIVE}",
        case_ids,
    ).fetchone()
    out: dict[tuple, list[int]] = {}
    if first is None:
        return out
    first, last = (Referral.issued_at.python_value(v) for v in (first, last))
    for segment in utc_segments(first, last + dt.timedelta(seconds=1)):
        sql = _select(segment.offset_minutes, is_postgres(), p, f" AND r.case_id IN ({marks})")
        since, until = (Referral.issued_at.db_value(v) for v in (segment.since, segment.until))
        for row in database.execute_sql(sql, (since, until, *case_ids)).fetchall():
            key = tuple(row[: len(_KEY)])
            counts = out.setdefault(key, [0] * len(_PARTS))
            for i, value in enumerate(row[len(_KEY) :]):
                counts[i] += int(value or 0)
    return out


def _apply(before: dict[tuple, list[int]], after: dict[tuple, list[int]]) -> None:
    delta: dict[tuple, list[int]] = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key, [0] * len(_PARTS)), after.get(key, [0] * len(_PARTS))
        change = [n - o for n, o in zip(new, old, strict=True)]
        if any(change):
            delta[key] = change
    if not delta:
        return
    audit.hold_chain()  # the chain's lock before the summary's shared rows, as every writer takes them
    p = database.param
    ordered = sorted(delta.items(), key=lambda kv: tuple(str(v) for v in kv[0]))  # one order for all writers
    values = ", ".join(["(" + ", ".join([p] * (len(_KEY) + len(_PARTS))) + ")"] * len(ordered))
    params: list = []
    for key, counts in ordered:
        params += [*key, *counts]
    database.execute_sql(_UPSERT.format(rows=f"VALUES {values}"), params)
    days = sorted({key[0] for key in delta}, key=str)
    # rows left counting nothing go (found by the unique index's day prefix, not a scan)
    database.execute_sql(
        f"DELETE FROM accountability_summary WHERE day IN ({', '.join([p] * len(days))}) AND received = 0",
        days,
    )


@contextlib.contextmanager
def tracking(*case_ids: int) -> Iterator[None]:
    """Count the change the block makes to these cases' referrals (inside the transaction that makes it, the
    cases locked). A block inside another that tracks the same cases adds nothing of its own."""
    tracked = _tracked.get()
    ids = tuple(sorted(set(case_ids) - tracked))
    if not ids:
        yield
        return
    token = _tracked.set(tracked | set(ids))
    try:
        before = _contribution(ids)
        yield
        _apply(before, _contribution(ids))
    finally:
        _tracked.reset(token)


def rebuild() -> int:
    """Recompute the whole summary from the referrals (one grouped query per offset segment of Tehran's clock);
    returns how many summary rows there are."""
    with database.atomic():
        database.execute_sql("DELETE FROM accountability_summary")
        first, last = database.execute_sql(
            f"SELECT MIN(r.issued_at), MAX(r.issued_at) FROM referral r WHERE {LIVE}"
        ).fetchone()
        if first is None:
            return 0
        first, last = (Referral.issued_at.python_value(v) for v in (first, last))
        for segment in utc_segments(first, last + dt.timedelta(seconds=1)):
            sql = _UPSERT.format(rows=_select(segment.offset_minutes, is_postgres(), database.param))
            database.execute_sql(
                sql, tuple(Referral.issued_at.db_value(v) for v in (segment.since, segment.until))
            )
        return rows()


def rows() -> int:
    """How many summary rows there are."""
    return AccountabilitySummary.select().count()


# --- reading it -------------------------------------------------------------------------------------------------


def grouped_rows(period: Period, today: dt.date) -> list[tuple]:
    """The accountability report's grouped rows for the referrals issued in the period, as of `today`: (agency,
    days to answer or None, received, answered, on time, due, overdue now, reminders, escalations, satisfied,
    partly satisfied, not satisfied), one GROUP BY over the period's summary rows."""
    p = database.param
    day = AccountabilitySummary.watch.db_value(today)
    rows = database.execute_sql(
        "SELECT agency_id, days, SUM(received), SUM(answered), SUM(on_time), "
        f"SUM(due) + SUM(CASE WHEN watch < {p} THEN due_after ELSE 0 END), "
        f"SUM(CASE WHEN watch < {p} THEN overdue_after ELSE 0 END), SUM(reminders), SUM(escalations), "
        f"{', '.join(f'SUM({v})' for v in VERDICTS)} "
        f"FROM accountability_summary WHERE day >= {p} AND day <= {p} GROUP BY agency_id, days",
        (day, day, *(AccountabilitySummary.day.db_value(d) for d in (period.start, period.end))),
    ).fetchall()
    return [
        (agency, None if days == -1 else days, *counts)
        for agency, days, *counts in rows
        if int(counts[0] or 0)
    ]
