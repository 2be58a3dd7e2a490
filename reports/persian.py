"""Right-to-left Persian text for reportlab: reshape, wrap in logical order, reorder, draw.

The recipe (see PERSIAN.md, "In PDFs"): reshape with harakat kept, wrap the LOGICAL text into lines
measured on the shaped text, reorder each line with the pure-Python bidi algorithm (it mirrors
brackets), and draw each visual line right-aligned. No reportlab RTL/shaping features are used.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display  # NOT `from bidi import get_display`: that one does not mirror
from reportlab.lib import colors
from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from app.domain.text import to_persian_digits
from reports.fonts import FONT, FONT_BOLD, font_chars, register_fonts

ZWNJ = "\u200c"
# Invisible format characters: dropped after reordering when the font has no glyph for them.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u2066\u2067\u2068\u2069"
HEADER_GREY = colors.HexColor("#E6E6E6")

_RESHAPER = ArabicReshaper(
    configuration={
        "delete_harakat": False,  # the default drops U+0654: «نامهٔ» would print as «نامه»
        "ARABIC LIGATURE ALLAH": False,  # «عبدالله» stays letters in official text
        "RIAL SIGN": False,  # «ریال» stays a word, not ﷼
    }
)


def persian_digits(s: object) -> str:
    """ASCII digits to Persian digits, for display (numbers are converted with ``str`` first)."""
    return to_persian_digits(str(s))


@lru_cache(maxsize=65536)
def reshape(text: str) -> str:
    """Contextual letter forms (presentation forms), harakat kept; nothing dropped. Cached: line breaking
    measures the same words again and again, and the reshaper reads its configuration on every call."""
    return _RESHAPER.reshape(text)


def _drop_unsupported(text: str, font: str, chars: str) -> str:
    have = font_chars(font)
    for ch in chars:
        if ch in text and ord(ch) not in have:
            text = text.replace(ch, "")
    return text


def shape(text: str, font: str = FONT) -> str:
    """Reshape ``text`` for drawing with ``font``; ZWNJ is dropped afterwards only if the font lacks it."""
    return _drop_unsupported(reshape(text), font, ZWNJ)


def visual(line: str, font: str = FONT) -> str:
    """One LOGICAL line (unshaped or shaped) in visual order, ready for ``drawString``/``drawRightString``."""
    return _drop_unsupported(get_display(shape(line, font), base_dir="R"), font, _INVISIBLE)


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of a logical line once shaped, as it will be drawn."""
    return stringWidth(_drop_unsupported(shape(text, font), font, _INVISIBLE), font, size)


class _Line(NamedTuple):
    text: str
    joiner: str  # what followed this line in the source: " ", "" (broken word) or "\n"


def _clusters(word: str) -> Iterator[str]:
    """Base characters with their combining marks, so a forced break never strands a mark."""
    cluster = ""
    for ch in word:
        if cluster and not unicodedata.combining(ch):
            yield cluster
            cluster = ""
        cluster += ch
    if cluster:
        yield cluster


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Split a word wider than ``width`` into pieces that fit (at least one cluster each)."""
    pieces: list[str] = []
    current = ""
    for cluster in _clusters(word):
        if current and text_width(current + cluster, font, size) > width:
            pieces.append(current)
            current = ""
        current += cluster
    pieces.append(current)
    return pieces


def _tokens(paragraph: str, font: str, size: float, width: float) -> Iterator[tuple[str, bool]]:
    """Words of a paragraph as (text, glued_to_next); words wider than ``width`` come in glued pieces."""
    for word in paragraph.split():
        if text_width(word, font, size) > width:
            pieces = _break_word(word, font, size, width)
            yield from ((piece, True) for piece in pieces[:-1])
            yield pieces[-1], False
        else:
            yield word, False


def _layout(text: str, font: str, size: float, width: float) -> list[_Line]:
    """Greedy line breaking in logical order. Each line remembers how it joins the next one."""
    register_fonts()
    space = stringWidth(" ", font, size)
    lines: list[_Line] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line, line_width, glued = "", 0.0, False
        for word, glue_next in _tokens(paragraph, font, size, width):
            w = text_width(word, font, size)
            gap = 0.0 if glued or not line else space
            if line and line_width + gap + w > width:
                lines.append(_Line(line, "" if glued else " "))
                line, line_width, gap = "", 0.0, 0.0
            line += (" " if gap else "") + word
            line_width += gap + w
            glued = glue_next
        lines.append(_Line(line, "\n"))
    return lines


def wrap_logical(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines in LOGICAL order that fit ``width`` points when shaped; hard newlines start new lines."""
    return [line.text for line in _layout(text, font, size, width)]


def baseline_offset(size: float, leading: float) -> float:
    """Distance from the top of a line box of height ``leading`` down to the baseline."""
    return leading / 2 + 0.2 * size


