"""Version 16: an issued letter's frozen fields (its number, date, signer, content and links) cannot be
changed by any UPDATE, only its cancellation fields (status, cancelled_at, cancelled_by_id, cancel_reason).
On PostgreSQL the application role also lacks the column privilege (app.services.admin.pg_roles); this trigger
holds for every connection that has not disabled it, SQLite's included."""

import peewee

VERSION = 16

FROZEN = ("number", "year", "serial", "kind", "referral_id", "issued_at", "issued_by_id", "content")
# Links to other letters may be set once (a copy between databases inserts letters first, then links them),
# never changed afterwards.
LINKS = ("replaces_id", "follows_id")
_MESSAGE = "an issued letter is frozen; only its cancellation can be recorded"

_SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS letter_frozen BEFORE UPDATE OF {', '.join(FROZEN + LINKS)} ON letter "
    f"WHEN {' OR '.join([f'NEW.{c} IS NOT OLD.{c}' for c in FROZEN] + [f'(OLD.{c} IS NOT NULL AND NEW.{c} IS NOT OLD.{c})' for c in LINKS])} "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
]
_PG = [
    "CREATE OR REPLACE FUNCTION samad_letter_frozen() RETURNS trigger AS $$ BEGIN "
    f"IF {' OR '.join([f'NEW.{c} IS DISTINCT FROM OLD.{c}' for c in FROZEN] + [f'(OLD.{c} IS NOT NULL AND NEW.{c} IS DISTINCT FROM OLD.{c})' for c in LINKS])} THEN "
    f"RAISE EXCEPTION '{_MESSAGE}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS letter_frozen ON letter",
    "CREATE TRIGGER letter_frozen BEFORE UPDATE ON letter FOR EACH ROW EXECUTE FUNCTION samad_letter_frozen()",
]


def apply(db: peewee.Database) -> None:
    for sql in _PG if isinstance(db, peewee.PostgresqlDatabase) else _SQLITE:
        db.execute_sql(sql)
