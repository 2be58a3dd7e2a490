"""A dashboard card: a caption, one big figure and a line of detail; clicking it (or Enter) opens a section."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from ui import theme


class FigureCard(QFrame):
    clicked = Signal()

    def __init__(self, caption: str, icon_name: str, colour: str = "#1f3b57", parent=None):
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.colour = QColor(colour)
        icon = QLabel()
        icon.setPixmap(theme.icon(icon_name, colour).pixmap(26, 26))
        self.caption = QLabel(caption)
        self.caption.setProperty("role", "hint")
        self.caption.setWordWrap(True)
        self.value = QLabel("—", objectName="value")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.set_value_style(colour, 22)
        self.detail = QLabel(objectName="detail")
        self.detail.setProperty("role", "hint")
        self.detail.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def set_value_style(self, colour: str, points: float) -> None:
        """The app's stylesheet sets every widget's font size, so the big figure is sized by a style too."""
        self.value.setStyleSheet(f"color: {colour}; font-size: {points}pt; font-weight: bold;")

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(f"{self.caption.text()}: {value}")

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)
