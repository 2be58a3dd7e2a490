"""Login: username and password; a wrong password, a locked account or a disabled one say so."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from app.domain.text import isolate
from app.services.actor import Actor
from app.services.admin import users
from app.services.errors import AuthenticationFailed
from ui import theme


class LoginDialog(QDialog):
    def __init__(
        self, center_name: str, database_label: str, username: str = "", notice: str = "", parent=None
    ):
        super().__init__(parent)
        self.setWindowTitle("ورود به میز سامد")
        self.setMinimumWidth(420)
        self.actor: Actor | None = None
        header = QLabel(center_name)
        header.setProperty("role", "title")
        where = QLabel("پایگاه داده: " + isolate(database_label))
        where.setProperty("role", "hint")
        where.setWordWrap(True)
        self.username = QLineEdit(username, objectName="username")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        if notice:  # why the login is back (a supervisor ended the session)
            self.error.setText(notice)
            self.error.show()
        form = QFormLayout()
        form.addRow("نام کاربری", self.username)
        form.addRow("گذرواژه", self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("ورود")
        self.ok_button.setDefault(True)
        self.ok_button.setIcon(theme.icon("fa5s.sign-in-alt", "white"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("خروج")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()

    def submit(self) -> None:
        try:
            self.actor = users.login(self.username.text(), self.password.text())
        except AuthenticationFailed as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
