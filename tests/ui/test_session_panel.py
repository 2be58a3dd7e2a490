"""The session panel: check-in and check-out, refusals shown, held cases taken up, the session's calls and
orders listed, and the session's drafts issued and its letters rendered as one batch."""

import pytest
from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtWidgets import QApplication

from app.models import Agency, Letter, OfficialSession
from app.services.cases import cases
from app.services.letters import referrals
from app.services.schedule import officials, sessions
from tests.app.session_data import call
from tests.conftest import make_user
from ui.schedule import session_panel
from ui.schedule.session_letters import SessionLettersBatch
from ui.schedule.session_panel import SessionPanel


@pytest.fixture
def people(ui_supervisor, ui_operator):
    governor = make_user("official1", "official", title="استاندار آذربایجان شرقی")
    gov = officials.create_official(
        ui_supervisor, {"full_name": "محمدرضا کریمی", "title": "استاندار", "username": "official1"}
    )
    dg = officials.create_official(
        ui_supervisor, {"full_name": "مهدی رسولی", "title": "مدیرعامل آب و فاضلاب"}
    )
    return governor, gov, dg


def select_first_row(table):
    """QTableView.selectRow picks its column at the viewport's edge, unreliable in a right-to-left view
    not laid out yet; select through the selection model, as a click does."""
    flags = QItemSelectionModel.SelectionFlag.Rows | QItemSelectionModel.SelectionFlag.ClearAndSelect
    table.selectionModel().select(table.model().index(0, 0), flags)


@pytest.fixture
def refusals(monkeypatch):
    shown = []
    monkeypatch.setattr(session_panel, "show_error", lambda parent, exc: shown.append(exc.message))
    return shown


def test_operator_checks_a_director_general_in_and_out(qtbot, people, ui_operator, context_for, refusals):
    _, gov, dg = people
    panel = SessionPanel(context_for(ui_operator))
    qtbot.addWidget(panel)
    assert panel.status.text() == "جلسه‌ای باز نیست."
    assert panel.check_in_button.isEnabled() and not panel.check_out_button.isEnabled()
    panel.official.setCurrentIndex(panel.official.findData(dg.id))
    assert panel.check_in()
    assert "«مهدی رسولی» از ساعت" in panel.status.text() and "خارج از برنامه" in panel.status.text()
    assert not panel.check_in_button.isEnabled() and panel.check_out_button.isEnabled()
    assert not panel.official.isEnabled()
    # A second official cannot come in while the session is open: the refusal is shown, nothing changes.
    panel.official.setCurrentIndex(panel.official.findData(gov.id))
    assert not panel.check_in()
    assert refusals and "مهدی رسولی" in refusals[0]
    assert OfficialSession.select().count() == 1
    assert panel.check_out()
    assert "بسته شد" in panel.status.text() and panel.check_in_button.isEnabled()
    assert OfficialSession.get().checked_out_at is not None


def test_held_cases_calls_and_orders_of_the_session(qtbot, people, ui_operator, context_for, refusals):
    governor, gov, _ = people
    held = cases.register_call(ui_operator, call(next_step="hold", subject="درخواست دیدار با استاندار"))
    panel = SessionPanel(context_for(governor))
    qtbot.addWidget(panel)
    assert panel.official.currentData() == gov.id and not panel.official.isEnabled()
    assert panel.held_model.rowCount() == 1 and panel.tabs.tabText(1) == "نگه‌داشته برای مسئول (۱)"
    assert not panel.take_up_button.isEnabled()  # no session open yet
    assert panel.check_in()
    session = sessions.current_session()
    select_first_row(panel.held_table)
    assert panel.take_up()
    live = cases.register_call(
        ui_operator, call(national_code="", phone="09141112233", subject="تماس زنده"), session_id=session.id
    )
    water = Agency.get(Agency.name.contains("آب و فاضلاب")).id
    referrals.prepare_draft(
        ui_operator, live.id, {"agency_ids": [water], "instruction": "بررسی شود."}, session_id=session.id
    )
    panel.context.events.announce(other=True)
    panel.changes.flush()  # what the debounce timer does a moment later
    assert [c.case_id for c in panel.calls_model.rows] == [held.id, live.id]
    assert panel.tabs.tabText(2) == "تماس‌های جلسه (۲)" and panel.tabs.tabText(3) == "دستورهای جلسه (۱)"
    assert panel.orders_model.index(0, 5).data() == "پیش‌نویس"
    assert panel.batch_button.isEnabled() and "۱ پیش‌نویس" in panel.batch_button.text()
    assert panel.held_model.index(0, 5).data() == "بررسی شد"


