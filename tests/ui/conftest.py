"""The UI tier: one themed QApplication (right-to-left, Vazirmatn, Persian locale) for all tests."""

import pytest

from ui.context import AppContext


@pytest.fixture(scope="session")
def qapp():
    from ui.application import make_application

    return make_application(["samad-tests"])


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
