"""Version 15: the audit trail becomes a hash chain. Each entry gets its place in the chain (seq), the
previous entry's hash and its own SHA-256 (app.domain.audit_chain, a frozen encoding). Existing entries are
linked in the order they were written (by id), so an old database verifies like a new one.

The append-only triggers stay; they are lifted for this one transaction only, to fill the new columns."""

import peewee

from app.db import audit_schema_change
from app.domain.audit_chain import GENESIS, entry_hash

VERSION = 15

_COLUMNS = (("seq", "INTEGER"), ("prev_hash", "VARCHAR(64)"), ("entry_hash", "VARCHAR(64)"))
_SQLITE_NO_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
)
_BATCH = 2000


def _fill(db: peewee.Database) -> None:
    rows = db.execute_sql(
        "SELECT id, at, user_id, username, action, entity, entity_id, details FROM audit_entry "
        "WHERE entry_hash IS NULL ORDER BY id"
    ).fetchall()
    if not rows:
        return
    last = db.execute_sql(
        "SELECT seq, entry_hash FROM audit_entry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    seq, prev = (last[0], last[1]) if last else (0, GENESIS)
    sql = "UPDATE audit_entry SET seq = %s, prev_hash = %s, entry_hash = %s WHERE id = %s".replace(
        "%s", db.param
    )
    batch = []
    for id_, at, user_id, username, action, entity, entity_id, details in rows:
        seq += 1
        digest = entry_hash(seq, prev, at, user_id, username, action, entity, entity_id, details)
        batch.append((seq, prev, digest, id_))
        prev = digest
        if len(batch) >= _BATCH:
            db.cursor().executemany(sql, batch)
            batch = []
    if batch:
        db.cursor().executemany(sql, batch)


def apply(db: peewee.Database) -> None:
    existing = {c.name for c in db.get_columns("audit_entry")}
    if isinstance(db, peewee.PostgresqlDatabase):
        for name, kind in _COLUMNS:
            db.execute_sql(f"ALTER TABLE audit_entry ADD COLUMN IF NOT EXISTS {name} {kind}")
        db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS audit_entry_seq ON audit_entry (seq)")
        db.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
        _fill(db)
        db.execute_sql("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only")
        return
    with audit_schema_change():
        for name, kind in _COLUMNS:
            if name not in existing:
                db.execute_sql(f"ALTER TABLE audit_entry ADD COLUMN {name} {kind}")
        db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS audit_entry_seq ON audit_entry (seq)")
        db.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
        _fill(db)
        db.execute_sql(_SQLITE_NO_UPDATE)
