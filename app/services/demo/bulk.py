"""How the demo loads millions of rows quickly: while its steps write, the secondary indexes of the tables it
fills are dropped (and the SQLite case search's insert trigger with them), then built once at the end by
sorting, which is several times cheaper than growing each index row by row; commits skip the sync to disk;
PostgreSQL quotes the generated strings with psycopg2's own adapter; SQLite keeps a large page cache.

Only for a database without cases (a new demo): the indexes of a database already in use are left alone.
The unique indexes (they are constraints) and the few the steps read by stay all along. The indexes come back
in a `finally`, so an error in a step still leaves a complete schema; the sync setting is per connection.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from app.db import database, is_postgres
from app.migrations import rebuild_sqlite_case_fts
from app.models import Case
from app.services.admin import changes
from app.services.demo.calls import _big_cache

TABLES = (
    "cases",
    "citizen",
    "contact",
    "audit_entry",
    "referral",
    "agency_response",
    "callback",
    "reminder",
    "escalation",
    "case_article",
)
# Not the letters: building an index reads the whole table, and a letter's columns after its frozen content
# (status, replaces, follows, cancelled by) sit behind overflow pages, gigabytes at a million; its indexes grow
# in order (ids, times) or stay NULL, so they cost little kept.
# Kept, read by the steps while they write: follow-up reads referrals and first letters by case and referral,
# the schedule step finds a session's calls by time and their first contacts by case
# (PostgreSQL's cases by time: (created_at, id) since migration 31)
KEEP = {"referral_case_id_id", "cases_created_at", "cases_created_at_id", "contact_case_id"}
FTS_INSERT = "cases_fts_insert"
# grown row by row during the load, out of key order, this ends half empty (at 20,000 calls 261 pages against
# 108 built at once); the letters list searched by a name reads it (migration 27). The referrals' case index is
# rebuilt by the referrals' VACUUM FULL below.
REBUILT = ("letter_referral_id_issued_at_id",)
# PostgreSQL: the tables the steps insert and later update (cases: status, closed_at …; referrals: answers,
# reminders), rewritten before their indexes are built. An UPDATE writes a new row version; a real office's
# months of updates with autovacuum reuse the old versions' space as they go, but the demo updates nearly every
# row after inserting them all, which left half of each table dead (50,000 calls: cases 1,411 B a case with
# 629 B of live rows). audit_commit follows: emptied by the change feed's prune, its indexes keep their pages.
# The contacts (350 updates in 56,672 rows) and the small tables are left alone.
REWRITTEN = ("cases", "referral", "audit_commit")
BUILD_MEMORY = "512MB"  # PostgreSQL maintenance_work_mem while the indexes are built


def _secondary_indexes() -> list[tuple[str, str]]:
    """(name, CREATE statement) of the droppable indexes of TABLES."""
    names = ", ".join(f"'{t}'" for t in TABLES)
    if is_postgres():
        rows = database.execute_sql(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            f"WHERE i.schemaname = current_schema() AND i.tablename IN ({names})"
        ).fetchall()
    else:
        rows = database.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({names})"
        ).fetchall()
    return sorted(
        (name, sql) for name, sql in rows if name not in KEEP and not sql.upper().startswith("CREATE UNIQUE")
    )


def _fts_trigger() -> str | None:
    if is_postgres():
        return None
    row = database.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (FTS_INSERT,)
    ).fetchone()
    return row[0] if row else None


@contextlib.contextmanager
def _no_sync():
    """Commits without waiting for the disk (SQLite synchronous OFF, PostgreSQL synchronous_commit off). If the
    program stops, what it committed stays; a power cut during the demo may lose its last batches on PostgreSQL
    and may damage a SQLite file (a demo is made again)."""
    if is_postgres():
        database.execute_sql("SET synchronous_commit = off")
    else:
        before = database.execute_sql("PRAGMA synchronous").fetchone()[0]
        database.execute_sql("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        if is_postgres():
            database.execute_sql("RESET synchronous_commit")
        else:
            database.execute_sql(f"PRAGMA synchronous = {int(before)}")


@contextlib.contextmanager
def _plain_strings():
    """PostgreSQL: psycopg2's own quoting for str while the demo writes. The program's adapter (app.db) wraps
    every string in a Python object to replace U+0000, which costs more than the server's work at millions of
    values; the demo's generated texts hold no U+0000."""
    if not is_postgres():
        yield
        return
    from psycopg2.extensions import ISQLQuote, QuotedString, adapters

    key = (str, ISQLQuote)
    before = adapters.get(key)
    adapters[key] = QuotedString
    try:
        yield
    finally:
        if before is None:
            adapters.pop(key, None)
        else:
            adapters[key] = before


@contextlib.contextmanager
def bulk_load():
    """Around the demo's steps: see the module's docstring."""
    with _no_sync(), _plain_strings(), _big_cache():  # the cache also holds the index builds' sorts
        if Case.select().exists():
            yield
            return
        indexes = _secondary_indexes()
        trigger = _fts_trigger()
        with database.atomic():
            for name, _ in indexes:
                database.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
            if trigger:
                database.execute_sql(f'DROP TRIGGER IF EXISTS "{FTS_INSERT}"')
        try:
            yield
        finally:
            if is_postgres():  # sorts for the index builds in memory (the trigram index most of all)
                database.execute_sql(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
                # nobody reads a demo being built: the feed's commit order of every entry can go (migration 32)
                changes.prune(dt.timedelta(0))
                # before the indexes come back, so that they are built once on the compact tables
                database.execute_sql("VACUUM FULL " + ", ".join(REWRITTEN))
            with database.atomic():
                for _, sql in indexes:
                    database.execute_sql(sql)
                if trigger:
                    database.execute_sql(trigger)
                    rebuild_sqlite_case_fts(database)  # every case's key, computed once (migration 37)
                for name in REBUILT if is_postgres() else ():
                    database.execute_sql(f'REINDEX INDEX "{name}"')
            if is_postgres():
                database.execute_sql("RESET maintenance_work_mem")
                # VACUUM as well: a table just filled has no visibility map, so every index-only scan
                # visits the heap too (the letters searched by a name at a million cases: 170 ms, 116 ms
                # after it) until autovacuum comes round, and a server may run without it. This schema's
                # tables only (a shared server's other schemas are not the demo's)
                tables = database.execute_sql(
                    "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()"
                ).fetchall()
                database.execute_sql("VACUUM (ANALYZE) " + ", ".join(t for (t,) in tables))


def update_many(sql: str, rows: list[tuple], page: int = 500) -> None:
    """One statement for many parameter rows. psycopg2's executemany makes one round trip per row, so on
    PostgreSQL the statements go `page` at a time in one round trip (execute_batch); sqlite3's is already fast."""
    if not rows:
        return
    cursor = database.cursor()
    if is_postgres():
        from psycopg2.extras import execute_batch

        execute_batch(cursor, sql, rows, page_size=page)
    else:
        cursor.executemany(sql, rows)


def compact() -> None:
    """SQLite: the file rewritten compact at the end of the demo (VACUUM). The demo writes a year of rows in
    minutes and then updates most of them (statuses, closing times, answers, letters' numbers): a row that grew
    left its page for another and pages stayed part empty, which a real office's months of single writes fill
    again as they go; as PostgreSQL's tables are rewritten above (VACUUM FULL). A backup's copy of a file is as
    compact. Measured at 100,000 calls: 3,541 -> 3,427 bytes a case, 2 s. PostgreSQL: done in bulk_load."""
    if not is_postgres():
        database.execute_sql("VACUUM")
