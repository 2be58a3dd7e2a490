"""The order form, the letter preview and the letters tab, with real services on a temporary database."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from app.domain import jalali
from app.models import Letter, Referral
from app.services.letters import letters, referrals
from tests.app.letter_helpers import POWER, WATER, agency_id, order, register_case
from tests.conftest import make_user
from ui.followup.referrals_page import ReferralsPage
from ui.letters.letter_preview_dialog import LetterPreviewDialog
from ui.letters.letters_tab import LettersTab
from ui.letters.referral_order_dialog import ReferralOrderDialog
from ui.wiring import REFERRAL_TABS


@pytest.fixture
def ui_official(sqlite_db, ui_supervisor):
    return make_user("official1", "official", title="معاون هماهنگی امور عمرانی استاندار")


@pytest.fixture
def case_id(ui_operator):
    """A case held for the official: it names no agency (a call to refer names one)."""
    return register_case(ui_operator, next_step="hold", agency_id=None)


@pytest.fixture
def quiet_errors(monkeypatch):
    shown = []
    monkeypatch.setattr("ui.letters.letters_tab.show_error", lambda parent, exc: shown.append(str(exc)))
    return shown


def select_row(view, row: int) -> None:
    """QTableView.selectRow needs a laid-out viewport (it looks up the column at the edge): select directly."""
    model = view.selectionModel()
    model.select(view.model().index(row, 0), model.SelectionFlag.ClearAndSelect | model.SelectionFlag.Rows)


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_official_issues_an_order_from_the_dialog(qtbot, qapp, ui_official, case_id, context_for):
    dialog = ReferralOrderDialog(context_for(ui_official), case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.issue_button.isVisibleTo(dialog) and dialog.draft_button.isVisibleTo(dialog)
    assert dialog.chosen_agencies() == []  # the test case names no agency
    dialog.agency_search.setText("برق تبریز")
    visible = [
        dialog.agency_list.item(i).text()
        for i in range(dialog.agency_list.count())
        if not dialog.agency_list.item(i).isHidden()
    ]
    assert visible == [POWER]
    dialog.set_agencies([agency_id(WATER), agency_id(POWER)])
    dialog.ready.activated.emit(1)  # a ready phrase
    assert dialog.instruction.toPlainText() == "بررسی و نتیجه اعلام شود."
    dialog.due_days.setValue(7)
    assert dialog.due_date.date().toPython() == jalali.today_local() + dt.timedelta(days=7)
    dialog.cc_name.setText("دفتر بازرسی استانداری")  # not an agency: kept as typed
    dialog.add_cc()
    dialog.cc_name.setText("برق تبریز")  # any part of an agency's name finds it
    dialog.cc_name.textEdited.emit("برق تبریز")
    assert dialog.cc_name.matches() == [POWER]
    dialog.cc_purpose.setCurrentText("جهت پیگیری و اقدام")
    dialog.add_cc()
    ccs = [dialog.cc_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.cc_list.count())]
    assert (
        ccs[1] == {"name": POWER, "purpose": "جهت پیگیری و اقدام"}
        and ccs[0]["name"] == "دفتر بازرسی استانداری"
    )
    dialog.priority.setCurrentIndex(dialog.priority.findData("urgent"))
    seen = {}

    def on_the_preview():  # the letters are shown before they are issued; «صدور و امضا» issues them
        preview = QApplication.activeModalWidget()
        seen["before"] = (
            Letter.select().count(),
            preview.sign_button.isVisible(),
            preview.print_button.isVisible(),
            [preview.chooser.itemText(i) for i in range(preview.chooser.count())],
        )
        preview.next_button.click()
        seen["second"] = preview.chooser.currentIndex()
        qtbot.mouseClick(preview.sign_button, Qt.MouseButton.LeftButton)
        seen["after"] = (
            preview.sign_button.isVisible(),
            preview.print_button.isVisible(),
            preview.page_count,
            preview.chooser.itemText(0),
        )
        preview.accept()

    QTimer.singleShot(0, on_the_preview)
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    assert seen["before"] == (0, True, False, [f"پس از صدور — {WATER}", f"پس از صدور — {POWER}"])
    assert seen["second"] == 1
    assert seen["after"][:3] == (False, True, 1) and seen["after"][3].startswith("۱۱۱/")
    assert [info.agency_name for info in dialog.issued] == [WATER, POWER]
    assert Letter.select().count() == 2 and Referral.get_by_id(dialog.issued[0].id).priority == "urgent"
    assert dialog.result() == dialog.DialogCode.Accepted


def test_bad_order_is_shown_at_its_fields_and_nothing_issued(qtbot, qapp, ui_official, case_id, context_for):
    dialog = ReferralOrderDialog(context_for(ui_official), case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.due_date.setDate(jalali.today_local() - dt.timedelta(days=3))
    assert not dialog.issue()
    assert "دستگاه" in dialog.errors.message("agency_ids")
    assert dialog.errors.message("instruction") and "گذشته" in dialog.errors.message("due_date")
    assert Letter.select().count() == 0 and Referral.select().count() == 0
    dialog.set_agencies([agency_id(WATER)])
    dialog.instruction.setPlainText("بررسی شود ☃")
    dialog.due_date.setDate(jalali.today_local() + dt.timedelta(days=3))
    assert not dialog.issue()
    assert "☃" in dialog.errors.message("instruction") and not dialog.errors.message("agency_ids")


def test_operator_can_only_save_a_draft(qtbot, qapp, ui_operator, case_id, context_for):
    dialog = ReferralOrderDialog(context_for(ui_operator), case_id)
    qtbot.addWidget(dialog)
    assert not dialog.issue_button.isVisibleTo(dialog) and dialog.draft_button.isVisibleTo(dialog)
    dialog.set_agencies([agency_id(WATER)])
    dialog.instruction.setPlainText("بررسی و نتیجه اعلام شود.")
    assert dialog.save_draft()
    assert [r.status for r in Referral.select()] == ["draft"] and Letter.select().count() == 0


def test_preview_loads_the_letter_prints_and_saves(qtbot, qapp, tmp_path, ui_official, case_id, context_for):
    issued = referrals.issue_order(
        ui_official, case_id, order(agency_ids=[agency_id(WATER), agency_id(POWER)])
    )
    dialog = LetterPreviewDialog.for_letters(context_for(ui_official), [i.letter_id for i in issued])
    qtbot.addWidget(dialog)
    assert dialog.page_count == 1 and dialog.pages_label.text() == "۱ صفحه"
    assert dialog.chooser.isVisibleTo(dialog) and dialog.chooser.count() == 2
    assert dialog.pdf_bytes == letters.letter_pdf(issued[0].letter_id)
    dialog.chooser.setCurrentIndex(1)
    assert dialog.pdf_bytes == letters.letter_pdf(issued[1].letter_id)
    saved = dialog.save_pdf(str(tmp_path / "letter.pdf"))
    assert (tmp_path / "letter.pdf").read_bytes() == letters.letter_pdf(issued[1].letter_id) and saved
    assert dialog.print_letters(all_letters=True, printer=pdf_printer(tmp_path / "printed.pdf")) == 2
    assert (tmp_path / "printed.pdf").stat().st_size > 1000


def test_long_letter_preview_shows_its_pages(qtbot, qapp, ui_official, ui_operator, context_for):
    case_id = register_case(ui_operator, description="شرح بلند درخواست شهروند. " * 150)
    issued = referrals.issue_order(ui_official, case_id, order())
    dialog = LetterPreviewDialog.for_letters(context_for(ui_official), [issued[0].letter_id])
    qtbot.addWidget(dialog)
    assert dialog.page_count >= 2 and not dialog.chooser.isVisibleTo(dialog)


def test_letters_tab_lists_filters_and_cancels(qtbot, qapp, ui_official, case_id, context_for, quiet_errors):
    referrals.issue_order(ui_official, case_id, order(agency_ids=[agency_id(WATER), agency_id(POWER)]))
    page = ReferralsPage(context_for(ui_official), REFERRAL_TABS)
    qtbot.addWidget(page)
    tab = page.tabs.widget(0)
    assert isinstance(tab, LettersTab) and page.tabs.tabText(0) == "دستورها و نامه‌ها"
    assert tab.model.rowCount() == 2 and tab.count_label.text() == "۲ نامه"
    code = tab.model.row_at(
        0
    ).tracking_code  # shown grouped, as read aloud on the phone and printed on the slip
    shown = [tab.model.index(0, c).data() for c in range(tab.model.columnCount())]
    grouped = [
        t for t in shown if t and "-" in t and len(t.replace("-", "").strip("\u2068\u2069")) == len(code)
    ]
    assert grouped, shown
    tab.agency.setCurrentIndex(tab.agency.findData(agency_id(POWER)))
    assert tab.model.rowCount() == 1 and tab.model.row_at(0).agency_name == POWER
    select_row(tab.table, 0)
    assert tab.cancel_selected(reason="") is False  # no reason: refused, shown in a message box
    assert quiet_errors == ["علت ابطال نامه را بنویسید."]
    assert tab.cancel_selected(reason="دستگاه نادرست"), quiet_errors
    tab.status.setCurrentIndex(tab.status.findData("cancelled"))
    assert tab.model.rowCount() == 1 and tab.model.row_at(0).status == "cancelled"


def test_batch_issues_drafts_and_prints_them_in_the_background(
    qtbot, qapp, tmp_path, ui_official, ui_operator, context_for, quiet_errors
):
    for i in range(3):
        case = register_case(ui_operator, subject=f"موضوع {i}")
        referrals.prepare_draft(ui_operator, case, order())
    tab = LettersTab(context_for(ui_official))
    qtbot.addWidget(tab)
    assert tab.drafts.rowCount() == 3
    tab.check_all_drafts(True)
    task = tab.issue_checked(printer=pdf_printer(tmp_path / "batch.pdf"), ask_printer=False)
    assert task is not None
    qtbot.waitUntil(lambda: getattr(tab, "last_printed", None) is not None, timeout=30000)
    assert tab.last_printed == 3 and not quiet_errors
    assert Letter.select().count() == 3 and tab.drafts.rowCount() == 0 and tab.model.rowCount() == 3
    assert "۳ نامه صادر شد" in tab.batch_status.text()


def test_operator_sees_no_issue_or_cancel_actions(qtbot, qapp, ui_operator, context_for):
    tab = LettersTab(context_for(ui_operator))
    qtbot.addWidget(tab)
    assert not tab.cancel_button.isVisibleTo(tab) and not tab.batch_button.isVisibleTo(tab)


def test_supervisor_edits_the_template_and_holidays(qtbot, qapp, ui_supervisor, context_for, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.models import Holiday, Setting
    from ui.letters.letter_settings_tab import LetterSettingsTab

    tab = LetterSettingsTab(context_for(ui_supervisor))
    qtbot.addWidget(tab)
    assert "{citizen_name}" in tab.template.toPlainText() and tab.template_state.text() == "متن پیش‌فرض"
    tab.template.setPlainText("شهروند {citizen_name} و {unknown_thing}")
    assert not tab.save_template()
    assert "{unknown_thing}" in tab.errors.message("template")
    assert Setting.get_or_none(Setting.key == "template.referral_body") is None
    assert tab.show_sample() is None  # the sample refuses the same template
    tab.template.setPlainText("شهروند {citizen_name}:\n{instruction}")
    assert tab.save_template() and tab.template_state.text() == "متن ویرایش‌شده"
    sample = tab.show_sample()
    assert sample is not None and sample.page_count == 1
    sample.close()
    tab.holiday_date.setDate(dt.date(2027, 3, 21))
    tab.holiday_title.setText("عید نوروز")
    assert tab.add_holiday()
    assert tab.year.value() == 1406 and tab.holiday_list.count() == 1
    assert "عید نوروز" in tab.holiday_list.item(0).text() and "۱۴۰۶/۰۱/۰۱" in tab.holiday_list.item(0).text()
    assert not tab.add_holiday()  # the same day twice
    assert tab.holiday_error.text()
    tab.holiday_list.setCurrentRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert tab.remove_holiday() and Holiday.select().count() == 0


def test_case_dialog_opens_the_order_form(qtbot, qapp, ui_official, case_id, context_for, monkeypatch):
    from ui.cases.case_dialog import CaseDialog
    from ui.letters import referral_order_dialog

    opened = []
    monkeypatch.setattr(
        referral_order_dialog, "open_order_dialog", lambda context, cid, parent=None: opened.append(cid) or []
    )
    dialog = CaseDialog(context_for(ui_official), case_id)
    qtbot.addWidget(dialog)
    assert dialog.order_button.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.order_button, Qt.MouseButton.LeftButton)
    assert opened == [case_id]


def test_closing_the_preview_without_signing_issues_nothing(qtbot, qapp, ui_official, case_id, context_for):
    dialog = ReferralOrderDialog(context_for(ui_official), case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_agencies([agency_id(WATER)])
    dialog.instruction.setPlainText("بررسی و نتیجه اعلام شود.")
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert not dialog.issue()
    assert Letter.select().count() == 0 and Referral.select().count() == 0
    assert dialog.isVisible() and not dialog.issued  # the order stays open to be changed


def test_a_selection_of_drafts_is_previewed_then_issued_together(
    qtbot, qapp, ui_official, ui_operator, context_for
):
    for i in range(3):
        case = register_case(ui_operator, subject=f"موضوع {i}")
        referrals.prepare_draft(ui_operator, case, order())
    tab = LettersTab(context_for(ui_official))
    qtbot.addWidget(tab)
    tab.check_all_drafts(True)
    seen = {}

    def on_the_preview():
        preview = QApplication.activeModalWidget()
        seen["before"] = (Letter.select().count(), preview.chooser.count(), preview.sign_button.isVisible())
        for _ in range(2):
            preview.next_button.click()
        seen["last"] = preview.chooser.currentIndex()
        preview.sign_button.click()
        seen["after"] = (preview.chooser.count(), preview.print_all_button.isVisible())
        preview.accept()

    QTimer.singleShot(0, on_the_preview)
    tab.preview_checked()
    assert seen == {"before": (0, 3, True), "last": 2, "after": (3, True)}
    assert Letter.select().count() == 3 and tab.drafts.rowCount() == 0
    assert "۳ نامه صادر شد" in tab.batch_status.text()
