"""Issue 17's storage migrations on SQLite and PostgreSQL: 31 drops the accountability report's old covering
index and, on PostgreSQL, the indexes a longer one serves; 32 gives the change feed's horizon its one row
(PostgreSQL only, nothing pruned yet) and leaves SQLite alone. Both may run again harmlessly."""

import time

import peewee

from app import migrations
from app.migrations import m0031_unused_indexes, m0032_change_feed_horizon
from tests.app.test_migrations import empty_databases  # noqa: F401  (the fixture)


def _entry(db, at: str) -> int:
    db.execute_sql(
        "INSERT INTO audit_entry (at, username, action, entity, details) "
        f"VALUES ({at}, 'old', 'legacy', 'user', '{{}}')"
    )
    return db.execute_sql("SELECT MAX(id) FROM audit_entry").fetchone()[0]


def test_32_prunes_what_is_older_than_a_day_and_records_the_horizon(empty_databases):  # noqa: F811
    db = empty_databases()
    migrations.upgrade(db, target=31)
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    old = _entry(db, "'2026-01-01 00:00:00'")
    young = _entry(db, "now() AT TIME ZONE 'UTC'" if postgres else "datetime('now')")
    if not postgres:
        migrations.upgrade(db)
        assert "change_feed_horizon" not in db.get_tables()
        return
    old_xid = db.execute_sql(
        "SELECT xid::text::bigint FROM audit_commit WHERE audit_id = %s", (old,)
    ).fetchone()[0]
    deadline = (
        time.monotonic() + 60
    )  # the snapshot's xmin is the shared server's: other schemas' transactions
    while (
        db.execute_sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").fetchone()[0]
        <= old_xid
    ):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    migrations.upgrade(db)
    m0032_change_feed_horizon.apply(db)  # again: nothing more goes
    kept = {r[0] for r in db.execute_sql("SELECT audit_id FROM audit_commit")}
    assert old not in kept and young in kept
    xid, audit_id = db.execute_sql("SELECT xid::text::bigint, audit_id FROM change_feed_horizon").fetchone()
    assert audit_id >= old and xid > old_xid


def _indexes(db) -> set[str]:
    if isinstance(db, peewee.PostgresqlDatabase):
        sql = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index'"
    return {r[0] for r in db.execute_sql(sql)}


def test_31_drops_the_covering_index_and_on_postgresql_what_a_longer_one_serves(empty_databases):  # noqa: F811
    db = empty_databases()
    migrations.upgrade(db, target=29)
    before = _indexes(db)
    migrations.upgrade(db)
    m0031_unused_indexes.apply(db)  # again: nothing changes
    after = _indexes(db)
    assert not any(name.startswith("referral_issued_at_agency_id") for name in after)
    assert {"referral_issued_at", "cases_status_created_at", "cases_agency_id_created_at"} <= after
    alone = {"cases_status", "cases_agency_id", "cases_citizen_id", "cases_operator_id", "referral_status"}
    assert alone <= before
    if isinstance(
        db, peewee.PostgresqlDatabase
    ):  # (X, created_at) serves them; the cases by time: (created_at, id)
        assert not alone & after and "cases_created_at" not in after and "cases_created_at_id" in after
    else:  # SQLite: (X) alone gives X's cases in id order, the register's default
        assert alone | {"cases_created_at"} <= after
