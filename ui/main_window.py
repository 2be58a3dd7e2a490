"""The main window: navigation on the right, the current section, a status bar with who and where."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.domain.roles import ROLE_LABELS
from ui import formatting, theme, window_state
from ui.context import AppContext
from ui.pages.empty_page import EmptySectionPage
from ui.pages.registry import Section, sections
from ui.widgets.overdue_indicator import OverdueIndicator


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, center_name: str = "", parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("میز سامد" + (f" — {center_name}" if center_name else ""))
        self.setWindowIcon(theme.icon("fa5s.headset"))
        self.sections: list[Section] = [s for s in sections() if s.visible_to(context.actor.role)]
        self.pages: dict[str, object] = {}

        self.navigation = QListWidget(objectName="navigation")
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFixedWidth(180)  # 1024-pixel screens need the room (issue 14)
        self.stack = QStackedWidget()
        for index, section in enumerate(self.sections):
            item = QListWidgetItem(theme.icon(section.icon, "#e8eef4"), section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setToolTip(f"{section.title} (Ctrl+{index + 1})" if index < 9 else section.title)
            self.navigation.addItem(item)
            self.stack.addWidget(QLabel())  # placeholder until first shown (pages load lazily)
        self.navigation.currentRowChanged.connect(self._show_row)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        actor = context.actor
        self.user_label = QLabel("کاربر: " + actor.full_name, objectName="status_user")
        self.role_label = QLabel("نقش: " + ROLE_LABELS[actor.role], objectName="status_role")
        self.database_label = QLabel("پایگاه داده: " + formatting.ltr(context.database_label), objectName="status_db")
        for w in (self.user_label, self.role_label, self.database_label):
            self.statusBar().addPermanentWidget(w)
        self.overdue_indicator = OverdueIndicator(context, self)  # issue 5: overdue referrals, always visible
        self.statusBar().addPermanentWidget(self.overdue_indicator)

        self._add_shortcuts()
        context.events.navigate.connect(self.show_section)
        context.events.open_case.connect(self.open_case)
        if not window_state.restore(self, "main"):
            self.resize(window_state.initial_size(self, QSize(1280, 800)))
        self.navigation.setCurrentRow(0)

    def _add_shortcuts(self) -> None:
        for index, section in enumerate(self.sections[:9]):
            action = QAction(section.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, key=section.key: self.show_section(key))
            self.addAction(action)
        # Ctrl+N: a new call from anywhere. On the intake page its own Ctrl+N (which also clears) answers, so
        # this one stands down there: two live shortcuts on one key would make Qt fire neither.
        self.new_call_action = QAction("تماس تازه", self)
        self.new_call_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_call_action.triggered.connect(self.new_call)
        self.addAction(self.new_call_action)
        quit_action = QAction("خروج", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        section = self.sections[row]
        if section.key not in self.pages:
            page = (section.build(self.context, self) if section.factory
                    else EmptySectionPage(section.title, section.icon, section.coming, self))
            self.pages[section.key] = page
            placeholder = self.stack.widget(row)
            self.stack.removeWidget(placeholder)
            self.stack.insertWidget(row, page)
            placeholder.deleteLater()
        self.stack.setCurrentIndex(row)
        self.new_call_action.setEnabled(section.key != "intake")
        focus_first = getattr(self.pages[section.key], "focus_first", None)
        if focus_first:  # intake: the cursor waits in the phone box (issue 14.3)
            focus_first()

    def new_call(self):
        page = self.show_section("intake")
        if page is not None and hasattr(page, "new_call"):
            page.new_call()
        return page

    def show_section(self, key: str):
        for row, section in enumerate(self.sections):
            if section.key == key:
                self.navigation.setCurrentRow(row)
                return self.pages[key]
        return None

    def open_case(self, case_id: int):
        """Any page's "open case" (letters, sessions, follow-up) lands here."""
        from ui.dialogs.case_dialog import open_case_dialog

        return open_case_dialog(self.context, case_id, self)

    def current_section(self) -> str:
        return self.sections[self.navigation.currentRow()].key

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        window_state.save(self, "main")
        super().closeEvent(event)
