"""The agency accountability report as a landscape A4 table, worst agency first, with the definitions
under it so a reader knows what each figure means."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Spacer

from reports.fonts import FONT
from reports.persian import RtlParagraph, persian_digits, rtl_table
from reports.tabular import Heading, build_document

COLUMNS = (
    "ردیف",
    "دستگاه",
    "ارجاع",
    "پاسخ",
    "به‌موقع",
    "درصد به‌موقع",
    "میانه روز",
    "میانگین روز",
    "گذشته از مهلت",
    "تذکر",
    "بازرسی",
    "تماس با رأی",
    "درصد رضایت",
)
WIDTHS = (28, 190, 44, 44, 50, 50, 50, 52, 56, 40, 52, 56, 52)  # 764 points: A4 landscape inside the margins
TOTAL_FILL = colors.HexColor("#E8EEF4")
LOW_FILL = colors.HexColor("#FDECEA")
EXPLANATION = (
    "ارجاع‌های دوره آن‌هایی است که نامه‌شان در روزهای دوره صادر شده است (پیش‌نویس و ارجاع باطل‌شده شمرده نمی‌شود). "
    "«پاسخ» روزی است که مرکز پاسخ دستگاه را دریافت و ثبت کرد؛ پاسخ «خارج از وظایف» هم پاسخ شمرده می‌شود. "
    "«به‌موقع» یعنی پاسخ تا مهلت نخست (پیش از تمدید با تذکر)؛ درصد آن از ارجاع‌هایی است که مهلت‌شان رسیده یا پاسخ گرفته‌اند. "
    "«روز» فاصله تقویمی روز صدور تا روز پاسخ است. «گذشته از مهلت» ارجاع‌های بی‌پاسخی است که تا امروز مهلتشان گذشته است. "
    "«درصد رضایت» از ارجاع‌هایی است که پس از پاسخشان با شهروند تماس گرفته و رأی او ثبت شده است."
)


def _pct(value) -> str:
    return "—" if value is None else persian_digits(f"{value * 100:.0f}٪")


def _days(value) -> str:
    return "—" if value is None else persian_digits(f"{value:.1f}".removesuffix(".0").replace(".", "٫"))


def figures(f) -> list[str]:
    return [
        persian_digits(f.received),
        persian_digits(f.answered),
        persian_digits(f.on_time),
        _pct(f.on_time_pct),
        _days(f.median_days),
        _days(f.average_days),
        persian_digits(f.overdue_now),
        persian_digits(f.reminders),
        persian_digits(f.escalations),
        persian_digits(f.rated),
        _pct(f.satisfied_pct),
    ]


def table_rows(report) -> list[list[str]]:
    rows = [list(COLUMNS)]
    for n, f in enumerate(report.agencies, 1):
        rows.append([persian_digits(n), f.agency_name, *figures(f)])
    rows.append(["", report.total.agency_name, *figures(report.total)])
    return rows


def _styles(report, rows) -> list[tuple]:
    last = len(rows) - 1
    style = [("BACKGROUND", (0, last), (-1, last), TOTAL_FILL)]
    for i, f in enumerate(report.agencies, 1):
        if f.on_time_pct is not None and f.on_time_pct < 0.5:
            style.append(("BACKGROUND", (5, i), (5, i), LOW_FILL))
        if f.overdue_now:
            style.append(("BACKGROUND", (8, i), (8, i), LOW_FILL))
    return style


def render_accountability(report, heading: Heading) -> bytes:
    """PDF bytes of the report (landscape A4, invariant)."""
    story = []
    if report.agencies:
        rows = table_rows(report)
        story.append(rtl_table(rows, WIDTHS, size=8.5, digits=False, extra_style=_styles(report, rows)))
    else:
        story.append(RtlParagraph("در این دوره ارجاعی صادر نشده است.", FONT, 11, align="center"))
    story += [Spacer(1, 10), RtlParagraph(EXPLANATION, FONT, 8.5, color=colors.HexColor("#555555"))]
    return build_document(heading, story, wide=True)
