"""Version 35: the register sorted by agency or operator walks an integer rank, not the name (issue 17).

Migration 24 kept the agency's and the operator's names on each case, indexed with the id; on the 100,000-case
demo that cost 85 bytes of row and 112 of index a case. Instead each agency and each user now has a sort rank
(agency.sort_rank, user.sort_rank): its name's place in the database's own name order (ORDER BY name, the order
the register showed), equal names sharing one, spaced 1024 apart so a new agency or user takes a free rank
between its neighbours' without touching any case (app.services.cases.sort_ranks keeps them). Each case keeps
its agency's rank (cases.agency_rank, 0 for none: first, as its empty name was) and its operator's
(cases.operator_rank), indexed as (agency_rank, id) and (operator_rank, id); the names and their indexes go.

The rank columns keep the database default 0 on both kinds (as migration 24's names kept ''), so the demo's
batched inserts, which name their columns without them, still work; they are followed by a refill.

SQLite: the cases' ranks are set by one UPDATE, then each name column is dropped (SQLite rewrites the table for
each) and the new indexes get statistics if the database has them. PostgreSQL: dropping a column only hides it,
and an UPDATE of every case would leave the table twice its size until a VACUUM FULL; so after the drops one
ALTER TABLE ... TYPE INTEGER USING (a look-up function of this transaction) writes the ranks while rewriting the
table once, without the dropped names and with no dead rows. Table grants (app.services.admin.pg_roles) cover
the new columns; no trigger names the cases' columns.

Measured: see docs/performance.md (issue 17, «Sort ranks instead of names on the case»)."""

import peewee

VERSION = 35

GAP = 1024
_RANKED = (
    ("agency", "name", "agency_rank", "agency_id"),
    ('"user"', "full_name", "operator_rank", "operator_id"),
)
_DROPPED = (("cases_agency_name_id", "agency_name"), ("cases_operator_name_id", "operator_name"))
_INDEXES = {
    "cases_agency_rank_id": 'CREATE INDEX IF NOT EXISTS "cases_agency_rank_id" ON "cases" ("agency_rank", "id")',
    "cases_operator_rank_id": (
        'CREATE INDEX IF NOT EXISTS "cases_operator_rank_id" ON "cases" ("operator_rank", "id")'
    ),
}


def _columns(db: peewee.Database, table: str) -> set[str]:
    return {c.name for c in db.get_columns(table)}


def _rank_rows(db: peewee.Database, table: str, name: str) -> None:
    """Every row's rank: 1024 times its name's place among the distinct names, in the database's name order."""
    rows = db.execute_sql(f"SELECT id, {name}, sort_rank FROM {table} ORDER BY {name}, id").fetchall()
    ranks, rank, last = [], 0, None
    for row_id, value, old in rows:
        if rank == 0 or value != last:
            rank, last = rank + GAP, value
        if rank != old:
            ranks.append((rank, row_id))
    p = db.param
    for rank, row_id in ranks:
        db.execute_sql(f"UPDATE {table} SET sort_rank = {p} WHERE id = {p}", (rank, row_id))


def apply(db: peewee.Database) -> None:
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    for table, _, _, _ in _RANKED:
        if "sort_rank" not in _columns(db, table.strip('"')):
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN sort_rank INTEGER NOT NULL DEFAULT 0")
    existing = _columns(db, "cases")
    for _, _, column, _ in _RANKED:
        if column not in existing:
            db.execute_sql(f'ALTER TABLE "cases" ADD COLUMN "{column}" INTEGER NOT NULL DEFAULT 0')
    for table, name, _, _ in _RANKED:
        _rank_rows(db, table, name)
    for index, _ in _DROPPED:
        db.execute_sql(f'DROP INDEX IF EXISTS "{index}"')
    if postgres:
        for _, column in _DROPPED:
            db.execute_sql(f'ALTER TABLE "cases" DROP COLUMN IF EXISTS "{column}"')
        for table, _, column, _ in _RANKED:
            db.execute_sql(
                f"CREATE OR REPLACE FUNCTION pg_temp.samad_{column}(INTEGER) RETURNS INTEGER AS "
                f"'SELECT COALESCE((SELECT sort_rank FROM {table} WHERE id = $1), 0)' LANGUAGE sql STABLE"
            )
        db.execute_sql(
            'ALTER TABLE "cases" '
            + ", ".join(
                f'ALTER COLUMN "{column}" TYPE INTEGER USING pg_temp.samad_{column}("{fk}")'
                for _, _, column, fk in _RANKED
            )
        )
        for _, _, column, _ in _RANKED:
            db.execute_sql(f"DROP FUNCTION pg_temp.samad_{column}(INTEGER)")
    else:
        db.execute_sql(
            "UPDATE cases SET "
            + ", ".join(
                f"{column} = COALESCE((SELECT r.sort_rank FROM {table} r WHERE r.id = cases.{fk}), 0)"
                for table, _, column, fk in _RANKED
            )
        )
        existing = _columns(db, "cases")
        for _, column in _DROPPED:
            if column in existing:
                db.execute_sql(f'ALTER TABLE "cases" DROP COLUMN "{column}"')
    for sql in _INDEXES.values():
        db.execute_sql(sql)
    if not postgres and "sqlite_stat1" in db.get_tables():
        for index in _INDEXES:
            db.execute_sql(f'ANALYZE "{index}"')
