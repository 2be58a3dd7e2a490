"""The one helper that saves and restores window geometry (QSettings, per user), and keeps every window
within the screen's available area (an office screen is often 1366×768 with a taskbar, or 1024×768).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QWidget

ORGANISATION, APPLICATION = "samad-desk", "samad-desk"


def qsettings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def available_area(widget: QWidget) -> QRect:
    screen = widget.screen() or QApplication.primaryScreen()
    return screen.availableGeometry() if screen else QRect(0, 0, 1024, 700)


def fit_to_screen(widget: QWidget, available: QRect | None = None) -> None:
    """Shrink `widget` to the available area (its frame included) and move it back inside if it pokes out."""
    area = available if available is not None else available_area(widget)
    frame = widget.frameGeometry()
    extra = QSize(frame.width() - widget.width(), frame.height() - widget.height())
    limit = QSize(max(area.width() - extra.width(), 1), max(area.height() - extra.height(), 1))
    if widget.width() > limit.width() or widget.height() > limit.height():
        widget.resize(widget.size().boundedTo(limit))
    frame = widget.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        widget.move(max(x, area.left()), max(y, area.top()))


def initial_size(widget: QWidget, wanted: QSize) -> QSize:
    """`wanted`, or less on a smaller screen."""
    return wanted.boundedTo(available_area(widget).size())


def _within_screen(qt_set_visible):
    def set_visible(dialog: QDialog, visible: bool) -> None:
        qt_set_visible(dialog, visible)
        if visible:
            fit_to_screen(dialog)

    set_visible.fits = True
    return set_visible


def install_screen_fit() -> None:
    """Every dialog, when shown (`show`, `open` or `exec`), is kept within its screen: dialogs that ask for a
    fixed size or restore a size saved on a bigger screen included; the main window fits itself when made.
    Done in `setVisible`, which Qt calls for each (QFileDialog and QInputDialog have their own), rather than
    by an event filter on the whole application: that filter took every event of the program through Python,
    and its first events made PySide create every type it keeps lazily (about 25 ms of each launch, issue 17)."""
    for kind in (QDialog, QFileDialog, QInputDialog):
        if not getattr(kind.__dict__["setVisible"], "fits", False):
            kind.setVisible = _within_screen(kind.__dict__["setVisible"])


def restore(widget: QWidget, key: str) -> bool:
    geometry = qsettings().value(f"geometry/{key}")
    restored = bool(geometry) and widget.restoreGeometry(geometry)
    if restored:
        fit_to_screen(widget)
    return restored


def save(widget: QWidget, key: str) -> None:
    qsettings().setValue(f"geometry/{key}", widget.saveGeometry())
