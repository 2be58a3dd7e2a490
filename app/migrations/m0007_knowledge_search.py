"""Version 7: the knowledge base's full-text index (SQLite FTS5, or a PostgreSQL tsvector with GIN).

Both hold the folded tokens of app.domain.search_text; app.services.knowledge keeps them in step with the
articles inside its save transactions. Existing articles are indexed here.
"""
import peewee

VERSION = 7

_SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
    "title, body, meta, tokenize = 'unicode61 remove_diacritics 2')",
]
_PG = [
    "CREATE TABLE IF NOT EXISTS article_search ("
    "article_id INTEGER PRIMARY KEY REFERENCES article (id) ON DELETE CASCADE, "
    "title_doc TEXT NOT NULL DEFAULT '', doc TSVECTOR NOT NULL DEFAULT ''::tsvector)",
    "CREATE INDEX IF NOT EXISTS article_search_doc ON article_search USING GIN (doc)",
]


def apply(db: peewee.Database) -> None:
    from app.services.knowledge_search import rebuild_index

    for sql in _PG if isinstance(db, peewee.PostgresqlDatabase) else _SQLITE:
        db.execute_sql(sql)
    rebuild_index(db)
