"""First start with no users: create the first supervisor account."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
)

from app.domain.text import isolate
from app.services.admin import users
from app.services.errors import ValidationError
from ui.form_dialog import FormDialog


class FirstStartDialog(FormDialog):
    def __init__(self, database_label: str, parent=None):
        super().__init__("میز سامد — راه‌اندازی نخست", parent, ok_text="ساخت حساب ناظر")
        self.setMinimumWidth(520)
        intro = QLabel(
            "به میز سامد خوش آمدید. هنوز هیچ کاربری تعریف نشده است. "
            "حساب ناظر مرکز را بسازید؛ با آن کاربران دیگر را می‌افزایید."
        )
        intro.setWordWrap(True)
        where = QLabel("پایگاه داده: " + isolate(database_label))
        where.setProperty("role", "hint")
        where.setWordWrap(True)
        self.username = QLineEdit(objectName="username")
        self.username.setPlaceholderText("admin")
        self.full_name = QLineEdit(objectName="full_name")
        self.title = QLineEdit(objectName="title")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="repeat", echoMode=QLineEdit.EchoMode.Password)
        for name, label, widget in [
            ("username", "نام کاربری (لاتین)", self.username),
            ("full_name", "نام و نام خانوادگی", self.full_name),
            ("title", "سمت", self.title),
            ("password", "گذرواژه", self.password),
            ("repeat", "تکرار گذرواژه", self.repeat),
        ]:
            self.add_field(name, label, widget)
        self.body.insertWidget(0, where)
        self.body.insertWidget(0, intro)

    @property
    def created(self):
        """The supervisor's account, once made."""
        return self.saved

    def save(self):
        if self.password.text() != self.repeat.text():
            raise ValidationError({"repeat": "دو گذرواژه یکسان نیستند."})
        return users.create_first_supervisor(
            self.username.text(), self.full_name.text(), self.password.text(), title=self.title.text()
        )
