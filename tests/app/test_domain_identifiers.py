"""Tests for app.domain.identifiers: national codes, phones and tracking codes."""

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.identifiers import (
    damm_check_digit,
    format_tracking_code,
    is_valid_national_code,
    is_valid_phone,
    is_valid_tracking_code,
    make_tracking_code,
    normalize_national_code,
    normalize_phone,
    normalize_tracking_code,
    phone_kind,
)
from app.domain.text import to_persian_digits


def _with_check_digit(nine: str) -> str:
    """Complete nine digits into a national code, computed independently of the module."""
    s = sum(int(nine[i]) * (10 - i) for i in range(9)) % 11
    return nine + str(s if s < 2 else 11 - s)


# --- national code ------------------------------------------------------------------------


def test_hand_checked_national_codes() -> None:
    assert normalize_national_code("0499370899") == "0499370899"
    assert is_valid_national_code("0499370899")
    assert not is_valid_national_code("0499370898")
    assert not is_valid_national_code("1111111111")
    assert not is_valid_national_code("0000000000")


def test_computed_national_codes() -> None:
    rng = random.Random(1405)
    for _ in range(200):
        code = _with_check_digit(f"{rng.randrange(10**9):09d}")
        if len(set(code)) == 1:
            continue
        assert normalize_national_code(code) == code
        wrong = code[:9] + str((int(code[9]) + 1) % 10)
        assert not is_valid_national_code(wrong)


def test_national_code_input_forms() -> None:
    assert normalize_national_code("۰۴۹۹۳۷۰۸۹۹") == "0499370899"
    assert normalize_national_code("٠٤٩٩٣٧٠٨٩٩") == "0499370899"
    assert normalize_national_code("049-937089-9") == "0499370899"
    assert normalize_national_code(" 049 937 0899 ") == "0499370899"
    assert normalize_national_code("\u200e0499370899\u200f") == "0499370899"


def test_national_code_left_padding() -> None:
    code = _with_check_digit("001234567")  # starts with two zeros
    assert normalize_national_code(code[2:]) == code
    code = _with_check_digit("012345678")
    assert normalize_national_code(code[1:]) == code


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "کد ملی وارد نشده است."),
        ("12345", "کد ملی باید ۱۰ رقم باشد."),
        ("12345678901", "کد ملی باید ۱۰ رقم باشد."),
        ("04993708a9", "کد ملی فقط باید رقم داشته باشد."),
        ("0499370898", "رقم کنترل کد ملی درست نیست."),
        ("2222222222", "کد ملی با ده رقم یکسان معتبر نیست."),
    ],
)
def test_national_code_errors_are_persian(raw: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        normalize_national_code(raw)
    assert str(info.value) == message


@given(st.text(alphabet=st.sampled_from("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩ -x١\u200e")) | st.text())
def test_national_code_property(s: str) -> None:
    try:
        code = normalize_national_code(s)
    except ValueError:
        return
    assert re.fullmatch(r"[0-9]{10}", code, re.ASCII)
    assert is_valid_national_code(code)
    assert normalize_national_code(code) == code


# --- phones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "kind"),
    [
        ("۰۹۱۲ ۳۴۵ ۶۷۸۹", "09123456789", "mobile"),
        ("+989123456789", "09123456789", "mobile"),
        ("00989123456789", "09123456789", "mobile"),
        ("989123456789", "09123456789", "mobile"),
        ("9123456789", "09123456789", "mobile"),
        ("0914-123-4567", "09141234567", "mobile"),
        ("041-33334444", "04133334444", "landline"),
        ("+98 41 3333 4444", "04133334444", "landline"),
        ("0098 21 8888 7777", "02188887777", "landline"),
        ("(041) 3333-4444", "04133334444", "landline"),
        ("+98 (0) 41 3333 4444", "04133334444", "landline"),
    ],
)
def test_valid_phones(raw: str, expected: str, kind: str) -> None:
    assert normalize_phone(raw) == expected
    assert phone_kind(raw) == kind
    assert is_valid_phone(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "0912345678",
        "091234567890",
        "12345",
        "0912abc4567",
        "09123456789x",
        "4133334444",
        "111",
        "+1 202 555 0100",
    ],
)
def test_invalid_phones(raw: str) -> None:
    with pytest.raises(ValueError) as info:
        normalize_phone(raw)
    assert str(info.value) == "شماره تلفن همراه یا ثابت ایران نیست."
    assert not is_valid_phone(raw)


