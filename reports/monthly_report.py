"""The monthly report to the governor, one PDF: the headline figures beside the previous month's, the charts
(calls per day, by request type, county, category and outcome) and the agency accountability table.

`render_monthly_report(monthly)` takes an app.services.reporting.monthly.MonthlyReport and returns PDF bytes.
"""

from __future__ import annotations

import dataclasses

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from app.domain import jalali
from app.domain.report import (
    PERCENT,
    PERSIAN_PERCENT,
    Headline,
    MonthlyReport,
    Report,
    fa_number,
    format_cell,
)
from reports.charts import bar_chart, column_chart, pie_chart
from reports.fonts import FONT, FONT_BOLD
from reports.persian import RtlParagraph, persian_digits, rtl_table
from reports.report_pdf import CELL_SIZE, frame_width, table_flowable
from reports.tabular import Heading, build_document

BETTER = colors.HexColor("#2E7D32")
WORSE = colors.HexColor("#C62828")
NEUTRAL = colors.HexColor("#444444")
SECTION = colors.HexColor("#1f3b57")
MONTHLY_AGENCY_COLUMNS = (
    "name",
    "received",
    "answered",
    "on_time_share",
    "average_days",
    "overdue",
    "satisfied",
)
# In the monthly report the figures stand at the period's end (as on page one), and satisfaction is that of
# the period's referrals, not of every call-back: the headings say so.
MONTHLY_AGENCY_TITLES = {"overdue": "گذشته از مهلت در پایان دوره", "satisfied": "رضایت از پاسخ ارجاع‌های دوره"}


def change_text(h: Headline) -> str:
    """«۲۵٫۰٪ بیشتر», «۳٫۰ واحد درصد کمتر», «بی‌تغییر» or «—» (nothing to compare with). Words, not signs:
    a leading «+» or «−» would be reordered to the far side of the number in right-to-left text."""
    change = h.change
    if change is None:
        return "—"
    if abs(change) < 0.0005:
        return "بی‌تغییر"
    direction = "بیشتر" if change > 0 else "کمتر"
    if h.kind == PERCENT:
        return f"{fa_number(abs(change) * 100, 1)} واحد درصد {direction}"
    return (
        f"{fa_number(abs(change) * 100, 1)}{PERSIAN_PERCENT} {direction}"  # one format for every percentage
    )


def change_colour(h: Headline):
    if h.change is None or h.higher_is_better is None or abs(h.change) < 0.0005:
        return NEUTRAL
    return BETTER if (h.change > 0) == h.higher_is_better else WORSE


def _value(value, kind: str) -> str:
    return format_cell(value, kind)


def headline_table(monthly: MonthlyReport, width: float) -> Flowable:
    label_w = width * 0.46
    rest = (width - label_w) / 3
    header = [
        RtlParagraph(text, FONT_BOLD, CELL_SIZE + 0.5, align=align)
        for text, align in (
            ("شاخص", "right"),
            (monthly.period.label, "center"),
            (monthly.previous.label, "center"),
            ("تغییر", "center"),
        )
    ]
    rows = [header]
    for h in monthly.headlines:
        rows.append(
            [
                RtlParagraph(h.label, FONT, CELL_SIZE + 0.5),
                RtlParagraph(_value(h.current, h.kind), FONT_BOLD, CELL_SIZE + 0.5, align="center"),
                RtlParagraph(_value(h.previous, h.kind), FONT, CELL_SIZE + 0.5, align="center"),
                RtlParagraph(change_text(h), FONT, CELL_SIZE + 0.5, align="center", color=change_colour(h)),
            ]
        )
    return rtl_table(rows, [label_w, rest, rest, rest], size=CELL_SIZE + 0.5)


def section(title: str) -> Flowable:
    return RtlParagraph(title, FONT_BOLD, 12.5, color=SECTION, space_before=10, space_after=4)


def _top(report: Report, n: int = 10) -> tuple[list[str], list[float]]:
    rows = [r for r in report.rows if r[1]][:n]
    return [r[0] for r in rows], [r[1] for r in rows]


def agency_table_report(monthly: MonthlyReport) -> Report:
    """The accountability table with the columns a portrait page holds."""
    source = monthly.agencies
    index = [source.index(key) for key in MONTHLY_AGENCY_COLUMNS]
    columns = [
        dataclasses.replace(source.columns[i], title=MONTHLY_AGENCY_TITLES.get(key, source.columns[i].title))
        for key, i in zip(MONTHLY_AGENCY_COLUMNS, index, strict=True)
    ]
    rows = [tuple(row[i] for i in index) for row in source.rows]
    total = tuple(source.total[i] for i in index) if source.total else None
    return Report(source.kind, source.title, source.period, columns, rows, total)


