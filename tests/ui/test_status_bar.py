"""The status bar names the user, the role and the database on an office screen: a long database path is
shortened in the middle to the room left, never hidden and never widening the window."""

from ui.context import AppContext
from ui.main_window import MainWindow

LONG_PATH = "/home/operator-with-a-long-name/.local/share/samad-desk/provincial-center/samad.db"


def test_the_database_line_shows_the_start_and_end_of_a_long_path(qtbot, ui_supervisor):
    window = MainWindow(AppContext(ui_supervisor, LONG_PATH))
    qtbot.addWidget(window)
    window.resize(1024, 700)  # within the test screen's bounds (the offscreen screen is 800 wide)
    window.show()
    qtbot.waitExposed(window)
    label = window.database_label
    assert label.isVisible() and label.width() > 150
    shown = label.text()
    assert shown.startswith("پایگاه داده: ") and "samad.db" in shown and "/home" in shown
    assert label.toolTip() == LONG_PATH
    assert label.fontMetrics().horizontalAdvance(shown) <= label.width()
    assert window.minimumSizeHint().width() <= 1024  # the path never widens the window


def test_a_short_path_is_shown_whole(qtbot, ui_supervisor):
    window = MainWindow(AppContext(ui_supervisor, "/data/samad.db"))
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    assert "/data/samad.db" in window.database_label.text() and "…" not in window.database_label.text()
