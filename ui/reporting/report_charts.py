"""QtCharts for the dashboard and the reports screen, laid out right to left with Persian digits.

- `column_chart`: vertical columns in order (days, hours): the FIRST item at the RIGHT, the value axis at the right.
- `bar_chart`: ranked horizontal bars: the largest at the top, labels at the right, bars growing leftwards.
- `pie_chart`: slices running anticlockwise from the top, the legend at the right.
Numbers are localised to Persian (QChart.setLocalizeNumbers with the fa_IR locale); labels are handed to Qt
as logical text (Qt shapes and orders Persian itself).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from app.domain.text import to_persian_digits
from ui import formatting
from ui.theme import FONT_FAMILY, PERSIAN

PALETTE = (
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
BAR = QColor("#2F6690")
LIGHT_BAR = QColor("#8DB3D6")  # horizontal bars carry their value in dark text at their far (left) end
LABEL_CHARS = 28


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(10.5, bold=True))
    chart.setLocale(PERSIAN)
    chart.setLocalizeNumbers(True)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setVisible(False)
    return chart


def short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _value_axis(peak: float) -> QValueAxis:
    axis = QValueAxis()
    top = max(1.0, float(peak))
    step = 10 ** math.floor(math.log10(top)) if top >= 10 else 1
    while top / step > 6:
        step *= 2 if str(step)[0] == "1" else 2.5
    axis.setRange(0, math.ceil(top / step) * step)
    axis.setTickCount(int(math.ceil(top / step)) + 1)
    axis.setLabelFormat("%.0f")  # "%d" prints nothing once numbers are localised
    axis.setLabelsFont(_font(8))
    axis.setGridLineColor(QColor("#D5DDE5"))
    return axis


def column_chart(labels: Sequence[str], values: Sequence[float], title: str = "") -> QChart:
    """Columns in order with the first at the right (time runs right to left)."""
    chart = _chart(title)
    bars = QBarSet(title or "")
    bars.setColor(BAR)
    bars.append([float(v) for v in reversed(values)])
    series = QBarSeries()
    series.setBarWidth(0.75)
    series.append(bars)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([to_persian_digits(label) for label in reversed(labels)])
    categories.setLabelsFont(_font(7.5))
    categories.setTruncateLabels(False)
    if len(labels) > 16:
        categories.setLabelsAngle(-90)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    values_axis = _value_axis(max(values, default=0))
    chart.addAxis(values_axis, Qt.AlignmentFlag.AlignRight)
    series.attachAxis(categories)
    series.attachAxis(values_axis)
    return chart


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str = "") -> QChart:
    """Ranked bars: the first (largest) at the top, labels at the right, bars growing from right to left."""
    chart = _chart(title)
    bars = QBarSet(title or "")
    bars.setColor(LIGHT_BAR)
    bars.setBorderColor(LIGHT_BAR)
    bars.append([float(v) for v in reversed(values)])
    bars.setLabelColor(QColor("#1F2A36"))
    bars.setLabelFont(_font(8))
    series = QHorizontalBarSeries()
    series.setBarWidth(0.7)
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    # With the value axis reversed (bars grow leftwards) Qt's "base" is the bar's far, left end.
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsInsideBase)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append(_unique([short(label) for label in reversed(labels)]))
    categories.setLabelsFont(_font(8))
    categories.setTruncateLabels(False)
    categories.setGridLineVisible(False)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignRight)
    values_axis = _value_axis(max(values, default=0) * 1.15)
    values_axis.setReverse(True)
    chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    series.attachAxis(values_axis)
    return chart


def _unique(labels: list[str]) -> list[str]:
    """Category axes need distinct labels: a repeated (shortened) one gets a zero-width marker."""
    seen: set[str] = set()
    out = []
    for label in labels:
        while label in seen:
            label += "\u200c"
        seen.add(label)
        out.append(label)
    return out


def pie_chart(labels: Sequence[str], values: Sequence[float], title: str = "") -> QChart:
    chart = _chart(title)
    series = QPieSeries()
    series.setPieStartAngle(0)
    series.setPieEndAngle(-360)  # anticlockwise: right to left from the top
    total = sum(values) or 1
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        percent = PERSIAN.toString(100 * value / total, "f", 1) + "٪"
        piece = series.append(
            f"{short(label, 22)}: {percent} ({formatting.number(int(value))})", float(value)
        )
        piece.setColor(QColor(PALETTE[i % len(PALETTE)]))
        piece.setBorderColor(QColor("white"))
    chart.addSeries(series)
    legend = chart.legend()
    legend.setVisible(True)
    legend.setAlignment(Qt.AlignmentFlag.AlignRight)
    legend.setFont(_font(8.5))
    return chart


def make_chart(kind: str, labels: Sequence[str], values: Sequence[float], title: str = "") -> QChart:
    if kind == "pie":
        return pie_chart(labels, values, title)
    if kind == "column":
        return column_chart(labels, values, title)
    return bar_chart(labels, values, title)


class ChartView(QChartView):
    """A chart view that can be given a new chart (the old one is deleted)."""

    def __init__(self, chart: QChart | None = None, parent=None):
        super().__init__(chart or _chart(""), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)

    def replace(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
