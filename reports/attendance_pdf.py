"""The attendance and compliance report: per official and per agency, slots scheduled, attended, late,
absent, cancelled, hours in the center, calls handled, orders issued and the share of due slots attended."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import KeepTogether, Spacer

from app.domain.attendance import format_duration, format_percent
from reports.fonts import FONT, FONT_BOLD
from reports.persian import RtlParagraph, persian_digits, rtl_table
from reports.tabular import Heading, build_document

FIGURES = ("نوبت", "حاضر", "تأخیر", "غیبت", "لغو", "ساعت حضور", "تماس", "دستور", "درصد حضور")
FIGURE_WIDTHS = (36, 36, 36, 36, 32, 60, 38, 38, 56)
OFFICIAL_COLUMNS = ("ردیف", "مسئول", "سمت", "دستگاه", *FIGURES)
OFFICIAL_WIDTHS = (30, 100, 130, 138, *FIGURE_WIDTHS)  # 766 points: A4 landscape inside the margins
AGENCY_COLUMNS = ("ردیف", "دستگاه", "شمار مسئولان", *FIGURES)
AGENCY_WIDTHS = (30, 304, 64, *FIGURE_WIDTHS)
TOTAL_FILL = colors.HexColor("#E8EEF4")
LOW_FILL = colors.HexColor("#FDECEA")  # compliance under half
EXPLANATION = (
    "«نوبت» شمار نوبت‌های برنامه در دوره است، بی‌آنکه نوبت‌های لغوشده شمرده شوند؛ نوبتِ روزِ گذشته که "
    "ورودی برایش ثبت نشده، غیبت شمرده می‌شود. «ساعت حضور» جمع زمان جلسه‌های بسته‌شده است و «تماس» و «دستور» کارهای ثبت‌شده در "
    "همان جلسه‌ها. «درصد حضور» سهم نوبت‌های سررسیده است که مسئول در آن حاضر شد."
)


def figures(row) -> list[str]:
    return [persian_digits(v) for v in (row.scheduled, row.attended, row.late, row.absent, row.cancelled)] + [
        format_duration(row.minutes),
        persian_digits(row.calls),
        persian_digits(row.orders),
        format_percent(row.compliance),
    ]


def official_rows(report) -> list[list[str]]:
    rows = [list(OFFICIAL_COLUMNS)]
    for n, r in enumerate(report.officials, 1):
        rows.append([persian_digits(n), r.name, r.title, r.agency_name or "—", *figures(r)])
    rows.append(["", "جمع", "", "", *figures(report.total)])
    return rows


def agency_rows(report) -> list[list[str]]:
    rows = [list(AGENCY_COLUMNS)]
    for n, r in enumerate(report.agencies, 1):
        rows.append([persian_digits(n), r.name, persian_digits(r.officials), *figures(r)])
    rows.append(["", "جمع", persian_digits(report.total.officials), *figures(report.total)])
    return rows


def _styles(rows: list, items: list) -> list[tuple]:
    last = len(rows) - 1
    style = [("BACKGROUND", (0, last), (-1, last), TOTAL_FILL)]
    for i, item in enumerate(items, 1):
        if item.compliance is not None and item.compliance < 0.5:
            style.append(("BACKGROUND", (-1, i), (-1, i), LOW_FILL))
    return style


def render_attendance(report, heading: Heading) -> bytes:
    """PDF bytes of the report (landscape A4)."""
    story = [RtlParagraph("به تفکیک مسئول", FONT_BOLD, 12, space_after=4)]
    if report.officials:
        rows = official_rows(report)
        story.append(
            rtl_table(
                rows, OFFICIAL_WIDTHS, size=9, digits=False, extra_style=_styles(rows, report.officials)
            )
        )
        rows = agency_rows(report)
        story += [
            Spacer(1, 14),
            KeepTogether(
                [
                    RtlParagraph("به تفکیک دستگاه", FONT_BOLD, 12, space_after=4),
                    rtl_table(
                        rows, AGENCY_WIDTHS, size=9, digits=False, extra_style=_styles(rows, report.agencies)
                    ),
                ]
            ),
        ]
    else:
        story.append(RtlParagraph("در این دوره نوبت یا جلسه‌ای ثبت نشده است.", FONT, 11, align="center"))
    story += [Spacer(1, 10), RtlParagraph(EXPLANATION, FONT, 8.5, color=colors.HexColor("#555555"))]
    return build_document(heading, story, wide=True)
