"""The monthly announcement of the attendance schedule: which official sits in the center on which day
and hour, as a right-to-left table to post and send in advance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from reportlab.lib import colors
from reportlab.platypus import Spacer

from app.domain import jalali
from app.domain.attendance import format_hours
from reports.fonts import FONT
from reports.persian import RtlParagraph, rtl_table
from reports.tabular import Heading, build_document

COLUMNS = ("ردیف", "تاریخ", "روز", "ساعت", "مسئول", "سمت", "دستگاه")
WIDTHS = (30, 58, 48, 70, 86, 115, 116)  # 523 points: A4 portrait inside the margins
STRIPE = colors.HexColor("#F3F6F9")


class ScheduleEntry(Protocol):
    date: object
    start_time: object
    end_time: object
    official_name: str
    official_title: str
    agency_name: str


def schedule_rows(entries: Sequence[ScheduleEntry]) -> list[list[str]]:
    """The table's logical rows (header first), exactly as printed and exported."""
    rows = [list(COLUMNS)]
    for n, e in enumerate(entries, 1):
        rows.append(
            [
                str(n),
                jalali.format_jalali(e.date),
                jalali.weekday_name(e.date),
                format_hours(e.start_time, e.end_time),
                e.official_name,
                e.official_title,
                e.agency_name or "—",
            ]
        )
    return rows


def render_schedule(entries: Sequence[ScheduleEntry], heading: Heading, note: str = "") -> bytes:
    """PDF bytes of the announcement; entries in date order, cancelled slots already left out."""
    story = []
    if entries:
        stripes = [("BACKGROUND", (0, r), (-1, r), STRIPE) for r in range(2, len(entries) + 1, 2)]
        story.append(rtl_table(schedule_rows(entries), WIDTHS, size=9.5, extra_style=stripes))
    else:
        story.append(RtlParagraph("در این دوره نوبتی در برنامه نیست.", FONT, 11, align="center"))
    if note:
        story += [Spacer(1, 12), RtlParagraph(note, FONT, 10)]
    return build_document(heading, story)
