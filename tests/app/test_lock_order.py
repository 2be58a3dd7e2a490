"""Writers on PostgreSQL take their locks in one order: the audit chain's lock first, then the rows several
PCs share (a summary's counts, a year's serial counter). Two writers taking them in opposite orders deadlocked
(one held the day's summary row and waited for the chain, the other the reverse: four writers at once took
40 s of retries instead of 4). Each writer here touches a shared row before any audit entry; another connection
must then see it holding the chain's lock."""

from __future__ import annotations

import pytest

from app import db as app_db
from app.db import database
from app.models import TrackingCounter
from app.services.admin import audit_chain
from app.services.cases import case_summary, cases
from app.services.letters import counters
from tests.app.call_data import call

pytestmark = pytest.mark.postgres


def _holds_chain_lock(url: str, pid: int) -> bool:
    other = app_db.make_database(url)
    try:
        return bool(
            other.execute_sql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND pid = %s "
                "AND granted",
                (audit_chain._LOCK_KEY, pid),
            ).fetchone()[0]
        )
    finally:
        other.close()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize(
    "touch",
    [
        pytest.param(lambda case_id: counters.next_serial(TrackingCounter, 1405), id="serial counter"),
        pytest.param(lambda case_id: case_summary.added(case_id), id="case summary"),
    ],
)
def test_a_shared_row_is_written_only_under_the_chain_lock(database_url, db, operator, touch):
    case_id = cases.register_call(operator, call()).id
    pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    with database.atomic() as transaction:
        assert not _holds_chain_lock(database_url, pid)
        touch(case_id)
        assert _holds_chain_lock(database_url, pid)
        transaction.rollback()
