"""Starting the desktop app: Qt setup, the log and crash dialog, the database, first start, login, the main
window. `main()` is the `samad-desk` program (a gui_scripts entry: no console window on Windows); its
`--smoke-test DIR` starts on a new database in DIR, shows the main window, renders a letter and exits 0."""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import __version__, logs
from app.domain.text import isolate
from app.services import db_errors
from app.services.admin import settings, setup, users
from ui import none_refs, theme, window_state

STARTED = time.perf_counter()


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("samad-desk")
    app.setApplicationDisplayName("میز سامد")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("samad-desk")
    translator = QTranslator(app)  # Qt's own strings (buttons, dialogs) in Persian
    if translator.load(
        QLocale(QLocale.Language.Persian),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(translator)
    theme.apply(app)
    window_state.install_screen_fit(app)  # no window larger than the screen
    none_refs.install(app)  # PySide6 6.12 on Python 3.11 drops references to None: keep them topped up
    return app


def database_label(url: str) -> str:
    return setup.database_label(url)


def open_and_prepare(url: str) -> str:
    """Open the database and bring it to this program's schema (first start creates and seeds it; a new
    Jalali year's official holidays are loaded on the first start in that year)."""
    return setup.open_for_app(url)


def login_flow(label: str, parent=None):
    """First start asks for the supervisor account; then the login dialog. Returns an Actor or None."""
    from ui.admin.first_start_dialog import FirstStartDialog
    from ui.admin.login_dialog import LoginDialog

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


def start_logging(app: QApplication):
    from ui import crash_handler
    from ui.stall_monitor import StallMonitor

    reporter = crash_handler.install(app)
    app.stall_monitor = StallMonitor(parent=app)
    app.stall_monitor.start()
    logs.log.info("Samad Desk %s starting", __version__)
    logs.startup_step("Qt ready")
    return reporter


def open_for_window(url: str, quiet: bool = False) -> bool:
    """Open and prepare the database; on failure log it and say why in Persian (in a message box, or on standard
    error when `quiet`). True when it opened."""
    logs.database_in_use(setup.redacted_label(url))
    try:
        with logs.timed("opening the database"):
            open_and_prepare(url)
    except Exception as exc:
        if not db_errors.is_database_error(exc):  # a bug: the crash dialog's business
            raise
        logs.log.error("the database did not open", exc_info=exc)
        message = (
            "پایگاه داده باز نشد.\n"
            + db_errors.explain(exc)
            + "\n\nپروندهٔ گزارش: "
            + isolate(logs.log_file())
        )
        if quiet:
            print(message, file=sys.stderr)
        else:
            QMessageBox.critical(None, "میز سامد", message)
        return False
    logs.startup_step("database open")
    return True


def show_main_window(actor, label: str, url: str):
    from ui.context import AppContext
    from ui.main_window import MainWindow

    window = MainWindow(AppContext(actor, label, url), settings.get("center_name"))
    window.show()
    logs.startup_step("main window shown")
    return window


def run(database_url: str | None = None) -> int:
    app = make_application()
    start_logging(app)
    url = setup.resolve(database_url)
    if not open_for_window(url):
        return 2
    label = database_label(url)
    from ui import session_services  # idle lock, other PCs' changes, daily backup

    while True:  # «خروج از حساب» closes the window and brings the login back for the next person
        actor = login_flow(label)
        if actor is None:
            return 0
        window = show_main_window(actor, label, url)
        session_services.start(window, window.context)
        code = app.exec()
        if not window.logged_out:
            logs.log.info("Samad Desk closed (exit code %s)", code)
            return code
        logs.log.info("%s logged out", actor.username)
        window.deleteLater()


def smoke_test(directory: str) -> int:
    """Start on a new database in `directory` (its log there too), log in a new supervisor, show the main
    window, render a sample letter into the folder, close and return 0. Checks an install or a bundle."""
    import os

    folder = Path(directory).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["SAMAD_DATA_DIR"] = str(folder)  # log, backups and settings stay in the test folder
    os.environ["SAMAD_CONFIG_DIR"] = str(folder / "config")
    app = make_application()
    start_logging(app)
    url = "sqlite:///" + str(folder / "samad.db")
    if not open_for_window(url, quiet=True):
        return 2
    from app.services.letters import letter_templates

    password = secrets.token_urlsafe(16)
    if not users.has_users():
        users.create_first_supervisor("smoke", "آزمون دود", password)
    actor = users.login("smoke", password)
    window = show_main_window(actor, database_label(url), url)
    app.processEvents()
    with logs.timed("rendering the sample letter"):
        pdf = letter_templates.sample_pdf(letter_templates.get_template())
    (folder / "smoke-letter.pdf").write_bytes(pdf)
    if not pdf.startswith(b"%PDF"):
        raise RuntimeError("the sample letter is not a PDF")
    window.close()
    app.processEvents()
    logs.log.info("smoke test passed: %s sections, letter of %s bytes", len(window.sections), len(pdf))
    logs.flush()
    print(
        f"smoke test passed: main window with {len(window.sections)} sections, letter {len(pdf)} bytes, "
        f"log {logs.log_file()}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """The `samad-desk` program."""
    parser = argparse.ArgumentParser(prog="samad-desk", description="Samad Desk (میز سامد), the desktop app.")
    parser.add_argument("--version", action="version", version=f"samad-desk {__version__}")
    parser.add_argument("--database", metavar="URL", help="as for `samad --database`")
    parser.add_argument(
        "--smoke-test",
        metavar="DIR",
        help="start on a new database in DIR, show the main window, render a letter, exit 0",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.smoke_test:
        return smoke_test(args.smoke_test)
    return run(args.database)
