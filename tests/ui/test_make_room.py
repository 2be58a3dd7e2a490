"""make_room: on a narrow screen the columns that take the spare width keep a readable width, because the
optional ones are hidden (least needed first), and come back when there is room."""

from PySide6.QtGui import QStandardItem, QStandardItemModel

from ui.table_view import record_table
from ui.widgets.fit import READABLE_WIDTH, make_room

TEXT = ("۱۱۱/۱۴۰۵/۰۰۲۸۹", "اداره کل نوسازی، توسعه و تجهیز مدارس", "امیر نصیری", "بیماری دام در آخماقیه")
MORE = ("ناصر حسین‌پور", "محمدرضا کریمی", "عادی", "۱۴۰۵/۱۰/۰۱")


def _table(qtbot, width):
    model = QStandardItemModel(0, len(TEXT) + len(MORE))
    for _ in range(20):
        model.appendRow([QStandardItem(text) for text in TEXT + MORE])
    table = record_table(model, "t", stretch=(1, 3))
    qtbot.addWidget(table)
    make_room(table, 4, 6, 5)  # least needed first
    table.resize(width, 300)
    table.show()
    qtbot.waitExposed(table)
    return table, model


def _shown(table):
    header = table.horizontalHeader()
    return {c for c in (4, 5, 6) if not header.isSectionHidden(c)}


def test_a_narrow_table_hides_optional_columns_least_needed_first(qtbot):
    table, _ = _table(qtbot, 600)
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: 4 not in _shown(table))
    assert _shown(table) != {4, 5, 6}
    # the hidden ones are the least needed: what is still shown is a tail of the order 4, 6, 5
    order = [4, 6, 5]
    assert _shown(table) == set(order[len(order) - len(_shown(table)) :])
    for column in (1, 3):
        assert header.sectionSize(column) >= READABLE_WIDTH - 20, header.sectionSize(column)


def test_a_wide_table_shows_every_column_and_a_narrowed_one_hides_them_again(qtbot):
    table, _ = _table(qtbot, 1600)
    qtbot.waitUntil(lambda: _shown(table) == {4, 5, 6})
    table.resize(520, 300)
    qtbot.waitUntil(lambda: _shown(table) == set())
    table.resize(1600, 300)
    qtbot.waitUntil(lambda: _shown(table) == {4, 5, 6})


def test_longer_rows_arriving_make_room_again(qtbot):
    table, model = _table(qtbot, 1100)
    qtbot.waitUntil(lambda: _shown(table) == {4, 5, 6})
    model.appendRow([QStandardItem(text * 3) for text in TEXT + MORE])
    qtbot.waitUntil(lambda: len(_shown(table)) < 3)


def test_too_narrow_even_with_the_optional_columns_hidden_the_stretching_ones_keep_the_floor_and_scroll(
    qtbot,
):
    table, _ = _table(qtbot, 1600)
    header = table.horizontalHeader()
    table.resize(330, 300)
    qtbot.waitUntil(
        lambda: header.sectionSize(1) == READABLE_WIDTH and header.sectionSize(3) == READABLE_WIDTH
    )
    assert _shown(table) == set()
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() > 0)  # the rest is reached sideways
    table.resize(1600, 300)
    qtbot.waitUntil(lambda: _shown(table) == {4, 5, 6} and header.sectionSize(1) > READABLE_WIDTH)
