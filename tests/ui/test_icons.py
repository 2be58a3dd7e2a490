"""The interface's icons (ui.icons, drawn from qtawesome's Font Awesome 5 solid font without importing it):
every icon name written in ui/ exists, an icon draws its glyph in its colour, and an unknown name is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon

from ui import icons, theme

UI = Path(__file__).resolve().parents[2] / "ui"
NAME = re.compile(r"[\"'](fa5s\.[a-z0-9-]+)[\"']")


def names_in_use() -> set[str]:
    return {m for path in UI.rglob("*.py") for m in NAME.findall(path.read_text(encoding="utf-8"))}


def test_every_icon_the_interface_names_exists(qapp):
    names = names_in_use()
    assert len(names) > 50  # the pattern still finds them
    missing = []
    for name in sorted(names):
        try:
            icons.icon(name, "#1f3b57")
        except icons.IconError:
            missing.append(name)
    assert missing == []


def test_an_icon_draws_its_glyph_in_its_colour(qapp):
    image = theme.icon("fa5s.phone-alt", "#b3261e").pixmap(QSize(32, 32)).toImage()
    painted = [
        image.pixelColor(x, y) for x in range(32) for y in range(32) if image.pixelColor(x, y).alpha() == 255
    ]
    assert len(painted) > 100  # a glyph, not an empty square
    assert {c.name() for c in painted} == {QColor("#b3261e").name()}
    disabled = theme.icon("fa5s.phone-alt", "#b3261e").pixmap(QSize(32, 32), QIcon.Mode.Disabled).toImage()
    assert all(
        disabled.pixelColor(x, y).name() != "#b3261e" for x in range(32) for y in range(32)
    )  # disabled: the palette's disabled colour


def test_an_unknown_icon_is_refused(qapp):
    with pytest.raises(icons.IconError):
        theme.icon("fa5s.no-such-icon")
    with pytest.raises(icons.IconError):
        theme.icon("mdi.phone")
