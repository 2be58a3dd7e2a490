"""Version 3: the calls register. Free-text search over cases.search_key (SQLite FTS5 kept in sync by
triggers; PostgreSQL pg_trgm GIN index) and the indexes the register's filters sort by date with."""

import peewee

VERSION = 3

# Same names peewee gives the Case.Meta.indexes entries, so a fresh database (made by migration 2
# from the current models) and an upgraded one end up alike.
INDEXES = {
    "cases_county_id_created_at": "county_id, created_at",
    "cases_category_id_created_at": "category_id, created_at",
    "cases_request_type_id_created_at": "request_type_id, created_at",
    "cases_operator_id_created_at": "operator_id, created_at",
    "cases_channel_created_at": "channel, created_at",
}

# unicode61 splits on ZWNJ and punctuation; app.domain.text.search_key turns ZWNJ into a space before
# indexing and before querying, so both sides follow one rule. Prefix indexes make «علی*» fast.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS case_fts USING fts5(search_key, content='cases', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER IF NOT EXISTS cases_fts_insert AFTER INSERT ON cases BEGIN "
    "INSERT INTO case_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER IF NOT EXISTS cases_fts_delete AFTER DELETE ON cases BEGIN "
    "INSERT INTO case_fts(case_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key); END",
    "CREATE TRIGGER IF NOT EXISTS cases_fts_update AFTER UPDATE OF search_key ON cases BEGIN "
    "INSERT INTO case_fts(case_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key); "
    "INSERT INTO case_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
    "INSERT INTO case_fts(case_fts) VALUES ('rebuild')",
]


def trigram_schema(db: peewee.Database) -> str | None:
    row = db.execute_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    ).fetchone()
    return row[0] if row else None


def _ensure_trigram(db: peewee.Database) -> str | None:
    """pg_trgm's schema, installing it (into public when there is one) if the server lets us."""
    schema = trigram_schema(db)
    if schema:
        return schema
    has_public = db.execute_sql("SELECT 1 FROM pg_namespace WHERE nspname = 'public'").fetchone()
    try:
        with db.atomic():  # a savepoint: a refusal must not abort the migration's transaction
            db.execute_sql(
                "CREATE EXTENSION IF NOT EXISTS pg_trgm" + (" SCHEMA public" if has_public else "")
            )
    except peewee.DatabaseError:
        return None  # free text still works (LIKE), only without the index
    return trigram_schema(db)


def apply(db: peewee.Database) -> None:
    for name, columns in INDEXES.items():
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON cases ({columns})")
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql("CREATE INDEX IF NOT EXISTS cases_created_at_id ON cases (created_at, id)")
        schema = _ensure_trigram(db)
        if schema:
            db.execute_sql(
                "CREATE INDEX IF NOT EXISTS cases_search_key_trgm ON cases "
                f'USING gin (search_key "{schema}".gin_trgm_ops)'
            )
    else:
        for sql in SQLITE_FTS:
            db.execute_sql(sql)
