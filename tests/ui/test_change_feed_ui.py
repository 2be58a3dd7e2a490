"""One change feed in the interface: a burst of batches reaches each page once, merged; a page reloads only
what it shows; the register keeps the user's current case; the agency picker keeps its highlighted item."""

import threading
import time
from types import SimpleNamespace

from PySide6.QtCore import QObject

from app.services.admin import changes
from app.services.cases import cases
from tests.app.call_data import call
from ui.cases.calls_page import CallsRegisterPage
from ui.change_debounce import ChangeDebouncer
from ui.change_watcher import ChangeWatcher
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


def _watch(monkeypatch, url: str) -> tuple[ChangeWatcher, threading.Event]:
    """A watcher whose feed and waits are stand-ins: only whether it prunes is seen."""
    pruned = threading.Event()
    monkeypatch.setattr(changes, "prune", lambda: pruned.set() or 0)
    monkeypatch.setattr(changes, "start", lambda: changes.Cursor())
    monkeypatch.setattr(changes, "since", lambda cursor: changes.ChangeBatch(cursor))
    monkeypatch.setattr(changes, "marker", lambda: 0)
    watcher = ChangeWatcher(SimpleNamespace(database_url=url, events=Events()))
    watcher.listener.wait = lambda timeout: time.sleep(0.01) or False
    return watcher, pruned


def test_the_watcher_prunes_the_feeds_commit_order_on_postgresql_only(qtbot, monkeypatch, tmp_path):
    for url, prunes in (
        ("postgresql://nobody@127.0.0.1:9/none", True),
        (f"sqlite:///{tmp_path / 'x.db'}", False),
    ):
        watcher, pruned = _watch(monkeypatch, url)
        watcher.start()
        try:
            assert pruned.wait(2 if prunes else 0.3) is prunes, url
        finally:
            watcher.stop()
