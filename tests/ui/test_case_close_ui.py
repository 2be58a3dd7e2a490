"""Closing and reopening from the case window: «بستن پرونده» with an outcome from the list and a reason (a
duplicate names its original by tracking code, looked up as typed), «بازگشایی» instead of a new order on a
closed case, an operator told to ask the official when an issued order would be taken back, and the compact
timeline with a Persian line for every kind of event."""

import pytest
from PySide6.QtCore import Qt

from app.models import Case, Letter, Referral
from app.services.cases import case_history, cases
from tests.app.call_data import call
from tests.app.letter_helpers import WATER, agency_id, order, register_case
from ui import formatting
from ui.cases.case_dialog import CaseDialog
from ui.cases.case_timeline import KIND_ICONS
from ui.cases.close_case_dialog import CloseCaseDialog
from ui.cases.reopen_case_dialog import ReopenCaseDialog


@pytest.fixture
def ui_official(sqlite_db, ui_supervisor):
    from tests.conftest import make_user

    return make_user("official1", "official", title="معاون استاندار")


@pytest.fixture
def two_cases(ui_operator):
    first = cases.register_call(ui_operator, call(subject="قطعی آب محله"))
    second = cases.register_call(ui_operator, call(subject="باز هم قطعی آب"))
    return first.id, second.id


def build(qtbot, cls, *args):
    widget = cls(*args)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_an_open_case_offers_close_and_order_a_closed_one_only_reopen(
    qtbot, ui_operator, context_for, two_cases
):
    context = context_for(ui_operator)
    case_id = two_cases[1]
    d = build(qtbot, CaseDialog, context, case_id)
    assert d.close_case_button.isVisible() and d.order_button.isVisible()
    assert not d.reopen_button.isVisible()
    dialog = build(qtbot, CloseCaseDialog, context, case_id)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("resolved"))
    dialog.reason.setPlainText("با راهنمایی تلفنی حل شد.")
    assert dialog.submit() and Case.get_by_id(case_id).status == "closed"
    d.load()
    assert d.reopen_button.isVisible()
    assert not d.close_case_button.isVisible() and not d.order_button.isVisible()
    assert "مختومه" in d.state.text() and "حل‌شده" in d.state.text()
    assert d.history.titles()[-1] == "بستن پرونده: حل‌شده"
    assert "با راهنمایی تلفنی حل شد." in d.history.open_detail(d.history.count() - 1)


def test_close_needs_an_outcome_a_reason_and_a_real_original(qtbot, ui_operator, context_for, two_cases):
    first, second = two_cases
    dialog = build(qtbot, CloseCaseDialog, context_for(ui_operator), second)
    assert not dialog.duplicate_of.isVisible()
    assert not dialog.submit()
    assert dialog.errors.message("outcome") and dialog.errors.message("reason")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("duplicate"))
    assert dialog.duplicate_of.isVisible()
    dialog.reason.setPlainText("همان درخواست پیشین است.")
    dialog.duplicate_of.setText(Case.get_by_id(second).tracking_code)
    assert "همین پرونده" in dialog.original.text()
    assert not dialog.submit() and dialog.errors.message("duplicate_of")
    dialog.duplicate_of.setText(Case.get_by_id(first).tracking_code)
    assert not dialog.errors.message("duplicate_of")  # the message goes as the field is fixed
    assert "قطعی آب محله" in dialog.original.text()  # the original named, to check it is the right one
    assert dialog.submit()
    assert dialog.saved.duplicate_of == Case.get_by_id(first).tracking_code
    assert Case.get_by_id(second).outcome == "duplicate"


