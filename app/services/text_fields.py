"""Checking one free-text field of a form: the rule every service applies to what a person typed."""

from __future__ import annotations

from app.domain.text import has_control_chars, normalize_line, normalize_text, to_persian_digits


def clean_text(
    errors: dict, field: str, raw, *, label: str, limit: int, required: bool = False, multiline: bool = False
) -> str:
    """The normalised text, or "" with a Persian message in `errors[field]` (control or bidi-override
    characters, missing when required, longer than `limit`)."""
    if raw is None:
        raw = ""
    if isinstance(raw, dict | list | tuple | set | bytes):
        errors[field] = f"{label} باید متن باشد."
        return ""
    raw = raw if isinstance(raw, str) else str(raw)
    if has_control_chars(raw.replace("\r", ""), allow_newlines=multiline):
        errors[field] = f"{label} نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."
        return ""
    value = normalize_text(raw) if multiline else normalize_line(raw)
    if required and not value:
        errors[field] = f"{label} را بنویسید."
    elif len(value) > limit:
        errors[field] = (
            f"{label} بیش از {to_persian_digits(str(limit))} نویسه است "
            f"({to_persian_digits(str(len(value)))} نویسه)."
        )
    return value
