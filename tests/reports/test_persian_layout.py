"""Persian PDF layout: shaping, logical wrapping, bidi reordering, tables, read-back."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
import qrcode
from bidi import get_display as rust_get_display  # the WRONG one, kept here to prove the difference
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from reports.fonts import FONT, FONT_BOLD, missing_glyphs, register_fonts
from reports.persian import (
    RtlParagraph,
    draw_rtl_paragraph,
    persian_digits,
    rtl_table,
    shape,
    text_width,
    visual,
    wrap_logical,
)
from reports.qr import qr_flowable, qr_widget
from tests.pdf_text import fold, has_phrase, missing_words, page_texts, word_boxes, words

BRACKETS = "متن «(سامد)» و [۱۱۱] در پرانتز"
MIXED = "شماره 111 سامانه SAMAD"
ZWNJ_WORDS = "من می‌خواهم نامه‌ها را بخوانم"
HAMZA = "متن نامهٔ اداری"
ALL_SAMPLES = (BRACKETS, MIXED, ZWNJ_WORDS, HAMZA)


def _pages(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def _long_text(n: int) -> str:
    return " ".join(f"جملهٔ شماره {i} از متن بلند نامه‌ها است." for i in range(1, n + 1))


# --- visual order and bracket mirroring -------------------------------------------------------


def test_visual_mirrors_brackets_unlike_rust_get_display() -> None:
    word = shape("سامد")
    good = visual("(سامد)")
    # Visual (left-to-right) order: the logical ")" ends up leftmost and is mirrored to "(",
    # so the drawn line reads (سامد) with both brackets facing the word.
    assert good == "(" + word[::-1] + ")"
    # The Rust `bidi.get_display` reorders without mirroring: brackets face away from the word.
    wrong = rust_get_display(shape("(سامد)"), base_dir="R")
    assert wrong == ")" + word[::-1] + "("
    assert good != wrong


def test_visual_keeps_numbers_and_latin_left_to_right() -> None:
    assert visual(MIXED) == "SAMAD " + shape("سامانه")[::-1] + " 111 " + shape("شماره")[::-1]
    assert "۱۴۰۵" in visual("سال ۱۴۰۵")
    assert "۱۴۰۵/۰۹/۰۸" in visual("تاریخ ۱۴۰۵/۰۹/۰۸")
    assert visual("[۱۱۱]") == "[۱۱۱]"


def test_shape_keeps_hamza_above_and_zwnj() -> None:
    assert "\u0654" in shape("نامهٔ")
    assert "\u200c" in shape("می‌خواهم")  # Vazirmatn has a glyph for ZWNJ
    assert shape("لا") == "\ufefb"  # lam-alef ligature
    assert "\ufdf2" not in shape("عبدالله")  # no Allah ligature inside names


def test_persian_digits() -> None:
    assert persian_digits("1405/09/08") == "۱۴۰۵/۰۹/۰۸"
    assert persian_digits(123) == "۱۲۳"


# --- wrapping in logical order ----------------------------------------------------------------


def test_wrap_logical_fits_width_and_keeps_logical_order() -> None:
    text = _long_text(12)
    lines = wrap_logical(text, FONT, 11, 200)
    assert len(lines) > 3
    assert all(text_width(line, FONT, 11) <= 200 for line in lines)
    assert " ".join(lines) == text
    assert lines[0].startswith("جملهٔ شماره 1 ")


def test_wrap_logical_keeps_hard_newlines_and_breaks_long_words() -> None:
    lines = wrap_logical("اول\n\nدوم سوم", FONT, 11, 300)
    assert lines == ["اول", "", "دوم سوم"]
    long_word = "ب" * 120
    pieces = wrap_logical("الف " + long_word, FONT, 11, 100)
    assert pieces[0] == "الف"
    assert "".join(pieces[1:]) == long_word
    assert all(text_width(p, FONT, 11) <= 100 for p in pieces)


def test_rtl_paragraph_split_keeps_line_order() -> None:
    register_fonts()
    para = RtlParagraph(_long_text(20), size=11, leading=20, space_before=3, space_after=7)
    _, height = para.wrap(300, 10_000)
    all_lines = para.lines
    first, rest = para.split(300, 5 * 20 + 5)
    first.wrap(300, 10_000)
    rest.wrap(300, 10_000)
    assert first.lines == all_lines[:5]
    assert rest.lines == all_lines[5:]
    assert (first.getSpaceBefore(), first.getSpaceAfter()) == (3, 0)
    assert (rest.getSpaceBefore(), rest.getSpaceAfter()) == (0, 7)
    assert para.split(300, 10) == []
    assert height == len(all_lines) * 20


def test_draw_rtl_paragraph_returns_y_below_last_line() -> None:
    register_fonts()
    canvas = Canvas(BytesIO())
    y = draw_rtl_paragraph(canvas, "سطر اول\nسطر دوم", 500, 700, 300, FONT, 12, 20)
    assert y == 660


# --- PDFs read back -----------------------------------------------------------------------------


def test_samples_read_back(build_pdf) -> None:
    pdf = build_pdf([RtlParagraph(text, size=12, space_after=6) for text in ALL_SAMPLES])
    found = words(pdf)
    for text in ALL_SAMPLES:
        assert not missing_words(found, text), text
    assert {"سامد", "111", "SAMAD", "میخواهم", "نامهها", "نامهٔ"} <= found


def test_brackets_are_drawn_mirrored(build_pdf) -> None:
    pdf = build_pdf([RtlParagraph(BRACKETS, size=12)])
    drawn = next(box.text for box in word_boxes(pdf) if "سامد" in fold(box.text)[::-1])
    # the drawn glyph run, left to right: «( ... )» — brackets facing the word, not ») ... («
    assert drawn.startswith("«(") and drawn.endswith(")»"), drawn


def test_line_is_right_aligned_with_first_word_rightmost(build_pdf) -> None:
    pdf = build_pdf([RtlParagraph(MIXED, size=12)], rightMargin=72)
    boxes = word_boxes(pdf)
    by_word = {fold(box.text): box for box in boxes}
    first = by_word[fold(visual("شماره"))]
    assert first.x_max == max(box.x_max for box in boxes)
    assert first.x_max == pytest.approx(595.2756 - 72 - 6, abs=0.5)  # frame padding is 6pt
    assert by_word["SAMAD"].x_max < by_word["111"].x_min  # SAMAD (logically last) is leftmost


def test_long_text_flows_over_pages_in_order(build_pdf) -> None:
    n = 300
    pdf = build_pdf([RtlParagraph(_long_text(n), size=12)])
    pages = page_texts(pdf)
    assert _pages(pdf) > 1 and len(pages) == _pages(pdf)
    assert has_phrase(pages[0], "جملهٔ شماره 1 از")
    assert has_phrase(pages[-1], f"شماره {n} از متن بلند نامه‌ها است")
    numbers = [int(x) for page in pages for x in re.findall(r"\d+", fold(page))]
    assert numbers == list(range(1, n + 1))  # every sentence once, in reading order across pages


def test_identical_input_gives_identical_bytes(build_pdf) -> None:
    def story() -> list:
        return [RtlParagraph(text) for text in ALL_SAMPLES] + [
            rtl_table([["نام", "شماره"], ["علی", 1]], [200, 100])
        ]

    assert build_pdf(story()) == build_pdf(story())


# --- tables -------------------------------------------------------------------------------------


def test_rtl_table_reverses_columns_and_uses_persian_digits() -> None:
    table = rtl_table([["ردیف", "نام", "مبلغ"], [1, "علی", 12000]], [30, 100, 60])
    cells = table._cellvalues
    assert [c.text for c in cells[0]] == ["مبلغ", "نام", "ردیف"]
    assert [c.text for c in cells[1]] == ["۱۲۰۰۰", "علی", "۱"]
    assert table._argW == [60, 100, 30]
    assert cells[0][0].font == FONT_BOLD and cells[1][0].font == FONT
    assert table.repeatRows == 1


def test_rtl_table_first_column_drawn_at_right_and_header_repeats(build_pdf) -> None:
    rows = [["ردیف", "شرح درخواست", "تاریخ"]]
    rows += [[i, f"درخواست شماره {i} برای بررسی", "1405/09/08"] for i in range(1, 121)]
    pdf = build_pdf([rtl_table(rows, [40, 250, 90])])
    boxes = word_boxes(pdf)
    radif = [b for b in boxes if fold(b.text) == fold(visual("ردیف"))]
    date = [b for b in boxes if fold(b.text) == fold(visual("تاریخ"))]
    assert _pages(pdf) > 1
    assert {b.page for b in radif} == set(range(_pages(pdf)))  # header on every page
    assert all(r.x_min > d.x_max for r, d in zip(radif, date, strict=True))
    assert "120" in words(pdf)


# --- fonts --------------------------------------------------------------------------------------


def test_missing_glyphs() -> None:
    assert missing_glyphs("سلام، می‌خواهم نامهٔ ۱۲۳ را (فوری) بفرستم. SAMAD 111\n") == set()
    assert missing_glyphs("نام: 中文") == {"中", "文"}
    assert missing_glyphs("سلام 😀", FONT_BOLD) == {"😀"}


# --- QR -----------------------------------------------------------------------------------------


def test_qr_encodes_utf8_like_qrcode_library() -> None:
    data = "https://samad.example/t/1405-000123?n=علی"
    widget = qr_widget(data, 72)
    widget.qr.make()
    ours = [[bool(m) for m in row] for row in widget.qr.modules]
    # Same payload bits as the qrcode library for one of the 8 masks (the two pick masks differently).
    matrices = []
    for mask in range(8):
        ref = qrcode.QRCode(
            version=widget.qr.version,
            error_correction=qrcode.constants.ERROR_CORRECT_M,
            border=0,
            mask_pattern=mask,
        )
        ref.add_data(data.encode("utf-8"), optimize=0)
        ref.make(fit=False)
        matrices.append(ref.get_matrix())
    assert ours in matrices
    drawing = qr_flowable(data, 72)
    assert (drawing.width, drawing.height) == (72, 72)


def test_qr_in_pdf(build_pdf) -> None:
    pdf = build_pdf([RtlParagraph("کد رهگیری"), qr_flowable("1405-000123", 80)])
    assert "رهگیری" in words(pdf)


# --- folding ------------------------------------------------------------------------------------


def test_fold() -> None:
    assert fold("ﻛﺘﺎﺏ  ﻋﻠﻲ\n۱۲۳ ٤٥") == "کتاب علی 123 45"
    assert fold("می\u200cخواهم") == "میخواهم"
    assert fold("\u202b\u202aSAMAD\u202cسامانه") == "SAMAD سامانه"
