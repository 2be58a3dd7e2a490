"""Issue 17's storage migrations on SQLite and PostgreSQL: 32 gives the change feed's horizon its one row
(PostgreSQL only, nothing pruned yet) and leaves SQLite alone; both may run again harmlessly."""

import peewee

from app import migrations
from app.migrations import m0032_change_feed_horizon
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
