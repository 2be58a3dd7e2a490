"""The audit trail's hash chain: the canonical encoding of one entry and its SHA-256 link to the previous one.

FROZEN: every stored hash depends on this encoding. Changing it breaks every existing chain; a new encoding
would need a new version tag and a migration that re-links the trail (and a new checkpoint written down).

The encoding takes the previous entry's hash as 64 lowercase hex digits; the database stores each entry's own
hash as its 32 raw bytes (migration 28, issue 17) and not the previous one at all (it is the entry before in
seq order). `stored`/`hex_of` convert at that boundary; everything above it speaks hex.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from app.domain.utc_micros import from_micros

ENCODING = "samad-audit-v1"
GENESIS = "0" * 64  # the "previous hash" of the first entry
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # what json.dumps(...) would use


def timestamp_text(at) -> str:
    """One spelling of an entry's time on both databases: naive UTC, always with microseconds. SQLite keeps it
    as integer microseconds since the epoch (migration 34), read here as the datetime it stands for (no entry
    hashed before had an integer time: the program always wrote a datetime, SQLite stored its text)."""
    if isinstance(at, int) and not isinstance(at, bool):
        at = from_micros(at)
    elif isinstance(at, str):
        at = dt.datetime.fromisoformat(at)
    if isinstance(at, dt.datetime):
        if at.tzinfo is not None:
            at = at.astimezone(dt.UTC).replace(tzinfo=None)
        return at.isoformat(timespec="microseconds")  # YYYY-MM-DDTHH:MM:SS.ffffff
    if isinstance(at, dt.date):
        return dt.datetime.combine(at, dt.time()).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return str(at)


def canonical(
    seq: int, prev_hash: str, at, user_id, username: str, action: str, entity: str, entity_id, details: str
) -> bytes:
    """A JSON array in a fixed order (no key sorting to go wrong), UTF-8, no spaces."""
    fields = [
        ENCODING,
        int(seq),
        prev_hash,
        timestamp_text(at),
        None if user_id is None else int(user_id),
        username or "",
        action or "",
        entity or "",
        None if entity_id is None else str(entity_id),
        details if details is not None else "",
    ]
    return _ENCODER.encode(fields).encode("utf-8")


def entry_hash(
    seq: int, prev_hash: str, at, user_id, username: str, action: str, entity: str, entity_id, details: str
) -> str:
    return hashlib.sha256(
        canonical(seq, prev_hash, at, user_id, username, action, entity, entity_id, details)
    ).hexdigest()


def stored(digest: str) -> bytes:
    """An entry's hash as the database keeps it: the 32 bytes the hex digits spell."""
    return bytes.fromhex(digest)


def hex_of(value) -> str | None:
    """A stored hash read back (bytes; memoryview from PostgreSQL) as the chain's hex. Text (only an entry
    written behind the program's back can hold text there on SQLite) is returned as it is, and verified as such."""
    if value is None or isinstance(value, str):
        return value
    return bytes(value).hex()
