"""A report (app.domain.report.Report) as a PDF: the heading (reports.tabular), the charts, then
the right-to-left table and the notes.

`render_report(report, heading)` returns PDF bytes. Numbers are written with Persian digits and dates in
Jalali; the total row is bold on grey. Wide tables turn the page to landscape.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.domain.report import TEXT, Report, format_cell
from reports.charts import chart_drawing
from reports.fonts import FONT, FONT_BOLD
from reports.persian import RtlParagraph, persian_digits, rtl_table, text_width
from reports.tabular import MARGIN, Heading, build_document

TOTAL_GREY = colors.HexColor("#EEF1F4")
CELL_SIZE = 8.5
CHART_WIDTH = 515  # bars and pies no wider than a portrait page, even on a landscape one


def column_widths(report: Report, width: float) -> list[float]:
    """Numbers get what their widest cell or title needs; text columns share the rest."""
    widths: list[float | None] = []
    rows = [*report.rows, *([report.total] if report.total else [])]
    for i, column in enumerate(report.columns):
        if column.kind == TEXT:
            widths.append(None)
            continue
        cells = [format_cell(row[i], column.kind) for row in rows]
        need = max([text_width(c, FONT, CELL_SIZE) for c in cells] + [40]) + 12
        title_need = text_width(column.title, FONT_BOLD, CELL_SIZE) / 2 + 12  # titles may wrap to two lines
        widths.append(min(max(need, title_need, 46), 90))
    fixed = sum(w for w in widths if w)
    text_columns = [i for i, w in enumerate(widths) if w is None]
    rest = max(width - fixed, 60 * len(text_columns))
    needs = {
        i: max(
            [text_width(str(row[i] or ""), FONT, CELL_SIZE) for row in rows]
            + [text_width(report.columns[i].title, FONT_BOLD, CELL_SIZE)]
        )
        + 14
        for i in text_columns
    }
    out = [float(w) if w else 0.0 for w in widths]
    if text_columns and sum(needs.values()) >= rest:  # text columns share what is left, by what they need
        for i in text_columns:
            out[i] = rest * needs[i] / sum(needs.values())
    else:  # everything fits: text columns get what they need, the spare is spread over every column
        for i in text_columns:
            out[i] = needs[i]
        spare = width - sum(out)
        out = [w + spare / len(out) for w in out]
    scale = min(1.0, width / sum(out))
    return [w * scale for w in out]


def is_wide(report: Report) -> bool:
    return len(report.columns) > 7


def table_flowable(report: Report, width: float) -> Flowable:
    header = [RtlParagraph(c.title, FONT_BOLD, CELL_SIZE, align="center") for c in report.columns]
    body = []
    for row in [*report.rows, *([report.total] if report.total else [])]:
        cells = []
        for value, column in zip(row, report.columns, strict=True):
            align = "right" if column.kind == TEXT else "center"
            cells.append(
                RtlParagraph(persian_digits(format_cell(value, column.kind)), FONT, CELL_SIZE, align=align)
            )
        body.append(cells)
    style = []
    if report.total:
        last = len(body)
        style.append(("BACKGROUND", (0, last), (-1, last), TOTAL_GREY))
        for cell in body[-1]:
            cell.font = FONT_BOLD
    return rtl_table([header, *body], column_widths(report, width), size=CELL_SIZE, extra_style=style)


def period_line(report: Report) -> str:
    """«دوره: آبان ۱۴۰۵ (۳۰ روز)» or «دوره: از ۱۴۰۵/۰۱/۰۱ تا ۱۴۰۵/۰۱/۱۵ (۱۵ روز)»."""
    return f"دوره: {report.period.label} ({persian_digits(report.period.days)} روز)"


def frame_width(wide: bool) -> float:
    return (landscape(A4) if wide else A4)[0] - 2 * MARGIN


def report_story(report: Report, width: float) -> list[Flowable]:
    """Charts, table and notes (the title and period are in the heading)."""
    story: list[Flowable] = []
    for chart in report.charts:
        if chart.empty:
            continue
        drawing = chart_drawing(chart, min(width, CHART_WIDTH if chart.kind != "column" else width))
        drawing.hAlign = "RIGHT"
        story += [KeepTogether([drawing]), Spacer(1, 10)]
    if report.rows:
        story.append(table_flowable(report, width))
    else:
        story.append(RtlParagraph("در این دوره چیزی برای گزارش نیست.", FONT, 11))
    for note in report.notes:
        story.append(RtlParagraph(note, FONT, 8.5, space_before=6, color=colors.HexColor("#5C6B7A")))
    return story


def render_report(report: Report, heading: Heading) -> bytes:
    wide = is_wide(report)
    return build_document(heading, report_story(report, frame_width(wide)), wide=wide, title=report.title)
