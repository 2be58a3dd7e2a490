"""Letter number formats: the supervisor's pattern such as «۱۱۱/{year}/{serial:05d}»."""

from __future__ import annotations

import string

from app.domain.text import to_persian_digits

ALLOWED_FIELDS = {"year", "serial"}


def check_number_format(fmt: str) -> str | None:
    """A Persian sentence saying what is wrong with the pattern, or None."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(fmt) if f is not None]
    except ValueError:
        return "قالب شماره نامه آکولاد باز یا بسته ناجور دارد."
    unknown = [f for f in fields if f not in ALLOWED_FIELDS]
    if unknown:
        return (
            f"قالب شماره نامه جای‌نگهدار ناشناخته «{{{unknown[0]}}}» دارد؛ فقط {{year}} و {{serial}} مجاز است."
        )
    if "serial" not in fields:
        return "قالب شماره نامه باید {serial} (شماره ترتیبی) را داشته باشد."
    try:
        format_number(fmt, 1405, 1)
    except (ValueError, KeyError, IndexError):
        return "قالب شماره نامه درست نیست."
    return None


def format_number(fmt: str, year: int, serial: int) -> str:
    return to_persian_digits(fmt.format(year=year, serial=serial))
