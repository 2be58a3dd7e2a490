"""A label that shows a long path or address shortened in the middle («/home/…/samad.db») to the width it is
given, the whole of it in its tooltip: the status bar's database line at 1366 and 1024 pixels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from app.domain.text import isolate


class ElidedLabel(QLabel):
    def __init__(self, prefix: str, value: str, parent=None, objectName: str = ""):
        super().__init__(parent, objectName=objectName)
        self.prefix = prefix
        self.value = value
        self.setToolTip(value)
        # gives way to the other status widgets rather than widen the window; takes what is left
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(prefix + "…") + 8)
        self._fit()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        room = self.width() - metrics.horizontalAdvance(self.prefix) - 8
        shown = metrics.elidedText(self.value, Qt.TextElideMode.ElideMiddle, max(room, 0))
        self.setText(self.prefix + isolate(shown))
