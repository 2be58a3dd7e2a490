"""Find a case by its tracking code from any screen: type it (Persian or Latin digits, dashes allowed) and
press Enter. A mistyped digit is caught by the check digit and said under the box. The register shows the
box in its header; elsewhere Ctrl+F opens it as a small dialog (FindCaseDialog)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services.cases import cases
from app.services.errors import NotFound, ValidationError
from ui import theme


class TrackingCodeFinder(QWidget):
    found = Signal(int)  # the case id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit(objectName="find_code")
        self.edit.setPlaceholderText("کد رهگیری (Ctrl+F)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(220)
        self.edit.returnPressed.connect(self.find)
        self.edit.textEdited.connect(lambda _: self.error.hide())
        button = QPushButton(theme.icon("fa5s.search"), "یافتن", objectName="find_button")
        button.clicked.connect(self.find)
        self.error = QLabel(objectName="find_error", wordWrap=True)
        self.error.setProperty("role", "error")
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def focus(self) -> None:
        self.edit.setFocus()
        self.edit.selectAll()

    def find(self) -> int | None:
        try:
            case = cases.find_by_tracking_code(self.edit.text())
        except ValidationError as exc:
            self._error(exc.errors.get("tracking_code", exc.message))
            return None
        except NotFound as exc:
            self._error(exc.message)
            return None
        self.error.hide()
        self.found.emit(case.id)
        return case.id

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.edit.setFocus()
        self.edit.selectAll()


class FindCaseDialog(QDialog):
    """Ctrl+F from any screen: a small box for a tracking code. Enter opens the case (through `found`) and
    closes the box; a typo is said under the box and the box stays."""

    found = Signal(int)  # the case id

    def __init__(self, parent=None):
        super().__init__(parent, objectName="find_case_dialog")
        self.setWindowTitle("یافتن پرونده با کد رهگیری")
        self.finder = TrackingCodeFinder(self)
        self.finder.edit.setMaximumWidth(16777215)
        self.finder.edit.setMinimumWidth(260)
        self.finder.edit.setPlaceholderText("کد رهگیری را بنویسید و Enter بزنید")
        self.finder.found.connect(self._found)
        layout = QVBoxLayout(self)
        layout.addWidget(self.finder)

    def _found(self, case_id: int) -> None:
        self.accept()
        self.found.emit(case_id)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.finder.focus()
