"""Foreign keys that almost every row leaves empty are indexed on their set rows only (migration 39, issue 17),
and a lookup by one still reads its index, on SQLite and on PostgreSQL."""

import peewee

from app.migrations.m0039_indexes_where_set import PARTIAL


def _definition(db, name: str) -> str:
    if isinstance(db, peewee.PostgresqlDatabase):
        sql = "SELECT indexdef FROM pg_indexes WHERE indexname = %s AND schemaname = current_schema()"
    else:
        sql = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?"
    return db.execute_sql(sql, (name,)).fetchone()[0]


def _plan(db, sql: str) -> str:
    if isinstance(db, peewee.PostgresqlDatabase):
        with db.atomic():
            db.execute_sql("SET LOCAL enable_seqscan = off")  # a test's tables are small: ask for an index
            rows = db.execute_sql("EXPLAIN " + sql.replace("?", "%s"), (1,)).fetchall()
    else:
        rows = db.execute_sql("EXPLAIN QUERY PLAN " + sql, (1,)).fetchall()
    return " ".join(str(r[-1]) for r in rows)


def test_each_is_partial_and_read_by_a_lookup(db):
    for table, column in PARTIAL:
        name = f"{table}_{column}"
        assert "IS NOT NULL" in _definition(db, name).upper(), name
        assert name in _plan(db, f'SELECT id FROM "{table}" WHERE "{column}" = ?'), name
