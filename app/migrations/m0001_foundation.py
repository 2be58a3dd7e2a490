"""Version 1: settings, reference data, users and the append-only audit trail."""
import peewee

from app.models import FOUNDATION_TABLES

VERSION = 1

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
]
_PG_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION samad_audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry",
    "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION samad_audit_append_only()",
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION samad_audit_append_only()",
]


def apply(db: peewee.Database) -> None:
    db.create_tables(FOUNDATION_TABLES, safe=True)
    triggers = _PG_TRIGGERS if isinstance(db, peewee.PostgresqlDatabase) else _SQLITE_TRIGGERS
    for sql in triggers:
        db.execute_sql(sql)
