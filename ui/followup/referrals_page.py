"""The referrals and follow-up section: one tab per part of the work after registration (the tabs are
listed in ui.wiring.REFERRAL_TABS)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui import theme


class ReferralsPage(QWidget):
    def __init__(self, context, tabs, parent=None):
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget(objectName="referral_tabs")
        for tab in tabs:
            self.tabs.addTab(tab.build(context, self), theme.icon(tab.icon), tab.title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def help_screen(self) -> str:
        """The guide's screen key for F1: letters on the first tab, follow-up on the others."""
        return "referrals" if self.tabs.currentIndex() == 0 else "referrals.followup"
