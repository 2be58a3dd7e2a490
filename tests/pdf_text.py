"""Read Persian text back from a PDF, for tests (content, not looks).

``pdftotext`` (poppler) is used when present: it rebuilds logical order from the visual glyph runs.
Without it (a fresh machine with only Python) pdfminer.six reads the drawn glyphs with their positions;
each drawn line (glyphs in visual order, left to right) is put back into logical order with the Unicode
bidi algorithm (python-bidi's ``get_display`` on a right-to-left line is its own inverse for the runs we
draw: Persian words reversed, digit runs such as «۳۳٪» and «1405/09/01» kept left to right).
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
    return ["\n".join(logical_line(line) for line in page) for page in _drawn_lines(pdf_bytes)]


def logical_line(visual: str) -> str:
    """A drawn right-to-left line (glyphs left to right) in logical order: the exact inverse of how a
    right-to-left line is drawn. Left-to-right runs (Latin words, digit runs with the separators and
    signs inside or right after them: «1405/09/01», «1234-567», «66٫7٪») keep their order; everything
    else is right-to-left, read backwards with brackets mirrored; the runs themselves come in reverse.

    (python-bidi's ``get_display`` is not its own inverse here: after a Persian word the bidi algorithm
    makes digits Arabic numbers, and then «1234-567» comes back as «567-1234».)"""
    kinds = [_kind(ch) for ch in visual]
    for i in range(len(visual)):  # neutrals between two left-to-right characters join them
        if kinds[i] == "N":
            j = i
            while j < len(visual) and kinds[j] == "N":
                j += 1
            before = kinds[i - 1] if i else "R"
            after = kinds[j] if j < len(visual) else "R"
            span = visual[i:j]
            glued = before == after == "L" and (not span.isspace() or _latin(visual, i - 1, j))
            sign = before == "L" and visual[i - 1].isdigit() and all(c in "%٪‰" for c in span)
            for k in range(i, j):
                kinds[k] = "L" if glued or sign else "R"
    runs: list[str] = []
    for i, ch in enumerate(visual):
        if i and kinds[i] == kinds[i - 1]:
            runs[-1] += ch
        else:
            runs.append(ch)
    starts = [0]
    for run in runs:
        starts.append(starts[-1] + len(run))
    out = []
    for run, start in reversed(list(zip(runs, starts, strict=False))):
        if kinds[start] == "L":
            out.append(run)
        else:
            out.append("".join(_MIRROR.get(ch, ch) for ch in reversed(run)))
    return "".join(out)


_MIRROR = dict(zip("()[]{}<>«»", ")(][}{><»«", strict=True))


def _kind(ch: str) -> str:
    """L: left to right (Latin letters, digits); R: right to left letters and their marks; N: neutral."""
    cls = unicodedata.bidirectional(ch)
    if cls in ("L", "EN", "AN"):
        return "L"
    if cls in ("R", "AL", "NSM"):
        return "R"
    return "N"


def _latin(text: str, left: int, right: int) -> bool:
    """Both neighbours of a space are Latin letters (words of an English phrase stay in order)."""
    return text[left].isalpha() and text[right].isalpha() and text[left].isascii() and text[right].isascii()


class _Glyph(NamedTuple):
    text: str
    x0: float
    y0: float  # from the page top, like poppler
    x1: float
    y1: float
    baseline: float
    size: float


def _glyphs(pdf_bytes: bytes) -> list[list[_Glyph]]:
    """Every drawn character of each page, in drawing order (reportlab draws a line left to right)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            for child in item:
                yield from chars(child)

    pages = []
    # laparams=None: no layout analysis, the characters come in content-stream order.
    for page in extract_pages(BytesIO(pdf_bytes), laparams=None):
        top = page.y1
        pages.append(
            [
                _Glyph(c.get_text(), c.x0, top - c.y1, c.x1, top - c.y0, round(c.matrix[5], 1), c.size)
                for c in chars(page)
            ]
        )
    return pages


def _drawn_lines(pdf_bytes: bytes) -> list[list[str]]:
    """Each page's drawn lines, glyphs in visual order; a gap (justified text) counts as a space."""
    pages = []
    for glyphs in _glyphs(pdf_bytes):
        lines: list[str] = []
        last = None
        for g in glyphs:
            same_line = last is not None and abs(g.baseline - last.baseline) < 0.5 * max(g.size, 1)
            if same_line and g.x0 - last.x1 > -1:
                lines[-1] += (" " if g.x0 - last.x1 > 0.2 * max(g.size, 1) else "") + g.text
            else:
                lines.append(g.text)
            last = g
        pages.append(lines)
    return pages


class WordBox(NamedTuple):
    """A word as drawn (VISUAL order glyphs) and its box, y measured down from the page top."""

    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


def word_boxes(pdf_bytes: bytes) -> list[WordBox]:
    """Every drawn word with its position: for checking placement."""
    exe = shutil.which("pdftotext")
    if not exe:
        return _pdfminer_word_boxes(pdf_bytes)
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


def _pdfminer_word_boxes(pdf_bytes: bytes) -> list[WordBox]:
    """Word boxes from pdfminer: a word ends at a space, a new line, or a gap wider than a space."""
    boxes: list[WordBox] = []
    for page_no, glyphs in enumerate(_glyphs(pdf_bytes)):
        words: list[list[_Glyph]] = [[]]
        for g in glyphs:
            word = words[-1]
            if word:
                last = word[-1]
                same_line = abs(g.baseline - last.baseline) < 0.5 * max(g.size, 1)
                if not same_line or not -1 < g.x0 - last.x1 < 0.2 * max(g.size, 1):
                    words.append([])
            if g.text.isspace():
                words.append([])
            else:
                words[-1].append(g)
        for word in filter(None, words):
            text = "".join(g.text for g in word)
            top, bottom = min(g.y0 for g in word), max(g.y1 for g in word)
            boxes.append(WordBox(page_no, text, word[0].x0, top, word[-1].x1, bottom))
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
