"""Issue 17's storage migrations on SQLite and PostgreSQL: 31 drops the accountability report's old covering
index and, on PostgreSQL, the indexes a longer one serves; 32 gives the change feed's horizon its one row
(PostgreSQL only, nothing pruned yet) and leaves SQLite alone. Both may run again harmlessly."""

import peewee

from app import migrations
from app.migrations import m0031_unused_indexes, m0032_change_feed_horizon
from tests.app.test_migrations import empty_databases  # noqa: F401  (the fixture)


def test_32_records_an_empty_horizon(empty_databases):  # noqa: F811
    db = empty_databases()
    migrations.upgrade(db, target=31)
    db.execute_sql(
        "INSERT INTO audit_entry (at, username, action, entity, details) "
        "VALUES ('2026-01-01 00:00:00', 'old', 'legacy', 'user', '{}')"
    )
    migrations.upgrade(db)
    m0032_change_feed_horizon.apply(db)  # again: nothing changes
    if isinstance(db, peewee.PostgresqlDatabase):
        rows = db.execute_sql("SELECT id, xid::text, audit_id, pruned_at FROM change_feed_horizon").fetchall()
        assert rows == [(1, "0", 0, None)]
        assert db.execute_sql("SELECT COUNT(*) FROM audit_commit").fetchone()[0] == 1  # nothing pruned
    else:
        assert "change_feed_horizon" not in db.get_tables()


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
