"""The knowledge-base screen: ranked results with matched words bold, filters, the article view, the editor
with its field errors, the version history, the import dialog and the usage tab."""

import datetime as dt

from PySide6.QtWidgets import QPushButton

from app.domain import jalali
from app.models import Article, ArticleVersion
from app.services.cases import cases
from app.services.knowledge import guidance, knowledge
from tests.app.knowledge_data import answer, call, circular, mission
from ui.knowledge.article_editor_dialog import ArticleEditorDialog
from ui.knowledge.article_history_dialog import ArticleHistoryDialog
from ui.knowledge.article_import_dialog import ArticleImportDialog
from ui.knowledge.article_results import HTML_ROLE
from ui.knowledge.knowledge_page import KnowledgePage
from ui.wiring import SECTIONS


def seed(actor):
    water = circular(actor)
    answer(actor, "راهنمای شهروندان", "در این راهنما به تقسیط بدهی قبوض آب هم اشاره شده است.")
    answer(actor, "ثبت‌نام مدارس", "ثبت‌نام در سامانه انجام می‌شود.")
    mission(actor)
    return water


def page_for(qtbot, context_for, actor) -> KnowledgePage:
    page = KnowledgePage(context_for(actor))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def test_search_ranks_highlights_and_shows_the_article(qtbot, ui_supervisor, context_for):
    water = seed(ui_supervisor)
    page = page_for(qtbot, context_for, ui_supervisor)
    assert page.model.rowCount() == 4 and "۱ بخشنامه" in page.counts.text()
    page.query.setText("تقسيط بدهي")  # Arabic yeh typed
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)  # after the typing pause
    assert [h.title for h in page.model.hits] == ["تقسیط بدهی قبوض آب", "راهنمای شهروندان"]
    html = page.model.index(0).data(HTML_ROLE)
    assert "تقسیط</b>" in html and "۱۲۳۴۵/۱۰۰" in html
    assert page.view.article.id == water.id
    assert "#fff1b8" in page.view.toHtml()  # the searched words are marked in the article too
    assert "۲" in page.status.text()


def test_user_html_is_never_markup(qtbot, ui_supervisor, context_for):
    answer(ui_supervisor, "<b>عنوان</b> & <script>", "متن <i>کج</i>")
    page = page_for(qtbot, context_for, ui_supervisor)
    html = page.model.index(0).data(HTML_ROLE)
    assert "&lt;b&gt;" in html and "<i>" not in html and "&lt;script&gt;" in html


def test_symbols_only_say_why_and_filters_narrow(qtbot, ui_supervisor, context_for):
    seed(ui_supervisor)
    page = page_for(qtbot, context_for, ui_supervisor)
    page.query.setText('"*(')
    page.search()
    assert page.model.rowCount() == 0 and "واژه" in page.status.text() and page.view.article is None
    page.query.setText("")
    page.kind.setCurrentIndex(page.kind.findData("mission"))
    assert [h.kind for h in page.model.hits] == ["mission"]
    page.kind.setCurrentIndex(0)
    page.validity.setCurrentIndex(page.validity.findData(False))
    assert page.model.rowCount() == 0


def test_operator_reads_but_does_not_edit(qtbot, ui_operator, ui_supervisor, context_for):
    seed(ui_supervisor)
    page = page_for(qtbot, context_for, ui_operator)
    assert not page.new_button.isVisible() and not page.edit_button.isVisible()
    assert page.usage_tab is None and page.tabs.count() == 1
    assert page.new_article() is None


def test_editor_shows_errors_at_fields_then_saves_a_version(qtbot, ui_supervisor, context_for):
    circular(ui_supervisor)
    context = context_for(ui_supervisor)
    dialog = ArticleEditorDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.number.isVisible()  # a circular by default
    dialog.title.setText("")
    dialog.number.setText("۱۲۳۴۵ / ۱۰۰")
    dialog.issuer.setText("شركت آب و فاضلاب")
    dialog.body.setPlainText("متن")
    dialog.save()
    assert dialog.errors.message("title") == "عنوان را بنویسید."
    assert "پیش‌تر" in dialog.errors.message("number")
    assert Article.select().count() == 1
    dialog.kind.setCurrentIndex(dialog.kind.findData("answer"))
    assert not dialog.number.isVisible()
    dialog.title.setText("پاسخ تازه")
    with qtbot.waitSignal(context.events.changes, check_params_cb=lambda batch: batch.other):
        dialog.save()
    assert dialog.article.kind == "answer" and dialog.article.number == ""

    editor = ArticleEditorDialog(context, knowledge.get_article(dialog.article.id))
    qtbot.addWidget(editor)
    assert not editor.kind.isEnabled()
    editor.body.setPlainText("متن ویرایش‌شده")
    editor.save()
    assert editor.article.version == 2
    assert ArticleVersion.select().where(ArticleVersion.article == dialog.article.id).count() == 2


