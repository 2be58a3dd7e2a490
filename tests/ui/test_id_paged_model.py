"""The shared lazy model: ids at once, rows a page at a time, a refused filter leaves the model as it was."""

import pytest

from ui.widgets.id_paged_model import PAGE, IdPagedTableModel


class Numbers(IdPagedTableModel):
    HEADERS = ("عدد",)

    def __init__(self):
        super().__init__(0)
        self.row_calls = 0

    def fetch_ids(self, f):
        if f < 0:
            raise ValueError("refused")
        return list(range(f))

    def fetch_rows(self, ids):
        self.row_calls += 1
        return [i * 10 for i in ids]


def test_pages_and_reset(qtbot):
    model = Numbers()
    model.set_filter(PAGE * 2 + 5)
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE * 2 + 5 and not model.canFetchMore()
    assert model.row_at(PAGE * 2 + 4) == (PAGE * 2 + 4) * 10 and model.row_at(PAGE * 3) is None
    with pytest.raises(ValueError):
        model.set_filter(-1)
    assert model.filter == PAGE * 2 + 5 and model.rowCount() == PAGE * 2 + 5
    model.refresh()
    assert model.rowCount() == PAGE
