"""The calls register: every case, filtered (Jalali date range, request type, status, agency, county,
category, operator, channel, free text) and sorted by clicking a column, on a lazily-fetching model that
stays responsive with a million cases. Ctrl+F finds a case by tracking code; a double-click (or Enter)
opens the case with its full history."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import jalali
from app.domain.status import CHANNEL_LABELS, STATUS_LABELS
from app.services.admin import reference, users
from app.services.cases.case_query import CaseFilter
from app.services.errors import ServiceError
from ui import formatting, theme
from ui.cases.case_table_model import COLUMNS, STATUS_COLUMN, STATUS_ROLE, CaseTableModel
from ui.cases.tracking_code_finder import TrackingCodeFinder
from ui.change_debounce import ChangeDebouncer, Place
from ui.widgets import choice_combo
from ui.widgets.agency_picker import AgencyPicker
from ui.widgets.fit import mark_essential
from ui.widgets.row_number_header import RowNumberHeader
from ui.widgets.status_badge import StatusBadgeDelegate

# Search as you type: the query runs this long after the last key (it runs off the interface thread).
FILTER_PAUSE_MS = 250


class CallsRegisterPage(QWidget):
    def __init__(self, context, parent=None, background: bool = True):
        super().__init__(parent)
        self.context = context
        title = QLabel("دفتر تماس‌ها")
        title.setProperty("role", "title")
        self.finder = TrackingCodeFinder(self)
        self.finder.found.connect(self.open_case)

        self.text = QLineEdit(objectName="filter_text")
        self.text.setPlaceholderText("نام، تلفن، کد رهگیری یا واژه‌ای از موضوع و شرح…")
        self.text.setClearButtonEnabled(True)
        self.request_type = choice_combo.make("filter_request_type")
        self.status = choice_combo.make("filter_status")
        self.channel = choice_combo.make("filter_channel")
        self.county = choice_combo.make("filter_county")
        self.category = choice_combo.make("filter_category")
        self.operator = choice_combo.make("filter_operator")
        self.agency = AgencyPicker(parent=self, object_name="filter_agency")
        self.use_from = QCheckBox("از", objectName="use_date_from")
        self.use_to = QCheckBox("تا", objectName="use_date_to")
        today = jalali.today_local()
        self.date_from = formatting.jalali_date_edit(self, today - dt.timedelta(days=30))
        self.date_from.setObjectName("date_from")
        self.date_to = formatting.jalali_date_edit(self, today)
        self.date_to.setObjectName("date_to")
        clear = QPushButton(theme.icon("fa5s.times"), "همه پرونده‌ها", objectName="clear_filters")
        clear.clicked.connect(self.clear_filters)
        self.load_choices()

        bar = QGridLayout()
        bar.setHorizontalSpacing(8)
        cells = [
            (
                0,
                [
                    ("متن", self.text, 3),
                    ("نوع", self.request_type, 1),
                    ("وضعیت", self.status, 1),
                    ("راه تماس", self.channel, 1),
                ],
            ),
            (
                1,
                [
                    ("دستگاه", self.agency, 3),
                    ("شهرستان", self.county, 1),
                    ("دسته", self.category, 1),
                    ("کارشناس", self.operator, 1),
                ],
            ),
        ]
        for row, items in cells:
            col = 0
            for label, widget, span in items:
                bar.addWidget(QLabel(label, buddy=widget), row, col)
                bar.addWidget(widget, row, col + 1, 1, span)
                for c in range(col + 1, col + 1 + span):
                    bar.setColumnStretch(c, 1)
                col += span + 1
        dates = QHBoxLayout()
        for w in (QLabel("تاریخ ثبت:"), self.use_from, self.date_from, self.use_to, self.date_to):
            dates.addWidget(w)
        dates.addStretch(1)
        dates.addWidget(clear)

        self.count = QLabel(objectName="count")
        self.count.setProperty("role", "hint")
        self.model = CaseTableModel(self, background=background)
        self.model.rows_shown.connect(self._rows_shown)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._failed)
        self.table = QTableView(objectName="cases")
        self.table.setModel(self.model)
        self.model.watch_paints(self.table.viewport())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setVerticalHeader(RowNumberHeader(self.table))
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((100, 170, 120, 130, 105, 230, 80, 120, 210, 80, 90, 110)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.table.setItemDelegateForColumn(STATUS_COLUMN, StatusBadgeDelegate(STATUS_ROLE, self.table))
        mark_essential(self.table, 0, STATUS_COLUMN)  # the code and the status badge, at the right edge
        # A double-click also emits `activated` on most platforms: both land in open_case, which opens a case
        # once and brings an open one forward.
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.new_search = False  # the next result starts at the top (a new filter or sort, not a reload)
        header.sortIndicatorChanged.connect(lambda *_: setattr(self, "new_search", True))

        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.finder)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(bar)
        layout.addLayout(dates)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)

        self.timer = QTimer(self, singleShot=True, interval=FILTER_PAUSE_MS)
        self.timer.timeout.connect(self.apply_filters)
        self.text.textChanged.connect(lambda _: self.timer.start())
        self.agency.agency_changed.connect(lambda _: self.timer.start())
        self.agency.textChanged.connect(lambda text: text or self.timer.start())
        for combo in (
            self.request_type,
            self.status,
            self.channel,
            self.county,
            self.category,
            self.operator,
        ):
            combo.currentIndexChanged.connect(lambda _: self.timer.start())
        for check in (self.use_from, self.use_to):
            check.toggled.connect(self._dates_toggled)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _: self.timer.start())
        self._dates_toggled()
        find = QShortcut(
            QKeySequence.StandardKey.Find, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        find.activated.connect(self.finder.focus)
        self.changes = ChangeDebouncer(context.events, self._changed, self)
        self.place = Place(
            self.table, lambda model, row: model.case_id(row), lambda model, key: model.loaded_row_of(key)
        )
        # Newest first; turning sorting on runs the first query (one count, one page).
        self.model.filter = self.current_filter()
        self.count.setText("در حال جست‌وجو…")
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.timer.stop()

    def load_choices(self) -> None:
        every = "همه"
        choice_combo.fill(
            self.request_type,
            [(i.name, i.extra["code"]) for i in reference.list_items("request_type")],
            every,
        )
        choice_combo.fill(self.status, [(label, str(s)) for s, label in STATUS_LABELS.items()], every)
        choice_combo.fill(self.channel, [(label, str(c)) for c, label in CHANNEL_LABELS.items()], every)
        choice_combo.fill(self.county, [(i.name, i.id) for i in reference.list_items("county")], every)
        choice_combo.fill(self.category, [(i.name, i.id) for i in reference.list_items("category")], every)
        choice_combo.fill(self.operator, [(u.full_name, u.id) for u in users.list_users()], every)
        self.agency.set_agencies([(i.id, i.name) for i in reference.list_items("agency")])

    def _dates_toggled(self) -> None:
        self.date_from.setEnabled(self.use_from.isChecked())
        self.date_to.setEnabled(self.use_to.isChecked())
        self.timer.start()

    def current_filter(self) -> CaseFilter:
        agency = self.agency.value()
        return CaseFilter(
            date_from=formatting.to_date(self.date_from) if self.use_from.isChecked() else None,
            date_to=formatting.to_date(self.date_to) if self.use_to.isChecked() else None,
            request_type=choice_combo.value(self.request_type),
            status=choice_combo.value(self.status),
            agency_id=agency if isinstance(agency, int) else (-1 if agency else None),
            county_id=choice_combo.value(self.county),
            category_id=choice_combo.value(self.category),
            operator_id=choice_combo.value(self.operator),
            channel=choice_combo.value(self.channel),
            text=self.text.text(),
        )

    def apply_filters(self) -> None:
        self.timer.stop()
        self.count.setProperty("role", "hint")
        self.count.setText("در حال جست‌وجو…")
        self.new_search = True
        self.place.key = None
        self.model.set_query(self.current_filter())

    def clear_filters(self) -> None:
        for combo in (
            self.request_type,
            self.status,
            self.channel,
            self.county,
            self.category,
            self.operator,
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.text.blockSignals(True)
        self.text.clear()
        self.text.blockSignals(False)
        self.agency.blockSignals(True)
        self.agency.clear()
        self.agency.blockSignals(False)
        for check in (self.use_from, self.use_to):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self._dates_toggled()
        self.apply_filters()

    def _changed(self, batch) -> None:
        """Another PC's (or this PC's) changes: the choice lists when settings changed, the register when
        cases did, keeping the current case and the scroll."""
        if batch.settings:
            self.load_choices()
        if batch.case_ids or batch.other:
            self.place.take()
            self.model.refresh()

    def _rows_shown(self, shown: int) -> None:
        """A new search's first rows, before the count: shown from the top."""
        if self.new_search:
            self.new_search = False
            self.place.key = None  # a new search is not a reload: nothing to put back when it is counted
            self.table.scrollToTop()
            self.table.setCurrentIndex(self.model.index(0, 0) if shown else self.model.index(-1, -1))
            self.table.clearSelection()

    def _loaded(self, total: int) -> None:
        if self.place.key is not None:
            self.place.restore()
        self.count.setProperty("role", "hint")
        self.count.style().polish(self.count)
        self.count.setText(
            f"{formatting.number(total)} پرونده" if total else "پرونده‌ای با این پالایه‌ها نیست."
        )

    def _failed(self, exc: Exception) -> None:
        self.count.setProperty("role", "error")
        self.count.style().polish(self.count)
        self.count.setText(exc.message if isinstance(exc, ServiceError) else str(exc))

    def open_row(self, row: int) -> None:
        case_id = self.model.case_id(row)
        if case_id is not None:
            self.open_case(case_id)

    def open_case(self, case_id: int):
        """Open the case's window, or bring it forward when it is already open."""
        from ui.cases.case_dialog import open_case_dialog

        return open_case_dialog(self.context, case_id, self)

    def sort_column(self, key: str) -> int:
        return next(i for i, c in enumerate(COLUMNS) if c[1] == key)
