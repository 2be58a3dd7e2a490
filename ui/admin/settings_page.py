"""The supervisor's settings section: center settings, reference data, users, the database, backups, the
audit trail and the letters' settings (the tabs are listed in ui.wiring.SETTINGS_TABS)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui import theme


class SettingsPage(QWidget):
    def __init__(self, context, tabs, parent=None):
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget(objectName="settings_tabs")
        for tab in tabs:
            self.tabs.addTab(tab.build(context, self), theme.icon(tab.icon), tab.title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
