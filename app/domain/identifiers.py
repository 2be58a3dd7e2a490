"""National codes, Iranian phone numbers and tracking codes (کد رهگیری).

Every ``normalize_*`` function returns the stored form (ASCII digits) or raises ValueError with a
Persian message that the interface shows next to the field.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.text import to_ascii_digits

# Separators people type or paste inside identifiers; format characters (Cf: LRM, RLM, ZWNJ,
# bidi embeddings) are dropped as well.
_SEPARATORS = frozenset(" \t\u00a0-\u2010\u2011\u2012\u2013\u2014\u2015\u2212_")
_PHONE_SEPARATORS = _SEPARATORS | frozenset("()")

_ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_MOBILE = re.compile(r"(?:\+98|0098|98)?0?(9[0-9]{9})", re.ASCII)
_LANDLINE = re.compile(r"(?:(?:\+98|0098|98)0?|0)([1-8][0-9]{9})", re.ASCII)


def _compact(s: str, separators: frozenset[str]) -> str:
    s = to_ascii_digits(s)
    return "".join(c for c in s if c not in separators and unicodedata.category(c) != "Cf")


# --- national code (کد ملی) -------------------------------------------------------------


def _national_code_check_ok(code: str) -> bool:
    digits = [int(c) for c in code]
    r = sum(d * (10 - i) for i, d in enumerate(digits[:9])) % 11
    return digits[9] == (r if r < 2 else 11 - r)


def normalize_national_code(s: str) -> str:
    """Return the 10-digit national code; 8-9 digit inputs are left-padded with zeros."""
    code = _compact(s, _SEPARATORS)
    if not code:
        raise ValueError("کد ملی وارد نشده است.")
    if not _ASCII_DIGITS.fullmatch(code):
        raise ValueError("کد ملی فقط باید رقم داشته باشد.")
    if not 8 <= len(code) <= 10:
        raise ValueError("کد ملی باید ۱۰ رقم باشد.")
    code = code.zfill(10)
    if len(set(code)) == 1:
        raise ValueError("کد ملی با ده رقم یکسان معتبر نیست.")
    if not _national_code_check_ok(code):
        raise ValueError("رقم کنترل کد ملی درست نیست.")
    return code


def is_valid_national_code(s: str) -> bool:
    """True if s is a valid national code (any accepted input form)."""
    try:
        normalize_national_code(s)
    except ValueError:
        return False
    return True


# --- phone numbers ------------------------------------------------------------------------


def normalize_phone(s: str) -> str:
    """Return a mobile number as 09XXXXXXXXX or a landline as 0 + area code + number (11 digits)."""
    number = _compact(s, _PHONE_SEPARATORS)
    if not number:
        raise ValueError("شماره تلفن وارد نشده است.")
    if m := _MOBILE.fullmatch(number):
        return "0" + m.group(1)
    if m := _LANDLINE.fullmatch(number):
        return "0" + m.group(1)
    raise ValueError("شماره تلفن همراه یا ثابت ایران نیست.")


def is_valid_phone(s: str) -> bool:
    """True if s is an Iranian mobile or landline number."""
    try:
        normalize_phone(s)
    except ValueError:
        return False
    return True


def phone_kind(s: str) -> str:
    """Return 'mobile' or 'landline'; raises ValueError like normalize_phone."""
    return "mobile" if normalize_phone(s).startswith("09") else "landline"


# --- tracking code (کد رهگیری) ------------------------------------------------------------
# Layout: 2-digit Jalali year suffix + serial (zero-padded to at least 5 digits) + Damm check
# digit. Year 1405, serial 42 -> "05" "00042" + check -> 8 digits. The Damm check digit catches
# every single-digit error and every adjacent transposition.

_DAMM_TABLE = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

TRACKING_MIN_LENGTH = 8  # 2 (year) + 5 (serial) + 1 (check)
TRACKING_MAX_LENGTH = 14


def damm_check_digit(digits: str) -> str:
    """Return the Damm check digit for a string of ASCII digits ("0" when digits end in a valid check)."""
    if not _ASCII_DIGITS.fullmatch(digits):
        raise ValueError("expected ASCII digits")
    interim = 0
    for c in digits:
        interim = _DAMM_TABLE[interim][ord(c) - 48]
    return str(interim)


def make_tracking_code(serial: int, year: int) -> str:
    """Build the tracking code for a serial number within a Jalali year (e.g. 1405)."""
    if serial < 0:
        raise ValueError("serial must not be negative")
    if not 1300 <= year <= 1699:
        raise ValueError(f"expected a Jalali year, got {year}")
    body = f"{year % 100:02d}{serial:05d}"
    if len(body) + 1 > TRACKING_MAX_LENGTH:
        raise ValueError("serial too large for a tracking code")
    return body + damm_check_digit(body)


def normalize_tracking_code(s: str) -> str:
    """Return the tracking code as ASCII digits; accepts Persian digits, spaces and dashes."""
    code = _compact(s, _SEPARATORS)
    if not code:
        raise ValueError("کد رهگیری وارد نشده است.")
    if not _ASCII_DIGITS.fullmatch(code) or not TRACKING_MIN_LENGTH <= len(code) <= TRACKING_MAX_LENGTH:
        raise ValueError("کد رهگیری باید ۸ رقم یا بیشتر باشد و فقط رقم داشته باشد.")
    if damm_check_digit(code) != "0":
        raise ValueError("کد رهگیری نادرست است؛ یک رقم اشتباه خوانده شده است.")
    return code


def is_valid_tracking_code(s: str) -> bool:
    """True if s is a well-formed tracking code whose check digit is right."""
    try:
        normalize_tracking_code(s)
    except ValueError:
        return False
    return True


def tracking_code_year_suffix(code: str) -> int:
    """Return the 2-digit Jalali year suffix of a tracking code (1405 -> 5)."""
    return int(normalize_tracking_code(code)[:2])


def format_tracking_code(code: str) -> str:
    """Group a tracking code with dashes for reading aloud over the phone.

    The digits are split into ceil(n / 4) groups whose sizes differ by at most one, longer groups
    first: 8 digits -> 4-4 ("0500-0427"), 9 -> 3-3-3, 10 -> 4-3-3, 12 -> 4-4-4. ASCII digits are
    returned; the interface maps them with to_persian_digits.
    """
    digits = normalize_tracking_code(code)
    groups = -(-len(digits) // 4)
    size, extra = divmod(len(digits), groups)
    parts, pos = [], 0
    for i in range(groups):
        step = size + (1 if i < extra else 0)
        parts.append(digits[pos : pos + step])
        pos += step
    return "-".join(parts)
