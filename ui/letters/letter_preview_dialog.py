"""Letter preview: the PDF shown in-app (QtPdf), printed through the system print dialog, saved as PDF.
Several letters (a batch) can be previewed one by one and printed in one job.

Given `sign`, the dialog shows letters not yet issued («پس از صدور»): nothing can be printed until the
official presses «صدور و امضا», which issues them (the numbers are taken then) and shows the issued
letters in their place, ready to print."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from app.domain.status import LetterStatus
from app.private_files import write_private
from app.services.letters import letters
from ui import formatting, theme, window_state
from ui.errors import show_error
from ui.widgets import file_dialogs
from ui.widgets.pdf_printing import load_pdf, print_with_dialog


class LetterPreviewDialog(QDialog):
    """`sources` is a list of (title, file name, function returning the PDF bytes)."""

    def __init__(
        self,
        context,
        sources: list[tuple[str, str, Callable[[], bytes]]],
        parent=None,
        *,
        sign: Callable[[], list[int] | None] | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.sources = sources
        self.sign = sign
        self.signed_ids: list[int] = []
        self.setWindowTitle("پیش‌نمایش پیش از صدور" if sign else "پیش‌نمایش نامه")
        self.pdf_bytes = b""
        self.document = None
        self._buffer = None
        self._cache: dict[int, bytes] = {}

        self.chooser = QComboBox(objectName="letter_chooser")
        for title, _, _ in sources:
            self.chooser.addItem(title)
        self.chooser.setVisible(len(sources) > 1)
        self.chooser.currentIndexChanged.connect(self.show_source)
        self.pages_label = QLabel(objectName="pages")
        self.view = QPdfView(self, objectName="pdf_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.print_button = QPushButton(theme.icon("fa5s.print"), "چاپ", objectName="print")
        self.print_all_button = QPushButton(
            theme.icon("fa5s.print"),
            "چاپ همه (%1 نامه)".replace("%1", formatting.number(len(sources))),
            objectName="print_all",
        )
        self.print_all_button.setVisible(len(sources) > 1)
        self.save_button = QPushButton(theme.icon("fa5s.file-pdf"), "ذخیره PDF", objectName="save")
        self.sign_button = QPushButton(theme.icon("fa5s.signature"), "صدور و امضا", objectName="sign")
        self.sign_button.setToolTip("شماره نامه‌ها گرفته می‌شود و نامه‌ها صادر می‌شوند؛ سپس چاپ می‌شوند.")
        self.sign_button.clicked.connect(self.issue_and_sign)
        close = QPushButton("بستن", objectName="close")
        self.print_button.clicked.connect(lambda: self.print_letters(all_letters=False))
        self.print_all_button.clicked.connect(lambda: self.print_letters(all_letters=True))
        self.save_button.clicked.connect(lambda: self.save_pdf())
        close.clicked.connect(self.accept)

        # one by one through a batch; Qt mirrors the icons in a right-to-left window (previous points right)
        self.previous_button = QPushButton(theme.icon("fa5s.chevron-left"), "قبلی", objectName="previous")
        self.next_button = QPushButton(theme.icon("fa5s.chevron-right"), "بعدی", objectName="next")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        top = QHBoxLayout()
        top.addWidget(self.previous_button)
        top.addWidget(self.chooser, 1)
        top.addWidget(self.next_button)
        top.addWidget(self.pages_label)
        buttons = QHBoxLayout()
        for b in (self.sign_button, self.print_button, self.print_all_button, self.save_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        if not window_state.restore(self, "letter_preview"):
            self.resize(820, 940)
        self._show_buttons()
        if sources:
            self.show_source(0)

    def step(self, by: int) -> None:
        index = self.chooser.currentIndex() + by
        if 0 <= index < self.chooser.count():
            self.chooser.setCurrentIndex(index)

    def _show_buttons(self) -> None:
        for button in (self.previous_button, self.next_button):
            button.setVisible(len(self.sources) > 1)
        unsigned = self.sign is not None and not self.signed_ids
        self.sign_button.setVisible(unsigned)
        self.print_button.setVisible(not unsigned)
        self.print_all_button.setVisible(not unsigned and len(self.sources) > 1)
        self.save_button.setVisible(not unsigned)
        (self.sign_button if unsigned else self.print_button).setDefault(True)
        self.print_all_button.setText("چاپ همه (%1 نامه)".replace("%1", formatting.number(len(self.sources))))

    def set_sources(self, sources: list[tuple[str, str, Callable[[], bytes]]]) -> None:
        self.sources = sources
        self._cache.clear()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([title for title, _, _ in sources])
        self.chooser.blockSignals(False)
        self.chooser.setVisible(len(sources) > 1)
        self._show_buttons()
        if sources:
            self.chooser.setCurrentIndex(0)
            self.show_source(0)

    def issue_and_sign(self) -> bool:
        """Issue the previewed letters (the caller's `sign`), then show the issued ones for printing."""
        if self.sign is None or self.signed_ids:
            return False
        ids = self.sign()
        if not ids:
            return False
        self.signed_ids = list(ids)
        self.setWindowTitle("نامه‌های صادرشده")
        self.set_sources(self.letter_sources(self.signed_ids))
        return True

    @classmethod
    def for_letters(cls, context, letter_ids: list[int], parent=None) -> LetterPreviewDialog:
        return cls(context, cls.letter_sources(letter_ids), parent)

    @classmethod
    def for_previews(
        cls, context, previews: list, sign: Callable[[], list[int] | None], parent=None
    ) -> LetterPreviewDialog:
        """Letters not yet issued (app.services.letters.referrals.LetterPreview), to be issued by `sign`."""
        sources = [(f"پس از صدور — {p.agency_name}", "preview.pdf", p.pdf) for p in previews]
        return cls(context, sources, parent, sign=sign)

    @staticmethod
    def letter_sources(letter_ids: list[int]) -> list[tuple[str, str, Callable[[], bytes]]]:
        rows = {r.id: r for r in letters.letter_rows(list(letter_ids))}
        sources = []
        for letter_id in letter_ids:
            row = rows[letter_id]
            title = f"{formatting.ident(row.number)} — {row.agency_name}"
            if row.status == LetterStatus.CANCELLED:
                title += " (باطل‌شده)"
            file_name = formatting.ident(row.number).replace("/", "-") + ".pdf"
            sources.append((title, file_name, lambda i=letter_id: letters.letter_pdf(i)))
        return sources

    def _bytes(self, index: int) -> bytes:
        if index not in self._cache:
            self._cache[index] = self.sources[index][2]()
        return self._cache[index]

    def show_source(self, index: int) -> None:
        if index < 0:
            return
        try:
            data = self._bytes(index)
        except Exception as exc:  # a letter that cannot be rendered is reported, not hidden
            show_error(self, exc)
            return
        old = (self.document, self._buffer)
        self.pdf_bytes = data
        self.document, self._buffer = load_pdf(data, self)
        self.view.setDocument(self.document)
        self.view.pageNavigator().jump(0, QPointF(), 0)
        for obj in old:
            if obj is not None:
                obj.deleteLater()
        pages = self.document.pageCount()
        self.pages_label.setText("%1 صفحه".replace("%1", formatting.number(pages)))

    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self.document else 0

    def print_letters(self, all_letters: bool = False, printer: QPrinter | None = None) -> int:
        """Print the shown letter (or all): this dialog is the preview; Qt's print dialog asks for the printer
        unless one is given."""
        documents = [self._bytes(i) for i in range(len(self.sources))] if all_letters else [self.pdf_bytes]
        return print_with_dialog(self, documents, "چاپ نامه", printer, ask=printer is None)

    def save_pdf(self, path: str | None = None) -> str | None:
        if path is None:
            suggested = self.sources[self.chooser.currentIndex()][1] if self.sources else "letter.pdf"
            path = file_dialogs.save_file_name(self, "ذخیره نامه", suggested, "PDF (*.pdf)")
            if not path:
                return None
        try:
            write_private(path, self.pdf_bytes)
        except OSError as exc:
            QMessageBox.warning(self, "ذخیره", "پرونده ذخیره نشد: " + (exc.strerror or str(exc)))
            return None
        return path

    def done(self, result: int) -> None:
        window_state.save(self, "letter_preview")
        super().done(result)
