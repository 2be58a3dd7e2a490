"""Version 30: an audit entry's details are stored compressed (issue 17): zlib against a preset dictionary of
the program's own keys and values (app.domain.audit_details, format 2), about 62 of ~150 bytes an entry, six
entries a case. The column becomes BLOB (SQLite) / BYTEA (PostgreSQL) and every existing entry's details are
rewritten compressed, in id order, in batches.

What is hashed does not change: the chain hashes the details' text (app.domain.audit_chain), and
unpack(pack(text)) == text, byte for byte, so every hash, head hash and checkpoint written down stays as it
was. A stored value that is not a JSON object (written behind the program's back) is kept as it was, so it
still fails to verify (or read) instead of being made to look like a real entry.

SQLite cannot change a column's type, and the append-only triggers refuse UPDATE: the table is rebuilt as
migration 28 did (one INSERT ... SELECT in id order through a Python function that compresses, then its
indexes, triggers and statistics as they were, word for word), with the guard lifted for this transaction
only. The old table's pages stay in the file as free pages until a VACUUM (or a backup's copy).

PostgreSQL: the compressed values are computed here (PostgreSQL has no zlib with a preset dictionary) into a
temporary table, batch by batch, then one ALTER TABLE ... TYPE BYTEA USING looks each entry's value up there:
the table and its indexes are rewritten once, with no dead rows left behind (an UPDATE of every entry would
leave the table twice its size until a VACUUM FULL); triggers (append-only, change feed), grants and
audit_commit are untouched (ids keep).
"""

import peewee

from app.domain import audit_details
from app.migrations import rebuild_sqlite_audit_table

VERSION = 30

_BATCH = 5000
_SQLITE_TABLE = (
    'CREATE TABLE "audit_entry_new" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, '
    '"user_id" INTEGER, "username" VARCHAR(50) NOT NULL, "action" VARCHAR(60) NOT NULL, '
    '"entity" VARCHAR(40) NOT NULL, "entity_id" VARCHAR(40), "details" BLOB NOT NULL, "seq" INTEGER, '
    '"entry_hash" BLOB, FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE RESTRICT)'
)
_COPIED = "id, at, user_id, username, action, entity, entity_id, seq, entry_hash"


def packed(value):
    """The stored form of one entry's details: JSON text compressed; anything else as it was."""
    if value is None or audit_details.is_packed(value):
        return value
    try:
        text = value if isinstance(value, str) else bytes(value).decode("utf-8")
    except UnicodeDecodeError:
        return value
    if not text.startswith("{"):
        return value
    return audit_details.pack(text)


def _sqlite(db: peewee.Database) -> None:
    columns = {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}
    if columns.get("details") == "blob":
        return
    rebuild_sqlite_audit_table(db, _SQLITE_TABLE, _COPIED, "details", packed)


def _postgres(db: peewee.Database) -> None:
    kind = db.execute_sql(
        "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'audit_entry' AND column_name = 'details'"
    ).fetchone()[0]
    if kind == "bytea":
        return
    db.execute_sql(
        "CREATE TEMPORARY TABLE samad_details_30 (id INTEGER PRIMARY KEY, details BYTEA NOT NULL) ON COMMIT DROP"
    )
    last = 0
    while True:
        rows = db.execute_sql(
            "SELECT id, details FROM audit_entry WHERE id > %s ORDER BY id LIMIT %s", (last, _BATCH)
        ).fetchall()
        if not rows:
            break
        values = [(id_, packed(details)) for id_, details in rows]
        values = [(id_, value) for id_, value in values if isinstance(value, bytes)]
        if values:  # one statement a batch: psycopg2's executemany is a round trip a row
            db.execute_sql(
                f"INSERT INTO samad_details_30 (id, details) VALUES {', '.join(['(%s, %s)'] * len(values))}",
                [v for row in values for v in row],
            )
        last = rows[-1][0]
    db.execute_sql(
        "CREATE FUNCTION pg_temp.samad_details_30(INTEGER) RETURNS BYTEA LANGUAGE sql STABLE "
        "AS 'SELECT details FROM samad_details_30 WHERE id = $1'"
    )
    db.execute_sql(
        "ALTER TABLE audit_entry ALTER COLUMN details TYPE BYTEA "
        "USING COALESCE(pg_temp.samad_details_30(id), convert_to(details, 'UTF8'))"
    )
    db.execute_sql("DROP FUNCTION pg_temp.samad_details_30(INTEGER)")


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        _postgres(db)
    else:
        _sqlite(db)
