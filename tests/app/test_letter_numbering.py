"""Letter numbers: unique and gapless per Jalali year, even with several processes issuing at once."""

import datetime as dt
import multiprocessing

import pytest

from app.domain import jalali
from app.domain.text import to_ascii_digits
from app.models import Letter, LetterCounter
from app.services.admin import settings
from app.services.letters import referrals
from tests.app.letter_helpers import order, register_case
from tests.conftest import TEST_PASSWORD

PROCESSES, LETTERS_EACH = 4, 10


def _issue_in_process(url: str, case_id: int, barrier, results) -> None:
    """One PC: log in as the official and issue LETTERS_EACH orders as fast as it can."""
    from app import db as app_db
    from app.services.admin import users

    app_db.open_database(url)
    try:
        actor = users.login("official1", TEST_PASSWORD)
        barrier.wait(timeout=60)
        numbers = [
            referrals.issue_order(actor, case_id, order())[0].letter_number for _ in range(LETTERS_EACH)
        ]
        results.put(numbers)
    except Exception as exc:  # reported to the parent, which fails the test with it
        results.put(f"{type(exc).__name__}: {exc}")
    finally:
        app_db.close_database()


def test_parallel_processes_get_unique_gapless_numbers(database_url, db, official, operator):
    case_ids = [register_case(operator, subject=f"موضوع {i}") for i in range(PROCESSES)]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=_issue_in_process, args=(database_url, case_id, barrier, results))
        for case_id in case_ids
    ]
    for w in workers:
        w.start()
    outcomes = [results.get(timeout=180) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    failures = [o for o in outcomes if isinstance(o, str)]
    assert not failures, failures
    numbers = [n for numbers in outcomes for n in numbers]
    assert len(numbers) == PROCESSES * LETTERS_EACH == len(set(numbers))
    year = jalali.jalali_year(jalali.today_local())
    serials = sorted(int(to_ascii_digits(n).rsplit("/", 1)[1]) for n in numbers)
    assert serials == list(range(1, PROCESSES * LETTERS_EACH + 1))
    stored = [(letter.year, letter.serial) for letter in Letter.select().order_by(Letter.serial)]
    assert stored == [(year, s) for s in range(1, PROCESSES * LETTERS_EACH + 1)]
    assert LetterCounter.get_by_id(year).last_serial == PROCESSES * LETTERS_EACH
    # each process's own numbers rise
    for numbers in outcomes:
        assert numbers == sorted(numbers, key=lambda n: int(to_ascii_digits(n).rsplit("/", 1)[1]))


def test_numbers_restart_each_jalali_year_in_the_supervisors_format(official, operator, supervisor):
    case_id = register_case(operator)
    settings.update(supervisor, {"letter_number_format": "ص/{year}/{serial:04d}"})
    last_day_1404 = dt.datetime(2026, 3, 20, 12, 0)  # 29 Esfand 1404 (UTC noon)
    first_day_1405 = dt.datetime(2026, 3, 21, 12, 0)
    a = referrals.issue_order(official, case_id, order(), now=last_day_1404)[0]
    b = referrals.issue_order(official, case_id, order(), now=last_day_1404)[0]
    c = referrals.issue_order(official, case_id, order(), now=first_day_1405)[0]
    assert [a.letter_number, b.letter_number, c.letter_number] == [
        "ص/۱۴۰۴/۰۰۰۱",
        "ص/۱۴۰۴/۰۰۰۲",
        "ص/۱۴۰۵/۰۰۰۱",
    ]
    assert LetterCounter.get_by_id(1404).last_serial == 2 and LetterCounter.get_by_id(1405).last_serial == 1


def test_a_format_without_the_year_that_repeats_a_number_is_refused_whole(official, operator, supervisor):
    case_id = register_case(operator)
    settings.update(supervisor, {"letter_number_format": "{serial}"})
    referrals.issue_order(official, case_id, order(), now=dt.datetime(2026, 3, 20, 12))
    from app.services.errors import Conflict

    with pytest.raises(Conflict):
        referrals.issue_order(official, case_id, order(), now=dt.datetime(2026, 3, 21, 12))
    assert Letter.select().count() == 1 and LetterCounter.get_or_none(LetterCounter.year == 1405) is None
