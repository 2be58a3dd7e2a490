"""Multi-line Persian text boxes (description, instruction, response, comments, notes, templates): right to
left and right-aligned from the first keystroke, even when a line starts with a digit or a Latin word.
(Qt guesses each paragraph's direction from its first strong letter and aligns left when the box is empty or a
line starts with «12» or «URL».)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit


def right_to_left(box: QPlainTextEdit | QTextEdit) -> QPlainTextEdit | QTextEdit:
    option = box.document().defaultTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    box.document().setDefaultTextOption(option)
    box.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    return box


def persian_text_box(object_name: str, text: str = "") -> QPlainTextEdit:
    box = right_to_left(QPlainTextEdit(objectName=object_name))
    if text:
        box.setPlainText(text)
    return box
