"""Version 33: each letter's signer's name in a column of its own, frozen with the rest of the letter (issue 17).

The letters list shows who signed each letter: the name printed under it, which lives in the letter's frozen,
compressed content. Reading it there meant unpacking every listed letter's content (about 70 µs each on this
2-core machine, 14 ms of a 200-row page; at a million cases a third of the list's time). The name is now written
beside the content when a letter is issued (app.services.letters.referrals.issue_numbered_letter, the demo's
letter writer) and, here, copied out of the content of every letter already issued, in batches. The freeze
(migration 16) then covers the column too: on SQLite the trigger is made again with it; on PostgreSQL the
trigger function is, and the application role never had UPDATE on it (app.services.admin.pg_roles).

Measured: see docs/performance.md (issue 17, letters searched by a name)."""

import json

import peewee

from app.domain.letter_codec import unpack
from app.migrations import add_column

VERSION = 33

BATCH = 2_000
FROZEN = (
    "number",
    "year",
    "serial",
    "kind",
    "referral_id",
    "issued_at",
    "issued_by_id",
    "content",
    "signer_name",
)
LINKS = ("replaces_id", "follows_id")  # as migration 16: set once, never changed afterwards
_MESSAGE = "an issued letter is frozen; only its cancellation can be recorded"
_SQLITE_TRIGGER = (
    f"CREATE TRIGGER letter_frozen BEFORE UPDATE OF {', '.join(FROZEN + LINKS)} ON letter "
    f"WHEN {' OR '.join([f'NEW.{c} IS NOT OLD.{c}' for c in FROZEN] + [f'(OLD.{c} IS NOT NULL AND NEW.{c} IS NOT OLD.{c})' for c in LINKS])} "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
)
_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION samad_letter_frozen() RETURNS trigger AS $$ BEGIN "
    f"IF {' OR '.join([f'NEW.{c} IS DISTINCT FROM OLD.{c}' for c in FROZEN] + [f'(OLD.{c} IS NOT NULL AND NEW.{c} IS DISTINCT FROM OLD.{c})' for c in LINKS])} THEN "
    f"RAISE EXCEPTION '{_MESSAGE}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
)


def _fill(db: peewee.Database, postgres: bool) -> None:
    """Copy each letter's signer's name out of its content, BATCH letters a statement, in id order."""
    last = 0
    p = "%s" if postgres else "?"
    while True:
        rows = db.execute_sql(
            f"SELECT id, content FROM letter WHERE id > {p} AND signer_name IS NULL ORDER BY id LIMIT {BATCH}",
            (last,),
        ).fetchall()
        if not rows:
            return
        names = [(id_, json.loads(unpack(content)).get("signer_name", "")) for id_, content in rows]
        named = [(id_, name) for id_, name in names if name]
        if named:
            values = ", ".join([f"({p}, {p})"] * len(named))
            if postgres:
                db.execute_sql(
                    f"UPDATE letter SET signer_name = v.name FROM (VALUES {values}) AS v(id, name) "
                    "WHERE letter.id = v.id::integer",
                    [value for row in named for value in row],
                )
            else:
                db.cursor().executemany(
                    "UPDATE letter SET signer_name = ? WHERE id = ?", [(n, i) for i, n in named]
                )
        last = rows[-1][0]


def apply(db: peewee.Database) -> None:
    add_column(db, "letter", "signer_name", "VARCHAR(200)")
    # the freeze is lifted while the names are written (run again, the migration finds the column frozen)
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql(_PG_FUNCTION)
        db.execute_sql("ALTER TABLE letter DISABLE TRIGGER letter_frozen")
        _fill(db, postgres=True)
        db.execute_sql("ALTER TABLE letter ENABLE TRIGGER letter_frozen")
    else:
        db.execute_sql("DROP TRIGGER IF EXISTS letter_frozen")
        _fill(db, postgres=False)
        db.execute_sql(_SQLITE_TRIGGER)
