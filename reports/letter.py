"""The A4 referral letter, drawn only from the content frozen when the letter was issued.

`render_letter(content, logo=..., cancellation=...)` returns PDF bytes. reportlab runs in invariant
mode, so the same content (and logo) always gives the same bytes: printing a letter again reproduces it.

The content is a dict of strings (see `app.services.letters.letter_content.build_content`):
number, date, attachments, governorate_name, center_name, priority ("normal"/"urgent"),
priority_label, recipient, subject, reference_lines (list), greeting, body (paragraphs separated by
newlines), signer_name, signer_title, cc (list of {"name", "purpose"}), tracking_code (ASCII digits).
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import NamedTuple

from bidi.algorithm import get_display
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer

from app.domain.letters import UNISSUED_NUMBER
from app.domain.text import display_digits, to_persian_digits
from reports.fonts import FONT, FONT_BOLD, FONT_MEDIUM, register_fonts
from reports.persian import (
    RtlParagraph,
    baseline_offset,
    persian_digits,
    shape,
    visual,
    wrap_logical,
)
from reports.qr import draw_qr

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 56  # about 2 cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
FIRST_TOP = PAGE_HEIGHT - 150  # where the text starts below the letterhead
LATER_TOP = PAGE_HEIGHT - 72
BOTTOM = 98  # above the footer
INK = colors.HexColor("#111111")
RULE = colors.HexColor("#555555")
CANCEL_RED = colors.HexColor("#C62828")
BODY_SIZE, BODY_LEADING = 11.5, 21
SIGNATURE_KEEPS_LINES = 2  # body lines that always stand with the signature

# Bidi overrides and isolates in stored text would upset the layout (python-bidi rejects isolates);
# the services refuse them on input, and the letter drops any that slipped through.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LRE, PDF_MARK = "\u202a", "\u202c"


class Cancellation(NamedTuple):
    """Printed on every page of a cancelled letter."""

    date: str  # Jalali
    reason: str


# Digit groups joined by - / . : (account numbers, codes, dates) read left to right, as typed.
_IDENTIFIER = re.compile(r"[0-9۰-۹]+(?:[-/.:][0-9۰-۹]+)+")


def clean(text: object) -> str:
    """Stored text made safe to lay out: Persian digits, no control or bidi-override characters, and
    identifiers such as «۱۲۳۴۵-۶۷۸» kept in their typed order inside right-to-left text."""
    text = display_digits(_CONTROL.sub("", _BIDI_CONTROLS.sub("", str(text or ""))))
    return _IDENTIFIER.sub(lambda m: f"{LRE}{m.group()}{PDF_MARK}", text)


def ltr(value: str) -> str:
    """An identifier (letter number, date) that must read left to right inside Persian text."""
    return f"{LRE}{_BIDI_CONTROLS.sub('', clean(value))}{PDF_MARK}"


def visual_ltr(text: str, font: str = FONT) -> str:
    """A left-to-right value (number, date) in visual order, shaped in case it holds Persian letters."""
    return get_display(shape(text, font), base_dir="L")


# --- flowables ------------------------------------------------------------------------------------


class JustifiedParagraph(RtlParagraph):
    """An RtlParagraph whose wrapped lines fill the width (spaces stretched), as official letters are set;
    the last line of each paragraph stays right-aligned."""

    continues = False  # the paragraph goes on after this part: its last line is justified too

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.__class__ = JustifiedParagraph
        if len(parts) > 1:
            parts[0].continues = True
            parts[-1].continues = self.continues
        return parts

    def line_count(self, width: float) -> int:
        return len(self._wrap_lines(width))

    def split_last_lines(
        self, width: float, count: int
    ) -> tuple[JustifiedParagraph | None, JustifiedParagraph]:
        """The paragraph as (head, tail) where the tail holds its last `count` lines at `width`, so the tail
        can be kept with what follows; head is None when the paragraph has no more lines than that."""
        lines = self._wrap_lines(width)
        if len(lines) <= count:
            return None, self
        head = self._part(lines[:-count], width, first=True, last=False)
        tail = self._part(lines[-count:], width, first=False, last=True)
        head.__class__ = tail.__class__ = JustifiedParagraph
        head.continues = True
        return head, tail

    def draw(self):
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(self.color)
        drop = baseline_offset(self.size, self.leading)
        last = len(self._lines) - 1
        for i, line in enumerate(self._lines):
            y = self.height - i * self.leading - drop
            text = visual(line.text, self.font)
            words = text.split(" ")
            ends_paragraph = line.joiner != " " and not (i == last and self.continues)
            if ends_paragraph or len(words) < 2:
                canvas.drawRightString(self.width, y, text)
                continue
            widths = [stringWidth(w, self.font, self.size) for w in words]
            gap = (self.width - sum(widths)) / (len(words) - 1)
            if gap > 4 * stringWidth(" ", self.font, self.size):  # too loose: leave it ragged
                canvas.drawRightString(self.width, y, text)
                continue
            x = 0.0
            for word, width in zip(words, widths, strict=True):
                canvas.drawString(x, y, word)
                x += width + gap


class SignatureBlock(Flowable):
    """Room to sign, then the signer's name and title, centred in a box at the left of the page."""

    def __init__(self, name: str, title: str, width: float = 230, room: float = 46):
        super().__init__()
        self.name, self.title = name, title
        self.box_width, self.room = width, room
        self.hAlign = "LEFT"
        self._title_lines: list[str] = []

    def wrap(self, availWidth, availHeight):
        self._title_lines = wrap_logical(self.title, FONT_MEDIUM, 10.5, self.box_width)
        self.width = self.box_width
        self.height = self.room + 22 + 18 * len(self._title_lines)
        return self.width, self.height

    def draw(self):
        canvas, middle = self.canv, self.box_width / 2
        canvas.setFillColor(INK)
        y = self.height - self.room - 16
        canvas.setFont(FONT_BOLD, 12)
        canvas.drawCentredString(middle, y, visual(self.name, FONT_BOLD))
        canvas.setFont(FONT_MEDIUM, 10.5)
        for line in self._title_lines:
            y -= 18
            canvas.drawCentredString(middle, y, visual(line, FONT_MEDIUM))


