"""The dialog an unexpected error opens: what happened in Persian, where the log file is, and «کپی جزئیات»
(the version, platform and traceback, masked as in the log) for a message to support."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app.domain.text import isolate
from ui import theme

TITLE = "خطای پیش‌بینی‌نشده"
BUG_TEXT = (
    "در برنامه خطایی پیش آمد که انتظارش نمی‌رفت. کاری که در دست داشتید شاید انجام نشده باشد؛ "
    "آن را بررسی کنید. اگر خطا تکرار شد، «کپی جزئیات» را بزنید و متن را همراه پروندهٔ گزارش برای "
    "پشتیبانی بفرستید."
)


class CrashDialog(QDialog):
    def __init__(self, details: str, log_path: str, message: str = "", parent=None):
        super().__init__(parent)
        self.details = details
        self.log_path = log_path
        self.setWindowTitle(TITLE)
        self.setWindowIcon(theme.icon("fa5s.exclamation-circle", "#b3261e"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        heading = QLabel(TITLE, objectName="crash_title")
        heading.setProperty("role", "title")
        self.message = QLabel(message or BUG_TEXT, objectName="crash_message")
        self.message.setWordWrap(True)
        self.log_label = QLabel("پروندهٔ گزارش: " + isolate(log_path), objectName="crash_log_path")
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setWordWrap(True)
        self.text = QPlainTextEdit(details, objectName="crash_details")
        self.text.setReadOnly(True)
        self.text.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a traceback reads left to right
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setVisible(False)
        self.show_details = QPushButton("نمایش جزئیات")
        self.show_details.setCheckable(True)
        self.show_details.toggled.connect(self._toggle_details)
        self.copy_button = QPushButton("کپی جزئیات", objectName="crash_copy")
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.show_details, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        for widget in (heading, self.message, self.log_label, self.text, buttons):
            layout.addWidget(widget)

    def _toggle_details(self, shown: bool) -> None:
        self.text.setVisible(shown)
        self.show_details.setText("پنهان کردن جزئیات" if shown else "نمایش جزئیات")
        self.adjustSize()

    def copied_text(self) -> str:
        return f"{self.details.rstrip()}\n\nLog file: {self.log_path}\n"

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.copied_text())
        self.copy_button.setText("کپی شد")
