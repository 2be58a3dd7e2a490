"""One change feed in the interface: a burst of batches reaches each page once, merged; a page reloads only
what it shows; the register keeps the user's current case; the agency picker keeps its highlighted item."""

from PySide6.QtCore import QObject

from app.services.admin import changes
from app.services.cases import cases
from tests.app.call_data import call
from ui.cases.calls_page import CallsRegisterPage
from ui.change_debounce import ChangeDebouncer
from ui.context import Events
from ui.widgets.agency_picker import AgencyPicker


def test_a_burst_reaches_a_page_once_merged(qtbot):
    events, owner, seen = Events(), QObject(), []
    ChangeDebouncer(events, seen.append, owner, delay_ms=50)
    events.announce(cases=[1])
    events.announce(referrals=[7], cases=[2])
    events.announce(settings=True)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)
    qtbot.wait(150)
    assert len(seen) == 1
    assert seen[0].case_ids == {1, 2} and seen[0].referral_ids == {7} and seen[0].settings


def test_a_page_ignores_what_it_does_not_show(qtbot):
    events, owner, seen = Events(), QObject(), []
    ChangeDebouncer(events, seen.append, owner, delay_ms=10, wants=lambda batch: batch.settings)
    events.announce(cases=[1])
    qtbot.wait(100)
    assert seen == []
    events.announce(settings=True)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)


def test_the_register_keeps_the_current_case_when_another_arrives(qtbot, sqlite_db, ui_operator, context_for):
    made = [
        cases.register_call(
            ui_operator, call(national_code="", phone=f"0914111223{i}", subject=f"تماس {i}")
        ).id
        for i in range(5)
    ]
    page = CallsRegisterPage(context_for(ui_operator))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.total == 5 and not page.model.loading, timeout=10000)
    page.table.setCurrentIndex(page.model.index(2, 3))
    chosen = page.model.case_id(2)
    assert chosen == made[2]
    newer = cases.register_call(ui_operator, call(national_code="", phone="09141112299", subject="تازه")).id
    page.context.events.changes.emit(changes.announce(cases=[newer]))
    qtbot.waitUntil(lambda: page.model.total == 6 and not page.model.loading, timeout=10000)
    qtbot.waitUntil(lambda: page.model.case_id(page.table.currentIndex().row()) == chosen, timeout=2000)
    assert page.table.currentIndex().row() == 3 and page.table.currentIndex().column() == 3  # moved down one


AGENCIES = [(1, "شرکت آب و فاضلاب"), (2, "شرکت آب منطقه‌ای"), (3, "اداره آموزش و پرورش")]


def highlighted(picker: AgencyPicker):
    index = picker.completer_.popup().currentIndex()
    return index.data() if index.isValid() else None


def test_the_agency_picker_keeps_its_highlighted_item_on_refresh(qtbot):
    picker = AgencyPicker(AGENCIES)
    qtbot.addWidget(picker)
    picker.show()
    picker.setText("آب")
    picker._typed("آب")
    popup = picker.completer_.popup()
    popup.setCurrentIndex(picker.completer_.completionModel().index(1, 0))
    assert highlighted(picker) == "شرکت آب منطقه‌ای"
    picker.set_agencies(AGENCIES)  # the same list again (a change batch with settings)
    assert highlighted(picker) == "شرکت آب منطقه‌ای"
    picker.set_agencies([(4, "شرکت آب بها"), *AGENCIES])  # an agency added on another PC
    assert highlighted(picker) == "شرکت آب منطقه‌ای"
