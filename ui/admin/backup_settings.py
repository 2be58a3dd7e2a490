"""Settings tab «پشتیبان»: the automatic daily backups kept on this PC, a backup now, and how to restore."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.domain.text import isolate
from app.services.admin import backup, settings
from app.services.admin.setup import is_local_file
from ui import formatting, theme
from ui.errors import show_error
from ui.widgets import file_dialogs
from ui.worker import run_in_background


class BackupTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.sqlite = is_local_file(context.database_url) if context.database_url else True
        folder = paths.backup_dir()
        if self.sqlite:
            about = (
                "هر روز که برنامه باز است، یک نسخه پشتیبان از پایگاه داده در پوشه زیر ساخته می‌شود "
                "و پشتیبان‌های خودکار تا %1 روز نگه داشته می‌شوند (در زبانه «مرکز» تغییرپذیر است)."
            ).replace("%1", formatting.number(settings.get_int("backup_keep_days")))
        else:
            about = (
                "پایگاه داده روی سرور است: پشتیبان روزانه را روی خود سرور با pg_dump بگیرید "
                "(راهنما در README). دکمه زیر هم با pg_dump یک پشتیبان کامل می‌گیرد."
            )
        intro = QLabel(about, objectName="about")
        intro.setWordWrap(True)
        where = QLabel(str(folder), objectName="folder")  # alone on its line: a path reads left to right
        where.setProperty("role", "hint")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 2, objectName="backups")  # a handful of files, not a query
        self.table.setHorizontalHeaderLabels(["روز", "اندازه"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.backup_button = QPushButton(theme.icon("fa5s.save"), "پشتیبان‌گیری اکنون…", objectName="now")
        self.backup_button.clicked.connect(self.backup_now)
        self.status = QLabel(objectName="status")
        self.status.setWordWrap(True)
        restore = QLabel(
            (
                "بازگرداندن یک پشتیبان: برنامه را روی همه رایانه‌ها ببندید و این فرمان را "
                "اجرا کنید؛ پرونده پیش از بازگرداندن بررسی می‌شود و پایگاه داده کنونی کنار "
                "گذاشته می‌شود:"
            )
            + "\n"
            + "samad restore FILE"
        )
        restore.setWordWrap(True)
        restore.setProperty("role", "hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if self.sqlite:
            layout.addWidget(where)
            layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(restore)
        layout.addStretch(0 if self.sqlite else 1)
        self.task = None
        self.refresh()

    def refresh(self) -> None:
        found = backup.auto_backups() if self.sqlite else []
        self.table.setRowCount(len(found))
        for row, (day, file) in enumerate(found):
            self.table.setItem(row, 0, QTableWidgetItem(formatting.date_long(day)))
            size = file.stat().st_size if file.exists() else 0
            self.table.setItem(row, 1, QTableWidgetItem(formatting.number(round(size / 1024)) + " کیلوبایت"))

    def backup_now(self) -> None:
        suffix = ".db" if self.sqlite else ".dump"
        name = file_dialogs.save_file_name(
            self, "پرونده پشتیبان", f"samad-backup{suffix}", folder=paths.backup_dir()
        )
        if name:
            self.start_backup(name)

    def start_backup(self, file: str) -> None:
        actor, url = self.context.actor, self.context.database_url
        self.backup_button.setEnabled(False)
        self.status.setText("در حال پشتیبان‌گیری…")
        self.task = run_in_background(
            lambda progress: backup.backup_to(actor, url, file), self._done, self._failed
        )

    def _done(self, info) -> None:
        self.backup_button.setEnabled(True)
        self.status.setText("پشتیبان نوشته شد:" + "\n" + isolate(info.path))
        self.refresh()

    def _failed(self, exc) -> None:
        self.backup_button.setEnabled(True)
        self.status.setText("")
        show_error(self, exc)
