"""The calls register on a few thousand demo cases: total, lazy pages, filters, free text, sorting,
find by tracking code, refresh on a change batch naming cases."""

import pytest
from PySide6.QtCore import Qt

from app import db as app_db
from app.models import Case
from app.services.cases import case_query, cases
from app.services.demo import DemoContext, people
from app.services.demo import calls as demo_calls
from tests.app.call_data import call
from tests.conftest import close_sqlite_file, make_user, open_sqlite_copy
from ui.cases.calls_page import CallsRegisterPage
from ui.cases.case_table_model import LOADING, PAGE
from ui.widgets import choice_combo

# Its module-scoped data is built once: all of this file runs on one test worker (pytest --dist loadgroup).
pytestmark = pytest.mark.xdist_group("test_calls_page")

DEMO = 3000


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, sqlite_template):
    """The demo's 3,000 calls, built once for this module into a file that each test gets a copy of."""
    path = tmp_path_factory.mktemp("demo") / "samad.db"
    open_sqlite_copy(sqlite_template, path)
    make_user("operator1", "operator")
    ctx = DemoContext(calls=DEMO, rate=10, seed=7)  # a year of a quiet center
    people.run(ctx)
    demo_calls.run(ctx)
    close_sqlite_file(app_db.database.obj)
    return path


@pytest.fixture
def sqlite_db(tmp_path, demo_file):
    """Overrides the empty database: here each test's database is a fresh copy of the demo."""
    database = open_sqlite_copy(demo_file, tmp_path / "samad.db")
    yield database
    app_db.close_database()


@pytest.fixture
def demo(sqlite_db, ui_operator):
    assert Case.select().count() == DEMO


@pytest.fixture
def page(qtbot, demo, ui_operator, context_for):
    w = CallsRegisterPage(context_for(ui_operator))
    qtbot.addWidget(w)
    w.resize(1400, 800)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.model.total > 0 and not w.model.loading, timeout=10000)
    return w


def settle(qtbot, page):
    page.apply_filters()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10000)


def test_total_counted_once_and_pages_fetched_as_scrolled(qtbot, page):
    model = page.model
    assert model.total == model.rowCount() == DEMO
    assert page.count.text() == "۳٬۰۰۰ پرونده"
    assert list(model.pages) == [0]  # only the first page until the view asks for more
    assert model.index(0, 0).data() != LOADING
    assert model.case_id(0) == Case.select(Case.id).order_by(Case.id.desc()).scalar()
    far = DEMO - 10
    assert model.index(far, 2).data() == LOADING
    qtbot.waitUntil(lambda: model.index(far, 2).data() != LOADING, timeout=10000)
    assert far // PAGE in model.pages and len(model.pages) == 2
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.index(DEMO - 1, 0).data() != LOADING, timeout=10000)
    assert model.case_id(DEMO - 1) == Case.select(Case.id).order_by(Case.id).scalar()
    model.pages.pop(1, None)
    model._fetch(1)  # follows page 0, so by keyset: the same rows as by offset
    qtbot.waitUntil(lambda: 1 in model.pages, timeout=10000)
    assert [r.id for r in model.pages[1]] == [r.id for r in case_query.list_cases(offset=PAGE)]


def test_filters_narrow_the_register(qtbot, page):
    choice_combo.set_value(page.status, "guided")
    settle(qtbot, page)
    assert page.model.total == Case.select().where(Case.status == "guided").count() > 0
    choice_combo.set_value(page.channel, "web")
    settle(qtbot, page)
    assert (
        page.model.total == Case.select().where((Case.status == "guided") & (Case.channel == "web")).count()
    )
    page.clear_filters()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10000)
    assert page.model.total == DEMO


def test_date_range_and_bad_range(qtbot, page):
    import datetime as dt

    from PySide6.QtCore import QDate

    from app.domain import jalali

    today = jalali.today_local()
    page.use_from.setChecked(True)
    page.date_from.setDate(QDate(today - dt.timedelta(days=6)))
    settle(qtbot, page)
    expected = case_query.count_cases(case_query.CaseFilter(date_from=today - dt.timedelta(days=6)))
    assert page.model.total == expected < DEMO
    page.use_to.setChecked(True)
    page.date_to.setDate(QDate(today - dt.timedelta(days=10)))
    settle(qtbot, page)
    assert "پیش از" in page.count.text()


