"""Vazirmatn registration for reportlab and a check for characters a font cannot draw."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app import paths

FONT_DIR = paths.resource("fonts")  # through importlib.resources (also inside the desktop bundle)

FONT = "Vazirmatn"
FONT_BOLD = "Vazirmatn-Bold"
FONT_MEDIUM = "Vazirmatn-Medium"

_FILES = {
    FONT: "Vazirmatn-Regular.ttf",
    FONT_BOLD: "Vazirmatn-Bold.ttf",
    FONT_MEDIUM: "Vazirmatn-Medium.ttf",
}

# Characters that draw nothing and that a missing glyph for is harmless (they are dropped or spaced).
_IGNORED = frozenset("\u200c \n\r\t")
_CHARS: dict[str, frozenset[int]] = {}


_registered = False


def register_fonts() -> None:
    """Register the Vazirmatn faces and their family (so ``<b>`` works). Safe to call repeatedly: after the
    first time it returns at once (line breaking calls it for every word it measures)."""
    global _registered
    if _registered:
        return
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    _registered = True


def font_chars(font_name: str) -> frozenset[int]:
    """Code points the (registered TrueType) font has a glyph for."""
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    if face is None:
        raise ValueError(f"{font_name!r} is not a TrueType font")
    cached = _CHARS.get(font_name)
    if cached is None:
        cached = _CHARS[font_name] = frozenset(code for code, glyph in face.charToGlyph.items() if glyph)
    return cached


def has_glyph(font_name: str, char: str) -> bool:
    return ord(char) in font_chars(font_name)


def missing_glyphs(text: str, font_name: str = FONT) -> set[str]:
    """Characters of ``text`` (after reshaping) that ``font_name`` cannot draw; ZWNJ and spaces ignored."""
    from reports.persian import reshape  # persian imports this module

    chars = font_chars(font_name)
    return {ch for ch in reshape(text) if ch not in _IGNORED and ord(ch) not in chars}
