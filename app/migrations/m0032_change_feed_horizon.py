"""Version 32: on PostgreSQL the change feed's commit order (audit_commit, migration 11) is kept for a day, not
for ever (issue 17: one row per audit entry was 448 B a case with its two indexes, 6 % of a demo database).

The feed needs an entry's transaction id only until every reader has read past it, and readers poll every few
seconds. `app.services.admin.changes.prune` deletes the rows of transactions older than its horizon and records
the horizon here in the same transaction: `xid`, below which no row is kept, and `audit_id`, the newest entry
whose row went. A reader whose remembered position is older than the horizon cannot know what it missed and is
told to reload everything. One row. The migration prunes once as `prune` does (rows of transactions whose entries
are older than a day and older than every transaction still running), so that the PCs' hourly prunes start from
a day's rows, not from years of them. SQLite has no audit_commit (its ids follow commit order): nothing to do."""

import peewee

VERSION = 32

_PG = [
    "CREATE TABLE IF NOT EXISTS change_feed_horizon (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "xid XID8 NOT NULL, audit_id BIGINT NOT NULL, pruned_at TIMESTAMP)",
    "INSERT INTO change_feed_horizon (id, xid, audit_id) VALUES (1, '0', 0) ON CONFLICT (id) DO NOTHING",
]
_BELOW = (
    "SELECT LEAST(pg_snapshot_xmin(pg_current_snapshot())::text::bigint, (SELECT MIN(c.xid::text::bigint) "
    "FROM audit_entry a JOIN audit_commit c ON c.audit_id = a.id "
    "WHERE a.at >= (now() AT TIME ZONE 'UTC') - INTERVAL '1 day'))"
)
_PRUNE = (
    "WITH d AS (DELETE FROM audit_commit WHERE xid < %s::text::xid8 RETURNING audit_id, xid) "
    "SELECT COUNT(*), MAX(audit_id), MAX(xid::text::bigint) FROM d"
)
_HORIZON = (
    "UPDATE change_feed_horizon SET xid = GREATEST(xid, %s::text::xid8), audit_id = GREATEST(audit_id, %s), "
    "pruned_at = now() AT TIME ZONE 'UTC'"
)


def apply(db: peewee.Database) -> None:
    if not isinstance(db, peewee.PostgresqlDatabase):
        return
    for sql in _PG:
        db.execute_sql(sql)
    below = db.execute_sql(_BELOW).fetchone()[0]
    deleted, newest_id, newest_xid = db.execute_sql(_PRUNE, (below,)).fetchone()
    if deleted:
        db.execute_sql(_HORIZON, (newest_xid + 1, newest_id))
