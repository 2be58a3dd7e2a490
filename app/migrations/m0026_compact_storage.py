"""Version 26: a smaller database (issue 17).

Letters: the frozen content is stored compressed (app.domain.letter_codec, format 1). On PostgreSQL the column
becomes BYTEA (its text kept as UTF-8 bytes); then every letter still stored uncompressed is rewritten
compressed, in batches. The content is frozen (migration 16): the freeze is lifted inside this transaction
only, and the rewrite changes no letter's text (unpack(pack(text)) == text, so every reprint is the same).

Indexes no query uses are dropped (docs/performance.md lists every index with the query that needs it): the
foreign keys to users that nothing looks up by (users are never deleted, so no RESTRICT check reads them
either), a letter's «پیرو» and cancelling user, a reminder's and an escalation's letter, and three that a
wider index beginning with the same column serves (referral.agency_id, referral.issued_at,
article_version.article_id).

On SQLite the space freed stays in the file for later rows; `VACUUM` (or a backup's copy) returns it.
"""

import peewee

from app.domain import letter_codec

VERSION = 26

_BATCH = 2000
UNUSED_INDEXES = (
    "agency_response_received_by_id",
    "article_version_article_id",
    "article_version_saved_by_id",
    "attachment_added_by_id",
    "audit_entry_user_id",
    "callback_operator_id",
    "case_article_by_id",
    "escalation_by_id",
    "escalation_letter_id",
    "follow_up_draft_closed_by_id",
    "letter_cancelled_by_id",
    "letter_follows_id",
    "login_session_ended_by_id",
    "official_session_opened_by_id",
    "referral_agency_id",
    "referral_issued_at",
    "referral_official_id",
    "reminder_by_id",
    "reminder_letter_id",
)


def _pack_letters(db: peewee.Database, postgres: bool) -> int:
    unpacked = "substring(content from 1 for 1) <> '\\x01'::bytea" if postgres else "typeof(content) = 'text'"
    p = db.param
    update = f"UPDATE letter SET content = {p} WHERE id = {p}"
    last, done = 0, 0
    while True:
        rows = db.execute_sql(
            f"SELECT id, content FROM letter WHERE id > {p} AND {unpacked} ORDER BY id LIMIT {_BATCH}",
            (last,),
        ).fetchall()
        if not rows:
            return done
        packed = [(id_, letter_codec.pack(letter_codec.unpack(content))) for id_, content in rows]
        if postgres:  # one statement a batch: psycopg2's executemany is a round trip a row
            values = ", ".join([f"({p}, {p}::bytea)"] * len(packed))
            db.execute_sql(
                f"UPDATE letter SET content = v.content FROM (VALUES {values}) AS v(id, content) "
                "WHERE letter.id = v.id",
                [value for row in packed for value in row],
            )
        else:
            db.cursor().executemany(update, [(content, id_) for id_, content in packed])
        last, done = rows[-1][0], done + len(rows)


def _letters_postgres(db: peewee.Database) -> None:
    kind = db.execute_sql(
        "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'letter' AND column_name = 'content'"
    ).fetchone()[0]
    if kind != "bytea":
        db.execute_sql("ALTER TABLE letter ALTER COLUMN content TYPE BYTEA USING convert_to(content, 'UTF8')")
    db.execute_sql("ALTER TABLE letter DISABLE TRIGGER letter_frozen")
    _pack_letters(db, postgres=True)
    db.execute_sql("ALTER TABLE letter ENABLE TRIGGER letter_frozen")


def _letters_sqlite(db: peewee.Database) -> None:
    row = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'letter_frozen'"
    ).fetchone()
    if row is not None:
        db.execute_sql("DROP TRIGGER letter_frozen")
    _pack_letters(db, postgres=False)
    if row is not None:
        db.execute_sql(row[0])  # the freeze as it was, word for word


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        _letters_postgres(db)
    else:
        _letters_sqlite(db)
    for name in UNUSED_INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
