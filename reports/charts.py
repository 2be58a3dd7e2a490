"""Charts for report PDFs, drawn with reportlab.graphics and laid out right to left.

- `bar_chart`: horizontal bars, labels at the right, bars growing leftwards, the value past each bar's end.
- `column_chart`: vertical columns in order (days, hours), the first at the RIGHT, the value axis at the right.
- `pie_chart`: a pie with its legend at the right (colour swatch, then the label, share and count).
Every label is shaped with reports.persian.visual and every number is written with Persian digits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from app.domain.report import PERSIAN_PERCENT, fa_number
from reports.fonts import FONT, FONT_BOLD, register_fonts
from reports.persian import persian_digits, text_width, visual

PALETTE = [
    colors.HexColor(c)
    for c in (
        "#2F6690",
        "#3A7D44",
        "#D1495B",
        "#EDAE49",
        "#00798C",
        "#7E5A9B",
        "#8C5E3C",
        "#5C6B7A",
        "#66A182",
        "#C06C84",
        "#F08A4B",
        "#4C5B5C",
    )
]
BAR = colors.HexColor("#2F6690")
GRID = colors.HexColor("#D5DDE5")
INK = colors.HexColor("#222222")
MUTED = colors.HexColor("#5C6B7A")
SIZE = 8


def _fit(text: str, width: float, font: str = FONT, size: float = SIZE) -> str:
    """The logical text, cut with «…» so that it fits `width` once shaped."""
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _title(d: Drawing, title: str, width: float, y: float) -> None:
    if title:
        d.add(
            String(
                width,
                y,
                visual(title, FONT_BOLD),
                fontName=FONT_BOLD,
                fontSize=10,
                textAnchor="end",
                fillColor=INK,
            )
        )


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 × 10^k) that divides 0..top into about `ticks` parts."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * power:
            return max(1, m * power) if top >= ticks else m * power
    return 10 * power


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    width: float,
    title: str = "",
    bar_height: float = 13,
    gap: float = 5,
) -> Drawing:
    register_fonts()
    top_space = 22 if title else 4
    height = top_space + len(labels) * (bar_height + gap) + 4
    d = Drawing(width, height)
    _title(d, title, width, height - 13)
    longest = max((text_width(label, FONT, SIZE) for label in labels), default=0)
    label_w = min(width * 0.4, longest + 4)
    value_w = max((text_width(fa_number(v), FONT, SIZE) for v in values), default=0) + 8
    right = width - label_w - 6
    span = max(right - value_w, 10)
    peak = max(values, default=0) or 1
    y = height - top_space - bar_height
    for label, value in zip(labels, values, strict=True):
        d.add(
            String(
                width,
                y + 3,
                visual(_fit(label, label_w)),
                fontName=FONT,
                fontSize=SIZE,
                textAnchor="end",
                fillColor=INK,
            )
        )
        length = span * value / peak
        d.add(Rect(right - length, y, length, bar_height, fillColor=BAR, strokeColor=None))
        d.add(
            String(
                right - length - 3,
                y + 3,
                fa_number(value),
                fontName=FONT,
                fontSize=SIZE,
                textAnchor="end",
                fillColor=MUTED,
            )
        )
        y -= bar_height + gap
    d.add(Line(right, 2, right, height - top_space + 2, strokeColor=MUTED, strokeWidth=0.6))
    return d


def column_chart(
    labels: Sequence[str],
    values: Sequence[float],
    width: float,
    height: float = 150,
    title: str = "",
    every: int | None = None,
) -> Drawing:
    """Columns in order from right to left; every `every`-th label is written (all when they fit)."""
    register_fonts()
    d = Drawing(width, height)
    top_space = 22 if title else 6
    _title(d, title, width, height - 13)
    peak = max(values, default=0)
    step = nice_step(peak)
    if all(float(v).is_integer() for v in values):
        step = max(1, step)  # counts: no half calls on the axis
    top = step * max(1, math.ceil(peak / step)) if peak else step
    axis_w = max(text_width(fa_number(top), FONT, SIZE), 10) + 6
    bottom, plot_top = 16, height - top_space
    right = width - axis_w
    plot_h = plot_top - bottom
    n = max(len(values), 1)
    slot = right / n
    tick = 0.0
    while tick <= top + 1e-9:
        y = bottom + plot_h * tick / top
        d.add(Line(0, y, right, y, strokeColor=GRID, strokeWidth=0.5))
        d.add(
            String(
                width, y - 3, fa_number(tick), fontName=FONT, fontSize=SIZE, textAnchor="end", fillColor=MUTED
            )
        )
        tick += step
    longest = max((text_width(persian_digits(label), FONT, SIZE) for label in labels), default=0)
    every = every or max(1, math.ceil((longest + 4) / slot))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = right - (i + 1) * slot
        h = plot_h * value / top
        d.add(Rect(x + slot * 0.15, bottom, slot * 0.7, h, fillColor=BAR, strokeColor=None))
        if i % every == 0:
            d.add(
                String(
                    x + slot / 2,
                    4,
                    visual(persian_digits(label)),
                    fontName=FONT,
                    fontSize=SIZE,
                    textAnchor="middle",
                    fillColor=INK,
                )
            )
    d.add(Line(0, bottom, right, bottom, strokeColor=MUTED, strokeWidth=0.6))
    return d


def pie_chart(
    labels: Sequence[str], values: Sequence[float], width: float, height: float = 150, title: str = ""
) -> Drawing:
    register_fonts()
    d = Drawing(width, height)
    top_space = 22 if title else 4
    _title(d, title, width, height - 13)
    total = sum(values)
    size = min(height - top_space - 8, width * 0.4)
    if total > 0:
        pie = Pie()
        pie.x, pie.y, pie.width, pie.height = 6, (height - top_space - size) / 2, size, size
        pie.data = list(values)
        pie.labels = None
        pie.direction = "anticlockwise"  # right to left from the top
        pie.startAngle = 90
        pie.slices.strokeColor = colors.white
        pie.slices.strokeWidth = 0.8
        for i in range(len(values)):
            pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
        d.add(pie)
    legend_w = width - size - 24
    row = 14
    y = height - top_space - row
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        if y < 0:
            break
        d.add(Rect(width - 10, y, 9, 9, fillColor=PALETTE[i % len(PALETTE)], strokeColor=None))
        pct = fa_number(100 * value / total, 1) + PERSIAN_PERCENT if total else ""
        text = f"{_fit(label, legend_w * 0.62)}: {pct} ({fa_number(value)})"
        d.add(
            String(
                width - 14, y + 1, visual(text), fontName=FONT, fontSize=SIZE, textAnchor="end", fillColor=INK
            )
        )
        y -= row
    return d


def chart_drawing(chart, width: float, height: float = 160) -> Drawing:
    """The Drawing for an app.domain.report.Chart."""
    if chart.kind == "pie":
        return pie_chart(chart.labels, chart.values, width, height, chart.title)
    if chart.kind == "column":
        return column_chart(chart.labels, chart.values, width, height, chart.title)
    return bar_chart(chart.labels, chart.values, width, chart.title)
