"""A plain A4 document for tabular reports: a heading block on the first page, a running title on later
pages, and «صفحه ۱ از ۳» with the date it was made in the footer of every page. Invariant output."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from reports.fonts import FONT, FONT_BOLD, register_fonts
from reports.persian import RtlParagraph, persian_digits, visual

MARGIN = 36
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#1f3b57")


@dataclass(frozen=True)
class Heading:
    governorate: str  # «استانداری آذربایجان شرقی»
    center: str  # «مرکز ارتباطات مردمی (سامد ۱۱۱)»
    title: str  # the report's title, e.g. «برنامه حضور مسئولان — آذر ۱۴۰۵»
    subtitle: str = ""  # one line under the title (period, a note to readers)
    made_on: str = ""  # Jalali date it was made, printed in the footer


def heading_flowables(heading: Heading) -> list[Flowable]:
    story: list[Flowable] = [
        RtlParagraph(heading.governorate, FONT_BOLD, 13, align="center"),
        RtlParagraph(heading.center, FONT, 11, align="center", color=GREY),
        Spacer(1, 6),
        RtlParagraph(heading.title, FONT_BOLD, 15, align="center", color=RULE),
    ]
    if heading.subtitle:
        story.append(RtlParagraph(heading.subtitle, FONT, 10, align="center", color=GREY))
    story.append(Spacer(1, 10))
    return story


def _numbered_canvas(heading: Heading) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps each page until the end so the footer can say how many pages there are."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width, height = self._pagesize
            self.setStrokeColor(RULE)
            self.setLineWidth(0.6)
            self.line(MARGIN, 30, width - MARGIN, 30)
            self.setFont(FONT, 8.5)
            self.setFillColor(GREY)
            self.drawRightString(
                width - MARGIN, 18, visual(f"صفحه {persian_digits(number)} از {persian_digits(total)}")
            )
            left = f"{heading.center} — تهیه‌شده در {heading.made_on}" if heading.made_on else heading.center
            self.drawString(MARGIN, 18, visual(left))
            if number > 1:
                self.drawRightString(width - MARGIN, height - 24, visual(heading.title))

    return NumberedCanvas


def build_document(
    heading: Heading, story: Sequence[Flowable], *, wide: bool = False, title: str = ""
) -> bytes:
    """Lay out the heading and the story on A4 (landscape when wide) and return the PDF bytes."""
    register_fonts()
    pagesize = landscape(A4) if wide else A4
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=40,
        bottomMargin=42,
        invariant=1,
        title=title or heading.title,
        author=heading.governorate,
        creator="Samad Desk",
    )
    frame = Frame(
        MARGIN,
        42,
        pagesize[0] - 2 * MARGIN,
        pagesize[1] - 82,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build([*heading_flowables(heading), *story], canvasmaker=_numbered_canvas(heading))
    return buffer.getvalue()