def draw_rtl_paragraph(
    canvas: Canvas,
    text: str,
    x_right: float,
    y_top: float,
    width: float,
    font: str = FONT,
    size: float = 11,
    leading: float | None = None,
) -> float:
    """Draw ``text`` wrapped to ``width``, right-aligned at ``x_right``; returns the y below the last line."""
    leading = leading or size * 1.7
    canvas.setFont(font, size)
    y = y_top
    for line in wrap_logical(text, font, size, width):
        canvas.drawRightString(x_right, y - baseline_offset(size, leading), visual(line, font))
        y -= leading
    return y


class RtlParagraph(Flowable):
    """A right-to-left paragraph for platypus: wraps in logical order at its available width,
    splits across frames/pages line by line, and draws each visual line right-aligned or centred."""

    def __init__(
        self,
        text: str,
        font: str = FONT,
        size: float = 11,
        leading: float | None = None,
        align: str = "right",
        space_before: float = 0,
        space_after: float = 0,
        color: Color | str = black,
    ) -> None:
        super().__init__()
        if align not in ("right", "center", "left"):
            raise ValueError(f"align must be 'right', 'center' or 'left', not {align!r}")
        self.text = text
        self.font = font
        self.size = size
        self.leading = leading or size * 1.7
        self.align = align
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.color = color
        self._lines: list[_Line] = []
        self._wrapped_at: float | None = None

    def __repr__(self) -> str:
        return f"RtlParagraph({self.text[:30]!r}…)"

    def _wrap_lines(self, width: float) -> list[_Line]:
        if self._wrapped_at != width:
            self._lines = _layout(self.text, self.font, self.size, width)
            self._wrapped_at = width
        return self._lines

    @property
    def lines(self) -> list[str]:
        """The logical lines of the last wrap."""
        return [line.text for line in self._lines]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self._wrap_lines(availWidth)) * self.leading
        return self.width, self.height

    def _part(self, lines: list[_Line], width: float, first: bool, last: bool) -> RtlParagraph:
        text = "".join(line.text + line.joiner for line in lines).rstrip("\n")
        part = RtlParagraph(
            text,
            self.font,
            self.size,
            self.leading,
            self.align,
            self.spaceBefore if first else 0,
            self.spaceAfter if last else 0,
            self.color,
        )
        part._lines = [*lines[:-1], lines[-1]._replace(joiner="\n")]
        part._wrapped_at = width
        return part

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._wrap_lines(availWidth)
        fit = int((availHeight + 1e-6) // self.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        return [
            self._part(lines[:fit], availWidth, first=True, last=False),
            self._part(lines[fit:], availWidth, first=False, last=True),
        ]

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(self.color)
        drop = baseline_offset(self.size, self.leading)
        for i, line in enumerate(self._lines):
            y = self.height - i * self.leading - drop
            text = visual(line.text, self.font)
            if self.align == "right":
                canvas.drawRightString(self.width, y, text)
            elif self.align == "center":
                canvas.drawCentredString(self.width / 2, y, text)
            else:
                canvas.drawString(0, y, text)


def _cell_text(value: object, digits: bool) -> str:
    if value is None:
        return ""
    text = str(value)
    return persian_digits(text) if digits else text


def rtl_table(
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float],
    header: bool = True,
    font: str = FONT,
    bold_font: str = FONT_BOLD,
    size: float = 10,
    leading: float | None = None,
    padding: float = 4,
    digits: bool = True,
    header_background: Color = HEADER_GREY,
    extra_style: Sequence[tuple] = (),
) -> Table:
    """A table laid out right to left: the first logical column is drawn at the right.

    Cells are strings/numbers (shown with Persian digits when ``digits``) or ready flowables.
    ``extra_style`` commands use LOGICAL column indexes and are mirrored here.
    """
    register_fonts()
    ncols = len(col_widths)
    data: list[list[object]] = []
    for r, row in enumerate(rows):
        if len(row) != ncols:
            raise ValueError(f"row {r} has {len(row)} cells, expected {ncols}")
        cell_font = bold_font if header and r == 0 else font
        cells = [
            value
            if isinstance(value, Flowable)
            else RtlParagraph(_cell_text(value, digits), cell_font, size, leading)
            for value in row
        ]
        data.append(cells[::-1])
    style: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding / 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding / 2),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), header_background))
    style.extend(_mirror_command(cmd, ncols) for cmd in extra_style)
    return Table(
        data,
        colWidths=list(col_widths)[::-1],
        style=TableStyle(style),
        repeatRows=1 if header else 0,
        hAlign="RIGHT",
    )


def _mirror_col(col: int, ncols: int) -> int:
    return ncols - 1 - (col % ncols)


def _mirror_command(cmd: tuple, ncols: int) -> tuple:
    """Map a TableStyle command from logical to drawn columns: (c0, r0)-(c1, r1) → mirrored, reordered."""
    name, (c0, r0), (c1, r1), *args = cmd
    left, right = sorted((_mirror_col(c0, ncols), _mirror_col(c1, ncols)))
    name = {"LINEBEFORE": "LINEAFTER", "LINEAFTER": "LINEBEFORE"}.get(name, name)
    return (name, (left, r0), (right, r1), *args)
