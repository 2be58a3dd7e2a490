"""Center-wide settings: names printed on letters, numbering, reminders, idle lock, backups."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.services.admin import settings
from app.services.errors import ValidationError
from ui import formatting, theme
from ui.errors import FieldErrors

FIELDS = [
    "governorate_name",
    "center_name",
    "letter_number_format",
    "reminders_before_escalation",
    "reminder_due_days",
    "idle_lock_minutes",
    "backup_keep_days",
    "logo_path",
    "followup_signer",
]


class CenterSettingsTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.edits: dict[str, QLineEdit] = {}
        self.general_error = QLabel()
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        values = settings.get_all()
        for key in FIELDS:
            edit = QLineEdit(self._shown(key, values[key]), objectName=key)
            if key == "followup_signer":
                edit.setPlaceholderText("خالی: فقط خود مسئول نامه پیگیری صادر می‌کند")
            if key in settings.INTEGER_KEYS:
                edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.errors.add_row(form, key, settings.LABELS[key], edit)
            self.edits[key] = edit
        hint = QLabel(
            (
                "در قالب شماره نامه، {year} سال خورشیدی و {serial} شماره ترتیبی است؛ مانند %1. "
                "نامه تذکر و ارجاع به بازرسی را مسئول امضا می‌کند؛ اگر امضاکننده ثابت (رئیس مرکز) تعیین شود، "
                "نامه‌ای که کارشناس صادر کند به نام و سمت او چاپ می‌شود."
            ).replace("%1", formatting.ltr("۱۱۱/{year}/{serial:05d}"))
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.save_button = QPushButton(theme.icon("fa5s.save"), "ذخیره تنظیمات", objectName="save")
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general_error)
        layout.addWidget(self.save_button)
        layout.addStretch(1)

    @staticmethod
    def _shown(key: str, value: str) -> str:
        """Numbers in Persian digits (the service accepts either); the pattern keeps its own."""
        return formatting.ident(value) if key in settings.INTEGER_KEYS else value

    def save(self) -> bool:
        values = {key: edit.text() for key, edit in self.edits.items()}
        try:
            saved = settings.update(self.context.actor, values)
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        self.errors.clear()
        for key, edit in self.edits.items():
            edit.setText(self._shown(key, saved[key]))
        self.context.events.announce(settings=True)
        QMessageBox.information(self, "تنظیمات", "تنظیمات ذخیره شد.")
        return True
