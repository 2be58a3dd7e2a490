"""Fonts, icons, colours and the Persian locale, registered once at start."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from app import paths

FONT_FAMILY = "Vazirmatn"
FONTS = ("Vazirmatn-Regular.ttf", "Vazirmatn-Medium.ttf", "Vazirmatn-Bold.ttf")
PERSIAN = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)

STYLESHEET = """
QWidget { font-size: 10pt; }
QListWidget#navigation { background: #1f3b57; color: #e8eef4; border: none; font-size: 11pt; }
QListWidget#navigation::item { padding: 9px 12px; }
QListWidget#navigation::item:selected { background: #2f6690; color: white; }
QLabel[role="title"] { font-size: 15pt; font-weight: bold; color: #1f3b57; }
QLabel[role="heading"] { font-size: 11pt; font-weight: bold; color: #1f3b57; }
QLabel[role="hint"] { color: #5c6b7a; }
QLabel[role="error"] { color: #b3261e; }
QLabel[role="big-code"] { font-size: 26pt; font-weight: bold; color: #1f3b57; letter-spacing: 2px; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"] { border: 1px solid #b3261e; }
QFrame[role="card"] { background: white; border: 1px solid #d5dde5; border-radius: 6px; }
"""


class FontError(RuntimeError):
    pass


def load_fonts() -> str:
    """Register the bundled Vazirmatn files; raise if Qt refuses one."""
    for name in FONTS:
        path = paths.RESOURCES / "fonts" / name
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            raise FontError(f"cannot load font {path}")
    return FONT_FAMILY


def apply(app: QApplication) -> None:
    """Right-to-left, Persian locale, bundled font and the stylesheet, once for the whole app."""
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    QLocale.setDefault(PERSIAN)
    family = load_fonts()
    font = QFont(family, 10)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)


def icon(name: str, color: str = "#1f3b57") -> QIcon:
    """A Font Awesome 5 solid icon, "fa5s.<name>", in `color` (ui.icons draws it)."""
    from ui import icons

    return icons.icon(name, color)
