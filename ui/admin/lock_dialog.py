"""The idle lock: the same user's password brings the session back; nothing of the app's data shows meanwhile."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from app.services.actor import Actor
from app.services.admin import users
from app.services.errors import AuthenticationFailed
from ui import theme


class LockDialog(QDialog):
    unlocked = Signal()
    quit_requested = Signal()
    logout_requested = Signal()  # another person takes the PC: this session ends, the login comes back

    def __init__(self, actor: Actor, minutes: int, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle("میز سامد قفل است")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(440)
        icon = QLabel(objectName="lock_icon")
        icon.setPixmap(theme.icon("fa5s.lock").pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("برنامه قفل شد")
        title.setProperty("role", "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        why = QLabel(
            (
                "پس از %1 دقیقه بی‌کاری، برای نگه‌داشت اطلاعات شهروندان، برنامه قفل شد. "
                "%2، برای ادامه گذرواژه خود را وارد کنید."
            )
            .replace("%1", theme.PERSIAN.toString(minutes))
            .replace("%2", actor.full_name)
        )
        why.setWordWrap(True)
        why.setProperty("role", "hint")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("گذرواژه")
        self.password.returnPressed.connect(self.submit)
        self.error = QLabel(objectName="error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.unlock_button = QPushButton(theme.icon("fa5s.unlock"), "بازکردن قفل", objectName="unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        quit_button = QPushButton(theme.icon("fa5s.sign-out-alt"), "خروج از برنامه", objectName="quit")
        quit_button.clicked.connect(self.quit_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        logout_button = QPushButton(theme.icon("fa5s.user-times"), "خروج از حساب", objectName="logout")
        logout_button.clicked.connect(self.logout_requested.emit)
        buttons.addWidget(logout_button)
        buttons.addWidget(quit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(title)
        layout.addWidget(why)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.password.setFocus()

    def submit(self) -> None:
        try:
            users.login(self.actor.username, self.password.text())
        except AuthenticationFailed as exc:  # wrong password, or the account got locked by repeated tries
            self.error.setText(exc.message)
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.error.hide()
        self.unlocked.emit()
        self.accept()

    def reject(self) -> None:  # Esc does not unlock
        pass
