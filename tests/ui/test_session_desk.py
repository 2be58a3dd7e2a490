"""The official's desk in the session panel: the clock, the queue, the caller's file, and the note, guidance,
hold and order decided from the same screen with the keyboard."""

import pytest
from PySide6.QtCore import Qt

from app.models import Agency, Case, Referral
from app.services.cases import cases
from app.services.schedule import officials, sessions
from tests.app.session_data import call
from tests.conftest import make_user
from ui.schedule.session_panel import DESK_TAB, SessionPanel


@pytest.fixture
def governor(ui_supervisor, ui_operator):
    user = make_user("official1", "official", title="استاندار آذربایجان شرقی")
    officials.create_official(
        ui_supervisor, {"full_name": "محمدرضا کریمی", "title": "استاندار", "username": "official1"}
    )
    return user


def queue_cases(desk) -> list[int]:
    return [q.case_id for q in desk.queue_model.rows]


def test_the_official_works_the_queue_from_one_screen(qtbot, governor, ui_operator, context_for):
    first = cases.register_call(ui_operator, call(next_step="hold", subject="دیدار با استاندار"))
    second = cases.register_call(
        ui_operator, call(next_step="hold", phone="09141112233", national_code="", caller_name="زهرا احمدی")
    )
    third = cases.register_call(
        ui_operator, call(next_step="hold", phone="09141112244", national_code="", caller_name="حسن موسوی")
    )
    panel = SessionPanel(context_for(governor))
    qtbot.addWidget(panel)
    desk = panel.desk
    assert panel.tabs.currentIndex() == DESK_TAB and panel.tabs.tabText(DESK_TAB) == "میز مسئول"
    assert queue_cases(desk) == [first.id, second.id, third.id]
    assert not desk.guide_button.isEnabled() and panel.clock.text() == ""  # no session yet
    assert panel.check_in()
    assert panel.clock.text().startswith("ورود ") and "گذشته" in panel.clock.text()

    desk.queue.setFocus()
    desk.select_row(0)
    assert desk.file.case.id == first.id and "علی رضایی" in desk.caller.text()
    assert "آب محله سه روز است قطع است." in desk.case_text.toPlainText()
    desk.note.setPlainText("قول دادم تا فردا پیگیری شود.")
    qtbot.keyClick(desk.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert Case.get_by_id(first.id).official_note == "قول دادم تا فردا پیگیری شود."
    assert "یادداشت مسئول" in desk.case_text.toPlainText()
    assert desk.hold()  # held for the official's follow-up: the next caller comes up
    assert queue_cases(desk) == [second.id, third.id] and desk.file.case.id == second.id

    desk.note.setPlainText("به شهروند گفتم وام از بانک عامل گرفته می‌شود.")
    desk.guide_button.click()
    assert Case.get_by_id(second.id).status == "guided" and desk.file.case.id == third.id

    desk.actions.setCurrentIndex(1)
    for fragment in ("آب و فاضلاب", "برق"):
        agency = Agency.get(Agency.name.contains(fragment))
        desk.agency.set_agency(agency.id)
        assert desk.add_agency()
    desk.ready.activated.emit(1)
    assert desk.instruction.toPlainText() == "بررسی و نتیجه اعلام شود."
    desk.order_button.click()
    assert Referral.select().where(Referral.case == third.id, Referral.status == "draft").count() == 2
    session = sessions.current_session()
    assert len(sessions.session_work(session.id).letters_to_issue) == 2
    assert queue_cases(desk) == [] and "۲ پیش‌نویس" in panel.batch_button.text()
    assert panel.tabs.tabText(3) == "دستورهای جلسه (۲)"


def test_a_refusal_is_said_on_the_desk(qtbot, governor, ui_operator, context_for):
    case = cases.register_call(ui_operator, call(next_step="hold"))
    sessions.check_in(governor)
    panel = SessionPanel(context_for(governor))
    qtbot.addWidget(panel)
    panel.desk.select_row(0)
    panel.desk.note.setPlainText("")
    assert not panel.desk.guide_and_close()
    assert "بنویسید مسئول" in panel.desk.message.text()
    assert Case.get_by_id(case.id).status == "registered"


def test_an_operator_sees_the_queue_but_does_not_decide(qtbot, governor, ui_operator, context_for):
    cases.register_call(ui_operator, call(next_step="hold"))
    sessions.check_in(governor)
    panel = SessionPanel(context_for(ui_operator))
    qtbot.addWidget(panel)
    panel.desk.select_row(0)
    assert panel.desk.file is not None
    assert not panel.desk.note_button.isEnabled() and not panel.desk.order_button.isEnabled()
