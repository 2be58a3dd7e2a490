"""Searching the knowledge base on both databases: letter variants, digits, half-spaces, diacritics,
ranking, filters, snippets, and queries that must never fail."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.text import normalize_line
from app.services.knowledge import knowledge, knowledge_search
from tests.app.knowledge_data import agency_id, answer, circular, mission


def titles(query, **filters):
    return [h.title for h in knowledge_search.search(query, **filters).hits]


@pytest.mark.parametrize(
    "stored, typed",
    [
        ("كارت سوخت و يارانه", "کارت سوخت یارانه"),  # Arabic kaf/yeh stored, Persian typed
        ("کارت سوخت و یارانه", "كارت سوخت يارانه"),  # and the other way round
    ],
)
def test_arabic_and_persian_letters_find_each_other(supervisor, stored, typed):
    answer(supervisor, stored, "متن پاسخ")
    assert titles(typed) == [normalize_line(stored)]


@pytest.mark.parametrize("typed", ["1403", "۱۴۰۳", "١٤٠٣"])
def test_digits_of_any_script_match(supervisor, typed):
    answer(supervisor, "مهلت ثبت‌نام", "ثبت‌نام تا پایان سال ۱۴۰۳ ادامه دارد.")
    assert titles(typed) == ["مهلت ثبت‌نام"]


@pytest.mark.parametrize("typed", ["می‌خواهند", "می خواهند", "میخواهند"])
def test_half_space_space_and_solid_spellings_all_match(supervisor, typed):
    answer(supervisor, "نیم‌فاصله", "مشترکانی که می‌خواهند قسطی بپردازند.")
    answer(supervisor, "فاصله", "کسانی که می خواهند وام بگیرند.")
    answer(supervisor, "چسبیده", "هرکس میخواهند ثبت‌نام کند.")
    assert sorted(titles(typed)) == sorted(["نیم‌فاصله", "فاصله", "چسبیده"])


def test_diacritics_are_ignored_on_both_sides(supervisor):
    answer(supervisor, "قبوض", "پرداختِ قُبوضِ آب")
    answer(supervisor, "ساده", "پرداخت قبوض برق")
    assert sorted(titles("قُبوض")) == ["ساده", "قبوض"]
    assert titles("قبوض آب") == ["قبوض"]


def test_exact_title_ranks_above_a_passing_mention(supervisor):
    answer(
        supervisor,
        "راهنمای شهروندان",
        "در این راهنما به تقسیط بدهی قبوض آب اشاره شده است. "
        "تقسیط بدهی قبوض آب و باز هم تقسیط بدهی قبوض آب در متنی بلند. " * 5,
    )
    answer(supervisor, "بدهی قبوض آب و برق", "درباره پرداخت.")
    exact = answer(supervisor, "تقسیط بدهی قبوض آب", "شرایط در دوازده قسط.")
    result = knowledge_search.search("تقسیط بدهی قبوض آب")
    assert [h.article_id for h in result.hits][0] == exact.id
    assert result.hits[-1].title == "راهنمای شهروندان"  # only mentioned in the text: last


def test_title_holding_every_word_ranks_above_body_mentions(supervisor):
    answer(supervisor, "پرسش‌های رایج", "بیمه سلامت همگانی " * 10)
    answer(supervisor, "ثبت‌نام بیمه سلامت همگانی رایگان", "شرایط ثبت‌نام.")
    assert titles("بیمه سلامت")[0] == "ثبت‌نام بیمه سلامت همگانی رایگان"


def test_circular_number_and_issuer_are_searchable(supervisor):
    c = circular(supervisor)
    assert [h.article_id for h in knowledge_search.search("۱۲۳۴۵/۱۰۰").hits] == [c.id]
    assert [h.article_id for h in knowledge_search.search("12345/100").hits] == [c.id]
    assert titles("فاضلاب") == [c.title]
    assert titles("12345/999") == []


def test_prefix_matches_longer_words(supervisor):
    answer(supervisor, "بخشنامه‌های تابستان", "ساعات کار ادارات")
    assert titles("بخشنام") == ["بخشنامه‌های تابستان"]
    assert titles("ادار") == ["بخشنامه‌های تابستان"]


def test_filters_by_kind_agency_and_validity(supervisor):
    old = circular(supervisor, number="100/1", title="ساعات کار ادارات ۱۴۰۳", body="ساعات کار از ۶ تا ۱۳")
    new = circular(supervisor, number="100/2", title="ساعات کار ادارات ۱۴۰۴", body="ساعات کار از ۶ تا ۱۲")
    knowledge.supersede(supervisor, old.id, new.id)
    m = mission(supervisor, body="ساعات کار شرکت")
    found = knowledge_search.search("ساعات کار")
    assert [h.article_id for h in found.hits] == [new.id, old.id, m.id]  # in force before superseded
    assert {h.article_id for h in knowledge_search.search("ساعات کار", kind="mission").hits} == {m.id}
    assert {h.article_id for h in knowledge_search.search("ساعات", agency_id=agency_id()).hits} == {m.id}
    assert old.id not in [h.article_id for h in knowledge_search.search("ساعات کار", in_force=True).hits]
    assert [h.article_id for h in knowledge_search.search("ساعات کار", in_force=False).hits] == [old.id]


def test_retired_articles_are_left_out_unless_asked(supervisor):
    a = answer(supervisor, "پاسخ کهنه", "متن کهنه")
    knowledge.retire_article(supervisor, a.id)
    assert titles("کهنه") == []
    assert titles("کهنه", include_retired=True) == ["پاسخ کهنه"]
    knowledge.restore_article(supervisor, a.id)
    assert titles("کهنه") == ["پاسخ کهنه"]


def test_edits_are_indexed_in_the_same_transaction(supervisor):
    a = answer(supervisor, "عنوان نخست", "متن نخست")
    knowledge.update_article(supervisor, a.id, {"title": "عنوان تازه", "body": "واژه‌ای نو"})
    assert titles("نخست") == []
    assert titles("نو") == ["عنوان تازه"]


def test_snippet_and_title_spans_mark_matched_words(supervisor):
    answer(supervisor, "تقسیط قبوض", "مقدمه‌ای طولانی. " * 20 + "بدهی را می‌توان تقسيط کرد.")
    hit = knowledge_search.search("تقسیط").hits[0]
    assert [hit.title[a:b] for a, b in hit.title_spans] == ["تقسیط"]
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.spans] == ["تقسیط"]  # stored normalised


def test_blank_query_lists_everything_and_symbols_find_nothing(supervisor):
    answer(supervisor, "یک", "متن")
    answer(supervisor, "دو", "متن")
    assert knowledge_search.search("").total == 2
    result = knowledge_search.search('"""!!!')
    assert result.hits == [] and result.total == 0 and result.note


