"""Two PCs acting on one case at the same moment leave it right: for each kind of pair,
PAIRS pairs of two processes meet at a barrier and act on the same case; afterwards no case is in a wrong
status and no process met anything but a polite refusal. Before the case row was locked, PostgreSQL left
most of them «referred» with every letter cancelled or every agency answered, and both a close at the
call back and a re-route were accepted (SQLite too)."""

import pytest

from app.db import close_database, database, open_database
from app.services.cases import case_status
from benchmarks import same_case, workload

pytestmark = pytest.mark.slow
PAIRS = 50


@pytest.fixture
def prepared_url(database_url, db):
    """An initialised database of each kind (a copy: the race is the subject, not init) with the workload's users."""
    workload.prepare(database_url, writers=3)
    yield database_url
    close_database()


@pytest.mark.parametrize("kind", same_case.KINDS)
def test_pairs_on_one_case_leave_no_wrong_status(prepared_url, kind):
    with database.atomic():  # the cases to act on, in one commit (the two processes race afterwards)
        items = same_case.prepare_pairs(kind, PAIRS)
    close_database()
    outcome = same_case.race(prepared_url, kind, items)
    open_database(prepared_url)
    assert outcome.errors == []
    assert same_case.wrong_statuses(outcome) == []


def test_a_row_is_locked_only_inside_a_transaction(db):
    with pytest.raises(RuntimeError):
        case_status.lock_case(1)
