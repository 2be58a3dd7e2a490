"""The supervisor's settings section: center settings, reference data, users, and tabs other parts add."""
from __future__ import annotations

import importlib

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui import theme
from ui.pages.settings.center_tab import CenterSettingsTab
from ui.pages.settings.reference_tab import ReferenceTab
from ui.pages.settings.users_tab import UsersTab

REFERENCE_KINDS = [("county", "شهرستان‌ها", "fa5s.map-marker-alt"), ("agency", "دستگاه‌های اجرایی", "fa5s.building"),
                   ("category", "موضوع‌ها", "fa5s.tags"), ("request_type", "انواع درخواست", "fa5s.list-ul")]

# Tabs other parts of the app add: (title, icon, "module:Class" taking (context, parent)).
SETTINGS_TABS: list[tuple[str, str, str]] = [
    ("پایگاه داده", "fa5s.database", "ui.widgets.database_settings:DatabaseSettingsTab"),  # issue 9
    ("پشتیبان", "fa5s.shield-alt", "ui.widgets.backup_settings:BackupTab"),  # issue 9
    ("رد تغییرات", "fa5s.history", "ui.pages.audit_page:AuditPage"),  # issue 9
    ("نامه‌ها و تعطیلی‌ها", "fa5s.envelope-open-text", "ui.pages.letter_settings_tab:LetterSettingsTab"),  # issue 4
]


class SettingsPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget(objectName="settings_tabs")
        self.tabs.addTab(CenterSettingsTab(context, self), theme.icon("fa5s.landmark"), "مرکز")
        for kind, title, icon_name in REFERENCE_KINDS:
            self.tabs.addTab(ReferenceTab(context, kind, self), theme.icon(icon_name), title)
        self.tabs.addTab(UsersTab(context, self), theme.icon("fa5s.users"), "کاربران")
        for title, icon_name, factory in SETTINGS_TABS:
            module, name = factory.split(":")
            self.tabs.addTab(getattr(importlib.import_module(module), name)(context, self),
                             theme.icon(icon_name), title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
