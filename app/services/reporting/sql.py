"""SQL pieces that mean the same on SQLite and PostgreSQL: local day and hour of a stored UTC timestamp,
and the days between two timestamps. Aggregates are computed in the database (GROUP BY), never by
loading rows.

How grouping by day works: a stored timestamp is naive UTC. Within one `Segment` of a period Tehran's
offset is fixed, so the local day is DATE(ts + offset) and the local hour is HOUR(ts + offset):
SQLite `date(ts, '+210 minutes')`, PostgreSQL `CAST(ts + INTERVAL '210 minutes' AS DATE)`.
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


def local_date(field: peewee.Field, offset_minutes: int) -> peewee.Node:
    """The local calendar day of a UTC timestamp column (a 'YYYY-MM-DD' text on SQLite, a date on PostgreSQL)."""
    if is_postgres():
        return NodeList(
            (SQL("CAST("), field, SQL(f" + INTERVAL '{_shift(offset_minutes)}' AS DATE)")), glue=""
        )
    return fn.date(field, _shift(offset_minutes))


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
    return fn.CAST(NodeList((fn.strftime("%H", field, _shift(offset_minutes)), SQL("AS INTEGER"))))


def days_between(later: peewee.Field, earlier: peewee.Field) -> peewee.Node:
    """(later − earlier) in days, fractional (NULL when either is NULL)."""
    if is_postgres():
        return NodeList(
            (SQL("EXTRACT(EPOCH FROM ("), later, SQL(" - "), earlier, SQL(")) / 86400.0")), glue=""
        )
    return fn.julianday(later) - fn.julianday(earlier)


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
