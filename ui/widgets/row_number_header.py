"""A vertical header of row numbers sized from its last number alone.

Qt sizes a vertical header by asking the model for the first and last hundred sections' labels (about a
thousand `headerData` calls into Python each time the model is reset: every new search in the register).
Here the last section's size is taken, widened as if each of its digits were the font's widest digit
(Persian digits are not all the same width), which no other row number can exceed."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHeaderView

_DIGIT = re.compile(r"\d")


class RowNumberHeader(QHeaderView):
    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Vertical, parent)

    def sizeHint(self) -> QSize:
        count = self.count()
        if not count or self.model() is None:
            return QSize(0, 0)
        last = self.count() - 1
        label = str(self.model().headerData(last, Qt.Orientation.Vertical) or "")
        metrics = self.fontMetrics()
        digits = "۰۱۲۳۴۵۶۷۸۹" if re.search("[۰-۹]", label) else "0123456789"
        widest = max(digits, key=metrics.horizontalAdvance)
        extra = metrics.horizontalAdvance(_DIGIT.sub(widest, label)) - metrics.horizontalAdvance(label)
        return QSize(self.sectionSizeFromContents(last).width() + extra, self.defaultSectionSize())
