"""Version 28: a smaller audit trail (issue 17). Each entry's hash is stored as its 32 raw bytes (SQLite BLOB,
PostgreSQL BYTEA) instead of 64 hex digits, and the previous entry's hash is no longer stored at all: it is
the hash of the entry before it in seq order, which verification reads there. About 100 of an entry's ~370
bytes; six entries a case.

What is hashed does not change (app.domain.audit_chain: the previous hash enters the canonical text as hex),
so every existing hash stays as it was and every checkpoint written down still matches. Nothing a check could
catch is lost with prev_hash: an entry whose stored link disagreed with the entry before it either hashes
over the link it stored (then, recomputed over the entry really before it, its hash no longer matches) or did
not (its hash did not match then either); only a prev_hash edited alone, with nothing else changed, is gone.

A stored hash that is not 64 lowercase hex digits (written behind the program's back) is kept as the bytes of
its text, so it still fails to verify instead of being made to look like a real hash.

SQLite cannot change a column's type: the table is rebuilt (one INSERT ... SELECT in id order, then its
indexes, triggers and statistics as they were, word for word), with the append-only guard lifted for this
transaction only. The old table's pages stay in the file as free pages for later rows until a VACUUM (or a
backup's copy). PostgreSQL: one ALTER TABLE that drops the column and converts the other rewrites the table
and its indexes once; triggers (append-only, change feed), grants and audit_commit are untouched (ids keep).
"""

import re

import peewee

from app.migrations import rebuild_sqlite_audit_table

VERSION = 28

_HEX = re.compile(r"[0-9a-f]{64}")
_SQLITE_TABLE = (
    'CREATE TABLE "audit_entry_new" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, '
    '"user_id" INTEGER, "username" VARCHAR(50) NOT NULL, "action" VARCHAR(60) NOT NULL, '
    '"entity" VARCHAR(40) NOT NULL, "entity_id" VARCHAR(40), "details" TEXT NOT NULL, "seq" INTEGER, '
    '"entry_hash" BLOB, FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE RESTRICT)'
)
_COPIED = "id, at, user_id, username, action, entity, entity_id, details, seq"
_PG_BYTES = (
    "CASE WHEN entry_hash ~ '^[0-9a-f]{64}$' THEN decode(entry_hash, 'hex') "
    "ELSE convert_to(entry_hash, 'UTF8') END"
)


def _hash_bytes(value):
    """SQLite function for the copy: hex digits -> their 32 bytes; anything else -> the bytes of its text."""
    if value is None or isinstance(value, bytes):
        return value
    text = str(value)
    return bytes.fromhex(text) if _HEX.fullmatch(text) else text.encode("utf-8")


def _columns(db: peewee.Database) -> dict[str, str]:
    return {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}


def _postgres(db: peewee.Database) -> None:
    columns = _columns(db)
    changes = []
    if "prev_hash" in columns:
        changes.append("DROP COLUMN prev_hash")
    if columns.get("entry_hash") != "bytea":
        changes.append(f"ALTER COLUMN entry_hash TYPE BYTEA USING {_PG_BYTES}")
    if changes:
        db.execute_sql(f"ALTER TABLE audit_entry {', '.join(changes)}")


def _sqlite(db: peewee.Database) -> None:
    columns = _columns(db)
    if "prev_hash" not in columns and columns.get("entry_hash") == "blob":
        return
    rebuild_sqlite_audit_table(db, _SQLITE_TABLE, _COPIED, "entry_hash", _hash_bytes)


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        _postgres(db)
    else:
        _sqlite(db)