def test_empty_phone_message() -> None:
    with pytest.raises(ValueError, match="وارد نشده"):
        normalize_phone("  ")


@given(st.text(alphabet=st.sampled_from("0123456789۰۹+ -()")) | st.text())
def test_phone_property(s: str) -> None:
    try:
        phone = normalize_phone(s)
    except ValueError:
        return
    assert re.fullmatch(r"0[1-9][0-9]{9}", phone, re.ASCII)
    assert normalize_phone(phone) == phone


# --- tracking codes -----------------------------------------------------------------------


def test_make_tracking_code_layout() -> None:
    code = make_tracking_code(42, 1405)
    assert len(code) == 8
    assert code[:7] == "0500042"
    assert damm_check_digit(code[:7]) == code[7]
    assert damm_check_digit(code) == "0"
    assert is_valid_tracking_code(code)


def test_damm_reference_value() -> None:
    # The published Damm example: 572 -> check digit 4.
    assert damm_check_digit("572") == "4"
    assert damm_check_digit("5724") == "0"


def test_long_serial() -> None:
    code = make_tracking_code(1234567, 1406)
    assert code.startswith("061234567")
    assert len(code) == 10
    assert is_valid_tracking_code(code)


def test_make_tracking_code_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        make_tracking_code(-1, 1405)
    with pytest.raises(ValueError):
        make_tracking_code(1, 2026)  # a Gregorian year by mistake


@pytest.mark.parametrize(("serial", "year"), [(42, 1405), (1, 1400), (99999, 1499), (31415, 1403)])
def test_every_single_digit_error_is_caught(serial: int, year: int) -> None:
    code = make_tracking_code(serial, year)
    for i, original in enumerate(code):
        for d in "0123456789":
            if d != original:
                wrong = code[:i] + d + code[i + 1 :]
                assert not is_valid_tracking_code(wrong), wrong


@pytest.mark.parametrize(("serial", "year"), [(42, 1405), (12345, 1404), (90817, 1405), (1234567, 1406)])
def test_every_adjacent_transposition_is_caught(serial: int, year: int) -> None:
    code = make_tracking_code(serial, year)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            assert not is_valid_tracking_code(swapped), swapped


def test_tracking_code_input_forms_and_messages() -> None:
    code = make_tracking_code(42, 1405)
    spoken = to_persian_digits(format_tracking_code(code))
    assert normalize_tracking_code(spoken) == code
    assert normalize_tracking_code(" " + code[:4] + " " + code[4:] + " ") == code
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(ValueError) as info:
        normalize_tracking_code(wrong)
    assert str(info.value) == "کد رهگیری نادرست است؛ یک رقم اشتباه خوانده شده است."
    for bad in ("", "123", "0500a424"):
        with pytest.raises(ValueError):
            normalize_tracking_code(bad)


def test_format_tracking_code_groups() -> None:
    code = make_tracking_code(42, 1405)
    assert format_tracking_code(code) == code[:4] + "-" + code[4:]
    long9 = make_tracking_code(123456, 1405)
    assert format_tracking_code(long9) == "-".join([long9[:3], long9[3:6], long9[6:]])
    long10 = make_tracking_code(1234567, 1405)
    assert [len(p) for p in format_tracking_code(long10).split("-")] == [4, 3, 3]


@given(st.integers(min_value=0, max_value=10**11 - 1), st.integers(min_value=1300, max_value=1699))
def test_tracking_code_round_trip(serial: int, year: int) -> None:
    code = make_tracking_code(serial, year)
    assert normalize_tracking_code(format_tracking_code(code)) == code
    assert int(code[2:-1]) == serial
