"""Small helpers that keep a screen within an office monitor (1366×728 and 1024×700 usable).

- `compact_combo`: a combo of long names (agencies, sessions) does not demand the width of its longest item;
  the popup still shows the whole names.
- `VerticalScrollArea`: a form that scrolls up and down only; its minimum width is its content's, so a
  splitter or layout never squeezes it into sideways scrolling.
- `mark_essential(view, *columns)`: the columns an operator must see without scrolling (the screen-fit test
  checks them at both sizes, and that an essential column that takes the spare width keeps a readable width).
- `make_room(view, *columns)`: columns a narrow screen may hide (least needed first) so the columns that take
  the spare width (agency, subject) keep a readable width instead of shrinking to a few letters; where hiding
  is not enough (or nothing may be hidden), they keep that width and the table scrolls sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHeaderView,
    QScrollArea,
    QTableView,
    QWidget,
)


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


# The narrowest a column that takes the spare width may get before `make_room` hides optional columns (about
# a dozen Persian letters at the program's font).
READABLE_WIDTH = 110


def make_room(view: QTableView, *optional: int, floor: int = READABLE_WIDTH) -> None:
    """Hide `optional` columns (least needed first) while showing them would leave the view's stretching
    columns narrower than `floor` pixels each; show them again when the view is wide enough. Where the
    stretching columns are still too narrow with every optional column hidden, they are given `floor` pixels
    and the table scrolls sideways, until there is room to stretch again."""
    _Room(view, optional, floor)


class _Room(QObject):
    def __init__(self, view: QTableView, optional: tuple[int, ...], floor: int):
        super().__init__(view)
        self.view, self.optional, self.floor = view, optional, floor
        self.stretching: set[int] = set()  # the columns that take the spare width, even while given `floor`
        self.timer = QTimer(self, singleShot=True, interval=0)
        self.timer.timeout.connect(self.fit)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.dataChanged):
            signal.connect(self.timer.start)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.timer.start()
        return False

    def fit(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        columns = range(view.model().columnCount())
        self.stretching |= {
            c for c in columns if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch
        }
        stretching = sorted(self.stretching)

        def natural(column: int) -> int:
            return max(header.sectionSizeHint(column), view.sizeHintForColumn(column))

        fixed = sum(natural(c) for c in columns if c not in stretching and c not in self.optional)
        room = view.viewport().width() - fixed - self.floor * len(stretching)
        shown = set()
        for column in reversed(self.optional):  # the most needed first
            width = natural(column)
            if width > room:
                break
            shown.add(column)
            room -= width
        for column in self.optional:
            if header.isSectionHidden(column) == (column in shown):
                header.setSectionHidden(column, column not in shown)
        squeezed = room < 0  # even with every optional column hidden
        mode = QHeaderView.ResizeMode.Interactive if squeezed else QHeaderView.ResizeMode.Stretch
        for column in stretching:
            if header.sectionResizeMode(column) != mode:
                header.setSectionResizeMode(column, mode)
                if squeezed:
                    header.resizeSection(column, self.floor)
