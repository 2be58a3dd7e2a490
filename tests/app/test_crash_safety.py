"""SIGKILL in the middle of registering calls and issuing letters, again and again: the database stays
intact, every case the program had confirmed is there and complete, numbering has no gap or repeat."""

import pytest

from app.db import close_database
from benchmarks import crash, workload

pytestmark = pytest.mark.slow
KILLS = 15


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def prepared_url(request, tmp_path):
    url = (
        f"sqlite:///{tmp_path / 'crash.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_schema_url")
    )
    workload.prepare(url, writers=1)
    close_database()
    yield url
    close_database()


def test_killed_again_and_again_loses_nothing_confirmed(prepared_url):
    letters = workload.letter_issuer() is not None
    outcome = crash.kill_repeatedly(prepared_url, KILLS, letters)
    assert not outcome.errors, outcome.errors[0]
    assert outcome.kills == KILLS and len(outcome.cases) >= KILLS
    if letters:
        assert outcome.letters
    problems = workload.check_database(prepared_url, outcome.cases, outcome.letters)
    assert problems == []
