"""Issue 14, point 8: «ارجاع به دستگاه» needs an agency (the service's rule, its message at the agency field),
and every box that chooses an agency finds it by any part of its name («فاضلاب» finds «شرکت آب و فاضلاب
استان آذربایجان شرقی»), Arabic ي/ك folded, in every place: the intake form, the register's filter, the order
dialog's agency list and its copy list (رونوشت), the response dialog, the letters filter, the knowledge base
filter, the article editor and the official dialog."""

import pytest

from app.models import Agency
from app.services.cases import cases
from app.services.letters import referrals
from tests.app.call_data import call
from tests.app.letter_helpers import POWER, WATER, agency_id, order, register_case
from ui.widgets import choice_combo
from ui.widgets.agency_picker import AgencyPicker, combo_matches

MIDDLE = "فاضلاب"  # a word from the middle of the water company's name
ARABIC = "فاضلاب آذربايجان"  # typed with Arabic yeh, two words in another order


def type_into(picker: AgencyPicker, text: str) -> None:
    picker.setText(text)
    picker.textEdited.emit(text)  # what typing sends (Persian cannot go through QTest's key clicks)


def check_picker(picker: AgencyPicker, name=WATER, middle=MIDDLE, arabic=ARABIC) -> None:
    for typed in (middle, arabic):
        type_into(picker, typed)
        assert name in picker.matches(), (picker.objectName(), typed, picker.matches())
        assert all(middle in found for found in picker.matches())
    type_into(picker, arabic)
    assert picker.value() == agency_id(name)  # one agency matches: it is the one chosen


def check_combo(combo) -> None:
    edit = combo.lineEdit()
    for typed in (MIDDLE, ARABIC):
        edit.setText(typed)
        edit.textEdited.emit(typed)
        assert WATER in combo_matches(combo), (combo.objectName(), typed)
        assert all(MIDDLE in name for name in combo_matches(combo))
    edit.editingFinished.emit()  # leaving the box with one match chooses it
    assert choice_combo.value(combo) == agency_id(WATER)
    edit.setText("نام‌بی‌ربط")
    edit.textEdited.emit("نام‌بی‌ربط")
    edit.editingFinished.emit()  # nothing matches: the chosen agency stays, its name comes back
    assert choice_combo.value(combo) == agency_id(WATER) and edit.text() == WATER


@pytest.fixture
def ui_official(sqlite_db, ui_supervisor):
    from tests.conftest import make_user

    return make_user("official1", "official", title="معاون هماهنگی امور عمرانی استاندار")


@pytest.fixture
def context(ui_supervisor, context_for):
    return context_for(ui_supervisor)


# --- the rule ------------------------------------------------------------------------------------------


def test_refer_without_an_agency_is_refused_with_a_message_at_the_agency_field(ui_operator):
    from app.services.errors import ValidationError

    with pytest.raises(ValidationError) as refused:
        cases.register_call(ui_operator, call(agency_id=None, next_step="refer"))
    assert set(refused.value.errors) == {"agency_id"}
    assert "ارجاع به دستگاه" in refused.value.errors["agency_id"]
    held = cases.register_call(ui_operator, call(agency_id=None, next_step="hold"))
    assert held.tracking_code  # holding for the official, or guiding, needs no agency


def test_the_intake_form_shows_the_rule_at_the_agency_box(qtbot, intake_page):
    data = call()
    data.pop("agency_id")
    intake_page.form.set_values(data)
    assert not intake_page.save(confirmed_new=True)
    error = intake_page.form.agency.property("error_label")
    assert error.isVisible() and "ارجاع به دستگاه" in error.text()
    assert intake_page.form.labels["agency_id"].text() == "دستگاه مربوط"
    choice_combo.set_value(intake_page.form.next_step, "hold")  # another step: optional, the message goes
    assert not error.isVisible() and "اختیاری" in intake_page.form.labels["agency_id"].text()
    choice_combo.set_value(intake_page.form.next_step, "refer")
    check_picker(intake_page.form.agency)
    assert intake_page.save(confirmed_new=True)


