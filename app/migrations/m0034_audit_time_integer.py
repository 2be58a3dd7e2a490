"""Version 34: SQLite keeps an audit entry's time as integer microseconds since the Unix epoch (issue 17).

The time was SQLite's text of a naive UTC datetime («2026-12-04 21:20:19.123456», 19-26 bytes) in the row and
again in the `at` index; an integer takes 8 in each: about 170 bytes a case at six entries a case. The model's
field (app.models.base.UtcTimeField) converts at the boundary and reads back the same datetime, microseconds
included; raw SQL goes through base.stored_time.

What is hashed does not change: the chain covers the time's text (app.domain.audit_chain.timestamp_text), which
reads the integer as the datetime it stands for, so every hash, head hash and checkpoint written down stays
valid. A stored value that is not a time's text (written behind the program's back) is kept as it was, so it
fails to verify (or read) as it did.

SQLite cannot change a column's type, and the append-only triggers refuse UPDATE: the table is rebuilt as
migrations 28 and 30 did it (one INSERT ... SELECT in id order through a Python function, then its indexes,
triggers and statistics as they were, word for word), with the guard lifted for this transaction only. The
old table's pages stay in the file as free pages until a VACUUM (or a backup's copy).

PostgreSQL keeps its TIMESTAMP column (8 bytes already): nothing to do there.
"""

import peewee

from app.domain.utc_micros import micros_of_text
from app.migrations import rebuild_sqlite_audit_table

VERSION = 34

_SQLITE_TABLE = (
    'CREATE TABLE "audit_entry_new" ("id" INTEGER NOT NULL PRIMARY KEY, "at" INTEGER NOT NULL, '
    '"user_id" INTEGER, "username" VARCHAR(50) NOT NULL, "action" VARCHAR(60) NOT NULL, '
    '"entity" VARCHAR(40) NOT NULL, "entity_id" VARCHAR(40), "details" BLOB NOT NULL, "seq" INTEGER, '
    '"entry_hash" BLOB, FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE RESTRICT)'
)
_COPIED = "id, user_id, username, action, entity, entity_id, details, seq, entry_hash"


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        return
    columns = {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}
    if columns.get("at") == "integer":
        return
    rebuild_sqlite_audit_table(db, _SQLITE_TABLE, _COPIED, "at", micros_of_text)
