"""Calling citizens back: the answered cases waiting for a call, the longest-waiting first, and the dialog
that records the call and closes or reopens the case. The selected case's timeline is shown beside."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ServiceError
from app.services.followup import callbacks
from ui import formatting, theme
from ui.cases.case_timeline import CaseTimeline
from ui.change_debounce import ChangeDebouncer, Place, row_id
from ui.errors import show_error
from ui.followup.callback_table_model import CallbackTableModel
from ui.table_view import record_table


class CallbacksTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("callbacks_tab")
        self.search = QLineEdit(objectName="search")
        self.search.setPlaceholderText("کد رهگیری، تلفن یا نام شهروند…")
        self.search.setClearButtonEnabled(True)
        self.summary = QLabel(objectName="summary")
        self.summary.setProperty("role", "hint")
        refresh = QPushButton(theme.icon("fa5s.sync"), "تازه کردن", objectName="refresh")
        self.call_button = QPushButton(
            theme.icon("fa5s.phone-volume"), "ثبت تماس با شهروند (F2)", objectName="call"
        )
        self.model = CallbackTableModel(self)
        self.table = record_table(self.model, "callbacks", stretch=3)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(4, 260)
        self.table.activated.connect(lambda _: self.record_call())
        self.timeline = CaseTimeline(self)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(refresh)
        top.addWidget(self.call_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.timeline)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([1000, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        refresh.clicked.connect(self.reload)
        self.call_button.clicked.connect(self.record_call)
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _: self._timer.start())
        QShortcut(QKeySequence("F2"), self, self.record_call)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.changes = ChangeDebouncer(
            context.events, lambda _batch: self.reload(), self, wants=lambda batch: batch.followup
        )
        self.reload()

    def reload(self) -> None:
        place = Place(self.table, row_id).take()
        self.model.set_filter(self.search.text())
        self.summary.setText(
            "%1 پرونده پاسخ‌گرفته در انتظار تماس با شهروند".replace(
                "%1", formatting.number(callbacks.waiting_count())
            )
        )
        if not place.restore() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._selected()

    def current_row(self) -> callbacks.CallbackRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selected(self) -> None:
        row = self.current_row()
        self.call_button.setEnabled(row is not None)
        self.timeline.set_case(row.case_id if row else None)

    def record_call(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from ui.followup.callback_dialog import CallbackDialog

        try:
            dialog = CallbackDialog(self.context, row.case_id, self)
        except ServiceError as exc:
            show_error(self, exc)
            return
        dialog.exec()  # a saved call announces itself (events.announce), which reloads the list
