"""Version 41: on SQLite a case's description is kept one byte a Persian letter, and the case search index keeps
no word positions (issue 17).

- cases.description: spelled by app.domain.short_text as migration 40 did for four other short texts (about half
  the bytes of UTF-8: 110 bytes a case on the demo become 60). The key the search indexes is the same (the
  function samad_case_search_key reads the spelled description back), so the index is not touched for it.
- case_fts is made again with detail=none: it kept, for every word of every case, the positions where it
  stands (154 of its bytes a case on a 100,000-case demo; 50 without). The searches ask only whether a case
  holds the words (or words beginning so), except a compound typed as two words («کتاب ها»), whose words
  must stand together: those queries now find the cases holding both words through the index and check them
  against the key of the row's columns (app.services.cases.case_search), as PostgreSQL does.

Both under the triggers' feet: they are dropped for the transaction (the description's rewrite would otherwise
re-index every case for nothing) and made again as migration 37 made them. PostgreSQL: nothing to do."""

import peewee

from app.domain import short_text
from app.migrations import m0037_case_fts_contentless as m0037
from app.migrations import rebuild_sqlite_case_fts

VERSION = 41

_TRIGGERS = ("cases_fts_insert", "cases_fts_delete", "cases_fts_update")
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE case_fts USING fts5(search_key, content='', columnsize=0, detail=none, "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    *m0037.SQLITE_FTS[1:],  # the triggers, as migration 37 made them
]


def _spelled(value):
    return short_text.pack(value) if isinstance(value, str) else value


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        return
    fts = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = 'case_fts'").fetchone()
    if fts and "detail=none" in fts[0]:
        return
    for trigger in _TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    db.connection().create_function("samad_spelled", 1, _spelled, deterministic=True)
    db.execute_sql(
        "UPDATE cases SET description = samad_spelled(description) "
        "WHERE typeof(description) = 'text' AND samad_spelled(description) IS NOT description"
    )
    db.execute_sql("DROP TABLE IF EXISTS case_fts")
    db.execute_sql(SQLITE_FTS[0])
    rebuild_sqlite_case_fts(db)
    for sql in SQLITE_FTS[1:]:
        db.execute_sql(sql)
