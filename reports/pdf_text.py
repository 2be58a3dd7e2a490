"""Read Persian text back from a PDF, for tests and benchmarks (content, not looks).

``pdftotext`` (poppler) is used when present: it rebuilds logical order from the visual glyph runs.
pypdf is the fallback; it keeps visual order for mixed lines, so compare single folded words only.
Words are compared after ``fold``: the drawn glyphs are presentation forms and mirrored brackets.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from io import BytesIO
from typing import NamedTuple

_FOLD = str.maketrans(
    {
        "ك": "ک",
        "ي": "ی",
        "ى": "ی",
        "ە": "ه",  # NFKC turns ۀ into U+06D5 + hamza above
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
    }
)
# ZWNJ/ZWJ/ZWSP, bidi marks, BOM, tatweel vanish; the embeddings pdftotext puts around LTR runs
# (often with no space on one side) separate words.
_DROP = re.compile("[\u200b-\u200f\u061c\ufeff\u0640]")
_SEPARATE = re.compile("[\u202a-\u202e\u2066-\u2069]")
_PUNCT = "()[]{}«»<>\"'.,:;!?،؛؟…-–—/\\"


def page_texts(pdf_bytes: bytes) -> list[str]:
    """The text of each page."""
    exe = shutil.which("pdftotext")
    if exe:
        out = subprocess.run(
            [exe, "-enc", "UTF-8", "-", "-"], input=pdf_bytes, capture_output=True, check=True
        ).stdout.decode("utf-8")
        pages = out.split("\f")
        return pages[:-1] if pages and not pages[-1].strip() else pages
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf_bytes)).pages]


class WordBox(NamedTuple):
    """A word as drawn (VISUAL order glyphs) and its box, y measured down from the page top."""

    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


def word_boxes(pdf_bytes: bytes) -> list[WordBox]:
    """Every drawn word with its position (needs poppler's ``pdftotext``): for checking placement."""
    exe = shutil.which("pdftotext")
    if not exe:
        raise RuntimeError("pdftotext (poppler-utils) is needed for word positions")
    out = subprocess.run(
        [exe, "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf_bytes, capture_output=True, check=True
    ).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    boxes: list[WordBox] = []
    for page_no, page in enumerate(ET.fromstring(out).iter(f"{ns}page")):
        for w in page.iter(f"{ns}word"):
            coords = (float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
            boxes.append(WordBox(page_no, w.text or "", *coords))
    return boxes


def extract_text(pdf_bytes: bytes) -> str:
    """All the text of the PDF, pages separated by newlines."""
    return "\n".join(page_texts(pdf_bytes))


def fold(text: str) -> str:
    """NFKC, ک/ی unified, ZWNJ and bidi controls dropped, digits to ASCII, whitespace collapsed."""
    text = _SEPARATE.sub(" ", _DROP.sub("", unicodedata.normalize("NFKC", text))).translate(_FOLD)
    return " ".join(text.split())


def text_words(text: str) -> set[str]:
    """Folded words of ``text``, surrounding punctuation and brackets stripped."""
    stripped = (word.strip(_PUNCT) for word in fold(text).split())
    return {word for word in stripped if word}


def words(pdf_bytes: bytes) -> set[str]:
    """Folded words of the whole PDF."""
    return text_words(extract_text(pdf_bytes))


def missing_words(found: set[str] | str | bytes, phrase: str) -> list[str]:
    """Words of the logical ``phrase`` not found (in a word set, a text, or PDF bytes). Word order is
    not checked: a visually reordered line may give its words back in another order."""
    if isinstance(found, bytes):
        found = words(found)
    elif isinstance(found, str):
        found = text_words(found)
    return [word for word in sorted(text_words(phrase)) if word not in found]


def has_phrase(found: set[str] | str | bytes, phrase: str) -> bool:
    return not missing_words(found, phrase)
