"""The referrals and follow-up section: one tab per part of the work after registration."""
from __future__ import annotations

import importlib

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui import theme

# (tab title, icon, "module:Class" taking (context, parent)); added by the issues that build them.
TABS: list[tuple[str, str, str]] = [
    ("دستورها و نامه‌ها", "fa5s.file-signature", "ui.pages.letters_tab:LettersTab"),  # issue 4
    ("پیگیری و مهلت‌ها", "fa5s.hourglass-half", "ui.pages.followup_tab:FollowUpTab"),  # issue 5
    ("تماس با شهروند", "fa5s.phone-volume", "ui.pages.callbacks_tab:CallbacksTab"),  # issue 5
    ("عملکرد دستگاه‌ها", "fa5s.balance-scale", "ui.pages.accountability_tab:AccountabilityTab"),  # issue 5
]


class ReferralsPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget(objectName="referral_tabs")
        for title, icon_name, factory in TABS:
            module, name = factory.split(":")
            widget = getattr(importlib.import_module(module), name)(context, self)
            self.tabs.addTab(widget, theme.icon(icon_name), title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def help_screen(self) -> str:
        """The guide's screen key for F1: letters on the first tab, follow-up on the others."""
        return "referrals" if self.tabs.currentIndex() == 0 else "referrals.followup"
