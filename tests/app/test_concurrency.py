"""Several processes registering calls and issuing letters at once: no error reaches a user, no tracking
code or letter number is duplicated or skipped."""

import pytest

from app.db import close_database
from benchmarks import crash, workload

pytestmark = pytest.mark.slow
WRITERS, EACH = 4, 25


@pytest.fixture
def prepared_url(database_url, db):
    """An initialised database of each kind (a copy: the writers are the subject, not init) with the workload's
    users."""
    workload.prepare(database_url, writers=WRITERS)
    close_database()
    yield database_url
    close_database()


def test_writers_at_once_get_unique_gapless_numbers(prepared_url):
    letters = workload.letter_issuer() is not None
    outcome = crash.run_concurrently(prepared_url, WRITERS, EACH, letters)
    assert outcome.errors == []
    assert len(outcome.cases) == WRITERS * EACH
    assert len(set(outcome.cases.values())) == WRITERS * EACH
    if letters:
        assert len(outcome.letters) == WRITERS * ((EACH + 1) // 2)
        assert len({n for n, _ in outcome.letters.values()}) == len(outcome.letters)
    assert workload.check_database(prepared_url, outcome.cases, outcome.letters) == []
