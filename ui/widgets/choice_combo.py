"""Combo boxes of (label, value) choices: reference data, statuses, channels. The value sits in the
item's UserRole; an optional first item stands for "none"/"all" with the value None."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from ui.widgets.fit import compact_combo


def fill(combo: QComboBox, choices: Iterable[tuple[str, object]], empty: str | None = None) -> QComboBox:
    """Replace the items, keeping the current value when it is still offered."""
    current = value(combo) if combo.count() else None
    combo.blockSignals(True)
    combo.clear()
    if empty is not None:
        combo.addItem(empty, None)
    for label, data in choices:
        combo.addItem(label, data)
    combo.blockSignals(False)
    set_value(combo, current)
    return combo


def value(combo: QComboBox):
    return combo.currentData(Qt.ItemDataRole.UserRole)


def set_value(combo: QComboBox, data) -> bool:
    """Select the item holding `data` (the first item when None or not offered); True if found."""
    index = combo.findData(data, Qt.ItemDataRole.UserRole) if data is not None else -1
    combo.setCurrentIndex(index if index >= 0 else 0)
    return index >= 0 or data is None


def make(object_name: str, choices: Iterable[tuple[str, object]] = (), empty: str | None = None) -> QComboBox:
    combo = compact_combo(QComboBox(objectName=object_name))  # long names do not widen the form
    combo.setMaxVisibleItems(20)
    return fill(combo, choices, empty)
