"""The search token rule shared by both databases (app.domain.search_text): pure functions, no database."""

from hypothesis import given
from hypothesis import strategies as st

from app.domain.search_text import document_tokens, highlight_spans, make_snippet, parse_query, words


def test_letters_digits_and_marks_fold_the_same_way():
    assert document_tokens("كارت يارانه") == document_tokens("کارت یارانه")
    assert document_tokens("۱۴۰۳ و ١٤٠٣") == ["1403", "و", "1403"]
    assert document_tokens("قُبوضِ آب") == document_tokens("قبوض اب")


def test_half_space_indexes_parts_and_the_solid_form():
    assert document_tokens("می‌خواهم") == ["می", "خواهم", "میخواهم"]
    assert document_tokens("می خواهم") == ["می", "خواهم", "میخواهم"]  # a detached affix joins too
    assert document_tokens("میخواهم") == ["میخواهم"]
    assert document_tokens("بستان آباد") == ["بستان", "اباد"]  # not an affix: two words


def test_a_compound_query_is_its_solid_form_or_the_phrase():
    query = parse_query("می‌خواهم")
    assert len(query.terms) == 1
    assert [p.tokens for p in query.terms[0].alternatives] == [("میخواهم",), ("می", "خواهم")]


def test_punctuation_inside_a_word_makes_a_phrase():
    query = parse_query("۱۲۳۴۵/۱۰۰")
    assert [p.tokens for p in query.terms[0].alternatives] == [("12345", "100")]
    assert not query.terms[0].alternatives[0].prefix  # numbers match exactly


def test_symbols_and_quotes_are_never_syntax():
    for text in ['"""', "*", "() AND OR NOT", "NEAR(", "'; DROP TABLE article; --", "\\", "«»،؛؟!"]:
        query = parse_query(text)
        assert all(c.isalnum() for t in query.terms for p in t.alternatives for tok in p.tokens for c in tok)
    assert parse_query('"""').empty and parse_query("*:^").empty


def test_snippet_marks_the_matched_words_in_plain_text():
    body = ("سطر نخست درباره موضوع دیگری است. " * 8) + "مشترکان می‌توانند بدهی آب‌بها را تقسيط کنند.\nپایان."
    snippet = make_snippet(body, parse_query("تقسیط بدهی"), width=80)
    marked = [snippet.text[a:b] for a, b in snippet.spans]
    assert marked == ["بدهی", "تقسيط"]
    assert snippet.text.startswith("…") and "\n" not in snippet.text


def test_highlight_covers_a_compound_typed_solid():
    text = "ما می‌خواهیم بدانیم"
    spans = highlight_spans(text, parse_query("میخواهیم"))
    assert [text[a:b] for a, b in spans] == ["می‌خواهیم"]


@given(st.text(max_size=80))
def test_any_text_gives_a_query_and_a_snippet(text):
    query = parse_query(text)
    snippet = make_snippet(text, query)
    assert all(0 <= a < b <= len(snippet.text) for a, b in snippet.spans)
    assert all(w.end > w.start for w in words(text))
