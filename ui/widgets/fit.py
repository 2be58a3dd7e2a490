"""Small helpers that keep a screen within an office monitor (1366×728 and 1024×700 usable).

- `compact_combo`: a combo of long names (agencies, sessions) does not demand the width of its longest item;
  the popup still shows the whole names.
- `VerticalScrollArea`: a form that scrolls up and down only; its minimum width is its content's, so a
  splitter or layout never squeezes it into sideways scrolling.
- `mark_essential(view, *columns)`: the columns an operator must see without scrolling (the screen-fit test
  checks them at both sizes).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QFrame, QScrollArea, QWidget


def compact_combo(combo: QComboBox, chars: int = 14) -> QComboBox:
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    return combo


class VerticalScrollArea(QScrollArea):
    """The content takes the whole viewport, and scrolls only when the viewport is lower than the content's
    minimum (QScrollArea's own resizing asks word-wrapped labels for their preferred height and scrolls
    long before it has to)."""

    def __init__(self, widget: QWidget | None = None, parent=None, object_name: str = ""):
        super().__init__(parent, objectName=object_name, frameShape=QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if widget is not None:
            self.setWidget(widget)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        self._fit()
        super().resizeEvent(event)

    def _fit(self) -> None:
        inner = self.widget()
        if inner is None:
            return
        need = inner.minimumSizeHint().expandedTo(inner.minimumSize()).height()
        viewport = self.maximumViewportSize()
        scrolls = need > viewport.height()
        width = viewport.width() - (self.verticalScrollBar().sizeHint().width() if scrolls else 0)
        inner.resize(width, max(need, viewport.height()))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        width = inner.minimumSizeHint().expandedTo(inner.minimumSize()).width()
        margins = self.contentsMargins()
        return QSize(
            width + self.verticalScrollBar().sizeHint().width() + margins.left() + margins.right(),
            hint.height(),
        )


def mark_essential(view: QAbstractItemView, *columns: int) -> None:
    view.setProperty("essential_columns", list(columns))
