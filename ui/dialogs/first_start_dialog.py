"""First start with no users: create the first supervisor account."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from app.services import users
from app.services.errors import ServiceError, ValidationError
from ui import formatting
from ui.errors import FieldErrors


class FirstStartDialog(QDialog):
    def __init__(self, database_label: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("میز سامد — راه‌اندازی نخست")
        self.setMinimumWidth(520)
        self.created = None
        intro = QLabel("به میز سامد خوش آمدید. هنوز هیچ کاربری تعریف نشده است. "
                               "حساب ناظر مرکز را بسازید؛ با آن کاربران دیگر را می‌افزایید.")
        intro.setWordWrap(True)
        where = QLabel("پایگاه داده: " + formatting.ltr(database_label))
        where.setProperty("role", "hint")
        where.setWordWrap(True)
        self.username = QLineEdit(objectName="username")
        self.username.setPlaceholderText("admin")
        self.full_name = QLineEdit(objectName="full_name")
        self.title = QLineEdit(objectName="title")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="repeat", echoMode=QLineEdit.EchoMode.Password)
        self.general_error = QLabel()
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        for name, label, widget in [
            ("username", "نام کاربری (لاتین)", self.username),
            ("full_name", "نام و نام خانوادگی", self.full_name),
            ("title", "سمت", self.title),
            ("password", "گذرواژه", self.password),
            ("repeat", "تکرار گذرواژه", self.repeat),
        ]:
            self.errors.add_row(form, name, label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("ساخت حساب ناظر")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("انصراف")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.errors.show(ValidationError({"repeat": "دو گذرواژه یکسان نیستند."}))
            return
        try:
            self.created = users.create_first_supervisor(
                self.username.text(), self.full_name.text(), self.password.text(), title=self.title.text())
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except ServiceError as exc:
            self.errors.show(ValidationError({"": exc.message}))
            return
        self.accept()