def story(monthly: MonthlyReport, width: float) -> list[Flowable]:
    out: list[Flowable] = [section("شاخص‌های اصلی"), headline_table(monthly, width)]
    out.append(
        RtlParagraph(
            "سبز: بهتر از دوره پیش؛ سرخ: بدتر. درصدها در ستون تغییر برای نسبت‌ها «واحد درصد» است.",
            FONT,
            8,
            color=NEUTRAL,
            space_before=3,
        )
    )
    day = monthly.per_day
    out += [
        section("تماس‌ها در هر روز"),
        column_chart(
            [jalali.format_jalali(r[0], "en")[8:] for r in day.rows], [r[2] for r in day.rows], width, 150
        ),
    ]
    labels, values = _top(monthly.by_type, 12)
    pie = pie_chart(labels, values, min(width, 480), 130)
    out += [CondPageBreak(170), section("تماس‌ها به تفکیک نوع درخواست"), pie]
    labels, values = _top(monthly.by_county)
    out += [KeepTogether([section("ده شهرستان با بیشترین تماس"), bar_chart(labels, values, width)])]
    labels, values = _top(monthly.by_category)
    out += [KeepTogether([section("ده موضوع پرتکرار"), bar_chart(labels, values, width)])]
    outcome_rows = [r for r in monthly.outcomes.rows if r[1]]
    out += [
        KeepTogether(
            [
                section("پرونده‌های این دوره به تفکیک نتیجه"),
                pie_chart([r[0] for r in outcome_rows], [r[1] for r in outcome_rows], min(width, 480), 130),
            ]
        )
    ]
    out += [CondPageBreak(200), section("عملکرد دستگاه‌ها در پاسخ به ارجاع‌ها")]
    agencies = agency_table_report(monthly)
    if agencies.rows:
        out.append(table_flowable(agencies, width))
    else:
        out.append(RtlParagraph("در این دوره نامه ارجاعی صادر نشده است.", FONT, 10))
    out.append(
        RtlParagraph(
            "ارجاع‌هایی که نامه‌شان در دوره صادر شده است، به وضعیت پایان دوره؛ بدترین عملکرد در بالا. سهم پاسخ در "
            "مهلت از ارجاع‌هایی است که مهلتشان رسیده است؛ جمع این جدول همان سهم و میانگین صفحه نخست است.",
            FONT,
            8,
            color=NEUTRAL,
            space_before=4,
        )
    )
    out += session_section(monthly, width)
    return out


def session_section(monthly: MonthlyReport, width: float) -> list[Flowable]:
    """The officials' sessions of the period and their notes (what each told the citizen and decided)."""
    if monthly.sessions is None:
        return []
    out: list[Flowable] = [CondPageBreak(160), section("جلسه‌های پاسخگویی مسئولان")]
    if not monthly.sessions.rows:
        out.append(RtlParagraph("در این دوره مسئولی در مرکز جلسه پاسخگویی نداشت.", FONT, 10))
        return out
    out.append(table_flowable(monthly.sessions, width))
    notes = monthly.official_notes
    if notes and notes.rows:
        out += [CondPageBreak(120), section("یادداشت‌های مسئولان: آنچه به شهروند گفتند و تصمیم گرفتند")]
        out.append(table_flowable(notes, width))
    return out


def subtitle(monthly: MonthlyReport) -> str:
    """«آبان ۱۴۰۵ (۳۰ روز)، در مقایسه با مهر ۱۴۰۵»; a period that is not a month is named by its days
    («در مقایسه با روزهای … تا …», never «در مقایسه با از … تا …»)."""
    previous = monthly.previous.label
    if not monthly.previous.jalali_month():
        previous = (
            f"روزهای {previous.removeprefix('از ')}" if previous.startswith("از ") else f"روز {previous}"
        )
    return f"{monthly.period.label} ({persian_digits(monthly.period.days)} روز)، در مقایسه با {previous}"


def render_monthly_report(monthly: MonthlyReport) -> bytes:
    title = "گزارش ماهانه مرکز ارتباطات مردمی به استاندار"
    if not monthly.period.jalali_month():
        title = "گزارش دوره‌ای مرکز ارتباطات مردمی به استاندار"
    heading = Heading(
        monthly.governorate_name,
        monthly.center_name,
        title,
        subtitle(monthly),
        jalali.format_jalali(monthly.made_at),
    )
    width = frame_width(False)
    return build_document(heading, story(monthly, width), title=title)
