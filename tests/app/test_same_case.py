"""Two PCs acting on one case at the same moment leave it right: for each kind of pair,
PAIRS pairs of two processes meet at a barrier and act on the same case; afterwards no case is in a wrong
status and no process met anything but a polite refusal. Before the case row was locked, PostgreSQL left
most of them «referred» with every letter cancelled or every agency answered, and both a close at the
call back and a re-route were accepted (SQLite too)."""

import pytest

from app.db import close_database, open_database
from app.services.cases import case_status
from benchmarks import same_case, workload

pytestmark = pytest.mark.slow
PAIRS = 50


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def prepared_url(request, tmp_path):
    url = (
        f"sqlite:///{tmp_path / 'pairs.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_schema_url")
    )
    workload.prepare(url, writers=3)
    yield url
    close_database()


@pytest.mark.parametrize("kind", same_case.KINDS)
def test_pairs_on_one_case_leave_no_wrong_status(prepared_url, kind):
    items = same_case.prepare_pairs(kind, PAIRS)
    close_database()
    outcome = same_case.race(prepared_url, kind, items)
    open_database(prepared_url)
    assert outcome.errors == []
    assert same_case.wrong_statuses(outcome) == []


def test_a_row_is_locked_only_inside_a_transaction(db):
    with pytest.raises(RuntimeError):
        case_status.lock_case(1)