def test_free_text_finds_arabic_spelling_and_persian_digits(qtbot, page, ui_operator):
    made = cases.register_call(
        ui_operator,
        call(caller_name="علی زنوزی", national_code="", phone="09140001122", subject="پرونده ۴۲۴۲ آزمایشی"),
    )
    page.text.setText("علي زنوزي")
    settle(qtbot, page)
    assert made.id in [page.model.case_id(r) for r in range(page.model.total)]
    page.text.setText("4242")
    settle(qtbot, page)
    assert page.model.total == 1 and page.model.case_id(0) == made.id
    page.text.setText('"))) OR 1=1 --')
    settle(qtbot, page)
    assert page.model.total == 0


def test_clicking_a_header_sorts_by_that_column(qtbot, page):
    column = page.sort_column("caller_name")
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not page.model.loading and page.model.sort_key == "caller_name", timeout=10000)
    names = [page.model.row(r).key[0] for r in range(50)]
    assert names == sorted(names)


def test_find_by_tracking_code_catches_a_typo_and_opens_the_case(qtbot, page, monkeypatch):
    opened = []
    monkeypatch.setattr(page, "open_case", lambda case_id: opened.append(case_id))
    page.finder.found.disconnect()
    page.finder.found.connect(page.open_case)
    case = Case.select().order_by(Case.id).first()
    wrong = case.tracking_code[:-1] + str((int(case.tracking_code[-1]) + 3) % 10)
    page.finder.edit.setText(wrong)
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_Return)
    assert page.finder.error.isVisible() and opened == []
    page.finder.edit.setText(case.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_Return)
    assert opened == [case.id] and not page.finder.error.isVisible()


def test_ctrl_f_goes_to_the_tracking_code_box(qtbot, page):
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.focusWidget() is page.finder.edit


def test_a_registered_case_appears_on_a_change_batch(qtbot, page, ui_operator):
    made = cases.register_call(ui_operator, call())
    page.context.events.announce(cases=[made.id])
    qtbot.waitUntil(lambda: page.model.total == DEMO + 1, timeout=10000)
    assert page.model.case_id(0) == made.id


def test_double_click_opens_the_case_dialog(qtbot, page):
    dialog = page.open_case(page.model.case_id(0))
    qtbot.addWidget(dialog)
    assert dialog.history.count() >= 2 and dialog.detail.id == page.model.case_id(0)
    dialog.reject()


# --- issue 14, points 10 and 11: the register as an operator uses it ------------------------------------


def test_status_is_a_coloured_badge_at_the_right_edge_in_view_at_1024_and_1366(qtbot, page):
    from tools.screen_catalog import fit_problems
    from ui.cases.case_table_model import STATUS_COLUMN, STATUS_ROLE
    from ui.widgets.status_badge import StatusBadgeDelegate, badge_colours

    assert isinstance(page.table.itemDelegateForColumn(STATUS_COLUMN), StatusBadgeDelegate)
    assert page.model.index(0, STATUS_COLUMN).data(STATUS_ROLE) == page.model.row(0).status
    assert len({badge_colours(s)[0] for s in ("registered", "referred", "answered", "closed")}) == 4
    for width, height in ((1366 - 174, 728 - 60), (1024 - 174, 700 - 60)):  # the page beside the navigation
        page.resize(width, height)
        qtbot.wait(10)
        header = page.table.horizontalHeader()
        left = header.sectionViewportPosition(STATUS_COLUMN)
        viewport = page.table.viewport().width()
        assert 0 <= left and left + header.sectionSize(STATUS_COLUMN) <= viewport, (width, left, viewport)
        # right-to-left: the badge's column starts within a few columns of the right edge
        assert viewport - left < 320, (width, left, viewport)
        assert not fit_problems(page, page.size())


def test_a_new_search_starts_at_the_top(qtbot, page):
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.table.verticalScrollBar().value() > 0)
    page.status.setCurrentIndex(page.status.findData("referred"))
    page.apply_filters()
    qtbot.waitUntil(lambda: not page.model.loading and page.count.text() != "در حال جست‌وجو…", timeout=10000)
    assert page.model.total > 200
    assert page.table.verticalScrollBar().value() == 0
    assert page.table.rowAt(0) == 0


