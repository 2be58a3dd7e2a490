"""A case's whole life in order (app.wiring.case_timeline) as a compact timeline: one line per event — its
icon, what happened, the Jalali time and who — and the event's details under the list when the line is
clicked (or chosen with the keyboard). Every title and detail is Persian; no code of the program shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import wiring
from app.domain.text import to_persian_digits
from ui import formatting, theme

# every kind of event a timeline source gives (app.services.cases.case_history.TimelineEntry.kind)
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
    "withdrawal": ("fa5s.undo-alt", "#8a5200"),
    "session": ("fa5s.user-tie", "#2f6690"),
    "guidance": ("fa5s.book-open", "#2e7d32"),
    "official_note": ("fa5s.user-tie", "#6a1b9a"),
}
EMPHASIS = {"escalation": "#b3261e", "reminder": "#8a5200", "withdrawal": "#8a5200"}
WHAT, WHEN, WHO = range(3)


class CaseTimeline(QWidget):
    """`set_case(case_id)` fills it; `entries` holds what is shown (oldest first); `detail` shows the
    clicked event's details."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list = []
        self.tree = QTreeWidget(objectName="case_timeline")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["رویداد", "زمان", "کاربر"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)  # one line per event
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideLeft)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        line = self.tree.fontMetrics().height() + 8
        self.tree.setMinimumHeight(5 * line + 28)  # the header and five events at least
        header = self.tree.header()
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHO, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.currentItemChanged.connect(lambda item, _: self._show_detail(item))
        self.tree.itemClicked.connect(lambda item, _: self._show_detail(item))

        self.detail = QLabel(objectName="timeline_detail", wordWrap=True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        self.detail.setProperty("role", "card")
        self.detail_area = QScrollArea(
            objectName="timeline_detail_area", widgetResizable=True, frameShape=QFrame.Shape.NoFrame
        )
        self.detail_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail_area.setWidget(self.detail)
        self.detail_area.setMaximumHeight(88)
        self.detail_area.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail_area)

    def clear(self) -> None:
        self.entries = []
        self.tree.clear()
        self.detail.clear()
        self.detail_area.hide()

    def set_case(self, case_id: int | None) -> None:
        self.clear()
        if case_id is None:
            return
        self.entries = wiring.case_timeline(case_id)
        for index, entry in enumerate(self.entries):
            title = to_persian_digits(entry.title)
            detail = to_persian_digits(entry.detail or "")
            item = QTreeWidgetItem([title, formatting.datetime(entry.at), entry.who])
            icon_name, color = KIND_ICONS.get(entry.kind, ("fa5s.circle", "#5c6b7a"))
            item.setIcon(WHAT, theme.icon(icon_name, color))
            item.setData(WHAT, Qt.ItemDataRole.UserRole, index)
            item.setToolTip(WHAT, "\n".join(filter(None, [title, detail])))
            if entry.kind in EMPHASIS:
                item.setForeground(WHAT, QBrush(QColor(EMPHASIS[entry.kind])))
            self.tree.addTopLevelItem(item)
        if self.tree.topLevelItemCount():
            self.tree.scrollToItem(self.tree.topLevelItem(self.tree.topLevelItemCount() - 1))

    def _show_detail(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            self.detail_area.hide()
            return
        entry = self.entries[item.data(WHAT, Qt.ItemDataRole.UserRole)]
        lines = [
            f"{to_persian_digits(entry.title)} — {formatting.datetime(entry.at)}"
            + (f" — {entry.who}" if entry.who else ""),
            to_persian_digits(formatting.ident(entry.detail or "")) or "جزئیات دیگری ندارد.",
        ]
        self.detail.setText("\n".join(lines))
        self.detail_area.show()

    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def titles(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(WHAT) for i in range(self.tree.topLevelItemCount())]

    def rows(self) -> list[tuple[str, str, str]]:
        """(what, when, who) of each line, as shown."""
        return [
            tuple(self.tree.topLevelItem(i).text(c) for c in (WHAT, WHEN, WHO))
            for i in range(self.tree.topLevelItemCount())
        ]

    def open_detail(self, row: int) -> str:
        """Click line `row` and return the details shown (for tests and the keyboard)."""
        item = self.tree.topLevelItem(row)
        self.tree.setCurrentItem(item)
        self._show_detail(item)
        return self.detail.text()
