"""The intake side panel: suggestions follow the operator's typing after a pause, a search on demand, and
«guided with this article» closes a saved case or picks the next step of an unsaved call."""

from app.models import Case, CaseArticle
from app.services.cases import cases
from app.services.knowledge import knowledge_search
from tests.app.knowledge_data import agency_id, answer, call, circular, mission
from ui.knowledge.article_suggestions import ArticleSuggestionsPanel


def panel_for(qtbot, context_for, actor) -> ArticleSuggestionsPanel:
    panel = ArticleSuggestionsPanel(context_for(actor))
    qtbot.addWidget(panel)
    panel.resize(420, 800)
    panel.show()
    return panel


def test_suggestions_follow_typing_after_a_pause(qtbot, ui_supervisor, context_for, monkeypatch):
    water = circular(ui_supervisor)
    answer(ui_supervisor, "ثبت‌نام مدارس", "ثبت‌نام در سامانه")
    asked = []
    real = knowledge_search.suggest_articles
    monkeypatch.setattr(
        knowledge_search, "suggest_articles", lambda *a, **k: asked.append(a) or real(*a, **k)
    )
    panel = panel_for(qtbot, context_for, ui_supervisor)
    for typed in ("ب", "بد", "بدهی", "بدهی قبض", "بدهی قبض آب"):  # keystrokes, faster than the pause
        panel.update_from_call(None, None, typed, "می‌خواهم قسطی بپردازم")
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    assert asked == [(None, None, "بدهی قبض آب", "می‌خواهم قسطی بپردازم")]  # one search for the pause
    assert panel.model.hits[0].article_id == water.id
    assert panel.view.article.id == water.id and panel.guide_button.isEnabled()


def test_the_agency_mission_is_offered(qtbot, ui_supervisor, context_for):
    m = mission(ui_supervisor)
    panel = panel_for(qtbot, context_for, ui_supervisor)
    panel.update_from_call(agency_id(), None, "سؤال", "")
    panel.refresh()
    assert [h.article_id for h in panel.model.hits] == [m.id]


def test_search_on_demand_overrides_suggestions(qtbot, ui_supervisor, context_for):
    circular(ui_supervisor)
    school = answer(ui_supervisor, "ثبت‌نام مدارس", "ثبت‌نام در سامانه")
    panel = panel_for(qtbot, context_for, ui_supervisor)
    panel.update_from_call(None, None, "بدهی آب", "")
    panel.query.setText("ثبت نام")
    panel.refresh()
    assert [h.article_id for h in panel.model.hits] == [school.id]
    assert school.title in panel.view.toPlainText() and "#fff1b8" in panel.view.toHtml()


def test_guiding_a_saved_case_closes_it(qtbot, ui_supervisor, ui_operator, context_for):
    water = circular(ui_supervisor)
    info = cases.register_call(ui_operator, call())
    panel = panel_for(qtbot, context_for, ui_operator)
    panel.set_case(info.id)
    panel.update_from_call(None, 1, "بدهی قبض آب", "قسطی")
    panel.refresh()
    panel.note.setText("شرایط تقسیط گفته شد.")
    with qtbot.waitSignal(panel.case_guided) as signal:
        panel.guide_button.click()
    assert signal.args == [info.id]
    assert Case.get_by_id(info.id).status == "guided"
    assert CaseArticle.get(CaseArticle.case == info.id).article_id == water.id
    assert "مختومه شد" in panel.message.text()
    panel.guide_button.click()  # again: refused with a clear sentence, not a crash
    assert "پیش‌تر" in panel.message.text()


def test_an_unsaved_call_gets_the_article_as_its_next_step(qtbot, ui_supervisor, ui_operator, context_for):
    water = circular(ui_supervisor)
    panel = panel_for(qtbot, context_for, ui_operator)
    panel.update_from_call(None, None, "بدهی قبض آب", "")
    panel.refresh()
    with qtbot.waitSignal(panel.article_chosen) as signal:
        panel.guide()
    assert signal.args == [water.id] and panel.chosen_article_id == water.id
    assert Case.select().count() == 0  # nothing is saved until the call is registered
    guided = cases.register_call(
        ui_operator, call(), guided_by=panel.chosen_article_id, guidance_note=panel.note_text()
    )
    assert Case.get_by_id(guided.id).status == "guided"
    panel.clear()
    assert panel.chosen_article_id is None and panel.model.rowCount() == 0


def intake_page(qtbot, actor, context_for):
    from ui.cases.intake_page import CallIntakePage

    page = CallIntakePage(context_for(actor))
    qtbot.addWidget(page)
    page.resize(1300, 820)
    page.show()
    return page


def test_intake_page_carries_the_panel_and_feeds_it(qtbot, ui_supervisor, ui_operator, context_for):
    from tests.ui.test_intake_page import fill

    water = circular(ui_supervisor)
    page = intake_page(qtbot, ui_operator, context_for)
    panel = page.articles
    assert page.side_panel.indexOf(panel) >= 0
    fill(page, subject="بدهی قبض آب", description="می‌خواهم بدهی آب را قسطی بپردازم.", next_step="refer")
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=3000)  # the form's pause, then the panel's
    assert panel.model.hits[0].article_id == water.id

    panel.note.setText("شرایط تقسیط گفته شد.")
    panel.guide()  # chosen before saving: the save registers the call closed as guided with it
    assert page.save()
    case = Case.get()
    assert (case.status, case.outcome) == ("guided", "guided")
    assert CaseArticle.get(CaseArticle.case == case.id).article_id == water.id
    assert "مختومه" in panel.message.text() and panel.case_id is None

    fill(page, national_code="0012345679", subject="بدهی قبض آب", description="قسط", next_step="refer")
    assert page.save()  # no article chosen this time: an ordinary registered case...
    second = Case.select().order_by(Case.id.desc()).get()
    assert second.status == "registered" and panel.case_id == second.id
    panel.refresh()
    panel.list.setCurrentIndex(panel.model.index(0))
    panel.guide()  # ...which can still be guided from the panel after saving
    assert Case.get_by_id(second.id).status == "guided"
    page.new_call()
    assert panel.case_id is None and panel.model.rowCount() == 0
