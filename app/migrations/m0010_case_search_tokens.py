"""Version 10: the calls register folds and tokenizes text by the knowledge base's rule
(app.domain.search_text): each case's search key is rewritten as `case_key(caller's name, subject,
description)`. On SQLite the case_fts triggers (migration 3) re-index each rewritten key; on PostgreSQL
the pg_trgm index follows the column. Rows are read and written in batches of ids, with plain SQL."""

import peewee

from app.domain.search_text import case_key

VERSION = 10
BATCH = 2000


def apply(db: peewee.Database) -> None:
    p = db.param
    last = 0
    while True:
        rows = db.execute_sql(
            "SELECT c.id, z.full_name, c.subject, c.description, c.search_key FROM cases c "
            f"JOIN citizen z ON z.id = c.citizen_id WHERE c.id > {p} ORDER BY c.id LIMIT {p}",
            (last, BATCH),
        ).fetchall()
        if not rows:
            return
        for case_id, name, subject, description, old in rows:
            key = case_key(name or "", subject or "", description or "")
            if key != old:
                db.execute_sql(f"UPDATE cases SET search_key = {p} WHERE id = {p}", (key, case_id))
        last = rows[-1][0]
