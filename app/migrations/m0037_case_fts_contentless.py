"""Version 37: SQLite no longer stores a case's search key in its row (issue 17).

cases.search_key (the caller's name, subject and description as search tokens: 189 bytes a case on the
100,000-case demo) was kept on SQLite only because case_fts was an external-content FTS5 table over it
(migration 3). case_fts is now contentless (content='', columnsize=0: the searches read only its rowids and
counts, never a column, a rank or a snippet), and the key is computed inside the database by
samad_case_search_key(caller_name, subject, description), a deterministic function every SQLite connection of
the program registers (app.db.register_sqlite_functions) calling the same Python as before
(app.domain.search_text.case_columns_key). Triggers index a new case, re-index one whose caller's name, subject
or description is written, and remove a deleted one, handing the index the key of the old row's values: the
key it indexed, as long as the function does not change (a test pins it; a change needs a migration calling
app.migrations.rebuild_sqlite_case_fts). A connection without the function cannot write a case at all
(«no such function»), so it cannot corrupt the index.

The column itself stays, holding '' (one byte of the row's header) on SQLite: the model has one set of fields
on both databases, and PostgreSQL keeps the key in the column, where its trigram and token indexes
(migrations 3 and 29) read it; computing it there would need Python inside the server. Services write it
through app.services.cases.cases.stored_search_key; code that reads a case's key goes through
app.services.cases.case_search.case_key_expression (the function of the row's columns on SQLite).

The emptied rows keep their pages: the space is reused by later rows, and given back to the file by a VACUUM
(or a backup's copy). PostgreSQL: nothing to do."""

import peewee

from app.migrations import rebuild_sqlite_case_fts

VERSION = 37

KEY = "samad_case_search_key({0}.caller_name, {0}.subject, {0}.description)"
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE case_fts USING fts5(search_key, content='', columnsize=0, "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN "
    f"INSERT INTO case_fts(rowid, search_key) VALUES (new.id, {KEY.format('new')}); END",
    "CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN "
    f"INSERT INTO case_fts(case_fts, rowid, search_key) VALUES ('delete', old.id, {KEY.format('old')}); END",
    "CREATE TRIGGER cases_fts_update AFTER UPDATE OF caller_name, subject, description ON cases BEGIN "
    f"INSERT INTO case_fts(case_fts, rowid, search_key) VALUES ('delete', old.id, {KEY.format('old')}); "
    f"INSERT INTO case_fts(rowid, search_key) VALUES (new.id, {KEY.format('new')}); END",
]


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        return
    for trigger in ("cases_fts_insert", "cases_fts_delete", "cases_fts_update"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute_sql("DROP TABLE IF EXISTS case_fts")
    db.execute_sql(SQLITE_FTS[0])
    rebuild_sqlite_case_fts(db)
    db.execute_sql("UPDATE cases SET search_key = '' WHERE search_key <> ''")
    for sql in SQLITE_FTS[1:]:
        db.execute_sql(sql)