def test_editing_an_older_case_without_an_agency_keeps_working(ui_operator):
    """A case registered before the rule can still have its description corrected."""
    from app.models import Case
    from app.services.cases import case_edit

    info = cases.register_call(ui_operator, call())
    Case.update(agency=None).where(Case.id == info.id).execute()
    detail = case_edit.case_detail(info.id)
    edited = case_edit.edit_case(ui_operator, info.id, detail.version, {"description": "شرح اصلاح‌شده"})
    assert edited.description == "شرح اصلاح‌شده"
    from app.services.errors import ValidationError

    with pytest.raises(ValidationError) as refused:  # touching the step or the agency applies the rule
        case_edit.edit_case(ui_operator, info.id, edited.version, {"next_step": "refer", "agency_id": None})
    assert "agency_id" in refused.value.errors


# --- each place an agency is chosen ----------------------------------------------------------------------


def test_register_filter(qtbot, context):
    from ui.cases.calls_page import CallsRegisterPage

    page = CallsRegisterPage(context, background=False)
    qtbot.addWidget(page)
    check_picker(page.agency)


def test_order_dialog_agency_list_and_copy_list(qtbot, context, ui_supervisor):
    from ui.letters.referral_order_dialog import ReferralOrderDialog

    dialog = ReferralOrderDialog(context, register_case(ui_supervisor, agency_id=agency_id(WATER)))
    qtbot.addWidget(dialog)
    for typed in (ARABIC, "فاضـلاب"):  # Arabic yeh; a tatweel pasted from a letter: folded as every box folds
        dialog.agency_search.setText(typed)
        shown = [
            dialog.agency_list.item(i).text()
            for i in range(dialog.agency_list.count())
            if not dialog.agency_list.item(i).isHidden()
        ]
        assert WATER in shown and all(MIDDLE in name for name in shown), typed
    check_picker(dialog.cc_name)  # the copy list (رونوشت)


def test_response_dialog(qtbot, context, ui_official):
    from ui.followup.response_dialog import ResponseDialog

    case_id = register_case(ui_official, agency_id=agency_id(WATER))
    info = referrals.issue_order(ui_official, case_id, order())[0]
    dialog = ResponseDialog(context, info.id, reroute=True)
    qtbot.addWidget(dialog)
    # the agency it was referred to is not offered again: the power company, by a part of its name
    check_picker(dialog.new_agency, POWER, "نیروی برق", "برق تبريز")


def test_letters_filter(qtbot, context):
    from ui.letters.letters_tab import LettersTab

    tab = LettersTab(context)
    qtbot.addWidget(tab)
    check_combo(tab.agency)


def test_knowledge_filter_and_article_editor(qtbot, context):
    from ui.knowledge.article_editor_dialog import ArticleEditorDialog
    from ui.knowledge.knowledge_page import KnowledgePage

    page = KnowledgePage(context)
    qtbot.addWidget(page)
    check_combo(page.agency)
    editor = ArticleEditorDialog(context, None)
    qtbot.addWidget(editor)
    check_combo(editor.agency)


def test_official_dialog(qtbot, ui_supervisor):
    from ui.schedule.official_dialog import OfficialDialog

    dialog = OfficialDialog(ui_supervisor)
    qtbot.addWidget(dialog)
    check_combo(dialog.agency)


def test_every_agency_box_of_the_screens_is_searchable(qtbot, context):
    """No plain agency combo left: every QComboBox listing the agencies is a searchable one."""
    from PySide6.QtWidgets import QComboBox

    from ui.main_window import MainWindow

    names = {a.name for a in Agency.select()}
    window = MainWindow(context)
    qtbot.addWidget(window)
    plain = []
    for section in window.sections:
        page = window.show_section(section.key)
        for combo in page.findChildren(QComboBox):
            items = {combo.itemText(i) for i in range(combo.count())}
            if len(items & names) > 3 and not hasattr(combo, "words_filter"):
                plain.append(f"{section.key}: {combo.objectName()}")
    assert not plain
