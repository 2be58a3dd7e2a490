"""The UI tier: one themed QApplication (right-to-left, Vazirmatn, Persian locale) for all tests."""

import pytest

from ui.context import AppContext


@pytest.fixture(scope="session")
def qapp():
    from ui.application import make_application

    return make_application(["samad-tests"])


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory, sqlite_template):
    """`demo_files(calls, rate)`: the path of a SQLite file holding that demo (run_demo), built once per session
    (per worker); a test opens a copy with `open_demo_copy`."""
    from app import db as app_db
    from app.services.demo import run_demo
    from tests.conftest import close_sqlite_file, open_sqlite_copy

    built = {}

    def path_of(calls: int, rate: int):
        if (calls, rate) not in built:
            path = tmp_path_factory.mktemp("demo") / "samad.db"
            open_sqlite_copy(sqlite_template, path)
            run_demo(calls=calls, rate=rate)
            close_sqlite_file(app_db.database.obj)
            built[calls, rate] = path
        return built[calls, rate]

    return path_of


def open_demo_copy(demo_files, path, calls: int, rate: int = 10):
    """Open (and bind) a copy at `path` of the session's demo of `calls` calls: what run_demo would have made
    there. A database already open at `path` (the test's empty copy) is closed and replaced."""
    from pathlib import Path

    from app import db as app_db
    from tests.conftest import open_sqlite_copy

    source = demo_files(calls, rate)
    app_db.close_database()
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    return open_sqlite_copy(source, path)


@pytest.fixture
def ui_supervisor(sqlite_db):
    from tests.conftest import make_user

    return make_user("root", "supervisor")


@pytest.fixture
def ui_operator(sqlite_db, ui_supervisor):
    from tests.conftest import make_user

    return make_user("operator1", "operator")


@pytest.fixture
def context_for():
    def make(actor):
        return AppContext(actor, "/tmp/samad-test.db")

    return make


@pytest.fixture
def intake_page(qtbot, ui_operator, context_for):
    """The intake page alone, shown and focused as an operator finds it."""
    from ui.cases.intake_page import CallIntakePage

    w = CallIntakePage(context_for(ui_operator))
    qtbot.addWidget(w)
    w.resize(1300, 820)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.form.phone.setFocus()
    return w


@pytest.fixture(autouse=True)
def collect_on_interface_thread(qapp):
    """The application's collector runs on a timer that a short test may never reach: collect what is due
    after each test, on this (the interface) thread, as the timer would."""
    yield
    from ui import gc_guard

    gc_guard.install(qapp).collect_due()
