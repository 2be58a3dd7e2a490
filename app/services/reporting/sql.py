"""SQL pieces that mean the same on SQLite and PostgreSQL: local day and hour of a stored UTC timestamp,
and the days between two timestamps. Aggregates are computed in the database (GROUP BY), never by
loading rows.

How grouping by day works: a stored timestamp is naive UTC. Within one `Segment` of a period Tehran's
offset is fixed, so the local day is DATE(ts + offset) and the local hour is HOUR(ts + offset): PostgreSQL
`CAST(ts + INTERVAL '210 minutes' AS DATE)`; SQLite, which keeps a time as integer microseconds since the epoch
(app.models.base.UtcTimeField, migration 36), `date(ts / 1000000, 'unixepoch', '+210 minutes')`.
A query over a period runs once per segment (once for any period after 2022) and the counts are added.
"""

from __future__ import annotations

import datetime as dt

import peewee
from peewee import SQL, NodeList, fn

from app.db import is_postgres


def _shift(offset_minutes: int) -> str:
    minutes = int(offset_minutes)
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes)} minutes"


MICROS_A_SECOND = 1_000_000
MICROS_A_DAY = 86_400 * MICROS_A_SECOND


def sqlite_seconds(column: str) -> str:
    """SQLite: whole seconds since the epoch of a time column (integer microseconds, app.models.base.UtcTimeField),
    as date() and strftime() read them after 'unixepoch'."""
    return f"({column} / {MICROS_A_SECOND})"


def sqlite_local_date(column: str, offset_minutes: int) -> str:
    """SQLite: the 'YYYY-MM-DD' day of a time column on a clock `offset_minutes` ahead of UTC."""
    return f"date({sqlite_seconds(column)}, 'unixepoch', '{_shift(offset_minutes)}')"


def sqlite_local_hour(column: str, offset_minutes: int) -> str:
    """SQLite: the hour (0-23, an integer) of a time column on a clock `offset_minutes` ahead of UTC."""
    return (
        f"CAST(strftime('%H', {sqlite_seconds(column)}, 'unixepoch', '{_shift(offset_minutes)}') AS INTEGER)"
    )


def sqlite_day_number(column: str, offset_minutes: int) -> str:
    """SQLite: the day's number since 1970-01-01 of a time column on a clock `offset_minutes` ahead of UTC (the
    difference of two is the calendar days between them)."""
    return f"(({column} + {int(offset_minutes) * 60 * MICROS_A_SECOND}) / {MICROS_A_DAY})"


def sqlite_day_start(day: str, minutes_after: int = 0) -> str:
    """SQLite: the stored time (microseconds) of `minutes_after` minutes past 00:00 UTC of a DATE column's day
    (its 'YYYY-MM-DD' text)."""
    return f"((CAST(strftime('%s', {day}) AS INTEGER) + {int(minutes_after) * 60}) * {MICROS_A_SECOND})"


def local_date(field: peewee.Field, offset_minutes: int) -> peewee.Node:
    """The local calendar day of a UTC timestamp column (a 'YYYY-MM-DD' text on SQLite, a date on PostgreSQL)."""
    if is_postgres():
        return NodeList(
            (SQL("CAST("), field, SQL(f" + INTERVAL '{_shift(offset_minutes)}' AS DATE)")), glue=""
        )
    return fn.date(field / MICROS_A_SECOND, "unixepoch", _shift(offset_minutes))


def local_hour(field: peewee.Field, offset_minutes: int) -> peewee.Node:
    """The local hour (0–23) of a UTC timestamp column, as an integer."""
    if is_postgres():
        return NodeList(
            (
                SQL("CAST(EXTRACT(HOUR FROM "),
                field,
                SQL(f" + INTERVAL '{_shift(offset_minutes)}') AS INTEGER)"),
            ),
            glue="",
        )
    return fn.CAST(
        NodeList(
            (
                fn.strftime("%H", field / MICROS_A_SECOND, "unixepoch", _shift(offset_minutes)),
                SQL("AS INTEGER"),
            )
        )
    )


def days_between(later: peewee.Field, earlier: peewee.Field) -> peewee.Node:
    """(later − earlier) in days, fractional (NULL when either is NULL)."""
    if is_postgres():
        return NodeList(
            (SQL("EXTRACT(EPOCH FROM ("), later, SQL(" - "), earlier, SQL(")) / 86400.0")), glue=""
        )
    return (later - earlier) / float(MICROS_A_DAY)


def count_if(condition: peewee.Node) -> peewee.Node:
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END): a conditional count that works on both databases."""
    return fn.SUM(peewee.Case(None, [(condition, 1)], 0))


def as_date(value) -> dt.date | None:
    """A day as the database returned it (text on SQLite, a date on PostgreSQL) as a date."""
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def as_int(value) -> int:
    """COUNT/SUM results (int, Decimal or None) as an int."""
    return 0 if value is None else int(value)


def as_float(value) -> float | None:
    """AVG results (float, Decimal or None) as a float; None stays None (nothing to average)."""
    return None if value is None else float(value)