class Rule(Flowable):
    def __init__(self, width_share: float = 1.0, space: float = 6):
        super().__init__()
        self.share, self.space = width_share, space

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = 2 * self.space
        return self.width, self.height

    def draw(self):
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.4)
        self.canv.line(self.width * (1 - self.share), self.space, self.width, self.space)


# --- pages ----------------------------------------------------------------------------------------


def _draw_lines_right(
    canvas: Canvas, text: str, x_right: float, y: float, width: float, font: str, size: float, leading: float
) -> float:
    canvas.setFont(font, size)
    for line in wrap_logical(text, font, size, width):
        canvas.drawRightString(x_right, y, visual(line, font))
        y -= leading
    return y


def _letterhead(canvas: Canvas, content: dict, logo: bytes | None) -> None:
    top = PAGE_HEIGHT - 40
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawCentredString(PAGE_WIDTH / 2, top, visual("بسمه تعالی", FONT_BOLD))
    if logo:
        image = ImageReader(BytesIO(logo))
        canvas.drawImage(
            image,
            PAGE_WIDTH / 2 - 30,
            top - 78,
            width=60,
            height=60,
            preserveAspectRatio=True,
            anchor="c",
            mask="auto",
        )
    # The organisation at the right.
    right = PAGE_WIDTH - MARGIN
    y = _draw_lines_right(canvas, clean(content["governorate_name"]), right, top - 28, 190, FONT_BOLD, 13, 19)
    _draw_lines_right(canvas, clean(content["center_name"]), right, y - 2, 190, FONT_MEDIUM, 10.5, 16)
    # شماره / تاریخ / پیوست at the left: labels in a column, values to their left, read left to right.
    label_right = MARGIN + 168
    rows = (("شماره:", content["number"]), ("تاریخ:", content["date"]), ("پیوست:", content["attachments"]))
    y = top - 26
    for label, value in rows:
        canvas.setFont(FONT_MEDIUM, 10.5)
        canvas.drawRightString(label_right, y, visual(label, FONT_MEDIUM))
        canvas.setFont(FONT, 10.5)
        # «۲ مورد» reads right to left; letters issued before the count (no "attachment_names") are
        # reprinted exactly as they were drawn then
        words = (label == "پیوست:" and "attachment_names" in content) or value == UNISSUED_NUMBER
        text = visual(clean(value), FONT) if words else visual_ltr(_BIDI_CONTROLS.sub("", clean(value)))
        canvas.drawRightString(label_right - 38, y, text)
        y -= 19
    if content.get("priority") == "urgent":
        canvas.setFillColor(CANCEL_RED)
        canvas.setFont(FONT_BOLD, 13)
        canvas.drawRightString(
            label_right, y - 4, visual(clean(content.get("priority_label") or "فوری"), FONT_BOLD)
        )
        canvas.setFillColor(INK)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, PAGE_HEIGHT - 138, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 138)


