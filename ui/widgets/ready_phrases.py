"""A box of ready phrases beside an instruction: choosing one appends it to what is written."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QPlainTextEdit


def append_chosen_phrase(ready: QComboBox, instruction: QPlainTextEdit, index: int) -> None:
    """Append the phrase at `index` (0 is the box's prompt) to the instruction, reset the box and put the
    cursor back in the instruction."""
    if index <= 0:
        return
    phrase = ready.itemText(index)
    current = instruction.toPlainText().strip()
    instruction.setPlainText(f"{current} {phrase}".strip() if current else phrase)
    ready.setCurrentIndex(0)
    instruction.setFocus()
