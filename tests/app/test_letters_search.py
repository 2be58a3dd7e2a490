"""The letters list searched by free text returns exactly the letters of the cases the register's condition
matches, newest first: the same on both databases, whichever path the search takes to the letters (SQLite by
the referral's case id through the full-text index, PostgreSQL from the matching cases through the referrals'
(case_id, id) and the letters' (referral_id, issued_at, id) indexes, migration 27; since migration 29 the cases
by their search-key tokens' index, compared here with the regular expressions that found them before)."""

import pytest

from app.db import is_postgres
from app.models import Case, Letter, Referral
from app.services.cases import case_search
from app.services.letters import letters, referrals
from tests.app.letter_helpers import POWER, WATER, agency_id, order, register_case

CALLS = (
    {"caller_name": "علی رضایی"},
    {"caller_name": "مریم رضاییان", "phone": "09141112233"},  # a longer name the word begins
    {"caller_name": "حسن احمدی", "subject": "شکایت خانم رضایی از قطعی آب"},  # the word in the subject
    {"caller_name": "زهرا کریمی", "description": "همسایه، آقای رضایی، هم شاکی است."},
    {"caller_name": "رضا محمدی"},  # «رضا» begins «رضایی»: a word, not any substring
    {"caller_name": "سارا نوری", "phone": "09351234567"},
    # «آب» (two letters: a whole word) is not «آبادی»; «کتاب ها» and «کتاب‌ها» find «کتابها» (a compound)
    {"caller_name": "نرگس آبادی", "subject": "کتاب‌ها و دفترها", "description": "کتابهای مدرسه"},
)
SEARCHES = (
    *("رضایی", "رضاییان", "علی رضایی", "رضا", "آب", "خانم رضایی", "نوری", "09141112233", "ناپیدا"),
    *("قطعی آب", "آبادی", "کتاب ها", "کتاب‌ها", "کتابهای مدرسه", "دفتر", "نرگس آب"),
)


@pytest.fixture
def issued(operator, official):
    """Six cases, each with letters to one or two agencies (some re-issued later, so issue times interleave)."""
    for k, call in enumerate(CALLS):
        case_id = register_case(operator, **call)
        agencies = [agency_id(WATER), agency_id(POWER)] if k % 2 else [agency_id(WATER)]
        referrals.issue_order(official, case_id, order(agency_ids=agencies))


def expected_ids(text: str) -> list[int]:
    """The letters of the cases the register's own condition on the case matches, newest first."""
    condition = case_search.text_condition(text)
    matching = Case.select(Case.id).where(condition)
    query = Letter.select(Letter.id).join(Referral).where(Referral.case.in_(matching))
    return [row.id for row in query.order_by(Letter.issued_at.desc(), Letter.id.desc())]


@pytest.mark.parametrize("text", SEARCHES)
def test_the_letters_found_are_those_of_the_matching_cases(issued, text):
    found = letters.find_letter_ids(letters.LetterFilter(text=text))
    assert found == expected_ids(text)
    assert [row.id for row in letters.list_letters(letters.LetterFilter(text=text))] == found


def test_the_searches_find_what_they_should(issued):
    """The reference itself finds something for the words people type (the comparison above is not empty)."""
    counts = {text: len(expected_ids(text)) for text in SEARCHES}
    assert counts["رضایی"] == 6  # four cases hold the word (one as «رضاییان»), with 1, 2, 1 and 2 letters
    assert counts["ناپیدا"] == 0
    assert counts["رضا"] > counts["رضایی"]
    assert letters.find_letter_ids(letters.LetterFilter(text="رضایی"), limit=3) == expected_ids("رضایی")[:3]


def test_the_letters_of_a_case_are_found_by_its_tracking_code(issued):
    case = Case.select().order_by(Case.id).first()
    assert letters.find_letter_ids(letters.LetterFilter(text=case.tracking_code)) == [
        row.id
        for row in Letter.select(Letter.id)
        .join(Referral)
        .where(Referral.case == case.id)
        .order_by(Letter.issued_at.desc(), Letter.id.desc())
    ]


@pytest.mark.parametrize("text", SEARCHES)
def test_the_tokens_index_keeps_the_cases_the_expressions_kept(issued, text):
    """PostgreSQL: the letters list's condition (the tokens' tsvector) and the register's (regular expressions)
    keep the same cases: a name, subject and description words, prefixes, a whole short word, compounds."""
    if not is_postgres():
        pytest.skip("the tokens' index is PostgreSQL's")

    def ids(**how):
        query = Case.select(Case.id).where(case_search.text_condition(text, **how))
        return sorted(row.id for row in query)

    assert ids(by_tokens=True) == ids()


@pytest.mark.parametrize("estimate", ["planner's", "too low"])
def test_a_word_in_more_cases_than_the_gathering_takes_is_left_to_the_planner(issued, monkeypatch, estimate):
    """PostgreSQL: a word too many cases hold goes the plain way, whether the planner foresaw it or the gathering
    query found it out (its count, tested before any letter is looked up)."""
    monkeypatch.setattr(letters, "DENSE_MATCHES", 1)
    if estimate == "too low":
        monkeypatch.setattr(case_search, "planned_matches", lambda condition: 0)
    for text in ("رضایی", "نرگس", "ناپیدا"):
        assert letters.find_letter_ids(letters.LetterFilter(text=text)) == expected_ids(text)


@pytest.mark.parametrize("text", ["رضایی", "کتاب ها"])
def test_words_with_other_filters_keep_the_letters_both_keep(issued, text):
    """The words and an agency, a status or a case: the letters the filters alone keep, of the matching cases."""
    water = agency_id(WATER)
    some_case = Case.select(Case.id).order_by(Case.id.desc()).first().id
    for extra, keeps in (
        ({"agency_id": water}, lambda letter: letter.referral.agency_id == water),
        ({"status": "issued"}, lambda letter: letter.status == "issued"),
        ({"case_id": some_case}, lambda letter: letter.referral.case_id == some_case),
    ):
        found = letters.find_letter_ids(letters.LetterFilter(text=text, **extra))
        assert found == [i for i in expected_ids(text) if keeps(Letter.get_by_id(i))]
