"""The session summary page: the hour's figures against its slot, then the calls answered and the orders
given, each with what became of it. `summary` is an app.services.schedule.session_summary.SessionSummary."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from app.domain.attendance import format_duration
from app.domain.status import STATUS_LABELS
from reports.fonts import FONT, FONT_BOLD
from reports.persian import RtlParagraph, persian_digits, rtl_table
from reports.tabular import Heading, build_document

ORDER_STATUS = {
    "draft": "پیش‌نویس (صادر نشده)",
    "issued": "صادرشده",
    "answered": "پاسخ داده شده",
    "rerouted": "ارجاع دوباره",
    "cancelled": "باطل‌شده",
}


def figures_table(summary) -> Flowable:
    slot = format_duration(summary.slot_minutes) if summary.slot_minutes is not None else "بی‌نوبت"
    rows = [
        ["شاخص", "مقدار"],
        ["مدت حضور در مرکز (ساعت:دقیقه)", format_duration(summary.minutes)],
        ["مدت نوبت برنامه", slot],
        ["تماس‌های پاسخ‌داده", persian_digits(len(summary.calls))],
        ["شهروندان", persian_digits(summary.callers)],
        ["راهنمایی و مختومه در همان تماس", persian_digits(summary.guided)],
        ["دستورهای ارجاع", persian_digits(len(summary.orders))],
        ["نامه‌های صادرشده", persian_digits(summary.letters_issued)],
    ]
    return rtl_table(rows, [230, 120], size=10)


def calls_table(summary) -> Flowable:
    rows = [["ردیف", "کد رهگیری", "شهروند", "موضوع", "وضعیت پرونده"]]
    for n, c in enumerate(summary.calls, 1):
        rows.append(
            [
                persian_digits(n),
                persian_digits(c.tracking_code),
                c.citizen_name,
                c.subject,
                STATUS_LABELS.get(c.case_status, c.case_status),
            ]
        )
    return rtl_table(rows, [30, 70, 110, 180, 125], size=8.5)


def orders_table(summary) -> Flowable:
    rows = [["ردیف", "کد رهگیری", "دستگاه", "شماره نامه", "وضعیت"]]
    for n, o in enumerate(summary.orders, 1):
        rows.append(
            [
                persian_digits(n),
                persian_digits(o.tracking_code),
                o.agency_name,
                persian_digits(o.letter_number) or "—",
                ORDER_STATUS.get(o.status, o.status),
            ]
        )
    return rtl_table(rows, [30, 70, 215, 100, 100], size=8.5)


def render_session_summary(summary, heading: Heading) -> bytes:
    story: list[Flowable] = [figures_table(summary), Spacer(1, 10)]
    story.append(RtlParagraph("تماس‌های جلسه", FONT_BOLD, 11.5, space_after=4))
    story.append(calls_table(summary) if summary.calls else RtlParagraph("تماسی ثبت نشد.", FONT, 10))
    story.append(Spacer(1, 10))
    story.append(RtlParagraph("دستورهای جلسه", FONT_BOLD, 11.5, space_after=4))
    story.append(orders_table(summary) if summary.orders else RtlParagraph("دستوری داده نشد.", FONT, 10))
    return build_document(heading, story)
