"""Settings tab «تلفن»: how the phone system's rings reach this PC. `samad call ring NUMBER` always works while
the app is open; the HTTP listener on 127.0.0.1 (for phone systems that call a URL) is off unless turned on
here. Both are this PC's, kept in its settings file (app.services.cases.ring_link)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.cases import ring_link
from app.services.errors import ValidationError
from ui import formatting, theme
from ui.errors import FieldErrors


class PhoneSettingsTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        setting = ring_link.listener_settings()
        command = QLabel(
            "نرم‌تلفن یا مرکز تلفن، هنگام زنگ خوردن این فرمان را با شمارهٔ تماس‌گیرنده در پایانش اجرا کند "
            f"(در {formatting.ltr('MicroSIP')} خانهٔ {formatting.ltr('cmdCallRing')}، که خودش شماره را می‌افزاید):",
            wordWrap=True,
        )
        example = QLabel(formatting.ltr("samad call ring --line 111 NUMBER"), objectName="ring_command")
        example.setProperty("role", "hint")
        self.enabled = QCheckBox(
            "گوش دادن به نشانی محلی برای مرکز تلفنی که نشانی وب را باز می‌کند", objectName="listener_enabled"
        )
        self.enabled.setChecked(setting.enabled)
        self.port = QLineEdit(formatting.ident(setting.port), objectName="listener_port")
        self.port.setMaximumWidth(120)
        self.general_error = QLabel()
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        form.addRow(self.enabled)
        self.errors.add_row(form, "port", "درگاه", self.port)
        self.url = QLabel(objectName="listener_url", wordWrap=True)
        self.url.setProperty("role", "hint")
        save = QPushButton(theme.icon("fa5s.save"), "ذخیره برای این رایانه", objectName="save")
        save.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addStretch(1)
        box = QGroupBox("شنونده محلی (خاموش مگر آنکه روشن شود)")
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(self.url)
        inner.addWidget(self.general_error)
        inner.addLayout(buttons)
        hint = QLabel(
            "فقط درخواست‌هایی از خود این رایانه ("
            + formatting.ltr("127.0.0.1")
            + ") پذیرفته می‌شود و درخواستی که یک صفحه وب فرستاده باشد "
            "رد می‌شود. هر زنگ در «تماس‌های امروز» صفحه ثبت تماس می‌ماند.",
            wordWrap=True,
        )
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(command)
        layout.addWidget(example)
        layout.addWidget(box)
        layout.addWidget(hint)
        layout.addStretch(1)
        self._show_url(setting)

    def _show_url(self, setting: ring_link.ListenerSettings) -> None:
        state = "روشن" if setting.enabled else "خاموش"
        self.url.setText(f"اکنون {state}؛ نشانی: " + formatting.ltr(setting.url + "NUMBER&line=111"))

    def save(self) -> bool:
        self.errors.clear()
        try:
            setting = ring_link.save_listener_settings(
                self.context.actor, self.enabled.isChecked(), self.port.text()
            )
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        self._show_url(setting)
        self.context.events.announce(settings=True)  # the running listener opens or closes now
        return True
