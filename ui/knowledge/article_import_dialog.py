"""Importing circulars from a file: choose it, see every row checked (nothing saved), then import the good
rows and see, row by row, what was imported and what was refused and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.services.errors import ServiceError, ValidationError
from app.services.knowledge import knowledge_import
from ui import formatting, theme
from ui.errors import FieldErrors
from ui.widgets import file_dialogs
from ui.widgets.rows_model import RowsTableModel
from ui.worker import run_in_background

OK_COLOUR, BAD_COLOUR = QColor("#1e7b34"), QColor("#b3261e")


class ImportRowsModel(RowsTableModel):
    """(line, title, number, state, reasons, ok) rows: a preview or a report."""

    HEADERS = ("سطر", "عنوان", "شماره", "وضعیت", "علت")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line, title, number, state, reasons, ok = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (formatting.number(line), title, formatting.ident(number), state, reasons)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
            return OK_COLOUR if ok else BAD_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return reasons or None
        return None


class ArticleImportDialog(QDialog):
    def __init__(self, context, parent=None, path: str = ""):
        super().__init__(parent)
        self.context = context
        self.preview: knowledge_import.ImportPreview | None = None
        self.report: knowledge_import.ImportReport | None = None
        self.task = None
        self.setWindowTitle("ورود بخشنامه‌ها از پرونده")
        self.resize(960, 620)
        self.path = QLineEdit(path, objectName="path")
        self.path.setPlaceholderText("پرونده txt، docx، csv یا xlsx")
        browse = QPushButton(theme.icon("fa5s.folder-open"), "انتخاب…", objectName="browse")
        browse.clicked.connect(self.browse)
        self.issuer = QLineEdit(objectName="issuer")
        self.issuer.setPlaceholderText("برای سطرهایی که صادرکننده ندارند (اختیاری)")
        self.preview_button = QPushButton(theme.icon("fa5s.eye"), "پیش‌نمایش", objectName="preview")
        self.preview_button.clicked.connect(self.load_preview)
        self.import_button = QPushButton(
            theme.icon("fa5s.file-import"), "ورود سطرهای درست", objectName="import"
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.summary = QLabel(objectName="summary")
        self.summary.setWordWrap(True)
        self.file_error = QLabel()
        self.errors = FieldErrors(self.summary)
        self.errors.add("file", self.path, self.file_error)
        self.model = ImportRowsModel(self)
        self.table = QTableView(objectName="rows")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        hint = QLabel(
            "پرونده متنی یا Word یک بخشنامه دارد (یا چند بخشنامه جداشده با خط -----) و سطرهای "
            "نخست آن «شماره:»، «تاریخ:»، «صادرکننده:» و «موضوع:» است. پرونده CSV یا Excel در سطر "
            "نخست ستون‌های number، date، issuer، title، body (یا شماره، تاریخ، صادرکننده، عنوان، "
            "متن) را دارد؛ تاریخ‌ها شمسی‌اند."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("پرونده", file_row)
        form.addRow("", self.file_error)
        form.addRow("صادرکننده پیش‌فرض", self.issuer)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("بستن")
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def browse(self) -> None:
        name = file_dialogs.open_file_name(
            self, "پرونده بخشنامه‌ها", "بخشنامه‌ها (*.txt *.docx *.csv *.xlsx);;همه پرونده‌ها (*)"
        )
        if name:
            self.path.setText(name)
            self.load_preview()

    def _busy(self, busy: bool) -> None:
        self.preview_button.setEnabled(not busy)
        self.import_button.setEnabled(
            not busy and bool(self.preview and self.preview.good) and self.report is None
        )

    def load_preview(self) -> None:
        """Read and check the file in the background; nothing is saved."""
        self.errors.clear()
        self.preview, self.report = None, None
        self.model.set_rows([])
        path, issuer = self.path.text().strip(), self.issuer.text()
        if not path:
            self.errors.show(ValidationError({"file": "پرونده‌ای انتخاب کنید."}))
            return
        self.summary.setText("در حال خواندن پرونده…")
        self.summary.show()
        self._busy(True)
        self.task = run_in_background(
            lambda progress: knowledge_import.preview_import(path, issuer=issuer),
            self._previewed,
            self._failed,
        )

    def _previewed(self, preview) -> None:
        self.preview = preview
        ok, bad = "درست", "پذیرفته نمی‌شود"
        self.model.set_rows(
            (r.line, r.title, str(r.data.get("number") or ""), ok if r.ok else bad, r.reasons(), r.ok)
            for r in preview.rows
        )
        self.table.resizeRowsToContents()
        encoding = f" ({preview.encoding})" if preview.encoding else ""
        self.summary.setText(
            "پیش‌نمایش «"
            + preview.file_name
            + "»"
            + encoding
            + "؛ هنوز چیزی ذخیره نشده است: "
            + formatting.number(len(preview.good))
            + " سطر درست، "
            + formatting.number(len(preview.bad))
            + " سطر نادرست."
        )
        self._busy(False)

    def run_import(self) -> None:
        if not self.preview or not self.preview.good:
            return
        path, issuer, actor = self.path.text().strip(), self.issuer.text(), self.context.actor
        self.summary.setText("در حال ورود…")
        self._busy(True)
        self.task = run_in_background(
            lambda progress: knowledge_import.import_file(actor, path, issuer=issuer),
            self._imported,
            self._failed,
        )

    def _imported(self, report) -> None:
        self.report = report
        done, refused = "وارد شد", "پذیرفته نشد"
        rows = [(o.line, o.title, "", done, "", True) for o in report.imported]
        rows += [(o.line, o.title, "", refused, o.reasons, False) for o in report.refused]
        self.model.set_rows(sorted(rows))
        self.table.resizeRowsToContents()
        self.summary.setText(
            formatting.number(len(report.imported))
            + " بخشنامه وارد شد و "
            + formatting.number(len(report.refused))
            + " سطر پذیرفته نشد."
        )
        self._busy(False)
        self.context.events.announce(other=True)

    def _failed(self, exc) -> None:
        self._busy(False)
        if isinstance(exc, ValidationError):
            self.errors.show(exc)
            self.summary.hide()
        elif isinstance(exc, ServiceError):
            self.summary.setText(exc.message)
        else:
            self.summary.setText("خطای پیش‌بینی‌نشده: " + str(exc))
        self.summary.show()
