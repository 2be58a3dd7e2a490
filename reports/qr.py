"""QR codes drawn as vectors with reportlab's own encoder (no image files)."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas


def qr_widget(data: str, size_pt: float, level: str = "M", border: int = 4) -> QrCodeWidget:
    """A QR widget of ``size_pt`` square (quiet zone of ``border`` modules included); data is UTF-8."""
    if not data:
        raise ValueError("QR data is empty")
    return QrCodeWidget(data, barWidth=size_pt, barHeight=size_pt, barLevel=level, barBorder=border)


def qr_flowable(data: str, size_pt: float, level: str = "M", border: int = 4) -> Drawing:
    """A platypus flowable (a Drawing) holding the QR code; set ``hAlign`` on it to place it."""
    drawing = Drawing(size_pt, size_pt)
    drawing.add(qr_widget(data, size_pt, level, border))
    return drawing


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size_pt: float, level: str = "M") -> None:
    """Draw the QR code with its lower-left corner at (x, y)."""
    renderPDF.draw(qr_flowable(data, size_pt, level), canvas, x, y)
