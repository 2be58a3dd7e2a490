"""The form-dialog base: a refusal lands at its field, or on the general line; success accepts with the result."""

from PySide6.QtWidgets import QDialog, QLineEdit

from app.services.errors import Conflict, ValidationError
from ui.form_dialog import FormDialog


class NameDialog(FormDialog):
    def __init__(self, answer):
        super().__init__("نام")
        self.answer = answer
        self.name = self.add_field("name", "نام", QLineEdit(objectName="name"))

    def save(self):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_a_field_error_is_shown_under_its_field_and_nothing_is_accepted(qtbot):
    dialog = NameDialog(ValidationError({"name": "نام را بنویسید."}))
    qtbot.addWidget(dialog)
    assert dialog.submit() is False
    assert dialog.errors.message("name") == "نام را بنویسید."
    assert dialog.name.property("invalid") is True
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.saved is None


def test_an_error_the_form_does_not_show_and_a_refusal_go_to_the_general_line(qtbot):
    dialog = NameDialog(ValidationError({"other": "چیز دیگری نادرست است."}))
    qtbot.addWidget(dialog)
    dialog.submit()
    assert dialog.general_error.text() == "چیز دیگری نادرست است."
    dialog.answer = Conflict("کس دیگری پیش‌تر آن را تغییر داد.")
    dialog.submit()
    assert dialog.general_error.text() == "کس دیگری پیش‌تر آن را تغییر داد."
    assert dialog.errors.message("name") == ""


def test_success_clears_the_errors_and_accepts_with_the_result(qtbot):
    dialog = NameDialog(ValidationError({"name": "نام را بنویسید."}))
    qtbot.addWidget(dialog)
    dialog.submit()
    dialog.answer = "ذخیره شد"
    assert dialog.submit() is True
    assert dialog.saved == "ذخیره شد" and dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.errors.message("name") == "" and dialog.name.property("invalid") is False
    assert dialog.ok_button.text() == "ذخیره"