def test_a_double_click_opens_the_case_once_and_a_second_brings_it_forward(qtbot, page):
    from PySide6.QtWidgets import QDialog

    index = page.model.index(3, 2)
    page.table.doubleClicked.emit(index)
    page.table.activated.emit(index)  # what a real double-click also sends on most platforms
    dialogs = [d for d in page.findChildren(QDialog) if d.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].case_id == page.model.case_id(3)
    page.table.doubleClicked.emit(index)
    assert [d for d in page.findChildren(QDialog) if d.isVisible()] == dialogs
    dialogs[0].reject()
    qtbot.waitUntil(lambda: not dialogs[0].isVisible())
    again = page.open_case(page.model.case_id(3))  # closed: a double-click opens it anew
    qtbot.addWidget(again)
    assert again is not dialogs[0] and again.isVisible()
    again.reject()


def test_typing_searches_250_ms_after_the_last_key(qtbot, page):
    from ui.cases.calls_page import FILTER_PAUSE_MS

    assert FILTER_PAUSE_MS == 250
    runs = []
    page.model.set_query = lambda f=None, *a, **k: runs.append(f.text if f else None)
    page.text.setFocus()
    for key in "abc":
        qtbot.keyClick(page.text, key)
    assert page.timer.isActive() and page.timer.interval() == 250 and runs == []  # not while typing
    qtbot.waitUntil(lambda: runs == ["abc"], timeout=2000)  # once, with the whole word


def test_search_as_you_type_finds_without_pressing_enter(qtbot, page):
    case = Case.select().order_by(Case.id.desc()).first()
    word = max(case.subject.split(), key=len)
    page.text.setText(word)
    qtbot.waitUntil(lambda: not page.timer.isActive() and not page.model.loading, timeout=10000)
    assert 0 < page.model.total < DEMO  # the rows came without pressing Enter


def test_ctrl_f_opens_the_tracking_code_finder_from_any_screen(qtbot, tmp_path, ui_supervisor):
    from PySide6.QtWidgets import QApplication

    from ui.context import AppContext
    from ui.main_window import MainWindow

    window = MainWindow(AppContext(ui_supervisor, str(tmp_path / "samad.db")))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    case = Case.select().order_by(Case.id).first()
    opened = []
    window.context.events.open_case.disconnect()
    for section in window.sections:
        if section.key == "calls":
            continue
        window.show_section(section.key)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        target = window.focusWidget() or window.navigation
        target.setFocus()
        qtbot.keyClick(target, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        dialog = window.find_dialog
        assert dialog is not None and dialog.isVisible(), section.key
        assert dialog.focusWidget() is dialog.finder.edit
        dialog.reject()
    window.open_case = lambda case_id: opened.append(case_id)
    dialog = window.find_case()
    dialog.found.disconnect()
    dialog.found.connect(window.open_case)
    dialog.finder.edit.setText(case.tracking_code)
    qtbot.keyClick(dialog.finder.edit, Qt.Key.Key_Return)
    assert opened == [case.id] and not dialog.isVisible()
    # on the register, Ctrl+F goes to the box in its header (the window's finder stands down)
    page = window.show_section("calls")
    assert not window.find_case_action.isEnabled()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.focusWidget() is page.finder.edit


def _type(qtbot, edit, text: str) -> None:
    """Type `text` a letter at a time, faster than the pause (setText: keyClicks cannot type Persian)."""
    for n in range(1, len(text) + 1):
        edit.setText(text[:n])
        qtbot.wait(20)


def test_search_as_you_type_one_query_per_pause_rows_shown_from_the_top(qtbot, page):
    from ui.cases.case_table_model import row_texts

    queries = []
    set_query = page.model.set_query

    def counted(f=None, *args, **kwargs):
        queries.append(f.text if f else None)
        set_query(f, *args, **kwargs)

    page.model.set_query = counted
    # a pause longer than the program's: on a loaded machine a 20 ms wait between letters can take longer than
    # 250 ms, and the timer would rightly fire mid-word (the rule, one query per pause, is the same)
    page.timer.setInterval(1000)
    word = max(  # a word that fills more than a screen
        {w for c in Case.select(Case.subject).limit(200) for w in c.subject.split() if len(w) > 3},
        key=lambda w: case_query.count_cases(case_query.CaseFilter(text=w)),
    )
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.table.verticalScrollBar().value() > 0)
    _type(qtbot, page.text, word)
    assert queries == [] and page.timer.isActive()  # nothing asked while typing
    qtbot.waitUntil(lambda: queries == [word] and not page.model.loading, timeout=10000)
    total = page.model.total
    assert PAGE < total == case_query.count_cases(case_query.CaseFilter(text=word))
    assert page.table.verticalScrollBar().value() == 0 and page.table.rowAt(0) == 0  # from the top
    first = case_query.list_cases(case_query.CaseFilter(text=word), limit=1)[0]
    assert page.model.case_id(0) == first.id
    shown = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert shown == list(row_texts(first)) and LOADING not in shown  # the rows are there, formatted

    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.case_id(total - 1) is not None, timeout=10000)
    case = Case.get_by_id(page.model.case_id(total - 1))
    page.text.clear()  # cleared and typed again within the pause: one query, for what stands at the pause
    _type(qtbot, page.text, case.tracking_code)  # a whole tracking code finds its case
    qtbot.waitUntil(lambda: len(queries) == 2 and not page.model.loading, timeout=10000)
    qtbot.wait(400)
    assert queries == [word, case.tracking_code]
    assert page.model.total == 1 and page.model.case_id(0) == case.id
    assert page.table.verticalScrollBar().value() == 0 and page.table.currentIndex().row() == 0