@pytest.mark.parametrize(
    "text",
    [
        '"',
        'متن"',
        "متن*",
        "NEAR(متن",
        "متن AND",
        "متن OR",
        "-متن",
        "^متن",
        "متن:",
        "{title}: متن",
        "متن'); DROP TABLE article;--",
        "(((",
        "متن" * 300,
    ],
)
def test_operator_like_input_never_fails(supervisor, text):
    answer(supervisor, "عنوان", "متن نمونه")
    knowledge_search.search(text)
    knowledge_search.suggest_articles(None, None, text, text)


def test_paging_and_total(supervisor):
    for i in range(7):
        answer(supervisor, f"پرسش شماره {i}", "متن مشترک")
    first = knowledge_search.search("مشترک", limit=3)
    rest = knowledge_search.search("مشترک", limit=3, offset=3)
    last = knowledge_search.search("مشترک", limit=3, offset=6)
    assert first.total == rest.total == last.total == 7
    ids = [h.article_id for r in (first, rest, last) for h in r.hits]
    assert len(ids) == len(set(ids)) == 7


def test_suggestions_come_from_what_the_operator_types(supervisor):
    c = circular(supervisor)
    m = mission(supervisor)
    answer(supervisor, "ثبت‌نام مدارس", "ثبت‌نام در سامانه")
    hits = knowledge_search.suggest_articles(None, None, "بدهی قبض آب", "می‌خواهم بدهی را قسطی بدهم")
    assert hits[0].article_id == c.id
    with_agency = knowledge_search.suggest_articles(agency_id(), None, "ثبت‌نام", "")
    assert m.id in [h.article_id for h in with_agency]  # the chosen agency's mission is always offered
    assert knowledge_search.suggest_articles(None, None, "", "") == []


def test_suggestions_leave_out_superseded_circulars(supervisor):
    old = circular(supervisor, number="1/1", title="ساعات کار ادارات", body="ساعات کار قدیم")
    new = circular(supervisor, number="1/2", title="ساعات کار تازه ادارات", body="ساعات کار جدید")
    knowledge.supersede(supervisor, old.id, new.id)
    ids = [h.article_id for h in knowledge_search.suggest_articles(None, None, "ساعات کار ادارات", "")]
    assert ids == [new.id]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.sampled_from(list("\"'*:^(){}[]-+.,;!?/\\<>|&~`@#$%_=«»،؛؟ abcآبپ۱1\u200c")), max_size=30
    )
)
def test_any_typed_text_is_searched_without_error(supervisor, text):
    answer(supervisor, "آب بپ", "abc 1")
    result = knowledge_search.search(text)
    assert result.total >= len(result.hits)


def test_suggestions_leave_out_words_most_articles_hold(supervisor, monkeypatch):
    monkeypatch.setattr(knowledge_search, "COMMON_FLOOR", 2)
    knowledge_search._FREQUENCY.clear()
    for i in range(11):
        answer(supervisor, f"پاسخ {i}", "این کار چند روز طول می‌کشد.")
    rare = answer(supervisor, "قطعی برق", "در روز قطعی برق با ۱۲۱ تماس بگیرید.")
    hits = knowledge_search.suggest_articles(None, None, "قطعی", "دو روز است")
    assert [h.article_id for h in hits] == [rare.id]  # «روز» is in every article: it only slowed the ranking
    knowledge_search._FREQUENCY.clear()


def test_a_very_common_word_reports_more_than_the_cap(supervisor, monkeypatch):
    monkeypatch.setattr(knowledge_search, "COUNT_CAP", 3)
    for i in range(6):
        answer(supervisor, f"پاسخ {i}", "متن مشترک")
    result = knowledge_search.search("مشترک", limit=2)
    assert result.more_than_cap and result.total == 4 and len(result.hits) == 2
    assert not knowledge_search.search("مشترک", limit=10).more_than_cap  # a page holding them all: exact


def test_title_prefix_and_phrase_rank_on_both_databases(supervisor):
    body_only = answer(supervisor, "راهنما", "درباره بخشنامه‌های ۱۲۳۴۵/۱۰۰ و ثبت‌نام مدارس")
    titled = answer(supervisor, "ثبت‌نام مدارس ۱۲۳۴۵/۱۰۰", "متن")
    assert [h.article_id for h in knowledge_search.search("ثبت نام مدار 12345/100").hits] == [
        titled.id,
        body_only.id,
    ]
