"""The one helper that saves and restores window geometry (QSettings, per user)."""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

ORGANISATION, APPLICATION = "samad-desk", "samad-desk"


def qsettings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def restore(widget: QWidget, key: str) -> bool:
    geometry = qsettings().value(f"geometry/{key}")
    return bool(geometry) and widget.restoreGeometry(geometry)


def save(widget: QWidget, key: str) -> None:
    qsettings().setValue(f"geometry/{key}", widget.saveGeometry())