def _continuation_head(canvas: Canvas, content: dict) -> None:
    canvas.setFillColor(INK)
    number = content["number"] if content["number"] == UNISSUED_NUMBER else ltr(content["number"])
    text = f"ادامه نامه شماره {number} مورخ {ltr(content['date'])}"
    canvas.setFont(FONT_MEDIUM, 10)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 48, visual(text, FONT_MEDIUM))
    canvas.setFont(FONT, 9.5)
    canvas.drawString(MARGIN, PAGE_HEIGHT - 48, visual(clean(content["governorate_name"])))
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, PAGE_HEIGHT - 58, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 58)


def _footer(canvas: Canvas, content: dict, page: int, total: int, cancellation: Cancellation | None) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, 86, PAGE_WIDTH - MARGIN, 86)
    code = content.get("tracking_code") or ""
    if code:
        draw_qr(canvas, code, MARGIN - 6, 18, 64)
        canvas.setFillColor(INK)
        canvas.setFont(FONT, 9)
        caption = f"کد رهگیری: {clean(code)}"
        canvas.drawString(MARGIN + 62, 48, visual(caption))
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN + 62, 34, visual("پیگیری در سامد ۱۱۱"))
    canvas.setFillColor(INK)
    canvas.setFont(FONT, 9.5)
    canvas.drawCentredString(
        PAGE_WIDTH / 2, 48, visual(f"صفحه {persian_digits(page)} از {persian_digits(total)}")
    )
    canvas.setFont(FONT, 8.5)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, 48, visual(clean(content["center_name"])))
    if cancellation:
        _cancel_mark(canvas, cancellation)
    if content["number"] == UNISSUED_NUMBER:
        _unissued_mark(canvas)
    canvas.restoreState()


def _unissued_mark(canvas: Canvas) -> None:
    """A preview is not a letter: it says so across the page, so a printed preview is never taken for one."""
    canvas.saveState()
    canvas.setFillColor(colors.grey)
    canvas.setFillAlpha(0.18)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(35)
    canvas.setFont(FONT_BOLD, 90)
    canvas.drawCentredString(0, -30, visual("پیش‌نمایش", FONT_BOLD))
    canvas.restoreState()


def _cancel_mark(canvas: Canvas, cancellation: Cancellation) -> None:
    canvas.saveState()
    canvas.setFillColor(CANCEL_RED)
    canvas.setFillAlpha(0.22)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(35)
    canvas.setFont(FONT_BOLD, 110)
    canvas.drawCentredString(0, -30, visual("باطل شد", FONT_BOLD))
    canvas.restoreState()
    canvas.setFillColor(CANCEL_RED)
    note = f"این نامه در تاریخ {ltr(cancellation.date)} باطل شد. علت: {clean(cancellation.reason)}"
    _draw_lines_right(canvas, note, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 20, TEXT_WIDTH, FONT_BOLD, 9, 13)


