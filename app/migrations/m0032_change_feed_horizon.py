"""Version 32: on PostgreSQL the change feed's commit order (audit_commit, migration 11) is kept for a day, not
for ever (issue 17: one row per audit entry was 448 B a case with its two indexes, 6 % of a demo database).

The feed needs an entry's transaction id only until every reader has read past it, and readers poll every few
seconds. `app.services.admin.changes.prune` deletes the rows of transactions older than its horizon and records
the horizon here in the same transaction: `xid`, below which no row is kept, and `audit_id`, the newest entry
whose row went. A reader whose remembered position is older than the horizon cannot know what it missed and is
told to reload everything (a batch with `other`). One row, created here with nothing pruned. SQLite has no
audit_commit (its ids follow commit order): nothing to do there."""

import peewee

VERSION = 32

_PG = [
    "CREATE TABLE IF NOT EXISTS change_feed_horizon (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "xid XID8 NOT NULL, audit_id BIGINT NOT NULL, pruned_at TIMESTAMP)",
    "INSERT INTO change_feed_horizon (id, xid, audit_id) VALUES (1, '0', 0) ON CONFLICT (id) DO NOTHING",
]


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        for sql in _PG:
            db.execute_sql(sql)
