"""Version 11: on PostgreSQL the change feed reads the audit trail in commit order, not id order.

Audit ids come from a sequence when a row is inserted, so a transaction can take a lower id and commit
after another with a higher one; a reader that remembered "the newest id seen" then skipped it forever.
Each audit entry's transaction id (xid8) is kept beside it in audit_commit (a statement trigger, so a bulk
insert costs one statement); the reader (app.services.admin.changes) remembers the oldest transaction still
running when it last looked (pg_snapshot_xmin) and reads every entry from transactions at or after it that
it has not seen. SQLite serialises writers, so its ids already follow commit order: nothing to do there."""

import peewee

VERSION = 11

_PG = [
    "CREATE TABLE IF NOT EXISTS audit_commit (audit_id BIGINT PRIMARY KEY, "
    "xid XID8 NOT NULL DEFAULT pg_current_xact_id())",
    "CREATE INDEX IF NOT EXISTS audit_commit_xid ON audit_commit (xid)",
    "CREATE OR REPLACE FUNCTION samad_audit_commit() RETURNS trigger AS $$ "
    "BEGIN INSERT INTO audit_commit (audit_id) SELECT id FROM new_entries; RETURN NULL; END $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_entry_commit ON audit_entry",
    "CREATE TRIGGER audit_entry_commit AFTER INSERT ON audit_entry REFERENCING NEW TABLE AS new_entries "
    "FOR EACH STATEMENT EXECUTE FUNCTION samad_audit_commit()",
]


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        for sql in _PG:
            db.execute_sql(sql)
