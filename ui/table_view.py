"""The one way a list of records is shown: a read-only table of whole rows, no row numbers, one line per
row, columns sized to their contents and one column taking the rest of the width."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def record_table(
    model: QAbstractItemModel | None,
    name: str,
    parent: QWidget | None = None,
    *,
    stretch: int | tuple[int, ...] | None = None,
    multi: bool = False,
    alternate: bool = False,
) -> QTableView:
    """A QTableView on `model` (objectName `name`). `stretch` is the column (or columns) that take the spare
    width (default: the last one); `multi` allows choosing several rows (Ctrl/Shift); `alternate` shades
    every other row."""
    table = QTableView(parent, objectName=name)
    if model is not None:
        table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.setAlternatingRowColors(alternate)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        for column in (stretch,) if isinstance(stretch, int) else stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table