def test_an_operator_cannot_take_an_issued_order_back(qtbot, ui_operator, ui_official, context_for):
    case_id = register_case(ui_operator)
    from app.services.letters import referrals

    referrals.issue_order(ui_official, case_id, order(agency_ids=[agency_id(WATER)]))
    dialog = build(qtbot, CloseCaseDialog, context_for(ui_operator), case_id)
    assert not dialog.ok_button.isEnabled() and "از مسئول بخواهید" in dialog.effect.text()
    context = context_for(ui_official)
    official = build(qtbot, CloseCaseDialog, context, case_id)
    assert official.ok_button.isEnabled() and "نامه «پس‌گرفتن ارجاع»" in official.effect.text()
    official.outcome.setCurrentIndex(official.outcome.findData("withdrawn"))
    official.reason.setPlainText("شهروند درخواست را پس گرفت.")
    with qtbot.waitSignal(context.events.changes, timeout=5000) as told:
        assert official.submit()
    assert told.args[0].case_ids == {case_id}  # the open pages reload what they show
    letter = Letter.get(Letter.kind == "withdrawal")
    assert [x.number for x in official.saved.letters] == [letter.number]
    assert Referral.get(Referral.case == case_id).status == "withdrawn"
    d = build(qtbot, CaseDialog, context_for(ui_official), case_id)
    titles = d.history.titles()
    assert any(t.startswith("نامه پس‌گرفتن ارجاع شماره ۱۱۱/") for t in titles)
    assert any(t.endswith("پس‌گرفته با بستن پرونده") for t in titles)


def test_reopen_needs_a_reason(qtbot, ui_operator, context_for, two_cases):
    from app.services.followup import closing

    case_id = two_cases[0]
    closing.close_case(ui_operator, case_id, "unreachable", "سه بار پاسخ نداد.")
    dialog = build(qtbot, ReopenCaseDialog, context_for(ui_operator), case_id)
    assert not dialog.submit() and dialog.errors.message("reason")
    dialog.reason.setPlainText("شهروند خودش تماس گرفت.")
    assert dialog.submit() and Case.get_by_id(case_id).status == "registered"
    d = build(qtbot, CaseDialog, context_for(ui_operator), case_id)
    assert d.history.titles()[-1] == "بازگشایی پرونده" and d.close_case_button.isVisible()


def test_every_kind_of_event_has_an_icon_and_a_click_shows_its_details(
    qtbot, ui_operator, context_for, two_cases
):
    assert set(case_history.KINDS) <= set(KIND_ICONS)
    d = build(qtbot, CaseDialog, context_for(ui_operator), two_cases[0])
    assert not d.history.detail_area.isVisible()
    tree = d.history.tree
    item = tree.topLevelItem(0)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert d.history.detail_area.isVisible() and "تماس نخست" in d.history.detail.text()
    # one line per event: no row is taller than the others
    heights = {tree.visualItemRect(tree.topLevelItem(i)).height() for i in range(tree.topLevelItemCount())}
    assert len(heights) == 1


def test_closing_from_the_case_window_opens_the_withdrawal_letters_to_print(
    qtbot, ui_operator, ui_official, context_for, monkeypatch
):
    from app.services.letters import referrals
    from ui.letters.letter_preview_dialog import LetterPreviewDialog

    case_id = register_case(ui_operator)
    referrals.issue_order(ui_official, case_id, order(agency_ids=[agency_id(WATER)]))
    shown = []

    def fill_and_submit(dialog):  # what the official does in the modal dialog
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("rejected_by_law"))
        dialog.reason.setPlainText("درخواست خلاف قانون است.")
        return dialog.submit()

    monkeypatch.setattr(CloseCaseDialog, "exec", fill_and_submit)
    monkeypatch.setattr(LetterPreviewDialog, "exec", lambda dialog: shown.append(dialog.sources) or 0)
    d = build(qtbot, CaseDialog, context_for(ui_official), case_id)
    d.close_case_button.click()
    number = Letter.get(Letter.kind == "withdrawal").number
    assert len(shown) == 1 and [title for title, _, _ in shown[0]] == [
        f"{formatting.ident(number)} — {WATER}"
    ]
    assert d.reopen_button.isVisible() and not d.order_button.isVisible()
