"""Version 9: on PostgreSQL, every commit that adds to the audit trail (so every change made through a
service) sends NOTIFY samad_changes with the schema's name, so the other PCs refresh within a second.
SQLite has no NOTIFY: the watcher polls the audit trail's newest id instead.

Also on SQLite: INSERT OR REPLACE deletes a conflicting row without firing DELETE triggers, so an insert
that reuses an existing audit entry's id is refused (the trail stays append-only against that too).
PostgreSQL's INSERT ... ON CONFLICT DO UPDATE fires the UPDATE trigger and is refused already."""

import peewee

VERSION = 9

_PG = [
    "CREATE OR REPLACE FUNCTION samad_notify_change() RETURNS trigger AS $$ "
    "BEGIN PERFORM pg_notify('samad_changes', current_schema()); RETURN NULL; END $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_entry_notify ON audit_entry",
    "CREATE TRIGGER audit_entry_notify AFTER INSERT ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION samad_notify_change()",
]


_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_replace BEFORE INSERT ON audit_entry "
    "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
]


def apply(db: peewee.Database) -> None:
    for sql in _PG if isinstance(db, peewee.PostgresqlDatabase) else _SQLITE:
        db.execute_sql(sql)