def test_superseded_choice_turns_validity_off(qtbot, ui_supervisor, context_for):
    old = circular(ui_supervisor)
    new = circular(ui_supervisor, number="2/1", title="تقسیط تازه")
    editor = ArticleEditorDialog(context_for(ui_supervisor), knowledge.get_article(old.id))
    qtbot.addWidget(editor)
    editor.superseded_by.setCurrentIndex(editor.superseded_by.findData(new.id))
    assert not editor.in_force.isChecked() and not editor.in_force.isEnabled()
    editor.save()
    assert knowledge.get_article(old.id).superseded_by_id == new.id


def test_history_lists_versions_and_reverts(qtbot, ui_supervisor, context_for):
    a = answer(ui_supervisor, "پاسخ", "متن نخست")
    knowledge.update_article(ui_supervisor, a.id, {"body": "متن دوم"})
    dialog = ArticleHistoryDialog(context_for(ui_supervisor), a.id)
    qtbot.addWidget(dialog)
    assert dialog.versions_list.count() == 2 and "متن دوم" in dialog.text.toPlainText()
    dialog.versions_list.setCurrentRow(1)
    assert "متن نخست" in dialog.text.toPlainText() and dialog.revert_button.isEnabled()
    dialog.revert_version(1)
    assert dialog.versions_list.count() == 3 and knowledge.get_article(a.id).body == "متن نخست"


def test_retire_and_restore_from_the_page(qtbot, ui_supervisor, context_for):
    a = answer(ui_supervisor, "پاسخ کهنه", "متن")
    page = page_for(qtbot, context_for, ui_supervisor)
    page.open_article(a.id)
    page.toggle_retired()
    assert not knowledge.get_article(a.id).active and page.model.rowCount() == 0
    assert page.retire_button.text() == "بازگرداندن از بایگانی"
    page.toggle_retired()
    assert knowledge.get_article(a.id).active and page.model.rowCount() == 1


def test_import_dialog_previews_then_reports(qtbot, ui_supervisor, context_for, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "number,date,issuer,title,body\n100/1,1403/01/15,استانداری,ساعات کار,متن\n"
        "100/2,1403/01/15,استانداری,,بی‌عنوان\n",
        encoding="utf-8",
    )
    dialog = ArticleImportDialog(context_for(ui_supervisor), path=str(path))
    qtbot.addWidget(dialog)
    dialog.load_preview()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    assert Article.select().count() == 0 and dialog.import_button.isEnabled()
    assert dialog.model.index(1, 4).data() == "عنوان را بنویسید."
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=5000)
    assert Article.select().count() == 1 and not dialog.import_button.isEnabled()
    assert dialog.model.index(0, 3).data() == "وارد شد" and "۱ بخشنامه وارد شد" in dialog.summary.text()


def test_import_dialog_refuses_a_bad_file_at_the_field(qtbot, ui_supervisor, context_for, tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(256)) * 4)
    dialog = ArticleImportDialog(context_for(ui_supervisor), path=str(path))
    qtbot.addWidget(dialog)
    dialog.load_preview()
    qtbot.waitUntil(lambda: bool(dialog.errors.message("file")), timeout=5000)
    assert "متنی نیست" in dialog.errors.message("file") and not dialog.import_button.isEnabled()


def test_usage_tab_counts_guided_calls(qtbot, ui_supervisor, context_for):
    water = seed(ui_supervisor)
    operator_case = cases.register_call(ui_supervisor, call())
    guidance.guide_case(ui_supervisor, operator_case.id, water.id)
    page = page_for(qtbot, context_for, ui_supervisor)
    tab = page.usage_tab
    tab.set_period(jalali.today_local() - dt.timedelta(days=3), jalali.today_local() + dt.timedelta(days=1))
    tab.findChild(QPushButton, "show_usage").click()
    assert tab.model.rowCount() == 1 and tab.model.index(0, 3).data() == "۱"
    assert tab.model.index(0, 0).data() == water.title


def test_the_wiring_builds_the_knowledge_page(qtbot, ui_supervisor, context_for):
    section = next(s for s in SECTIONS if s.key == "knowledge")
    page = section.build(context_for(ui_supervisor))
    qtbot.addWidget(page)
    assert isinstance(page, KnowledgePage)
