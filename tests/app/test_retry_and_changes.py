"""Writes that lose a race are retried transparently; other PCs' changes are seen through the audit marker."""

import random
import sqlite3
import threading

import peewee
import pytest

from app import db as app_db
from app.db import database, is_contention, retry_on_contention
from app.models import Setting
from app.services.admin import changes
from app.services.cases import cases
from benchmarks import workload


def test_a_locked_sqlite_write_is_retried_until_it_succeeds(sqlite_db):
    path = sqlite_db.database
    database.execute_sql("PRAGMA busy_timeout = 50")  # fail fast instead of queueing for 15 s
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another PC holds the write lock for a moment

    def save(key):
        with database.atomic():
            Setting.create(key=key, value="1")

    with pytest.raises(peewee.OperationalError) as plain:
        save("plain")
    assert is_contention(plain.value)
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()
    retry_on_contention(save)("retried")
    assert Setting.select().where(Setting.key == "retried").count() == 1
    assert not Setting.select().where(Setting.key == "plain").exists()
    holder.close()


def test_other_errors_are_not_retried(sqlite_db):
    calls = []

    @retry_on_contention
    def broken():
        calls.append(1)
        database.execute_sql("SELECT * FROM no_such_table")

    with pytest.raises(peewee.OperationalError):
        broken()
    assert len(calls) == 1


def test_changes_since_a_marker_name_the_cases(db):
    workload.prepare_current(writers=1)
    operator = workload.actor(workload.writer_name(0))
    start = changes.marker()
    assert changes.since(start).empty
    rng = random.Random(3)
    first = cases.register_call(operator, workload.call_data(1, rng))
    second = cases.register_call(operator, workload.call_data(2, rng))
    batch = changes.since(start)
    assert set(batch.case_ids) == {first.id, second.id} and batch.marker == changes.marker()
    assert changes.since(batch.marker).empty


@pytest.mark.postgres
def test_postgres_notifies_a_listener_on_commit(db, database_url):
    if "postgresql" not in database_url:
        pytest.skip("NOTIFY is PostgreSQL's")
    workload.prepare_current(writers=1)
    listener = changes.ChangeListener(database_url)
    try:
        assert listener.wait(0.1) is False  # nothing yet (this also starts listening)
        operator = workload.actor(workload.writer_name(0))
        cases.register_call(operator, workload.call_data(7, random.Random(7)))
        assert listener.wait(5) is True
    finally:
        listener.close()


@pytest.mark.postgres
def test_another_schemas_notification_does_not_end_the_wait_for_ours(db, database_url):
    """Several centers (or test schemas) on one server share the channel: a notification for another schema
    must not end the wait early, so ours, arriving a moment later, is still seen."""
    if "postgresql" not in database_url:
        pytest.skip("NOTIFY is PostgreSQL's")
    listener = changes.ChangeListener(database_url)
    other = app_db.make_database(database_url)
    try:
        assert listener.wait(0.05) is False  # listening from here on
        other.execute_sql(f"NOTIFY {changes.CHANNEL}, 'some_other_center'")

        def ours():
            other.execute_sql(f"NOTIFY {changes.CHANNEL}, %s", (listener.schema,))

        timer = threading.Timer(0.3, ours)
        timer.start()
        assert listener.wait(5) is True
        timer.join()
    finally:
        listener.close()
        other.close()
