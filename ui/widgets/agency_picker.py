"""Choosing an agency by typing any part of its name: «برق» offers every power company, «آموزش» the
education offices. Typed text and names are compared folded (app.domain.text.search_key), so Arabic
ي/ك, digits and ZWNJ do not matter. Up/Down and Enter pick from the list; Esc closes it.

Two shapes: AgencyPicker, a line edit for forms; `searchable_combo` for a combo box of agencies (filters and
dialogs that keep a QComboBox), which then finds by any part of the name in the same way."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit

from app.domain.text import search_key

ID_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class _WordsFilter(QSortFilterProxyModel):
    """Keeps names holding every typed word (in any order, anywhere in the name)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.words = search_key(text).split()
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        key = index.data(KEY_ROLE)
        if key is None:  # a combo box's plain items
            key = search_key(index.data() or "")
        return all(w in key for w in self.words)


class AgencyPicker(QLineEdit):
    agency_changed = Signal(object)  # the chosen agency's id, or None

    def __init__(self, agencies: list[tuple[int, str]] = (), parent=None, object_name: str = "agency"):
        super().__init__(parent, objectName=object_name)
        self.setPlaceholderText("بخشی از نام دستگاه را بنویسید…")
        self.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.filter = _WordsFilter(self)
        self.filter.setSourceModel(self.model)
        self.completer_ = QCompleter(self.filter, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(12)
        self.completer_.setWidget(self)
        self.completer_.activated[str].connect(self._picked_name)
        self._id: int | None = None
        self._names: dict[int, str] = {}
        self.textEdited.connect(self._typed)
        self.set_agencies(agencies)

    def set_agencies(self, agencies: list[tuple[int, str]]) -> None:
        """The agencies offered. A refresh with the same list changes nothing; a changed list keeps the
        highlighted item of an open list (when that agency is still offered)."""
        agencies = list(agencies)
        if list(self._names.items()) == agencies:
            return
        popup = self.completer_.popup()
        current = popup.currentIndex()
        highlighted = current.data(ID_ROLE) if current.isValid() else None
        self.model.clear()
        self._names = dict(agencies)
        for agency_id, name in agencies:
            item = QStandardItem(name)
            item.setData(agency_id, ID_ROLE)
            item.setData(search_key(name), KEY_ROLE)
            self.model.appendRow(item)
        if highlighted is not None:
            shown = self.completer_.completionModel()
            for row in range(shown.rowCount()):
                if shown.index(row, 0).data(ID_ROLE) == highlighted:
                    popup.setCurrentIndex(shown.index(row, 0))
                    break

    def _typed(self, text: str) -> None:
        self.filter.set_text(text)
        changed = self._id is not None
        self._id = self._exact(text)
        if text.strip():
            self.completer_.complete()
        else:
            self.completer_.popup().hide()
        if changed or self._id is not None:
            self.agency_changed.emit(self._id)

    def _exact(self, text: str) -> int | None:
        key = search_key(text)
        if not key:
            return None
        matches = [i for i, name in self._names.items() if search_key(name) == key]
        return matches[0] if len(matches) == 1 else None

    def _picked_name(self, name: str) -> None:
        self._id = next((i for i, n in self._names.items() if n == name), None)
        self.setText(name)
        self.agency_changed.emit(self._id)

    def matches(self) -> list[str]:
        """Names the list offers for what is typed (for tests and the hint)."""
        return [self.filter.index(r, 0).data() for r in range(self.filter.rowCount())]

    def name_of(self, agency_id: int) -> str:
        return self._names.get(agency_id, "")

    def agency_id(self) -> int | None:
        return self._id

    def value(self):
        """What the services get: the chosen id, None when empty, or the typed text (refused by name)."""
        if self._id is not None:
            return self._id
        if not self.text().strip():
            return None
        only = self.matches()
        if len(only) == 1 and self.filter.words:
            return next(i for i, n in self._names.items() if n == only[0])
        return self.text()

    def set_agency(self, agency_id: int | None, name: str | None = None) -> None:
        self._id = agency_id
        self.setText(self._names.get(agency_id, name or "") if agency_id is not None else "")
        self.filter.set_text("")
        self.agency_changed.emit(self._id)

    def clear(self) -> None:
        self.set_agency(None)


def searchable_combo(combo: QComboBox) -> QComboBox:
    """Let a combo box of agencies find by any part of the name: typing «فاضلاب» lists the water and sewage
    companies, Enter or a click chooses one. Leaving the box with text that names no single agency puts back
    the chosen item (an empty box chooses the first item, «همه»/«هیچ»)."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    words = _WordsFilter(combo)
    words.setSourceModel(combo.model())
    completer = QCompleter(words, combo)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setMaxVisibleItems(12)
    combo.setCompleter(completer)
    combo.words_filter = words
    edit = combo.lineEdit()

    def typed(text: str) -> None:
        words.set_text(text)
        if text.strip():
            completer.complete()
        else:
            completer.popup().hide()

    def settle() -> None:
        text = edit.text()
        if text == combo.itemText(combo.currentIndex()):
            return
        if not text.strip():
            combo.setCurrentIndex(0)
            return
        words.set_text(text)
        if words.rowCount() == 1:
            combo.setCurrentIndex(words.mapToSource(words.index(0, 0)).row())
        else:
            edit.setText(combo.itemText(combo.currentIndex()))

    edit.textEdited.connect(typed)
    edit.editingFinished.connect(settle)
    return combo


def combo_matches(combo: QComboBox) -> list[str]:
    """The names a searchable combo box offers for what is typed (for tests)."""
    words = combo.words_filter
    return [words.index(r, 0).data() for r in range(words.rowCount())]
