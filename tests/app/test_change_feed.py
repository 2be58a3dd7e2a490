"""The change feed: one batch says which cases, referrals, letters and settings changed; on PostgreSQL it
follows commit order, so a transaction that took a lower audit id but committed later is not missed."""

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
