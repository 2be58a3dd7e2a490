"""Starting the desktop app: Qt setup, the database, first start, login, the main window."""
from __future__ import annotations

import sys
import time

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import __version__
from app.db import DatabaseError, open_database, parse_url, resolve_url
from app.services import settings, users
from app.services.setup import init_database
from ui import theme, window_state

STARTED = time.perf_counter()


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("samad-desk")
    app.setApplicationDisplayName("میز سامد")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("samad-desk")
    translator = QTranslator(app)  # Qt's own strings (buttons, dialogs) in Persian
    if translator.load(QLocale(QLocale.Language.Persian), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    theme.apply(app)
    window_state.install_screen_fit(app)  # no window larger than the screen (issue 14)
    return app


def database_label(url: str) -> str:
    parsed = parse_url(url)
    return parsed.path if parsed.is_sqlite else parsed.redacted()


def open_and_prepare(url: str):
    """Open the database and bring it to this program's schema (first start creates and seeds it)."""
    db = open_database(url)
    init_database(db)
    return db


def login_flow(label: str, parent=None):
    """First start asks for the supervisor account; then the login dialog. Returns an Actor or None."""
    from ui.dialogs.first_start_dialog import FirstStartDialog
    from ui.dialogs.login_dialog import LoginDialog

    username = ""
    if not users.has_users():
        first = FirstStartDialog(label, parent)
        if first.exec() != QDialog.DialogCode.Accepted:
            return None
        username = first.created.username
    login = LoginDialog(settings.get("center_name"), label, username=username, parent=parent)
    if login.exec() != QDialog.DialogCode.Accepted:
        return None
    return login.actor


def run(database_url: str | None = None) -> int:
    app = make_application()
    try:
        url = resolve_url(database_url)
        open_and_prepare(url)
    except DatabaseError as exc:
        QMessageBox.critical(None, "میز سامد", "پایگاه داده باز نشد:\n" + str(exc))
        return 2
    label = database_label(url)
    actor = login_flow(label)
    if actor is None:
        return 0
    from ui.context import AppContext
    from ui.main_window import MainWindow

    window = MainWindow(AppContext(actor, label, url), settings.get("center_name"))
    window.show()
    from ui import session_services  # idle lock, other PCs' changes, daily backup (issue 9)

    session_services.start(window, window.context)
    return app.exec()
