"""The intake form: keyboard (Tab, Enter, Esc, Ctrl+N), field errors, recognition, follow-up, duplicates,
the tracking code and its slip. Persian text is set with setText (keyClicks would abort)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from app.models import Case, Contact
from app.services.cases import cases
from tests.app.call_data import call
from tests.pdf_text import has_phrase, words
from ui.cases.case_form import FIELD_ORDER
from ui.widgets import choice_combo


@pytest.fixture
def page(intake_page):
    return intake_page


def fill(page, **over):
    data = call(**over)
    f = page.form
    f.phone.setText(data["phone"])
    f.national_code.setText(data["national_code"])
    f.caller_name.setText(data["caller_name"])
    choice_combo.set_value(f.county, data["county_id"])
    choice_combo.set_value(f.request_type, data["request_type"])
    choice_combo.set_value(f.category, data["category_id"])
    f.agency.set_agency(data["agency_id"])
    f.subject.setText(data["subject"])
    f.description.setPlainText(data["description"])
    choice_combo.set_value(f.next_step, data["next_step"])


def test_tab_reaches_every_field_in_order_then_the_buttons(qtbot, page):
    choice_combo.set_value(page.form.next_step, "guide")  # the guidance field is open only for «guide»
    page.form.phone.setFocus()
    seen = [page.focusWidget().objectName()]
    for _ in range(len(FIELD_ORDER) + 2):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        seen.append(page.focusWidget().objectName())
    assert seen[: len(FIELD_ORDER)] == list(FIELD_ORDER)
    assert seen[len(FIELD_ORDER) : len(FIELD_ORDER) + 2] == ["save", "clear"]


def test_enter_saves_and_shows_the_tracking_code_large(qtbot, page):
    fill(page)
    page.form.subject.setFocus()
    with qtbot.waitSignal(page.context.events.changes) as changed:
        qtbot.keyClick(page.form.subject, Qt.Key.Key_Return)
    case = Case.get()
    assert changed.args[0].case_ids == {case.id}
    assert page.code_label.text() == "".join(
        "۰۱۲۳۴۵۶۷۸۹"[int(c)] if c.isdigit() else c for c in page.last_case.tracking_code_grouped
    )
    assert page.result.isVisible() and page.code_label.property("role") == "big-code"
    assert page.form.subject.text() == "" and page.focusWidget() is page.form.phone  # ready for the next call


def test_enter_in_the_description_is_a_new_line_and_ctrl_enter_saves(qtbot, page):
    fill(page)
    page.form.description.setFocus()
    page.form.description.moveCursor(page.form.description.textCursor().MoveOperation.End)
    qtbot.keyClick(page.form.description, Qt.Key.Key_Return)
    assert Case.select().count() == 0 and "\n" in page.form.description.toPlainText()
    qtbot.keyClick(page.form.description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert Case.select().count() == 1


def test_escape_clears_and_ctrl_n_starts_a_new_call(qtbot, page):
    fill(page)
    qtbot.keyClick(page.form.caller_name, Qt.Key.Key_Escape)
    assert page.form.caller_name.text() == "" and page.form.subject.text() == ""
    assert choice_combo.value(page.form.next_step) == "refer"
    fill(page)
    assert page.save()
    assert page.result.isVisible()
    qtbot.keyClick(page.form.phone, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not page.result.isVisible() and page.focusWidget() is page.form.phone


def test_bad_field_is_shown_at_the_field_with_focus_and_nothing_saved(qtbot, page):
    fill(page, national_code="0499370898", subject="")
    assert not page.save()
    assert "کنترل" in page.form.errors.message("national_code")
    assert page.form.errors.message("subject")
    assert page.focusWidget() in (page.form.national_code, page.form.subject)
    assert page.findChild(type(page.form.error_fallback), "national_code_error").isVisible()
    assert Case.select().count() == 0


def test_persian_and_latin_digits_are_both_accepted(qtbot, page):
    fill(page, phone="۰۹۱۴ ۱۲۳ ۴۵۶۷", national_code="0499370899")
    assert page.save()
    assert Case.get().citizen.phone == "09141234567"


def test_recognition_lists_earlier_cases_and_attaches_a_follow_up(qtbot, page, ui_operator):
    first = cases.register_call(ui_operator, call(subject="قطعی آب هفته پیش"))
    page.form.phone.setText("09123456789")
    qtbot.waitUntil(lambda: page.callers.table.rowCount() == 1)
    assert "قطعی آب هفته پیش" in page.callers.table.item(0, 1).text()
    assert page.callers.attach_button.isEnabled()
    # details typed once are offered, never copied unasked; the operator's choice fills them
    assert page.form.caller_name.text() == "" and page.form.national_code.text() == ""
    assert page.callers.fill_button.isEnabled()
    page.form.caller_name.setText("نام دیگر")
    qtbot.keyClick(page.form.caller_name, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert page.form.caller_name.text() == "علی رضایی" and page.form.national_code.text() == "۰۴۹۹۳۷۰۸۹۹"
    assert page.form.phone.text() == "09123456789" and choice_combo.value(page.form.county) is not None
    qtbot.keyClick(page.form.caller_name, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L locks
    assert page.attach_banner.isVisible()
    page.form.description.setPlainText("دوباره زنگ زد")
    assert page.save()
    assert Case.select().count() == 1 and Contact.select().where(Contact.kind == "follow_up").count() == 1
    assert page.last_case.id == first.id and "پیگیری" in page.result_text.text()


def test_likely_duplicate_is_pointed_out_before_saving(qtbot, page, ui_operator):
    cases.register_call(ui_operator, call())
    fill(page)
    assert not page.save()
    assert page.callers.duplicate.isVisible() and page.save_anyway.isVisible()
    assert Case.select().count() == 1
    page.save_anyway.click()
    assert Case.select().count() == 2


def test_agency_is_found_by_part_of_its_name_normalised(qtbot, page):
    agency = page.form.agency
    agency.setText("برق")
    agency.textEdited.emit("برق")
    assert "شرکت توزیع نیروی برق تبریز" in agency.matches() and len(agency.matches()) == 2
    agency.setText("آموزش و پرورش")
    agency.textEdited.emit("آموزش و پرورش")
    assert agency.matches() == ["اداره کل آموزش و پرورش استان آذربایجان شرقی"]
    assert isinstance(agency.value(), int)
    agency.setText("ناكجا آباد")  # Arabic kaf, not an agency
    agency.textEdited.emit("ناكجا آباد")
    fill(page)
    agency.setText("ناكجا آباد")
    agency.textEdited.emit("ناكجا آباد")
    assert not page.save(confirmed_new=True) and page.form.errors.message("agency_id")


def test_slip_pdf_has_the_code_and_printing_opens_the_in_app_preview(qtbot, page, monkeypatch):
    opened = []  # a PC without a PDF viewer: handing the slip to the system would do nothing
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or False)
    fill(page)
    assert page.save()
    pdf = page.slip_pdf()
    assert page.last_case.tracking_code_grouped in words(pdf)  # fold() turns the Persian digits back
    assert has_phrase(pdf, "کد رهگیری") and has_phrase(pdf, "علی رضایی") and has_phrase(pdf, "قطعی آب")
    preview = page.print_slip()
    qtbot.waitUntil(preview.isVisible)
    assert opened == [] and preview.documents == [pdf] and preview.preview.pageCount() == 1
    preview.close()


def test_text_for_suggestions_is_emitted_after_a_pause_and_side_widgets_fit_in(qtbot, page):
    from PySide6.QtWidgets import QLabel

    extra = QLabel("پیشنهادها")
    page.add_side_widget(extra)
    assert extra.parent() is not None and page.side_panel.indexOf(extra) >= 0
    with qtbot.waitSignal(page.call_text_changed, timeout=3000) as sent:
        page.form.subject.setText("قطعی برق")
    assert sent.args[2] == "قطعی برق"
