"""The one shape of a form dialog: fields with an error line under each, a general error line, Save and
Cancel, and `submit()` that calls the service and shows its refusal where it belongs.

A subclass builds its fields with `add_field(name, label, widget)` (name = the service's field name), adds
anything else to `self.body` before the error line (`add_widget`, `add_layout`), and implements
`save() -> result`, which calls the service. `submit()` clears the old errors, runs `save()`, maps a
ValidationError to its fields (a field the dialog does not show goes to the general line), shows any other
refusal on the general line, and accepts with the result in `saved`. Inputs come through `__init__`, the
result through `saved`: a form dialog is built and driven in a test on its own.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLayout, QVBoxLayout, QWidget

from app.services.errors import ServiceError, ValidationError
from ui.errors import FieldErrors

Button = QDialogButtonBox.StandardButton


class FormDialog(QDialog):
    def __init__(self, title: str, parent=None, ok_text: str = "ذخیره", cancel_text: str = "انصراف"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.saved = None
        self.form = QFormLayout()
        self.general_error = QLabel(objectName="general_error")
        self.errors = FieldErrors(self.general_error)
        self.buttons = QDialogButtonBox(Button.Save | Button.Cancel)
        self.ok_button = self.buttons.button(Button.Save)
        self.ok_button.setText(ok_text)
        self.buttons.button(Button.Cancel).setText(cancel_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addWidget(self.general_error)
        self.body.addWidget(self.buttons)

    def add_field(self, name: str, label: str, widget: QWidget, marked: QWidget | None = None) -> QWidget:
        """A row «label: widget» with its error line; a ValidationError on `name` marks `marked` (default
        the widget itself, e.g. the line edit inside a composite row)."""
        self.errors.add_row(self.form, name, label, widget, marked)
        return widget

    def add_widget(self, widget: QWidget, stretch: int = 0) -> None:
        """A widget under the form, above the general error line and the buttons."""
        self.body.insertWidget(self.body.count() - 2, widget, stretch)

    def add_layout(self, layout: QLayout) -> None:
        self.body.insertLayout(self.body.count() - 2, layout)

    def save(self):
        """Call the service with the form's values and return what it returns (raise its refusal)."""
        raise NotImplementedError

    def submit(self) -> bool:
        self.errors.clear()
        try:
            self.saved = self.save()
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        except ServiceError as exc:
            self.show_refusal(exc)
            return False
        self.accept()
        return True

    def show_refusal(self, exc: ServiceError) -> None:
        """A refusal that names no field (permission, conflict): on the general line unless overridden."""
        self.errors.show(ValidationError({"": exc.message}))
