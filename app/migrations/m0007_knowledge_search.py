"""Version 7: the knowledge base's full-text index (SQLite FTS5, or a PostgreSQL tsvector with GIN).

Both hold the folded tokens of app.domain.search_text; app.services.knowledge.knowledge keeps them in step with the
articles inside its save transactions. Existing articles are indexed here (plain SQL; the index row of an
article is app.domain.search_text.article_index_row).
"""

import peewee

from app.domain.search_text import article_index_row, article_meta

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
    pg = isinstance(db, peewee.PostgresqlDatabase)
    for sql in _PG if pg else _SQLITE:
        db.execute_sql(sql)
    db.execute_sql("DELETE FROM article_search" if pg else "DELETE FROM article_fts")
    rows = db.execute_sql(
        "SELECT a.id, a.title, a.body, a.number, a.issuer, g.name FROM article a "
        "LEFT JOIN agency g ON g.id = a.agency_id"
    ).fetchall()
    for article_id, title, body, number, issuer, agency in rows:
        row = article_index_row(title or "", body or "", article_meta(number, issuer, agency))
        if pg:
            db.execute_sql(
                "INSERT INTO article_search (article_id, title_doc, doc) VALUES (%s, %s, %s::tsvector)",
                (article_id, row.title_doc, row.vector),
            )
        else:
            db.execute_sql(
                "INSERT INTO article_fts (rowid, title, body, meta) VALUES (?, ?, ?, ?)",
                (article_id, row.title_doc, row.body_doc, row.meta_doc),
            )
