"""A case's status drawn as a coloured badge in a table cell: the colour says the state at a glance (new,
waiting for an agency, answered, closed), the label says it in words.

It is painted on every row of the register at each paint, so it stays cheap: the cell's own option as the
view made it (no copy, no second pass over the model's roles), the selection background drawn by the style,
the colours made once."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.status import CaseStatus

# (background, text): readable pairs, and distinct for the colour-blind by lightness as well as hue
BADGE_COLOURS = {
    CaseStatus.REGISTERED: ("#fde7c4", "#7a4a00"),  # new: amber, someone has to act
    CaseStatus.REFERRED: ("#d6e6fb", "#0f3d75"),  # waiting for the agency: blue
    CaseStatus.ANSWERED: ("#d9f2e3", "#145c32"),  # answered, to call back: green
    CaseStatus.GUIDED: ("#e6e6ea", "#3b3f45"),  # closed on the spot: grey
    CaseStatus.CLOSED: ("#e6e6ea", "#3b3f45"),  # closed: grey
}
UNKNOWN = ("#eeeeee", "#333333")


def badge_colours(status: str | None) -> tuple[str, str]:
    try:
        return BADGE_COLOURS[CaseStatus(status)]
    except ValueError:
        return UNKNOWN


_colours: dict[str | None, tuple[QColor, QColor]] = {}


def _qcolours(status: str | None) -> tuple[QColor, QColor]:
    found = _colours.get(status)
    if found is None:
        found = _colours[status] = tuple(QColor(c) for c in badge_colours(status))
    return found


class StatusBadgeDelegate(QStyledItemDelegate):
    """Paints the cell's text on a rounded badge coloured by the status code under `status_role`."""

    def __init__(self, status_role: int, parent=None):
        super().__init__(parent)
        self.status_role = status_role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        status = index.data(self.status_role)
        if status is None:  # the row is still loading: «…» as every other cell
            super().paint(painter, option, index)
            return
        text = index.data() or ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        # the selection (or hover) background under the badge, as the other cells have it
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        background, foreground = _qcolours(status)
        metrics = option.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 16, option.rect.width() - 6)
        height = min(metrics.height() + 4, option.rect.height() - 4)
        rect = QRectF(0, 0, width, height)
        # right-aligned in a right-to-left table (where the column begins), left-aligned otherwise
        x = (
            option.rect.right() - 3 - width
            if option.direction == Qt.LayoutDirection.RightToLeft
            else option.rect.left() + 3
        )
        rect.moveTo(x, option.rect.top() + (option.rect.height() - height) / 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(foreground)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width - 12))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 16, hint.height())
