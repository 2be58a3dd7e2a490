"""The calls register as a lazily-fetching table model: the total is counted once per filter and sort,
rows come in pages of 100 as the view asks for them, each page fetched off the interface thread.

A page that follows a page already here is fetched by keyset (`after` = its last row's key), so scrolling
down stays as fast at row 900,000 as at row 100; a jump (dragging the scroll bar) fetches by offset. Until a
page arrives its rows show «…». Pages are kept in a small LRU cache; a new filter or sort starts over.

Each row's cell texts (Jalali dates, Persian digits, labels) are made once, in the worker thread with the
page, so a paint only looks them up. A new query shows its first page before counting: a full first page is
shown alone (`rows_shown`), the count follows in the background and the remaining rows are inserted when it
arrives (`loaded`); a short first page is the whole answer and needs no count.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt, QTimer, Signal

from app import logs
from app.domain.identifiers import format_tracking_code
from app.domain.text import display_digits
from app.services import db_errors
from app.services.cases import case_query
from app.services.cases.case_query import CaseFilter, CaseRow
from ui import formatting
from ui.worker import run_in_background

PAGE = case_query.PAGE_SIZE
MAX_PAGES = 300
COUNT_WAIT_MS = 150  # the longest a count waits for the view to paint the first rows
LOADING = "…"
_ROOT = QModelIndex()

# (title, sort key or None, text of a row). In a right-to-left view the first columns sit at the right edge:
# the status badge comes second so it is seen on a 1024-pixel screen without scrolling sideways.
COLUMNS = (
    ("کد رهگیری", "tracking_code", lambda r: formatting.ident(format_tracking_code(r.tracking_code))),
    ("وضعیت", "status", lambda r: r.status_label),
    ("زمان ثبت", "created_at", lambda r: formatting.datetime(r.created_at)),
    ("تماس‌گیرنده", "caller_name", lambda r: r.caller_name),
    ("تلفن", None, lambda r: formatting.ident(r.phone or "")),
    ("موضوع", "subject", lambda r: display_digits(r.subject)),
    ("نوع", "request_type", lambda r: r.request_type_name),
    ("دسته", "category", lambda r: r.category_name),
    ("دستگاه", "agency", lambda r: r.agency_name),
    ("شهرستان", "county", lambda r: r.county_name),
    ("راه تماس", "channel", lambda r: r.channel_label),
    ("کارشناس", "operator", lambda r: r.operator_name),
)
STATUS_COLUMN = 1
SUBJECT_COLUMN = 5
STATUS_ROLE = Qt.ItemDataRole.UserRole  # the row's status code (the badge's colour)


def row_texts(row: CaseRow) -> tuple[str, ...]:
    """What each column shows for the row (pure Python: safe in the worker thread)."""
    return tuple(column[2](row) for column in COLUMNS)


def _with_texts(rows: list[CaseRow]) -> tuple[list[CaseRow], list[tuple[str, ...]]]:
    return rows, [row_texts(r) for r in rows]


class CaseTableModel(QAbstractTableModel):
    rows_shown = Signal(int)  # a new query's first rows are in the model (how many so far)
    loaded = Signal(int)  # the total, after a (re)query
    failed = Signal(object)  # an exception from a query

    def __init__(self, parent=None, background: bool = True):
        super().__init__(parent)
        self.filter = CaseFilter()
        self.sort_key = case_query.DEFAULT_SORT
        self.descending = True
        self.total = 0
        self.pages: OrderedDict[int, list[CaseRow]] = OrderedDict()
        self.texts: dict[int, list[tuple[str, ...]]] = {}  # page number -> its rows' cell texts
        self.pending: set[int] = set()
        self.generation = 0
        self.background = background  # False: fetch on the calling thread (scripts, tests of the model)
        self._count_waiting = None  # the count to start once the first rows are painted
        self.loading = False

    # --- queries --------------------------------------------------------------------------------

    def _run(self, work, done) -> None:
        generation = self.generation

        def finish(result):
            if generation == self.generation:
                done(result)

        def fail(exc):
            if generation == self.generation:
                self.loading = False
                self.pending.clear()
                self.failed.emit(exc)

        if self.background:
            run_in_background(lambda _progress: work(), finish, fail, owner=self)
        else:
            try:
                finish(work())
            except Exception as exc:  # the view shows it (and the log keeps it); the model stays usable
                logs.logger("ui.case_table_model").error("case list query failed", exc_info=exc)
                fail(db_errors.as_service_error(exc))

    def set_query(
        self,
        f: CaseFilter | None = None,
        sort: str | None = None,
        descending: bool | None = None,
        count_first: bool = False,
    ) -> None:
        """Fetch the first page for this filter/sort, then count (the previous query's late answers are
        dropped). `count_first`: count with the page and reset once (a refresh keeping the place)."""
        self.filter = f if f is not None else self.filter
        self.sort_key = sort or self.sort_key
        self.descending = self.descending if descending is None else descending
        self.generation += 1
        self.loading = True
        f, key, desc = self.filter, self.sort_key, self.descending

        def work():
            if count_first:
                page = case_query.first_page(f, sort=key, descending=desc, limit=PAGE)
                return page.rows, _with_texts(page.rows)[1], page.total
            return *_with_texts(case_query.list_cases(f, sort=key, descending=desc, limit=PAGE)), None

        self._run(work, lambda answer: self._reset(*answer))

    def refresh(self) -> None:
        self.set_query(count_first=True)

    def _reset(self, rows: list[CaseRow], texts: list[tuple[str, ...]], total: int | None) -> None:
        self.beginResetModel()
        self.total = len(rows) if total is None else max(total, len(rows))
        self.pages = OrderedDict({0: rows})
        self.texts = {0: texts}
        self.pending.clear()
        self.endResetModel()
        self.rows_shown.emit(self.total)
        if total is not None or len(rows) < PAGE:  # counted, or a short first page is the whole answer
            self._counted(self.total)
            return
        f, generation = self.filter, self.generation

        def count() -> None:
            if generation == self.generation and self._count_waiting is count:
                self._count_waiting = None
                self._run(lambda: case_query.count_cases(f), self._counted)

        if not self.background:
            count()
            return
        # After the view has painted these rows (a count running meanwhile slows the first paint), or at the
        # latest after COUNT_WAIT_MS when no view paints (the page is out of sight).
        self._count_waiting = count
        QTimer.singleShot(COUNT_WAIT_MS, self, count)

    def watch_paints(self, viewport) -> None:
        """Start each new query's count once `viewport` (the view's) has painted its first rows."""
        viewport.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self._count_waiting is not None:
            QTimer.singleShot(0, self, self._count_waiting)  # when this paint is done
        return False

    def _counted(self, total: int) -> None:
        if total > self.total:
            self.beginInsertRows(_ROOT, self.total, total - 1)
            self.total = total
            self.endInsertRows()
        self.loading = False
        self.loaded.emit(self.total)

    def _fetch(self, number: int) -> None:
        if number in self.pending or number in self.pages:
            return
        self.pending.add(number)
        before = self.pages.get(number - 1)
        after = before[-1].key if before and len(before) == PAGE else None
        f, key, desc = self.filter, self.sort_key, self.descending
        offset = number * PAGE

        def work():
            return _with_texts(
                case_query.list_cases(
                    f, sort=key, descending=desc, after=after, offset=0 if after else offset, limit=PAGE
                )
            )

        self._run(work, lambda answer, n=number: self._arrived(n, *answer))

    def _arrived(self, number: int, rows: list[CaseRow], texts: list[tuple[str, ...]]) -> None:
        self.pending.discard(number)
        self.pages[number] = rows
        self.texts[number] = texts
        while len(self.pages) > MAX_PAGES:
            self.texts.pop(self.pages.popitem(last=False)[0], None)
        first = number * PAGE
        last = min(self.total, first + PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    # --- rows -----------------------------------------------------------------------------------

    def row(self, row: int) -> CaseRow | None:
        """The row if its page is here; otherwise ask for the page and return None."""
        if not 0 <= row < self.total:
            return None
        number, within = divmod(row, PAGE)
        page = self.pages.get(number)
        if page is None:
            self._fetch(number)
            return None
        self.pages.move_to_end(number)
        return page[within] if within < len(page) else None

    def cells(self, row: int) -> tuple[str, ...] | None:
        """The row's cell texts if its page is here; otherwise ask for the page and return None."""
        if not 0 <= row < self.total:
            return None
        number, within = divmod(row, PAGE)
        texts = self.texts.get(number)
        if texts is None or number not in self.pages:
            self._fetch(number)
            return None
        self.pages.move_to_end(number)
        return texts[within] if within < len(texts) else None

    def loaded_row_of(self, case_id: int) -> int | None:
        """The row of a case among the pages already here (None if it is not in them): nothing is fetched."""
        for number, rows in self.pages.items():
            for within, found in enumerate(rows):
                if found.id == case_id:
                    return number * PAGE + within
        return None

    def case_id(self, row: int) -> int | None:
        found = self.row(row)
        return found.id if found else None

    # --- Qt -------------------------------------------------------------------------------------

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            cells = self.cells(index.row())
            return cells[index.column()] if cells else LOADING
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == SUBJECT_COLUMN:
            cells = self.cells(index.row())
            return cells[SUBJECT_COLUMN] if cells else None
        if role == STATUS_ROLE and index.column() == STATUS_COLUMN:
            found = self.row(index.row())
            return found.status if found else None
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return formatting.number(section + 1)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        self.set_query(sort=key, descending=order == Qt.SortOrder.DescendingOrder)
