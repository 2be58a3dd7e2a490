"""The PostgreSQL tests' schema pool (tests/pg_pool.py) hands every test a schema exactly as `init_database`
made it: what one test wrote is gone for the next, a schema whose structure a test changed is never handed
out again, and a connection a test left open cannot write into the next test's data."""

import psycopg2
import pytest

from app import db as app_db
from app.services.admin import settings
from app.services.cases import cases
from tests.app.call_data import call
from tests.conftest import make_user
from tests.pg_pool import raw_connection

pytestmark = pytest.mark.postgres


def _contents(pool, schema: str) -> dict:
    """Every table's rows (as text) and every sequence's position."""
    found = {}
    for table in pool.tables:
        rows = f"SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) FROM {schema}.\"{table}\" r"
        found[table] = pool._value(rows)
    for name, _, _ in pool.sequences:
        found[name] = pool._rows(f'SELECT last_value, is_called FROM {schema}."{name}"')[0]
    return found


def _exists(pool, schema: str) -> bool:
    return pool._value("SELECT count(*) FROM pg_namespace WHERE nspname = %s", schema) == 1


def test_what_a_test_wrote_is_gone_for_the_next(pg_pool):
    schema = pg_pool.take()
    app_db.open_database(pg_pool.schema_url(schema))
    cases.register_call(make_user("operator1", "operator"), call())
    settings.update(make_user("root", "supervisor"), {"center_name": "مرکز دیگر"})
    app_db.close_database()
    template = _contents(pg_pool, pg_pool.template)
    assert _contents(pg_pool, schema) != template

    pg_pool.give_back(schema)
    again = pg_pool.take()
    try:
        assert again != schema and not _exists(pg_pool, schema)  # the same schema, under a new name
        assert _contents(pg_pool, again) == template
    finally:
        pg_pool.give_back(again)


CHANGES = {
    "trigger disabled": "ALTER TABLE {s}.audit_entry DISABLE TRIGGER audit_entry_append_only",
    "foreign keys disabled": "ALTER TABLE {s}.referral DISABLE TRIGGER ALL",
    "column added": "ALTER TABLE {s}.cases ADD COLUMN extra integer",
    "index added": "CREATE INDEX extra_index ON {s}.cases (id)",
    "privilege granted": "GRANT SELECT ON {s}.cases TO PUBLIC",
    "foreign key dropped": "ALTER TABLE {s}.referral DROP CONSTRAINT referral_case_id_fkey",
    "function replaced": "CREATE OR REPLACE FUNCTION {s}.samad_notify_change() RETURNS trigger AS $$ "
    "BEGIN RETURN NULL; END $$ LANGUAGE plpgsql",
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_schema_whose_structure_a_test_changed_is_dropped(pg_pool, change):
    schema = pg_pool.take()
    pg_pool._execute(change.format(s=schema))
    free = list(pg_pool.free)
    pg_pool.give_back(schema)
    assert pg_pool.free == free and not pg_pool.holds(schema)
    assert not _exists(pg_pool, schema) and not _exists(pg_pool, pg_pool.dropped[-1])


def test_a_connection_left_open_cannot_write_into_the_next_test(pg_pool):
    schema = pg_pool.take()
    url = pg_pool.schema_url(schema)
    in_transaction = app_db.make_database(url)  # the program's connection, left inside a transaction
    in_transaction.connect()
    in_transaction.execute_sql("BEGIN")
    in_transaction.execute_sql("UPDATE setting SET value = 'x'")
    idle = raw_connection(url)  # and another program's connection, left idle

    pg_pool.give_back(schema)  # ends the transaction rather than wait for it
    again = pg_pool.take()
    try:
        with pytest.raises(psycopg2.errors.UndefinedTable), idle.cursor() as cursor:
            cursor.execute("UPDATE setting SET value = 'x'")  # the old name finds nothing
        assert _contents(pg_pool, again) == _contents(pg_pool, pg_pool.template)
    finally:
        idle.close()
        in_transaction.close()
        pg_pool.give_back(again)
