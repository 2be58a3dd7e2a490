"""Starting the desktop app: Qt setup, the log and crash dialog, the database, first start, login, the main
window. `main()` is the `samad-desk` program (a gui_scripts entry: no console window on Windows); its
`--smoke-test DIR` starts on a new database in DIR, shows the main window, renders a letter and exits 0."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys
import time
from pathlib import Path
from typing import NoReturn

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import __version__, logs
from app.domain.text import isolate
from app.services import db_errors
from app.services.admin import settings, setup, users
from ui import gc_guard, none_refs, theme, window_state

STARTED = time.perf_counter()


SESSION_ENDED_NOTICE = "ناظر نشست شما را روی این رایانه پایان داد؛ برای ادامه دوباره وارد شوید."


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("samad-desk")
    app.setApplicationDisplayName("میز سامد")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("samad-desk")
    install_qt_translations(app)
    theme.apply(app)
    window_state.install_screen_fit()  # no dialog larger than the screen
    gc_guard.install(app)  # the cycle collector never runs in a worker thread
    none_refs.install(app)  # PySide6 6.12 on Python 3.11 drops references to None: keep them topped up
    return app


QT_CATALOG = "qtbase"  # Qt's own strings: standard buttons, file, print and message dialogs
BUNDLED_TRANSLATIONS = "PySide6/Qt/translations"  # where packaging/samad-desk.spec puts qtbase_fa.qm


def qt_translation_dirs() -> list[Path]:
    """Where Qt's Persian catalog is looked for: PySide6's translations folder, then (in the PyInstaller bundle)
    the folder the spec copies it to."""
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(Path(bundle) / BUNDLED_TRANSLATIONS)
    return dirs


def install_qt_translations(app: QApplication, dirs: list[Path] | None = None) -> bool:
    """Qt's own buttons and dialogs in Persian (qtbase_fa.qm, shipped with Qt), installed once at start."""
    if app.property("qt_translator_installed"):
        return True
    for folder in dirs if dirs is not None else qt_translation_dirs():
        translator = QTranslator(app)
        if translator.load(QLocale(QLocale.Language.Persian), QT_CATALOG, "_", str(folder)):
            app.installTranslator(translator)
            app.setProperty("qt_translator_installed", True)
            return True
        translator.deleteLater()
    logs.log.warning(
        "Qt's Persian translations (%s_fa.qm) not found; Qt's own buttons stay in English", QT_CATALOG
    )
    return False


def database_label(url: str) -> str:
    return setup.database_label(url)


def open_and_prepare(url: str) -> str:
    """Open the database and bring it to this program's schema (first start creates and seeds it; a new
    Jalali year's official holidays are loaded on the first start in that year)."""
    return setup.open_for_app(url)


def login_flow(label: str, parent=None, notice: str = ""):
    """First start asks for the supervisor account; then the login dialog. Returns an Actor or None."""
    from ui.admin.first_start_dialog import FirstStartDialog
    from ui.admin.login_dialog import LoginDialog

    username = ""
    if not users.has_users():
        first = FirstStartDialog(label, parent)
        if first.exec() != QDialog.DialogCode.Accepted:
            return None
        username = first.created.username
    login = LoginDialog(settings.get("center_name"), label, username=username, notice=notice, parent=parent)
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
    notice = ""
    while True:  # «خروج از حساب» closes the window and brings the login back for the next person
        actor = login_flow(label, notice=notice)
        if actor is None:
            return 0
        window, code = run_session(app, actor, label, url)
        if not window.logged_out:
            logs.log.info("Samad Desk closed (exit code %s)", code)
            return code
        logs.log.info("%s logged out%s", actor.username, " (session ended by a supervisor)" * window.ended)
        notice = SESSION_ENDED_NOTICE if window.ended else ""
        window.deleteLater()


def run_session(app: QApplication, actor, label: str, url: str, after_shown=None):
    """The main window with its session services (idle lock, other PCs' changes, daily backup) until it closes;
    then the services stop before anything else. Returns (window, exit code). `after_shown(window)` runs once
    the window is up (the smoke test closes it from there)."""
    from ui import session_services

    global _last_window
    window = _last_window = show_main_window(actor, label, url)
    services = session_services.start(window, window.context)
    if after_shown is not None:
        QTimer.singleShot(0, window, lambda: after_shown(window))
    code = app.exec()
    services.stop()
    return window, code


_last_window = None  # the session's window, for the time leaving took


def leave(code: int) -> NoReturn:
    """End the program at once, once the session is closed: background work is asked to stop (and waited for
    briefly), the database connection and the log are closed, and the process exits without Python's
    teardown of every Qt object, which took seconds (2.7–4.2 s on an office PC) and once crashed
    (`Fatal Python error: none_dealloc`) when a pool thread still ran Python while the interpreter was
    finalizing. Settings are already on disk (QSettings writes when each use ends)."""
    from app.services.admin.setup import close_thread_connection
    from ui.worker import stop_background_work

    stop_background_work()
    try:
        close_thread_connection()  # the interface thread's: the program's own connection
    except Exception as exc:  # a server already gone: nothing to close
        logs.log.warning("closing the database at exit: %s", exc)
    started = getattr(_last_window, "closing_started", None)
    if started is not None:
        logs.log.info("closed in %.0f ms", (time.perf_counter() - started) * 1000)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # no console (the windowed program)
            pass
    os._exit(code)


def smoke_test(directory: str) -> int:
    """Start on a new database in `directory` (its log there too), log in a new supervisor, show the main
    window, render a sample letter into the folder, close and return 0. Checks an install or a bundle."""
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
    rendered = {}

    def check_and_close(window) -> None:  # a letter renders, then the window closes as a user closes it
        try:
            with logs.timed("rendering the sample letter"):
                rendered["pdf"] = letter_templates.sample_pdf(letter_templates.get_template())
        except Exception as exc:  # raised after the loop ends, not into a crash dialog nobody answers
            rendered["error"] = exc
        finally:
            window.close()

    window, code = run_session(app, actor, database_label(url), url, after_shown=check_and_close)
    if "error" in rendered:
        raise rendered["error"]
    pdf = rendered.get("pdf", b"")
    (folder / "smoke-letter.pdf").write_bytes(pdf)
    if code != 0 or not pdf.startswith(b"%PDF"):
        raise RuntimeError("the sample letter is not a PDF")
    logs.log.info("smoke test passed: %s sections, letter of %s bytes", len(window.sections), len(pdf))
    logs.flush()
    closing_at = time.time() - (time.perf_counter() - window.closing_started)  # wall clock, for benchmarks
    print(
        f"smoke test passed: main window with {len(window.sections)} sections, letter {len(pdf)} bytes, "
        f"log {logs.log_file()}\nclosing started at {closing_at:.3f}",
        flush=True,
    )
    return 0


def main(argv: list[str] | None = None) -> NoReturn:
    """The `samad-desk` program: runs, then leaves at once (see `leave`)."""
    parser = argparse.ArgumentParser(prog="samad-desk", description="Samad Desk (میز سامد), the desktop app.")
    parser.add_argument("--version", action="version", version=f"samad-desk {__version__}")
    parser.add_argument("--database", metavar="URL", help="as for `samad --database`")
    parser.add_argument(
        "--smoke-test",
        metavar="DIR",
        help="start on a new database in DIR, show the main window, render a letter, close, exit 0",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    code = smoke_test(args.smoke_test) if args.smoke_test else run(args.database)
    leave(code)
