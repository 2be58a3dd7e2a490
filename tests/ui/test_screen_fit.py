"""Every page and dialog works on the operator's screens (1366×728 usable, and 1024×700):
no minimum size larger than the screen, no sideways scrolling, the columns a page names essential in view.
The screens walked are tools/screen_catalog.py's list (the screenshot script pictures the same ones)."""

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QPlainTextEdit, QWidget

from app import db as app_db
from app.services.admin import users
from app.services.demo.people import DEMO_PASSWORD
from tests.app.call_data import call
from tests.ui.conftest import open_demo_copy
from tools.screen_catalog import SCREENS, dialogs, find_samples, fit_problems, walk_tabs
from ui import window_state
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def demo_context(tmp_path, demo_files):
    open_demo_copy(demo_files, tmp_path / "samad.db", calls=60)
    yield AppContext(users.login("supervisor", DEMO_PASSWORD), str(tmp_path / "samad.db"))
    app_db.close_database()


def _settle(qtbot):
    qtbot.wait(5)


def _shown_window(qtbot, context, size):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.resize(size)
    return window


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_page_and_tab_fits_the_screen(qtbot, demo_context, screen):
    size = SCREENS[screen]
    window = _shown_window(qtbot, demo_context, size)
    problems = []
    for section in window.sections:
        page = window.show_section(section.key)
        for tab in walk_tabs(page):
            window.resize(size)
            _settle(qtbot)
            problems += [f"{section.key} {tab}: {p}" for p in fit_problems(window, size)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_intake_after_a_saved_call_and_with_errors_still_fits(qtbot, demo_context, screen):
    """The tracking-code card and the error labels appear after the first call: the window must not grow and
    the knowledge base's suggestions keep room for several rows."""
    size = SCREENS[screen]
    window = _shown_window(qtbot, demo_context, size)
    page = window.show_section("intake")
    page.save()  # empty: every required field shows its error
    window.resize(size)
    _settle(qtbot)
    problems = fit_problems(window, size)
    data = call()
    page.form.set_values(data)
    assert page.save(confirmed_new=True)
    window.resize(size)
    _settle(qtbot)
    problems += fit_problems(window, size)
    assert page.result.isVisible()
    assert not problems, "\n".join(problems)
    assert page.articles.list.height() >= 3 * page.fontMetrics().height(), "suggestions squeezed to a line"


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_dialog_fits_the_screen(qtbot, demo_context, screen):
    size = SCREENS[screen]
    samples = find_samples()
    problems = []
    for entry in dialogs():
        dialog = entry.build(demo_context, samples, None)
        qtbot.addWidget(dialog)
        dialog.show()
        window_state.fit_to_screen(dialog, QRect(0, 0, size.width(), size.height()))
        _settle(qtbot)
        problems += [f"{entry.name}: {p}" for p in fit_problems(dialog, size)]
        dialog.close()
    assert not problems, "\n".join(problems)


def test_a_window_never_opens_larger_than_the_screen_nor_off_it(qtbot, qapp):
    available = QRect(0, 40, 1366, 728)
    wide = QWidget()
    qtbot.addWidget(wide)
    wide.resize(1280, 900)
    wide.move(600, 300)
    window_state.fit_to_screen(wide, available)
    assert wide.width() <= 1366 and wide.height() <= 728
    assert available.contains(wide.frameGeometry().topLeft())
    assert wide.frameGeometry().bottom() <= available.bottom() + 1


@pytest.mark.parametrize(("kind", "how"), [(QDialog, "show"), (QDialog, "open"), (QInputDialog, "show")])
def test_dialogs_are_clamped_to_the_real_screen_when_shown(qtbot, qapp, kind, how):
    """The rule make_application installs applies to any dialog, even one that asks for more than the screen
    has, however it is shown (exec shows it as open does)."""
    dialog = kind()
    qtbot.addWidget(dialog)
    dialog.resize(5000, 4000)
    getattr(dialog, how)()
    _settle(qtbot)
    available = dialog.screen().availableGeometry().size()
    assert dialog.frameGeometry().width() <= available.width()
    assert dialog.frameGeometry().height() <= available.height()


def test_the_main_window_opens_within_the_screen_without_saved_geometry(qtbot, demo_context):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()
    assert QSize(1024, 700).expandedTo(window.minimumSizeHint()) == QSize(1024, 700)


def test_every_multiline_box_is_right_to_left_and_right_aligned(qtbot, demo_context):
    """A line starting with digits (or an empty box) still starts at the right."""
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    roots = [window.show_section(s.key) for s in window.sections]
    samples = find_samples()
    for entry in dialogs():
        dialog = entry.build(demo_context, samples, None)
        qtbot.addWidget(dialog)
        roots.append(dialog)
    boxes = [box for root in roots for box in root.findChildren(QPlainTextEdit)]
    assert len(boxes) >= 6
    left = []
    for box in boxes:
        option = box.document().defaultTextOption()
        if (
            option.textDirection() != Qt.LayoutDirection.RightToLeft
            or not option.alignment() & Qt.AlignmentFlag.AlignRight
        ):
            left.append(box.objectName())
    assert not left, f"text starts at the left in {left}"
    # and on screen: the description's first line, starting with digits, ends at the box's right edge
    description = window.show_section("intake").form.description
    description.setPlainText("12 روز است آب قطع است")
    qtbot.waitUntil(lambda: description.document().firstBlock().layout().lineCount() > 0)
    line = description.document().firstBlock().layout().lineAt(0).naturalTextRect()
    assert line.right() > description.viewport().width() - 20 and line.left() > 100


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_reports_page_fits_while_a_report_is_built(qtbot, demo_context, screen):
    """The progress bar and «لغو» appear while a report is built (now also when the page first opens): the
    window must not grow past the screen."""
    size = SCREENS[screen]
    window = _shown_window(qtbot, demo_context, size)
    page = window.show_section("reports")
    page.first_report.stop()
    page._busy("در حال ساختن گزارش…")
    _settle(qtbot)
    assert page.progress.isVisible() and page.cancel_button.isVisible()
    problems = fit_problems(window, size)
    page._idle()
    assert not problems, "\n".join(problems)
