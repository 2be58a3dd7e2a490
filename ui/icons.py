"""The interface's icons: Font Awesome 5 solid glyphs ("fa5s.<name>") drawn in a colour, from the font and
charmap files the qtawesome package ships. They are drawn here, as qtawesome draws them (the glyph at 7/8 of
the icon's height, centred; the palette's disabled text colour when disabled), without importing qtawesome:
its import (with qtpy's compatibility layer over every Qt module) and its loading of a dozen icon fonts took
about a third of the program's start-up (issue 17). Only the one font the interface uses is loaded, on the
first icon asked for."""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

PREFIX = "fa5s"
FONT_FILES = "fontawesome5-solid-webfont-*.ttf"
CHARMAP_FILES = "fontawesome5-solid-webfont-charmap-*.json"
GLYPH_SHARE = 0.875  # a 16-pixel icon draws a 14-pixel glyph (the font's bearing takes the rest)


class IconError(KeyError):
    pass


def fonts_folder() -> Path:
    """qtawesome's fonts folder: in the PyInstaller bundle where packaging/samad-desk.spec copies it, else in
    the installed package (found, not imported)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "qtawesome" / "fonts"
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or spec.origin is None:
        raise IconError("the qtawesome package (its icon fonts) is not installed")
    return Path(spec.origin).parent / "fonts"


def _only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if not found:
        raise IconError(f"no {pattern} in {folder}")
    return found[-1]


@cache
def _font() -> tuple[str, dict[str, str]]:
    """The icon font's family (registered with Qt once) and its glyphs by name."""
    folder = fonts_folder()
    font_id = QFontDatabase.addApplicationFont(str(_only(folder, FONT_FILES)))
    if font_id < 0:
        raise IconError(f"Qt cannot load the icon font in {folder}")
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    codes = json.loads(_only(folder, CHARMAP_FILES).read_text(encoding="utf-8"))
    return family, {name: chr(int(code, 16)) for name, code in codes.items()}


class GlyphEngine(QIconEngine):
    def __init__(self, family: str, char: str, color: str):
        super().__init__()
        self.family, self.char, self.color = family, char, color

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        if mode == QIcon.Mode.Disabled:
            color = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        else:
            color = QColor(self.color)
        font = QFont()
        font.setFamily(self.family)
        font.setPixelSize(round(GLYPH_SHARE * rect.height()))
        font.setStyleName("Solid")
        painter.save()
        painter.setPen(color)
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.char)
        painter.restore()

    def pixmap(self, size, mode, state) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return GlyphEngine(self.family, self.char, self.color)


@cache
def icon(name: str, color: str) -> QIcon:
    """The icon "fa5s.<name>" in `color` (one QIcon per name and colour); IconError for an unknown name."""
    prefix, _, glyph = name.partition(".")
    family, chars = _font()
    if prefix != PREFIX or glyph not in chars:
        raise IconError(f"unknown icon {name!r} (the interface draws {PREFIX}.* icons)")
    return QIcon(GlyphEngine(family, chars[glyph], color))
