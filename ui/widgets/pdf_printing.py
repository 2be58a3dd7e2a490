"""Printing PDFs (bytes) inside the app: Qt's print preview (`PdfPrintPreview`) whose print button opens Qt's
print dialog, or Qt's print dialog alone (`print_with_dialog`, for a screen that already shows the PDF). Each
page is rendered by QtPdf at the printer's resolution (capped), so printing never needs a PDF viewer on the PC."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from ui import formatting, window_state
from ui.widgets import file_dialogs

MAX_DPI = 300
PREVIEW_DPI = 110  # the preview keeps every page as a picture in memory: enough for the screen, not for paper
PREVIEW_FULL_PAGES = 40  # up to this many pages at PREVIEW_DPI (about 3.5 MB an A4 page)
MIN_PREVIEW_DPI = 50


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
    max_dpi: int = MAX_DPI,
) -> int:
    """Print every page of each document (or only `pages` of a single one) in one job; returns pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("printer could not be started")
    printed = 0
    dpi = min(printer.resolution(), max_dpi)
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
                if max_dpi < MAX_DPI:  # kept by the preview: three bytes a pixel, not four
                    image = _on_white(image)
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


def _on_white(image: QImage) -> QImage:
    """The page on white paper, without its alpha channel (QtPdf renders the background transparent)."""
    flat = QImage(image.size(), QImage.Format.Format_RGB888)
    flat.fill(Qt.GlobalColor.white)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def fit_paper(printer: QPrinter, documents: list[bytes]) -> None:
    """The paper of the first document's first page (a letter's A4, the slip's receipt), printed at its real
    size: the PDF holds its own margins."""
    if not documents:
        return
    document, _buffer = load_pdf(documents[0])
    if document.pageCount() < 1:
        return
    size = document.pagePointSize(0)
    page_size = QPageSize(
        QSizeF(size.width(), size.height()), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    orientation = (
        QPageLayout.Orientation.Landscape
        if size.width() > size.height()
        else QPageLayout.Orientation.Portrait
    )
    printer.setPageSize(page_size)
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)


def new_printer(documents: list[bytes]) -> QPrinter:
    """The default printer, on the documents' paper. On a PC without a printer Qt offers a PDF file instead:
    that file starts in Documents, like every file dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    fit_paper(printer, documents)
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        printer.setOutputFileName(str(file_dialogs.start_folder() / "print.pdf"))
    return printer


class PdfPrintPreview(QPrintPreviewDialog):
    """Qt's print preview of PDF documents (one job); its print button opens Qt's print dialog (or, on a PC
    without a printer, asks where to save the PDF). `printed` is the number of pages sent to the printer."""

    def __init__(self, documents: list[bytes], title: str, parent=None, printer: QPrinter | None = None):
        self.printer = printer or new_printer(documents)
        super().__init__(self.printer, parent)
        self.setObjectName("print_preview")
        self.setWindowTitle(title)
        self.documents = documents
        self.printed = 0
        self.failure = ""
        self.paintRequested.connect(self._paint)
        self.preview.previewChanged.connect(self._persian_page_count)  # after Qt's own: its «/ 3» is Latin
        # Qt's default is about 500 px wide: the print button would hide behind the toolbar's overflow
        if not window_state.restore(self, "print_preview"):
            self.resize(window_state.initial_size(self, QSize(1000, 700)))

    def _persian_page_count(self) -> None:
        for label in self.findChildren(QLabel):
            found = re.fullmatch(r"/ (\d+)", label.text())
            if found:
                label.setText("/ " + formatting.number(int(found.group(1))))

    def done(self, result: int) -> None:
        window_state.save(self, "print_preview")
        super().done(result)

    @property
    def preview(self) -> QPrintPreviewWidget:
        return self.findChild(QPrintPreviewWidget)

    def preview_dpi(self) -> int:
        """PREVIEW_DPI for a few pages; less for a long batch, so its pictures stay near 150 MB in memory."""
        pages = sum(load_pdf(d)[0].pageCount() for d in self.documents)
        if pages <= PREVIEW_FULL_PAGES:
            return PREVIEW_DPI
        return max(MIN_PREVIEW_DPI, int(PREVIEW_DPI * math.sqrt(PREVIEW_FULL_PAGES / pages)))

    def _paint(self, printer: QPrinter) -> None:
        previewing = (
            printer.paintEngine() is not None and printer.paintEngine().type() == QPaintEngine.Type.Picture
        )
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = print_pdfs(printer, self.documents, max_dpi=self.preview_dpi() if previewing else MAX_DPI)
        except RuntimeError as exc:
            self.failure = str(exc)
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "چاپ", "چاپگر آماده نیست: " + str(exc))
            return
        QApplication.restoreOverrideCursor()
        if not previewing:
            self.printed = pages

    def print_now(self) -> int:
        """Print as the preview's print button does once the print dialog is accepted (for a chosen printer)."""
        self.preview.print()
        return self.printed


def print_with_preview(parent, documents: list[bytes], title: str) -> PdfPrintPreview:
    """Open Qt's print preview of `documents` (window-modal, not blocking) and return it."""
    dialog = PdfPrintPreview(documents, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def print_with_dialog(
    parent, documents: list[bytes], title: str, printer: QPrinter | None = None, ask: bool = True
) -> int:
    """Qt's print dialog (unless `ask` is False and a printer is given), then one job; returns pages printed."""
    if printer is None:
        printer = new_printer(documents)
    if ask or printer is None:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(title)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
    try:
        return print_pdfs(printer, documents)
    except RuntimeError as exc:
        QMessageBox.warning(parent, "چاپ", "چاپگر آماده نیست: " + str(exc))
        return 0
