"""The tests' PDF reader gives the same words with poppler's pdftotext and without it (pdfminer.six)."""

from __future__ import annotations

import shutil

import pytest

from reports.persian import RtlParagraph
from tests import pdf_text

PERCENT = "سهم پاسخ‌های به‌موقع ۳۳٪ و میانگین ۶۶٫۷٪ بود"
LINES = [
    PERCENT,
    "پرونده شماره ۱۱۱/۱۴۰۵/۰۰۰۴۲ در تاریخ ۱۴۰۵/۰۹/۰۸ (سامد ۱۱۱) ثبت شد",
    "نامه SAMAD Desk برای «فرمانداری» فرستاده شد",
]


@pytest.fixture
def without_pdftotext(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "pdftotext" else real(name, *a, **k)
    )


def test_logical_line_is_the_inverse_of_drawing() -> None:
    from reports.persian import visual

    for line in LINES:
        assert pdf_text.fold(pdf_text.logical_line(visual(line))) == pdf_text.fold(line), line


@pytest.mark.usefixtures("without_pdftotext")
def test_without_poppler_words_read_in_logical_order(build_pdf) -> None:
    pdf = build_pdf([RtlParagraph(line, size=12) for line in LINES])
    found = pdf_text.words(pdf)
    for line in LINES:
        assert pdf_text.has_phrase(found, line), pdf_text.missing_words(found, line)
    assert "33٪" in found and "٪33" not in found
    assert {"111/1405/00042", "1405/09/08", "66٫7٪"} <= found


@pytest.mark.usefixtures("without_pdftotext")
def test_without_poppler_word_boxes_are_drawn_words_where_they_are_drawn(build_pdf) -> None:
    pdf = build_pdf([RtlParagraph(LINES[1], size=12)], rightMargin=72)
    boxes = pdf_text.word_boxes(pdf)
    by_word = {pdf_text.fold(b.text): b for b in boxes}
    first = by_word[pdf_text.fold("پرونده")[::-1]]  # drawn glyphs, left to right
    assert first.x_max == max(b.x_max for b in boxes)  # the first word is rightmost
    assert by_word["111/1405/00042"].x_max < first.x_min and 0 < first.y_min < first.y_max < 100


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdfminer_reads_the_words_pdftotext_reads(build_pdf, monkeypatch) -> None:
    # pdftotext reads a percentage after Persian text as «٪33», so the comparison leaves those out
    pdf = build_pdf([RtlParagraph(line, size=12) for line in LINES[1:]])
    with_poppler = pdf_text.words(pdf)
    poppler_boxes = [(b.page, pdf_text.fold(b.text)) for b in pdf_text.word_boxes(pdf)]
    real = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "pdftotext" else real(name, *a, **k)
    )
    assert pdf_text.words(pdf) == with_poppler
    assert [(b.page, pdf_text.fold(b.text)) for b in pdf_text.word_boxes(pdf)] == poppler_boxes
