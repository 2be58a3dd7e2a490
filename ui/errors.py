"""Showing a service's refusal where it belongs: at the field that caused it, or in a message box."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QMessageBox, QWidget

from app import logs
from app.domain.text import isolate
from app.services import db_errors
from app.services.errors import BUSY_MESSAGE, ValidationError, is_busy

log = logs.logger("ui.errors")


class FieldErrors:
    """Maps service field names to input widgets and an error label under each.

    `show(exc)` marks every field the ValidationError names, writes its message, and moves the focus to
    the first one in the order the fields were added (the Tab order); `clear()` removes the marks. Fields it
    does not know go to the fallback label. A field's message goes as soon as the field is edited.
    """

    def __init__(self, fallback: QLabel | None = None):
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._fallback = fallback
        if fallback is not None:
            fallback.setProperty("role", "error")
            fallback.setWordWrap(True)
            fallback.hide()

    def add(self, name: str, widget: QWidget, label: QLabel) -> None:
        label.setProperty("role", "error")
        label.setWordWrap(True)
        label.hide()
        self._fields[name] = (widget, label)
        for signal in ("textChanged", "currentIndexChanged", "dateChanged", "valueChanged", "toggled"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(lambda *_, n=name: self.clear_field(n))

    def clear_field(self, name: str) -> None:
        widget, label = self._fields[name]
        if label.isHidden() and not widget.property("invalid"):
            return
        label.clear()
        label.hide()
        widget.setProperty("invalid", False)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def add_row(
        self, form: QFormLayout, name: str, label: str, field: QWidget, widget: QWidget | None = None
    ) -> QLabel:
        """A form row «label: field» with its error line under it; the error marks `widget` (default `field`)."""
        error = QLabel()
        form.addRow(label, field)
        form.addRow("", error)
        self.add(name, widget or field, error)
        return error

    def clear(self) -> None:
        for widget, label in self._fields.values():
            label.clear()
            label.hide()
            widget.setProperty("invalid", False)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        if self._fallback:
            self._fallback.clear()
            self._fallback.hide()

    def show(self, exc: ValidationError) -> None:
        self.clear()
        first = None
        for name, message in exc.errors.items():
            if name not in self._fields and self._fallback:
                self._fallback.setText(message)
                self._fallback.show()
        for name, (widget, label) in self._fields.items():  # in Tab order: the focus goes to the first
            if name in exc.errors:
                label.setText(exc.errors[name])
                label.show()
                widget.setProperty("invalid", True)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
                first = first or widget
        if first:
            first.setFocus()

    def message(self, name: str) -> str:
        return self._fields[name][1].text() if name in self._fields else ""


def show_error(parent: QWidget | None, exc: Exception) -> None:
    """A refusal in a message box (for actions that are not a form). A busy or failed database is said in
    Persian; any other error (a bug) is logged with its traceback and the box names the log file."""
    text = BUSY_MESSAGE if is_busy(exc) else db_errors.user_message(exc)
    if text is None:
        log.error("error shown in a message box", exc_info=exc)
        text = f"{exc}\n\nجزئیات در پروندهٔ گزارش ثبت شد: {isolate(logs.log_file())}"
    elif db_errors.is_database_error(exc):
        log.warning("database error shown in a message box", exc_info=exc)
    box = QMessageBox(
        QMessageBox.Icon.Warning, "خطا" if parent else "خطا", text, QMessageBox.StandardButton.Ok, parent
    )
    box.exec()
