"""The case dialog: full history, correcting fields with the audit trail, and a conflict shown as both
versions."""

import pytest

from app.models import AuditEntry, Case
from app.services.cases import case_edit, cases
from tests.app.call_data import call
from ui.cases.case_dialog import CaseDialog


@pytest.fixture
def case_id(ui_operator):
    info = cases.register_call(ui_operator, call(subject="قطعی آب ۳ روزه"))
    cases.register_call(ui_operator, call(attach_to=info.id, description="دوباره زنگ زد"))
    return info.id


@pytest.fixture
def dialog(qtbot, ui_operator, context_for, case_id):
    d = CaseDialog(context_for(ui_operator), case_id)
    qtbot.addWidget(d)
    d.show()
    return d


def history(d):
    """(what, who, details) of each line of the timeline; the details are those a click shows."""
    return [(what, who, d.history.open_detail(r)) for r, (what, _, who) in enumerate(d.history.rows())]


def test_history_has_every_contact_and_change_with_who_and_when(dialog):
    rows = history(dialog)
    titles = [t for t, _, _ in rows]
    assert titles.count("تماس نخست (تلفن ۱۱۱)") == 1 and titles.count("تماس پیگیری (تلفن ۱۱۱)") == 1
    assert "ثبت پرونده" in titles and all(who == "کاربر operator1" for _, who, _ in rows)
    assert dialog.history.rows()[0][1].startswith("۱۴")  # Jalali, Persian digits
    assert dialog.code.text() == dialog.detail.tracking_code_grouped.translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    assert dialog.findChild(type(dialog.code), "view_subject").text().strip("\u200f") == "قطعی آب ۳ روزه"


def test_edit_saves_and_the_change_shows_in_history(qtbot, dialog, case_id):
    dialog.start_edit()
    assert dialog.stack.currentIndex() == 1
    dialog.form.subject.setText("قطعی آب شرب")
    with qtbot.waitSignal(
        dialog.context.events.changes, check_params_cb=lambda batch: batch.case_ids == {case_id}
    ):
        assert dialog.save()
    assert Case.get_by_id(case_id).subject == "قطعی آب شرب" and dialog.stack.currentIndex() == 0
    edit = [d for t, _, d in history(dialog) if t == "ویرایش پرونده"]
    assert edit and "قطعی آب شرب" in edit[0] and "قطعی آب ۳ روزه" in edit[0]
    assert AuditEntry.select().where(AuditEntry.action == "case.edit").count() == 1


def test_bad_edit_is_shown_at_the_field(dialog, case_id):
    dialog.start_edit()
    dialog.form.phone.setText("12")
    assert not dialog.save()
    assert dialog.form.errors.message("phone") and dialog.stack.currentIndex() == 1
    assert Case.get_by_id(case_id).version == 1


def test_conflict_shows_both_versions_and_mine_can_be_applied_on_top(qtbot, dialog, case_id, ui_supervisor):
    dialog.start_edit()
    case_edit.edit_case(ui_supervisor, case_id, 1, {"description": "شرح ناظر"})  # someone else, meanwhile
    dialog.form.subject.setText("موضوع کارشناس")
    assert not dialog.save()
    assert dialog.conflict.isVisible()
    table = dialog.conflict_table
    cells = {
        table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    }
    assert cells["موضوع"] == ("موضوع کارشناس", "قطعی آب ۳ روزه")
    assert cells["شرح"][1] == "شرح ناظر"
    assert dialog.apply_mine()
    case = Case.get_by_id(case_id)
    assert case.subject == "موضوع کارشناس" and case.description == "شرح ناظر" and case.version == 3


def test_conflict_can_drop_my_change(dialog, case_id, ui_supervisor):
    dialog.start_edit()
    case_edit.edit_case(ui_supervisor, case_id, 1, {"subject": "موضوع ناظر"})
    dialog.form.subject.setText("موضوع کارشناس")
    assert not dialog.save()
    dialog.take_theirs()
    assert dialog.detail.subject == "موضوع ناظر" and dialog.stack.currentIndex() == 0


def test_referred_case_cannot_be_edited(qtbot, ui_operator, context_for, case_id):
    Case.update(status="referred").where(Case.id == case_id).execute()
    d = CaseDialog(context_for(ui_operator), case_id)
    qtbot.addWidget(d)
    assert not d.edit_button.isEnabled() and "ارجاع" in d.hint.text()
