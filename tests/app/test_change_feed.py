"""The change feed: one batch says which cases, referrals, letters and settings changed; on PostgreSQL it
follows commit order, so a transaction that took a lower audit id but committed later is not missed."""

import datetime as dt
import time

import pytest

from app import db as app_db
from app.services.admin import changes, settings
from app.services.admin.changes import ChangeBatch, Cursor


def test_a_batch_names_cases_and_settings(db, operator, supervisor):
    from app.services.cases import cases
    from tests.app.call_data import call

    cursor = changes.start()
    assert changes.since(cursor).empty
    info = cases.register_call(operator, call())
    settings.update(supervisor, {"center_name": "مرکز ارتباطات مردمی استانداری"})
    batch = changes.since(cursor)
    assert batch.case_ids == {info.id} and batch.settings and not batch.other
    assert changes.since(batch.cursor).empty


def test_batches_merge():
    first = changes.announce(cases=[1], settings=True)
    later = ChangeBatch(Cursor(9), frozenset({2}), frozenset({5}))
    both = first.merged(later)
    assert both.case_ids == {1, 2} and both.referral_ids == {5} and both.settings and both.cursor == Cursor(9)


def _writer(url: str):
    w = app_db.make_database(url)
    w.connect()
    return w


def _begin_audit(w, case_id: int):
    tx = w.atomic()
    tx.__enter__()
    w.execute_sql(
        "INSERT INTO audit_entry (at, username, action, entity, entity_id, details) "
        "VALUES (now(), 'other_pc', 'case.update', 'case', %s, '{}') RETURNING id",
        (str(case_id),),
    )
    return tx


@pytest.mark.postgres
def test_a_lower_id_committed_later_is_not_missed(db, database_url):
    if "postgresql" not in database_url:
        pytest.skip("SQLite serialises writers: its ids already follow commit order")
    early, late = _writer(database_url), _writer(database_url)
    try:
        cursor = changes.start()
        slow = _begin_audit(early, 101)  # takes the lower id, commits last
        fast = _begin_audit(late, 102)
        fast.__exit__(None, None, None)
        first = changes.since(cursor)
        assert first.case_ids == {102}
        slow.__exit__(None, None, None)
        second = changes.since(first.cursor)
        assert second.case_ids == {101}  # an id-ordered feed had moved past it for good
        assert changes.since(second.cursor).empty  # and nothing is read twice
    finally:
        early.close()
        late.close()


@pytest.mark.postgres
def test_a_rolled_back_transaction_does_not_hold_the_feed(db, database_url):
    if "postgresql" not in database_url:
        pytest.skip("PostgreSQL's commit order")
    w = _writer(database_url)
    try:
        cursor = changes.start()
        tx = _begin_audit(w, 201)
        tx.__exit__(RuntimeError, RuntimeError("rolled back"), None)
        batch = changes.since(cursor)
        assert batch.empty
        _begin_audit(w, 202).__exit__(None, None, None)
        assert changes.since(batch.cursor).case_ids == {202}
    finally:
        w.close()


def _commit_audit(w, case_id: int, days_ago: int = 0) -> None:
    with w.atomic():
        w.execute_sql(
            "INSERT INTO audit_entry (at, username, action, entity, entity_id, details) "
            "VALUES ((now() AT TIME ZONE 'UTC') - make_interval(days => %s), 'other_pc', 'case.update', 'case', "
            "%s, '{}')",
            (days_ago, str(case_id)),
        )


def _kept(case_id: int) -> bool:
    return bool(
        app_db.database.execute_sql(
            "SELECT 1 FROM audit_commit c JOIN audit_entry a ON a.id = c.audit_id WHERE a.entity_id = %s",
            (str(case_id),),
        ).fetchone()
    )


def _settled(case_id: int) -> None:
    """Wait until no transaction older than that entry's is running anywhere on the server: the snapshot's xmin
    is the whole server's, and another database's long transaction (a shared test server) holds pruning back."""
    sql = (
        "SELECT pg_snapshot_xmin(pg_current_snapshot()) > c.xid FROM audit_commit c "
        "JOIN audit_entry a ON a.id = c.audit_id WHERE a.entity_id = %s"
    )
    deadline = time.monotonic() + 60
    while not app_db.database.execute_sql(sql, (str(case_id),)).fetchone()[0]:
        assert time.monotonic() < deadline, "another transaction on the server stayed open for a minute"
        time.sleep(0.2)


@pytest.fixture
def other_pcs(db, database_url):
    """Two other PCs' connections writing audit entries (PostgreSQL: SQLite keeps no commit order to prune)."""
    if "postgresql" not in database_url:
        pytest.skip("SQLite keeps no commit order to prune")
    made = [_writer(database_url), _writer(database_url)]
    yield made
    for w in made:
        w.close()


@pytest.mark.postgres
def test_pruning_keeps_what_a_live_reader_still_needs(other_pcs):
    """A day's pruning while a transaction with a lower id is still open, and again after it commits: the
    reader gets both out-of-order commits exactly, nothing twice, and no reload; yesterday's rows are gone."""
    early, late = other_pcs
    changes.prune(dt.timedelta(0))  # the fixture's own entries, younger than what follows
    _commit_audit(late, 300, days_ago=2)
    _settled(300)  # the reader starts after it (a live reader has read past yesterday)
    cursor = changes.start()
    slow = _begin_audit(early, 301)  # takes the lower id, commits last
    _begin_audit(late, 302).__exit__(None, None, None)
    assert changes.prune() == 1 and not _kept(300)
    first = changes.since(cursor)
    assert first.case_ids == {302} and not first.other
    slow.__exit__(None, None, None)
    assert changes.prune() == 0  # today's rows stay
    second = changes.since(first.cursor)
    assert second.case_ids == {301} and not second.other
    assert changes.since(second.cursor).empty


@pytest.mark.postgres
def test_a_reader_older_than_the_horizon_reloads_everything(other_pcs):
    w = other_pcs[0]
    asleep = changes.start()  # a PC that then slept past the horizon
    marker = Cursor(changes.marker())  # a plain id marker, the same
    _commit_audit(w, 401)
    _settled(401)
    assert changes.prune(dt.timedelta(0)) >= 1 and not _kept(401)
    for stale in (asleep, marker):
        batch = changes.since(stale)
        assert batch.other and batch.settings and not batch.case_ids  # cannot know what it missed: reload all
        _commit_audit(w, 402)
        assert changes.since(batch.cursor).case_ids == {402}  # and from there on, exact again
    assert changes.since(changes.start()).empty


def test_pruning_on_sqlite_does_nothing(db, database_url):
    if "postgresql" in database_url:
        pytest.skip("SQLite only")
    assert changes.prune(dt.timedelta(0)) == 0