def test_an_official_without_a_linked_account_is_told(qtbot, ui_supervisor, context_for):
    lonely = make_user("official2", "official", title="معاون")
    panel = SessionPanel(context_for(lonely))
    qtbot.addWidget(panel)
    assert "پیوند نخورده" in panel.status.text()
    assert not panel.check_in_button.isEnabled()


def test_batch_issues_the_drafts_and_renders_every_letter(
    qtbot, people, ui_operator, context_for, tmp_path, monkeypatch
):
    governor, _, _ = people
    session = sessions.check_in(governor)
    water = Agency.get(Agency.name.contains("آب و فاضلاب")).id
    for n in range(3):
        case = cases.register_call(
            ui_operator,
            call(national_code="", phone=f"0914111000{n}", subject=f"مورد {n}"),
            session_id=session.id,
        )
        referrals.prepare_draft(
            ui_operator, case.id, {"agency_ids": [water], "instruction": "بررسی شود."}, session_id=session.id
        )
    panel = SessionPanel(context_for(governor))
    qtbot.addWidget(panel)
    seen = {}

    def on_the_preview():  # the hour's orders, one preview, signed together
        preview = QApplication.activeModalWidget()
        seen["before"] = (Letter.select().count(), preview.chooser.count(), preview.chooser.itemText(0))
        preview.sign_button.click()
        seen["after"] = [preview.chooser.itemText(i).split(" — ")[0] for i in range(preview.chooser.count())]
        preview.accept()

    QTimer.singleShot(0, on_the_preview)
    panel.issue_and_print()
    assert seen["before"][:2] == (0, 3) and seen["before"][2].startswith("پس از صدور")
    numbers = [letter.number for letter in Letter.select().order_by(Letter.serial)]
    assert len(numbers) == 3 and seen["after"] == numbers
    assert sessions.session_work(session.id).letters_to_issue == []
    presented = []
    monkeypatch.setattr(
        SessionLettersBatch, "present", lambda self, result, docs: presented.append((result, docs))
    )
    panel.issue_and_print()  # nothing left to sign: the session's letters go to the printer as one job
    qtbot.waitUntil(lambda: bool(presented), timeout=30000)
    result, documents = presented[0]
    assert result is None and [number for number, _ in documents] == numbers
    assert all(pdf.startswith(b"%PDF") for _, pdf in documents)
    saved = SessionLettersBatch.save_documents(documents, str(tmp_path))
    assert len(saved) == 3 and all(p.suffix == ".pdf" and "/" not in p.name for p in saved)
    assert not panel.batch.busy and "۰ پیش‌نویس" in panel.batch_button.text()


def test_the_session_summary_opens_as_one_printable_page(qtbot, people, context_for):
    governor, _, _ = people
    sessions.check_in(governor)
    panel = SessionPanel(context_for(governor))
    qtbot.addWidget(panel)
    assert panel.summary_button.isEnabled()
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().accept())
    dialog = panel.show_summary()
    assert (
        dialog.page_count == 1
        and dialog.print_button.isVisibleTo(dialog)
        and dialog.pdf_bytes.startswith(b"%PDF")
    )


def test_a_panel_out_of_sight_asks_the_database_nothing_until_shown(qtbot, people, ui_operator, context_for):
    """The minute's refresh of a page nobody sees would query a database that may be gone (a stale page of a
    closed window fired into the next test's dropped schema)."""
    panel = SessionPanel(context_for(ui_operator))
    qtbot.addWidget(panel)
    reloads = []
    panel.reload = lambda: reloads.append(1)
    panel.timer.timeout.emit()
    assert reloads == []
    panel.show()
    qtbot.waitExposed(panel)
    assert reloads == [1]
    panel.timer.timeout.emit()
    assert reloads == [1, 1]