def _canvas_class(content: dict, cancellation: Cancellation | None) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each footer can say «صفحه ۱ از ۲»."""

    class LetterCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held)
            for page, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                _footer(self, content, page, total, cancellation)
                Canvas.showPage(self)
            Canvas.save(self)

    return LetterCanvas


# --- the story ------------------------------------------------------------------------------------


def _story(content: dict) -> list[Flowable]:
    story: list[Flowable] = [
        RtlParagraph(clean(content["recipient"]), FONT_BOLD, 12.5, leading=22, space_after=2),
        RtlParagraph("موضوع: " + clean(content["subject"]), FONT_BOLD, 11.5, leading=20, space_after=2),
    ]
    for line in content.get("reference_lines") or ():
        story.append(RtlParagraph(clean(line), FONT_MEDIUM, 10.5, leading=18))
    story.append(Spacer(1, 6))
    story.append(
        RtlParagraph(
            clean(content.get("greeting") or "با سلام و احترام"),
            FONT,
            BODY_SIZE,
            leading=BODY_LEADING,
            space_after=4,
        )
    )
    body = [
        JustifiedParagraph(paragraph, FONT, BODY_SIZE, leading=BODY_LEADING, space_after=5)
        for paragraph in clean(content["body"]).split("\n")
        if paragraph.strip()
    ]
    # The signature is never alone on a page: the body's last two lines go wherever it goes.
    kept: list[Flowable] = []
    wanted = SIGNATURE_KEEPS_LINES
    while body and wanted > 0:
        head, tail = body.pop().split_last_lines(TEXT_WIDTH, wanted)
        kept.insert(0, tail)
        wanted -= tail.line_count(TEXT_WIDTH)
        if head:
            body.append(head)
            break
    story += body
    closing: list[Flowable] = [
        *kept,
        Spacer(1, 8),
        SignatureBlock(clean(content["signer_name"]), clean(content["signer_title"])),
    ]
    cc = content.get("cc") or []
    if cc:
        closing += [Spacer(1, 10), Rule(0.35, 3), RtlParagraph("رونوشت:", FONT_BOLD, 10, leading=17)]
        closing.append(RtlParagraph(_cc_line(cc[0]), FONT, 10, leading=17))
    story.append(KeepTogether(closing))
    story += [RtlParagraph(_cc_line(item), FONT, 10, leading=17) for item in cc[1:]]
    names = content.get("attachment_names") or []  # letters issued before the list was printed have none
    if names:
        story.append(RtlParagraph("پیوست‌ها:", FONT_BOLD, 10, leading=17, space_before=6))
        story += [
            RtlParagraph(clean(f"{to_persian_digits(str(i))}. {name}"), FONT, 10, leading=17)
            for i, name in enumerate(names, 1)
        ]
    return story


def _cc_line(item: dict) -> str:
    purpose = clean(item.get("purpose", ""))
    return f"- {clean(item['name'])}" + (f" {purpose}" if purpose else "")


def render_letter(
    content: dict, *, logo: bytes | None = None, cancellation: Cancellation | None = None
) -> bytes:
    """The letter as PDF bytes (identical bytes for identical arguments)."""
    register_fonts()
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        invariant=1,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=40,
        bottomMargin=BOTTOM,
        title=f"نامه {clean(content['number'])}",
        author=clean(content["governorate_name"]),
        subject=clean(content["subject"]),
        creator="Samad Desk",
        pageCompression=1,
    )
    first = Frame(
        MARGIN,
        BOTTOM,
        TEXT_WIDTH,
        FIRST_TOP - BOTTOM,
        id="first",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        MARGIN,
        BOTTOM,
        TEXT_WIDTH,
        LATER_TOP - BOTTOM,
        id="later",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                "first",
                [first],
                onPage=lambda c, d: _letterhead(c, content, logo),
                autoNextPageTemplate="later",
            ),
            PageTemplate("later", [later], onPage=lambda c, d: _continuation_head(c, content)),
        ]
    )
    doc.build(_story(content), canvasmaker=_canvas_class(content, cancellation))
    return buffer.getvalue()
