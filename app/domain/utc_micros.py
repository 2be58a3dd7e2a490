"""A naive UTC time as one integer: microseconds since the Unix epoch (1970-01-01 00:00 UTC).

SQLite keeps the audit entries' times so (migration 34, issue 17): 8 bytes in the row and 8 in the `at`
index, where the text («2026-12-04 21:20:19.123456») took 19-26 bytes in each. The conversion is exact both
ways for every datetime the program stores (naive UTC, microseconds), so the hash chain, which covers the
time's text (app.domain.audit_chain.timestamp_text), reads the same values back.
"""

from __future__ import annotations

import datetime as dt

EPOCH = dt.datetime(1970, 1, 1)
_SECOND = 1_000_000
_DAY = 86_400 * _SECOND


def to_micros(value: dt.datetime | dt.date) -> int:
    """A naive datetime (UTC), an aware one (converted to UTC) or a date (its midnight) as microseconds."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    elif value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    delta = value - EPOCH
    return delta.days * _DAY + delta.seconds * _SECOND + delta.microseconds


def from_micros(value: int) -> dt.datetime:
    """The naive UTC datetime `value` microseconds after the epoch (before it when negative)."""
    return EPOCH + dt.timedelta(0, 0, value)


def micros_of_text(value):
    """A stored time's text (any ISO 8601 spelling datetime.fromisoformat reads) as microseconds; any other
    value (not text, or text that is not a time) as it was."""
    if not isinstance(value, str):
        return value
    try:
        return to_micros(dt.datetime.fromisoformat(value))
    except ValueError:
        return value
