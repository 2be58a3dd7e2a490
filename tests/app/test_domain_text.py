"""Tests for app.domain.text: Persian normalisation and search keys."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.text import (
    display_digits,
    has_control_chars,
    has_mixed_script,
    is_mixed_script_word,
    normalize_line,
    normalize_text,
    search_key,
    to_ascii_digits,
    to_persian_digits,
)

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),
        ("موسى", "موسی"),
        ("كتاب", "کتاب"),
        ("سلامـــــت", "سلامت"),
        ("شماره ۱۲۳ و ٤٥٦", "شماره 123 و 456"),
        ("  سلام \t\t  دنیا  ", "سلام دنیا"),
        ("\u200fسلام\u200b\ufeff\u200e", "سلام"),
        ("می" + ZWNJ + ZWNJ + "خواهم", "می" + ZWNJ + "خواهم"),
        ("می" + ZWNJ + " خواهم", "می خواهم"),
        ("کتاب " + ZWNJ + "ها", "کتاب ها"),
        (ZWNJ + "سلام" + ZWNJ, "سلام"),
        ("نامهٔ اداری", "نامهٔ اداری"),
        ("ا\u0653", "آ"),  # decomposed madda is composed (NFC)
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_text_keeps_zwnj_inside_words() -> None:
    word = "می" + ZWNJ + "خواهم"
    assert normalize_text(word) == word


def test_normalize_text_multiline() -> None:
    raw = "خط اول   \r\nخط دوم\n\n\n\n\nخط  سوم  \n\n"
    assert normalize_text(raw) == "خط اول\nخط دوم\n\nخط سوم"


def test_normalize_line_joins_lines() -> None:
    assert normalize_line("خط اول\nخط دوم\r\n  سوم") == "خط اول خط دوم سوم"


def test_search_key_folds_arabic_letters() -> None:
    assert search_key("علي") == search_key("علی") == "علی"
    assert search_key("كتاب") == search_key("کتاب")
    assert search_key("ﻛﺘﺎﺏ") == "کتاب"  # presentation forms, kaf re-mapped after NFKC


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("مُحَمَّد", "محمد"),
        ("أحمد", "احمد"),
        ("إیران", "ایران"),
        ("مسئول", "مسیول"),
        ("مسؤول", "مسوول"),
        ("خانۀ ما", "خانه ما"),
        ("نامهٔ ما", "نامه ما"),
        ("مدرسة", "مدرسه"),
        ("می" + ZWNJ + "خواهم", "می خواهم"),
        ("HELLO World", "hello world"),
        ("۰۹۱۲", "0912"),
    ],
)
def test_search_key_equivalences(a: str, b: str) -> None:
    assert search_key(a) == search_key(b)


def test_search_key_keeps_alef_madda() -> None:
    assert search_key("آب") == "آب"
    assert search_key("آب") != search_key("اب")


def test_search_key_is_single_line() -> None:
    assert search_key("  آب \n\n برق\t") == "آب برق"


def test_digit_conversion() -> None:
    assert to_persian_digits("1405/09/08 abc") == "۱۴۰۵/۰۹/۰۸ abc"
    assert to_ascii_digits("۱۴۰۵ و ٤٥") == "1405 و 45"
    assert to_ascii_digits(to_persian_digits("0123456789")) == "0123456789"


def test_has_control_chars() -> None:
    assert not has_control_chars("سلام دنیا")
    assert has_control_chars("a\x00b")
    assert has_control_chars("a\x85b")  # C1
    assert has_control_chars("a\nb")
    assert not has_control_chars("a\nb\tc", allow_newlines=True)
    assert has_control_chars("a\rb", allow_newlines=True)
    assert has_control_chars("abc\u202edcba")  # right-to-left override
    assert has_control_chars("x\u2067y\u2069", allow_newlines=True)
    assert not has_control_chars("می" + ZWNJ + "خواهم")


def test_mixed_script() -> None:
    assert is_mixed_script_word("سلامhello")
    assert has_mixed_script("این سلامhello است")
    assert not has_mixed_script("سلام hello")
    assert not has_mixed_script("گوشی iPhone ۱۳")
    assert not has_mixed_script("کد123")
    assert has_mixed_script("درخواستabc123")
    assert not has_mixed_script("")


@given(st.text())
def test_normalize_text_total_and_idempotent(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once
    assert normalize_line(normalize_line(s)) == normalize_line(s)
    assert "\n" not in normalize_line(s)


@given(st.text())
def test_search_key_total_and_idempotent(s: str) -> None:
    key = search_key(s)
    assert search_key(key) == key
    assert key == key.strip()
    assert "  " not in key


@given(st.text(alphabet=st.sampled_from("علیيكکی ‌ـ۱1٤آأإۀةؤئًٌٍَُِّْٰٔ\n\tabcABC")))
def test_search_key_idempotent_on_persian_alphabet(s: str) -> None:
    key = search_key(s)
    assert search_key(key) == key
    assert search_key(normalize_text(s)) == key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("کد SAMAD-42 و ADSL-27", "کد SAMAD-42 و ADSL-27"),
        ("شماره 1234-567 تماس با 121", "شماره ۱۲۳۴-۵۶۷ تماس با ۱۲۱"),
        ("نسخه v1.5 در 3 روز", "نسخه v1.5 در ۳ روز"),
        ("۱۲ and 12", "۱۲ and ۱۲"),
    ],
)
def test_display_digits_keeps_latin_words_as_typed(raw: str, expected: str) -> None:
    assert display_digits(raw) == expected


def test_isolate_wraps_a_path_in_first_strong_isolate_marks():
    from app.domain.text import FSI, PDI, has_control_chars, isolate

    assert isolate("/home/u/a.pdf") == "\u2068/home/u/a.pdf\u2069" and (FSI, PDI) == ("\u2068", "\u2069")
    assert isolate(42) == "\u206842\u2069"
    # display only: typed text holding the marks is refused as input
    assert has_control_chars(isolate("x"))
