"""Settings tab «پایگاه داده»: which database this PC uses; enter, test and save a shared PostgreSQL server.

The password is kept in the user's PostgreSQL password file (readable by the user only), never in the
settings file; the change takes effect the next time the app starts."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import isolate
from app.services.admin import connection
from app.services.errors import ValidationError
from ui import theme
from ui.errors import FieldErrors
from ui.worker import run_in_background


class DatabaseSettingsTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        current = QLabel("این رایانه اکنون این پایگاه داده را به کار می‌برد:")
        where = QLabel(
            context.database_label, objectName="current"
        )  # alone on its line: a path reads left to right
        where.setProperty("role", "hint")
        saved = connection.saved()
        self.host = QLineEdit(saved.host if saved else "", objectName="host")
        self.host.setPlaceholderText("192.168.1.10")
        self.port = QLineEdit(str(saved.port) if saved else "5432", objectName="port")
        self.database = QLineEdit(saved.database if saved else "samad", objectName="database")
        self.user = QLineEdit(saved.user if saved else "samad", objectName="user")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("اگر در پرونده گذرواژه هست، خالی بگذارید")
        self.general_error = QLabel()
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        for name, label, edit in (
            ("host", "نشانی سرور", self.host),
            ("port", "درگاه", self.port),
            ("database", "نام پایگاه داده", self.database),
            ("user", "کاربر", self.user),
            ("password", "گذرواژه", self.password),
        ):
            self.errors.add_row(form, name, label, edit)
        self.status = QLabel(objectName="status")
        self.status.setWordWrap(True)
        self.test_button = QPushButton(theme.icon("fa5s.plug"), "آزمودن اتصال", objectName="test")
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton(theme.icon("fa5s.save"), "ذخیره برای این رایانه", objectName="save")
        self.save_button.clicked.connect(self.save)
        self.local_button = QPushButton(theme.icon("fa5s.hdd"), "بازگشت به پرونده محلی", objectName="local")
        self.local_button.clicked.connect(self.use_local)
        self.local_button.setEnabled(saved is not None)
        buttons = QHBoxLayout()
        for b in (self.test_button, self.save_button, self.local_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        hint = QLabel(
            "چند رایانه با هم: همه را به یک سرور PostgreSQL وصل کنید (نه یک پرونده روی پوشه اشتراکی شبکه). "
            "گذرواژه در پرونده گذرواژه PostgreSQL همین کاربر ویندوز/لینوکس نگه داشته می‌شود و در تنظیمات "
            "نوشته نمی‌شود. تغییر از باز کردن بعدی برنامه به کار می‌آید."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        box = QGroupBox("سرور مشترک PostgreSQL")
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(self.general_error)
        inner.addLayout(buttons)
        inner.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addWidget(where)
        layout.addWidget(box)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.task = None

    def _connection(self) -> connection.ServerConnection | None:
        try:
            result = connection.validate(
                self.host.text(), self.port.text(), self.database.text(), self.user.text()
            )
        except ValidationError as exc:
            self.errors.show(exc)
            return None
        self.errors.clear()
        return result

    def test_connection(self) -> None:
        target = self._connection()
        if target is None:
            return
        password = self.password.text()
        self.test_button.setEnabled(False)
        self.status.setText("در حال اتصال…")
        self.task = run_in_background(
            lambda progress: connection.check(target, password), self._tested, self._test_failed
        )

    def _tested(self, result: connection.ConnectionCheck) -> None:
        self.test_button.setEnabled(True)
        self.status.setProperty("role", "hint" if result.ok else "error")
        self.status.style().polish(self.status)
        self.status.setText(result.message)

    def _test_failed(self, exc) -> None:
        self.test_button.setEnabled(True)
        self.status.setProperty("role", "error")
        self.status.style().polish(self.status)
        self.status.setText(str(exc))

    def save(self) -> bool:
        target = self._connection()
        if target is None:
            return False
        url = connection.save(target, self.password.text())
        self.password.clear()
        self.local_button.setEnabled(True)
        self.status.setProperty("role", "hint")
        self.status.style().polish(self.status)
        self.status.setText(
            "ذخیره شد: " + isolate(url) + (". برای به کار افتادن، برنامه را ببندید و دوباره باز کنید.")
        )
        return True

    def use_local(self) -> None:
        connection.use_local_file()
        self.local_button.setEnabled(False)
        QMessageBox.information(
            self, "پایگاه داده", ("از باز کردن بعدی، این رایانه پرونده پایگاه داده خودش را به کار می‌برد.")
        )
