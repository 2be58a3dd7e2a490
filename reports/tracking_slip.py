"""The tracking slip handed (or read) to a caller: the center's name, the tracking code large and grouped
for reading aloud, the date, the subject, and a QR code of the code, on a small receipt-sized page.

`tracking_slip_pdf(slip)` returns PDF bytes; reportlab runs in invariant mode, so the same slip gives the
same bytes. Text goes through reports.persian (reshape, wrap in logical order, reorder, right-align).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from reports.fonts import FONT, FONT_BOLD, register_fonts
from reports.persian import draw_rtl_paragraph, persian_digits
from reports.qr import draw_qr

WIDTH, HEIGHT = 298, 300  # 105 mm square-ish: a receipt, not a letter
MARGIN = 18
QR_SIZE = 62
INK = colors.HexColor("#1f3b57")


@dataclass(frozen=True)
class Slip:
    center_name: str
    tracking_code_grouped: str  # ASCII digits with dashes, e.g. "0500-0016"
    tracking_code: str  # ASCII digits, for the QR code
    registered_at: str  # Jalali date and time, e.g. "۱۴۰۵/۰۹/۰۸ ۱۰:۳۰"
    caller_name: str
    subject: str
    follow_up_hint: str = "برای پیگیری با سامد ۱۱۱ تماس بگیرید و این کد را بگویید."


def tracking_slip_pdf(slip: Slip) -> bytes:
    register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(WIDTH, HEIGHT), invariant=1, pageCompression=1)
    canvas.setTitle("رسید کد رهگیری " + slip.tracking_code)
    right, width = WIDTH - MARGIN, WIDTH - 2 * MARGIN
    y = HEIGHT - MARGIN
    canvas.setFillColor(INK)
    y = draw_rtl_paragraph(canvas, slip.center_name, right, y, width, FONT_BOLD, 11)
    canvas.setStrokeColor(INK)
    canvas.line(MARGIN, y - 2, right, y - 2)
    top = y - 8
    draw_qr(canvas, slip.tracking_code, MARGIN, top - QR_SIZE, QR_SIZE)
    y = draw_rtl_paragraph(canvas, "کد رهگیری", right, top, width - QR_SIZE, FONT, 10)
    canvas.setFont(FONT_BOLD, 24)
    # Digits and dashes run left to right even in Persian text: the grouped code is drawn as it reads.
    canvas.drawRightString(right, y - 26, persian_digits(slip.tracking_code_grouped))
    y = min(y - 40, top - QR_SIZE - 6)
    canvas.setFillColor(colors.black)
    for label, value in (
        ("تاریخ ثبت", slip.registered_at),
        ("تماس‌گیرنده", slip.caller_name),
        ("موضوع", slip.subject),
    ):
        y = draw_rtl_paragraph(canvas, f"{label}: {value}", right, y, width, FONT, 9.5)
    canvas.setStrokeColor(colors.HexColor("#9aa8b6"))
    canvas.line(MARGIN, MARGIN + 20, right, MARGIN + 20)
    draw_rtl_paragraph(canvas, slip.follow_up_hint, right, MARGIN + 18, width, FONT, 8.5)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
