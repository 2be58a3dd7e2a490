"""A case's whole life in order (app.wiring.case_timeline): contacts, orders, letters, responses, reminders,
escalations, call backs and status changes, each with when and who; the details open under each line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app import wiring
from app.domain.text import to_persian_digits
from ui import formatting, theme

KIND_ICONS = {
    "contact": ("fa5s.phone-alt", "#1f3b57"),
    "change": ("fa5s.pen", "#5c6b7a"),
    "status": ("fa5s.flag", "#2f6690"),
    "referral": ("fa5s.share-square", "#1f3b57"),
    "letter": ("fa5s.envelope", "#1f3b57"),
    "response": ("fa5s.reply", "#2e7d32"),
    "reminder": ("fa5s.bell", "#b26a00"),
    "escalation": ("fa5s.gavel", "#b3261e"),
    "callback": ("fa5s.phone-volume", "#2e7d32"),
    "official_note": ("fa5s.user-tie", "#6a1b9a"),
}
EMPHASIS = {"escalation": "#b3261e", "reminder": "#8a5200"}


class CaseTimeline(QWidget):
    """`set_case(case_id)` fills it; `entries` holds what is shown (oldest first)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list = []
        self.tree = QTreeWidget(objectName="case_timeline")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["چه شد", "کی", "چه کسی"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)

    def clear(self) -> None:
        self.entries = []
        self.tree.clear()

    def set_case(self, case_id: int | None) -> None:
        self.clear()
        if case_id is None:
            return
        self.entries = wiring.case_timeline(case_id)
        for entry in self.entries:
            item = QTreeWidgetItem([to_persian_digits(entry.title), formatting.datetime(entry.at), entry.who])
            icon_name, color = KIND_ICONS.get(entry.kind, ("fa5s.circle", "#5c6b7a"))
            item.setIcon(0, theme.icon(icon_name, color))
            item.setData(0, Qt.ItemDataRole.UserRole, entry.kind)
            if entry.kind in EMPHASIS:
                item.setForeground(0, QBrush(QColor(EMPHASIS[entry.kind])))
            for line in (entry.detail or "").split("\n"):
                if line.strip():
                    child = QTreeWidgetItem([to_persian_digits(line)])
                    child.setToolTip(0, to_persian_digits(line))
                    item.addChild(child)
            self.tree.addTopLevelItem(item)
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.childCount():
                item.setExpanded(True)
            for j in range(item.childCount()):
                item.child(j).setFirstColumnSpanned(True)  # a detail line uses the whole width
        if self.tree.topLevelItemCount():
            self.tree.scrollToItem(self.tree.topLevelItem(self.tree.topLevelItemCount() - 1))

    def titles(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())]