def test_row_numbers_header_fits_every_number(qtbot, page):
    header = page.table.verticalHeader()
    count = header.count()
    assert count == DEMO
    widest = max(header.sectionSizeFromContents(i).width() for i in [*range(200), *range(count - 200, count)])
    assert header.sizeHint().width() >= widest and header.width() >= widest


def test_a_new_search_shows_its_first_page_before_counting(qtbot, page, monkeypatch):
    shown = []
    page.model.rows_shown.connect(lambda n: shown.append((n, page.model.loading, page.model.rowCount())))
    counts = []
    count_cases = case_query.count_cases
    monkeypatch.setattr(case_query, "count_cases", lambda f=None: counts.append(f) or count_cases(f))
    with qtbot.waitSignal(page.model.loaded, timeout=10000) as loaded:
        page.apply_filters()  # every case
    assert shown == [(PAGE, True, PAGE)]  # the first page on screen while the count was still running
    assert loaded.args == [DEMO] and page.model.rowCount() == DEMO and len(counts) == 1
    assert page.count.text() == "۳٬۰۰۰ پرونده"

    shown.clear()
    counts.clear()
    one = Case.select().order_by(Case.id.desc()).first()
    page.text.setText(one.tracking_code)
    with qtbot.waitSignal(page.model.loaded, timeout=10000) as loaded:
        page.apply_filters()
    assert shown == [(1, True, 1)] and loaded.args == [1] and counts == []  # a short page is the whole answer


def test_the_count_waits_for_the_first_paint_but_not_for_a_page_out_of_sight(qtbot, page):
    page.hide()  # no paint will come: the count starts on its own soon after
    with qtbot.waitSignal(page.model.loaded, timeout=10000) as loaded:
        page.apply_filters()
    assert loaded.args == [DEMO] and page.model.rowCount() == DEMO


def test_a_change_batch_keeps_the_current_case_without_fetching_every_page(qtbot, page, ui_operator):
    page.table.setCurrentIndex(page.model.index(5, 0))
    current = page.model.case_id(5)
    made = cases.register_call(ui_operator, call())
    page.context.events.announce(cases=[made.id])
    qtbot.waitUntil(lambda: page.model.total == DEMO + 1, timeout=10000)
    assert page.model.case_id(page.table.currentIndex().row()) == current  # the same case, one row down
    # a current case the reload no longer holds (closed elsewhere under a status filter, say): looked for
    # among the rows already here, not by fetching all 31 pages of the register
    page.place.take()
    page.place.key = -1
    page.model.refresh()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10000)
    qtbot.wait(300)  # any page fetches the restore asked for have run
    assert len(page.model.pages) <= 2
