"""Printing PDFs (bytes) through a QPrinter: each page is rendered by QtPdf at the printer's resolution."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

MAX_DPI = 300


def load_pdf(data: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading from memory; keep the returned buffer alive as long as the document."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


def print_pdfs(
    printer: QPrinter,
    documents: list[bytes],
    progress: Callable[[int, int], None] | None = None,
    pages: list[int] | None = None,
) -> int:
    """Print every page of each document (or only `pages` of a single one) in one job; returns pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("printer could not be started")
    printed = 0
    dpi = min(printer.resolution(), MAX_DPI)
    try:
        for n, data in enumerate(documents, 1):
            document, _buffer = load_pdf(data)
            chosen = pages if pages is not None and len(documents) == 1 else range(document.pageCount())
            for page in chosen:
                if printed:
                    printer.newPage()
                size = document.pagePointSize(page)
                image = document.render(
                    page, QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
                )
                area = painter.viewport()
                scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target = QRect(
                    area.x() + (area.width() - scaled.width()) // 2, area.y(), scaled.width(), scaled.height()
                )
                painter.drawImage(target, image)
                printed += 1
            if progress:
                progress(n, len(documents))
    finally:
        painter.end()
    return printed
