"""The audit trail as a lazy table: rows are fetched a page at a time as the view scrolls."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from app.domain.audit_labels import ENTITY_LABELS, action_label
from app.services.actor import Actor
from app.services.admin import audit_export, audit_text
from ui import formatting

PAGE = 200
_ROOT = QModelIndex()


class AuditTableModel(QAbstractTableModel):
    HEADERS = ("زمان", "کاربر", "کار", "موجودیت", "شناسه", "جزئیات")

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.filter = audit_export.AuditFilter()
        self.rows: list = []
        self.total = 0

    def set_filter(self, f: audit_export.AuditFilter) -> None:
        """Raises ValidationError (shown by the page) before touching the model."""
        self.show(*load(self.actor, f))

    def show(self, f: audit_export.AuditFilter, total: int, first: list) -> None:
        """Show what `load` found (on the interface thread)."""
        self.beginResetModel()
        self.filter, self.total, self.rows = f, total, first
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent=_ROOT) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent=_ROOT) -> None:
        more = audit_export.page(self.actor, self.filter, limit=PAGE, before_id=self.rows[-1].id)
        if not more:
            self.total = len(self.rows)
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return formatting.datetime(row.at)
            if column == 1:
                return row.username
            if column == 2:
                return action_label(row.action)
            if column == 3:
                return ENTITY_LABELS.get(row.entity, row.entity)
            if column == 4:
                return formatting.ident(row.entity_id or "")
            return audit_text.summary(row.action, row.entity, row.details, limit=160)
        if role == Qt.ItemDataRole.ToolTipRole:
            return audit_text.full_text(row.action, row.entity, row.details)
        return None


def load(
    actor: Actor, f: audit_export.AuditFilter, progress=None
) -> tuple[audit_export.AuditFilter, int, list]:
    """The count and the first page of a filter: no widget touched, so it may run off the interface thread
    (with a text it reads every entry the other filters leave: the details are compressed, migration 30)."""
    return (f, *audit_export.count_and_page(actor, f, PAGE, progress))
