"""A long letter over several pages: the signature always stands with the body's last lines, and a
paragraph that continues on the next page is justified to its page's last line."""

import itertools

import pytest

from reports.letter import BODY_LEADING, BODY_SIZE, FONT, TEXT_WIDTH, JustifiedParagraph, render_letter
from tests import pdf_text
from tests.reports.test_letter_pdf import content

SYLLABLES = ["با", "دا", "سا", "کا", "ما", "نا", "را", "زا", "تا", "فا"]
WORDS = ["".join(pair) + "ن" for pair in itertools.product(SYLLABLES, repeat=3)]  # a thousand distinct words
SIGNER = "ناصر حسین‌پور"


def last_paragraph(count: int) -> str:
    return " ".join(WORDS[:count])


def pages_of(count: int) -> list[set[str]]:
    letter = content()
    letter["body"] = letter["body"] + "\n" + last_paragraph(count)
    return [pdf_text.text_words(page) for page in pdf_text.page_texts(render_letter(letter))]


@pytest.mark.parametrize("count", range(250, 700, 9))
def test_the_signature_keeps_the_last_two_lines_of_the_body(count):
    pages = pages_of(count)
    tail = JustifiedParagraph(last_paragraph(count), FONT, BODY_SIZE, leading=BODY_LEADING)
    _head, kept = tail.split_last_lines(TEXT_WIDTH, 2)
    assert kept.line_count(TEXT_WIDTH) == 2
    signed = [i for i, words in enumerate(pages) if not pdf_text.missing_words(words, SIGNER)]
    assert signed == [len(pages) - 1]
    assert not pdf_text.missing_words(pages[-1], kept.text), "the last two body lines left the signature"


def test_a_paragraph_that_continues_is_justified_to_the_end_of_the_page():
    paragraph = JustifiedParagraph(last_paragraph(300), FONT, BODY_SIZE, leading=BODY_LEADING)
    paragraph.wrap(TEXT_WIDTH, 10_000)
    first, rest = paragraph.split(TEXT_WIDTH, 5 * BODY_LEADING)
    assert first.continues and not rest.continues
    head, tail = rest.split_last_lines(TEXT_WIDTH, 2)
    assert head.continues and not tail.continues
