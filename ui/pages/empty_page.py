"""The honest empty state of a section that is not built yet."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui import theme


class EmptySectionPage(QWidget):
    def __init__(self, title: str, icon_name: str, promise: str, parent=None):
        super().__init__(parent)
        icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        icon.setPixmap(theme.icon(icon_name, "#9aa8b6").pixmap(72, 72))
        heading = QLabel(title, alignment=Qt.AlignmentFlag.AlignCenter)
        heading.setProperty("role", "title")
        text = QLabel("این بخش در این نسخه هنوز ساخته نشده است." + "\n" + promise,
                      alignment=Qt.AlignmentFlag.AlignCenter, objectName="empty_state")
        text.setWordWrap(True)
        text.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (icon, heading, text):
            layout.addWidget(w)
        layout.addStretch(2)
