"""The main window: navigation on the right, the current section, a status bar with who and where."""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from app.domain.roles import ROLE_LABELS
from app.services.admin import login_sessions, users
from ui import theme, window_state
from ui.context import AppContext
from ui.followup.overdue_indicator import OverdueIndicator
from ui.widgets.elided_label import ElidedLabel
from ui.wiring import SECTIONS, Section


class MainWindow(QMainWindow):
    logout_requested = Signal()  # the user logs out (or switches user): the login comes back

    def __init__(self, context: AppContext, center_name: str = "", parent=None):
        super().__init__(parent)
        self.context = context
        self.logged_out = False
        self.ended = False  # by a supervisor (login_sessions.end_session)
        self.setWindowTitle("میز سامد" + (f" — {center_name}" if center_name else ""))
        self.setWindowIcon(theme.icon("fa5s.headset"))
        self.sections: list[Section] = [s for s in SECTIONS if s.visible_to(context.actor.role)]
        self.pages: dict[str, object] = {}
        self.help_window = None

        self.navigation = QListWidget(objectName="navigation")
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFixedWidth(174)  # 1024-pixel screens need the room (intake after a save, in X11)
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
        # a long file path must not widen the window past a 1024-pixel screen: it is shortened in the middle
        # to the room left (the whole path stays in its tooltip)
        self.database_label = ElidedLabel("پایگاه داده: ", context.database_label, objectName="status_db")
        for w in (self.user_label, self.role_label):
            self.statusBar().addPermanentWidget(w)
        self.statusBar().addPermanentWidget(self.database_label, 1)
        self.overdue_indicator = OverdueIndicator(context, self)  # overdue referrals, always visible
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
        logout_action = QAction(theme.icon("fa5s.user-times"), "خروج از حساب", self, objectName="logout")
        logout_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        logout_action.triggered.connect(self.log_out)
        self.addAction(logout_action)
        self.logout_button = QToolButton(objectName="logout_button")
        self.logout_button.setDefaultAction(logout_action)
        self.logout_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.statusBar().addPermanentWidget(self.logout_button)
        # Ctrl+N: a new call from anywhere. On the intake page its own Ctrl+N (which also clears) answers, so
        # this one stands down there: two live shortcuts on one key would make Qt fire neither.
        self.new_call_action = QAction("تماس تازه", self)
        self.new_call_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_call_action.triggered.connect(self.new_call)
        self.addAction(self.new_call_action)
        # Ctrl+F: find a case by tracking code from any screen. The register has the box in its header and
        # its own Ctrl+F that goes there, so this one stands down on that page (as Ctrl+N does on intake).
        self.find_case_action = QAction(theme.icon("fa5s.search"), "یافتن پرونده با کد رهگیری", self)
        self.find_case_action.setObjectName("find_case")
        self.find_case_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_case_action.triggered.connect(self.find_case)
        self.addAction(self.find_case_action)
        self.find_dialog = None
        quit_action = QAction("خروج", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        help_action = QAction("راهنمای همین صفحه", self, objectName="help_action")
        help_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        help_action.triggered.connect(self.show_help)
        self.addAction(help_action)

    def shortcuts(self) -> list[tuple[str, str]]:
        """The window's shortcuts as they are now (what each does, its keys), for the guide's shortcuts page."""
        out = []
        for action in self.actions():
            keys = action.shortcut().toString(
                QKeySequence.SequenceFormat.PortableText
            )  # as the guide writes them
            if keys:
                index = next((i for i, s in enumerate(self.sections) if s.title == action.text()), None)
                text = f"رفتن به بخش «{action.text()}»" if index is not None else action.text()
                out.append((text, keys))
        return out

    def show_help(self):
        """F1: the user's guide at the page of the current screen (one window, raised if already open)."""
        from app.services import user_guide
        from ui.help_window import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(user_guide.pages(), self.shortcuts(), self)
        else:
            self.help_window.shortcuts = self.shortcuts()
        page = self.pages.get(self.current_section())
        screen = page.help_screen() if hasattr(page, "help_screen") else self.current_section()
        self.help_window.show_screen(screen)
        self.help_window.show()
        self.help_window.raise_()
        return self.help_window

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        section = self.sections[row]
        if section.key not in self.pages:
            page = section.build(self.context, self)
            self.pages[section.key] = page
            placeholder = self.stack.widget(row)
            self.stack.removeWidget(placeholder)
            self.stack.insertWidget(row, page)
            placeholder.deleteLater()
        self.stack.setCurrentIndex(row)
        self.new_call_action.setEnabled(section.key != "intake")
        self.find_case_action.setEnabled(section.key != "calls")
        focus_first = getattr(self.pages[section.key], "focus_first", None)
        if focus_first:  # intake: the cursor waits in the phone box
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
        from ui.cases.case_dialog import open_case_dialog

        return open_case_dialog(self.context, case_id, self)

    def find_case(self):
        """Ctrl+F: the small tracking-code finder (one box, brought back with its text selected)."""
        from ui.cases.tracking_code_finder import FindCaseDialog

        if self.find_dialog is None:
            self.find_dialog = FindCaseDialog(self)
            self.find_dialog.found.connect(self.open_case)
        self.find_dialog.open()
        self.find_dialog.raise_()
        self.find_dialog.activateWindow()
        self.find_dialog.finder.focus()
        return self.find_dialog

    def current_section(self) -> str:
        return self.sections[self.navigation.currentRow()].key

    def log_out(self) -> None:
        """End this user's session: recorded, the window closes, and the login asks who is next."""
        if self.logged_out:
            return
        users.logout(self.context.actor)
        login_sessions.finish(self.context.session_id, "logout")
        self.logged_out = True
        self.logout_requested.emit()
        self.close()

    def session_ended(self) -> None:
        """A supervisor ended this session (its heartbeat said so): the window closes and the login comes
        back, saying why; nothing is recorded here (the supervisor's ending is)."""
        if self.logged_out:
            return
        self.logged_out = True
        self.ended = True
        self.logout_requested.emit()
        self.close()

    def closeEvent(self, event) -> None:
        self.closing_started = time.perf_counter()  # the program logs how long leaving took
        if not self.logged_out:
            with contextlib.suppress(Exception):  # the database may be gone; closing must not fail on it
                login_sessions.finish(self.context.session_id, "quit")
        window_state.save(self, "main")
        super().closeEvent(event)
