"""The follow-up screens on a real database: the overdue list and its actions, the response dialog (with an
attachment, a refused date, a re-route), the call-back list and dialog, the accountability table, the
case timeline and the status-bar count."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.domain import jalali
from app.models import AgencyResponse, Attachment, Case, Letter, Referral
from app.services.cases import accountability_summary
from app.services.followup import followup
from app.services.letters import referrals
from tests.app.letter_helpers import POWER, WATER, agency_id, order, register_case
from ui.cases.case_timeline import CaseTimeline
from ui.followup.accountability_tab import AccountabilityTab
from ui.followup.callback_dialog import CallbackDialog
from ui.followup.callbacks_tab import CallbacksTab
from ui.followup.followup_tab import FollowUpTab
from ui.followup.followup_table_model import OVERDUE_BACKGROUND, SOON_BACKGROUND
from ui.followup.overdue_indicator import OverdueIndicator
from ui.followup.response_dialog import ResponseDialog
from ui.widgets.first_show import FIRST_BUILD_MS

TODAY = jalali.today_local()


@pytest.fixture
def ui_official(sqlite_db, ui_supervisor):
    from tests.conftest import make_user

    return make_user("official1", "official", title="معاون استاندار")


def referred(operator, official, agency=WATER, due_in: int = -4, subject="قطعی آب"):
    """A case referred to `agency` whose due date is `due_in` days from today (negative: overdue)."""
    case_id = register_case(operator, subject=subject)
    info = referrals.issue_order(official, case_id, order(agency_ids=[agency_id(agency)]))[0]
    Referral.update(due_date=TODAY + dt.timedelta(days=due_in)).where(Referral.id == info.id).execute()
    accountability_summary.rebuild()  # the due date was set past the services that keep the summary
    return info


def answered(operator, official, **over):
    info = referred(operator, official, **over)
    followup.record_response(
        operator, info.id, {"agency_letter_date": TODAY, "text": "انجام شد.", "result": "done"}
    )
    return info


def test_overdue_list_is_red_by_agency_and_chases_a_reminder(qtbot, ui_operator, ui_official, context_for):
    late = referred(ui_operator, ui_official, POWER, -6)
    referred(ui_operator, ui_official, WATER, 2)
    # an operator presses «نامه تذکر»: the letter is signed by the center's head the supervisor named
    from app.services.admin import settings
    from tests.conftest import make_user

    settings.update(make_user("root", "supervisor"), {"followup_signer": ui_official.username})
    tab = FollowUpTab(context_for(ui_operator))
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 1 and tab.model.rows[0].referral_id == late.id
    assert tab.model.data(tab.model.index(0, tab.model.DAYS_COLUMN)) == "۶ روز گذشته"
    assert tab.model.data(tab.model.index(0, 0), Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    agencies = [tab.agencies.item(r, 0).text() for r in range(tab.agencies.rowCount())]
    assert agencies[0] == "همه دستگاه‌ها" and set(agencies[1:]) == {POWER, WATER}
    assert "۱ ارجاع گذشته از مهلت و ۱ نزدیک به مهلت" in tab.summary.text()
    tab.kind.setCurrentIndex(tab.kind.findData("due_soon"))
    assert tab.model.rowCount() == 1
    assert tab.model.data(tab.model.index(0, 0), Qt.ItemDataRole.BackgroundRole) == SOON_BACKGROUND
    tab.kind.setCurrentIndex(tab.kind.findData("overdue"))
    assert tab.chase_button.isEnabled() and tab.chase_button.text().startswith("نامه تذکر")
    assert tab.timeline.titles()[0].startswith("تماس نخست")  # the selected case's timeline
    offered = []
    tab.confirm = lambda question: True
    tab.offer_letter = offered.append
    info = tab.chase()
    assert info.kind == "reminder" and offered == [info]
    letter = Letter.get_by_id(info.letter_id)
    assert letter.kind == "reminder" and letter.issued_by_id == ui_operator.user_id
    assert '"signer_name": "' + ui_official.full_name in letter.content
    assert tab.model.rowCount() == 0  # the new due date is a week away: no longer overdue


def test_response_dialog_saves_with_an_attachment(qtbot, ui_operator, ui_official, context_for, tmp_path):
    info = referred(ui_operator, ui_official)
    scan = tmp_path / "پاسخ.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    dialog = ResponseDialog(context_for(ui_operator), info.id)
    qtbot.addWidget(dialog)
    assert not dialog.reroute_box.isVisibleTo(dialog)
    dialog.number.setText("۱۲۳/۴۵")
    dialog.text.setPlainText("لوله ترکیده تعمیر شد.")
    dialog.add_files([str(scan)])
    assert dialog.attachment_list.count() == 1
    assert dialog.submit()
    response = AgencyResponse.get(AgencyResponse.referral == info.id)
    assert response.agency_letter_number == "123/45" and response.received_by.username == "operator1"
    assert bytes(Attachment.get(Attachment.response == response.id).data) == b"%PDF-1.4 scan"
    assert Case.get_by_id(info.case_id).status == "answered"


def test_response_dated_before_the_referral_is_shown_at_the_date(
    qtbot, ui_operator, ui_official, context_for
):
    info = referred(ui_operator, ui_official)
    dialog = ResponseDialog(context_for(ui_operator), info.id)
    qtbot.addWidget(dialog)
    dialog.date.setDate(TODAY - dt.timedelta(days=3))
    dialog.text.setPlainText("انجام شد.")
    assert not dialog.submit()
    assert "پیش از تاریخ ارجاع" in dialog.errors.message("agency_letter_date")
    assert AgencyResponse.select().count() == 0


def test_not_responsible_reroutes_from_the_same_dialog(qtbot, ui_operator, ui_official, context_for):
    info = referred(ui_operator, ui_official, POWER)
    dialog = ResponseDialog(context_for(ui_official), info.id, reroute=True)
    qtbot.addWidget(dialog)
    assert dialog.outcome.currentData() == "not_responsible" and dialog.reroute_box.isChecked()
    dialog.text.setPlainText("در وظایف ما نیست.")
    assert not dialog.submit()  # no agency chosen yet
    assert dialog.errors.message("agency_id")
    dialog.new_agency.set_agency(agency_id(WATER))
    assert dialog.submit()
    new = Referral.get(Referral.rerouted_from == info.id)
    assert (new.status, new.agency.name, Referral.get_by_id(info.id).status) == ("issued", WATER, "rerouted")


def test_callbacks_list_and_dialog_close_the_case(qtbot, ui_operator, ui_official, context_for):
    info = answered(ui_operator, ui_official)
    referred(ui_operator, ui_official, subject="موضوع دیگر")  # still waiting: not on the call-back list
    context = context_for(ui_operator)
    tab = CallbacksTab(context)
    qtbot.addWidget(tab)
    assert [r.case_id for r in tab.model.rows] == [info.case_id]
    assert tab.timeline.titles() and tab.call_button.isEnabled()
    dialog = CallbackDialog(context, info.case_id)
    qtbot.addWidget(dialog)
    dialog.decisions["reopen"].setChecked(True)
    dialog.verdicts["not_satisfied"].setChecked(True)
    assert not dialog.submit()
    assert "بنویسید شهروند چه گفت" in dialog.errors.message("comment")
    dialog.verdicts["satisfied"].setChecked(True)
    dialog.decisions["close"].setChecked(True)
    assert dialog.outcome.currentData() == "resolved"
    assert dialog.submit()
    assert Case.get_by_id(info.case_id).status == "closed"
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)  # the saved call reloads the list (events.changes)


def test_unreached_call_back_offers_later_or_unreachable(qtbot, ui_operator, ui_official, context_for):
    info = answered(ui_operator, ui_official)
    dialog = CallbackDialog(context_for(ui_operator), info.case_id)
    qtbot.addWidget(dialog)
    dialog.reached[False].setChecked(True)
    assert not dialog.verdict_box.isEnabled() and not dialog.decisions["reopen"].isEnabled()
    assert dialog.decisions["later"].isChecked()
    assert dialog.submit()
    assert Case.get_by_id(info.case_id).status == "answered"


def test_accountability_table_worst_on_top_sorts_and_exports(
    qtbot, ui_supervisor, ui_operator, ui_official, context_for, tmp_path
):
    for _ in range(2):
        answered(ui_operator, ui_official, agency=WATER, due_in=5)
    referred(ui_operator, ui_official, POWER, -3)
    tab = AccountabilityTab(context_for(ui_supervisor))
    qtbot.addWidget(tab)
    tab.run_report()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=10000)
    names = [tab.model.data(tab.model.index(r, 1)) for r in range(tab.model.rowCount())]
    assert names == [POWER, WATER, "جمع"]
    assert tab.model.data(tab.model.index(0, 5)) == "۰٪" and tab.model.data(tab.model.index(1, 5)) == "۱۰۰٪"
    tab.model.sort(2, Qt.SortOrder.DescendingOrder)  # most referrals first; the total stays last
    assert [tab.model.data(tab.model.index(r, 1)) for r in range(3)] == [WATER, POWER, "جمع"]
    path = tmp_path / "agencies.xlsx"
    tab.export("xlsx", str(path))
    qtbot.waitUntil(path.exists, timeout=10000)
    qtbot.waitUntil(lambda: "ذخیره شد" in tab.status.text(), timeout=10000)


def test_accountability_tab_is_for_supervisors_and_officials(qtbot, ui_operator, context_for):
    tab = AccountabilityTab(context_for(ui_operator))
    qtbot.addWidget(tab)
    assert not tab.run_button.isEnabled() and "ناظر" in tab.status.text()


def test_timeline_shows_the_whole_life(qtbot, ui_operator, ui_official):
    info = answered(ui_operator, ui_official)
    widget = CaseTimeline()
    qtbot.addWidget(widget)
    widget.set_case(info.case_id)
    titles = widget.titles()
    assert titles[0].startswith("تماس نخست")
    assert any(t.startswith(f"ارجاع به {WATER}") for t in titles)
    assert any(t.startswith("نامه ارجاع شماره ۱۱۱/") for t in titles)
    assert any(t.startswith(f"پاسخ {WATER}: انجام شد") for t in titles)
    assert titles[-1] == "وضعیت: پاسخ داده شده"


def test_status_bar_count_follows_the_referrals(qtbot, ui_operator, ui_official, context_for):
    context = context_for(ui_operator)
    indicator = OverdueIndicator(context)
    qtbot.addWidget(indicator)
    assert indicator.text() == "ارجاع گذشته از مهلت نیست"
    info = referred(ui_operator, ui_official, POWER, -2)
    context.events.announce(referrals=[info.id])
    qtbot.waitUntil(lambda: indicator.text() == "۱ ارجاع گذشته از مهلت")
    followup.record_response(
        ui_operator, info.id, {"agency_letter_date": TODAY, "text": "انجام شد.", "result": "done"}
    )
    context.events.announce(referrals=[info.id])
    qtbot.waitUntil(lambda: indicator.counts.overdue == 0)


def test_the_count_of_a_window_out_of_sight_asks_the_database_nothing(qtbot, ui_operator, context_for):
    """Its minute's timer refreshes only while its window is shown (a closed window's indicator fired into a
    database that was gone)."""
    indicator = OverdueIndicator(context_for(ui_operator))
    qtbot.addWidget(indicator)
    refreshed = []
    indicator.refresh = lambda: refreshed.append(1)
    indicator.timer.timeout.emit()
    assert refreshed == []
    indicator.show()
    qtbot.waitExposed(indicator)
    indicator.timer.timeout.emit()
    assert refreshed == [1]


def test_clicking_the_count_opens_the_follow_up_tab(qtbot, ui_operator, ui_official, context_for):
    from ui.main_window import MainWindow

    referred(ui_operator, ui_official, POWER, -2)
    window = MainWindow(context_for(ui_operator))
    qtbot.addWidget(window)
    assert window.overdue_indicator.counts.overdue == 1
    window.overdue_indicator.click()
    assert window.current_section() == "referrals"
    page = window.pages["referrals"]
    assert page.tabs.currentWidget().objectName() == "followup_tab"


def test_an_operator_prepares_a_draft_and_the_official_issues_it(
    qtbot, ui_operator, ui_official, context_for, monkeypatch
):
    import json

    from app.services.followup import reminders

    late = referred(ui_operator, ui_official, due_in=-6)
    tab = FollowUpTab(context_for(ui_operator))
    qtbot.addWidget(tab)
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    assert tab.chase_button.text().startswith("پیش‌نویس تذکر")
    assert not tab.drafts_button.isVisibleTo(tab) and not tab.chase_all_button.isVisibleTo(tab)
    tab.confirm = lambda question: True
    assert tab.chase() is None
    assert [d.referral_id for d in reminders.pending_drafts()] == [late.id]
    assert Letter.select().where(Letter.kind == "reminder").count() == 0

    desk = FollowUpTab(context_for(ui_official))
    qtbot.addWidget(desk)
    assert desk.drafts_button.isVisibleTo(desk) and desk.drafts_button.text() == "صدور پیش‌نویس‌ها (۱)"
    desk.confirm = lambda question: True
    desk.preview = lambda ids: None
    shown = []
    from ui.followup import followup_tab

    monkeypatch.setattr(
        followup_tab.QMessageBox, "information", staticmethod(lambda *args: shown.append(args[2]))
    )
    desk.issue_drafts()
    qtbot.waitUntil(lambda: desk.task is None, timeout=10000)
    letter = Letter.get(Letter.kind == "reminder")
    assert json.loads(letter.content)["signer_name"] == ui_official.full_name
    assert letter.issued_by_id == ui_official.user_id and reminders.pending_drafts() == []
    assert shown and shown[0].startswith("۱ نامه صادر شد")


def test_accountability_opens_on_the_last_twelve_months_unless_a_period_was_chosen(
    qtbot, ui_supervisor, ui_operator, ui_official, context_for
):
    referred(ui_operator, ui_official, POWER, -3)
    opened = AccountabilityTab(context_for(ui_supervisor))
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(lambda: opened.report is not None and opened.task is None, timeout=10000)
    assert [opened.model.data(opened.model.index(r, 1)) for r in range(opened.model.rowCount())] == [
        POWER,
        "جمع",
    ]

    chosen = AccountabilityTab(context_for(ui_supervisor))
    qtbot.addWidget(chosen)
    chosen.show()
    chosen.preset.setCurrentIndex(chosen.preset.findData("custom"))  # chosen before it starts: nothing built
    qtbot.wait(3 * FIRST_BUILD_MS)
    assert chosen.report is None and chosen.task is None
