"""The reports screen: a report for a Jalali period as table and chart, bad periods shown at the field,
cancelling a running report, and exports written off the interface thread."""

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QThreadPool

from app.domain.jalali import from_jalali
from tests.app import report_data
from tests.conftest import make_user
from tests.pdf_text import missing_words, words
from ui.reporting.reports_page import ReportsPage
from ui.widgets.first_show import FIRST_BUILD_MS


@pytest.fixture
def page(qtbot, ui_supervisor, ui_operator, context_for):
    report_data.build(ui_operator, make_user("operator2", "operator"))
    page = ReportsPage(context_for(ui_supervisor))
    qtbot.addWidget(page)
    page.show()
    page.set_period(from_jalali(1405, 8, 1), from_jalali(1405, 8, 30))
    yield page
    QThreadPool.globalInstance().waitForDone()


def run(qtbot, page, kind):
    page.set_kind(kind)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.running, timeout=10_000)


def cell(page, row, column):
    return page.model.data(page.model.index(row, column))


def test_a_report_shows_table_and_chart(qtbot, page):
    assert page.preset.currentData() == "custom"  # typing dates leaves the presets
    run(qtbot, page, "calls-by-county")
    assert page.heading.text() == "تماس‌ها به تفکیک شهرستان — آبان ۱۴۰۵"
    assert [cell(page, 0, c) for c in range(6)] == ["تبریز", "۴", "۶۶٫۷٪", "۱", "۳", "۱"]
    last = page.model.rowCount() - 1
    assert (
        cell(page, last, 0) == "جمع"
        and page.model.data(page.model.index(last, 1), Qt.ItemDataRole.FontRole).bold()
    )
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "تماس"
    assert page.chart.chart().axes()[0].categories()[-1] == "تبریز"
    assert all(b.isEnabled() for b in page.export_buttons.values())


def test_monthly_report_on_screen(qtbot, page):
    run(qtbot, page, "monthly")
    assert page.heading.text().startswith("گزارش ماهانه به استاندار")
    assert cell(page, 0, 0) == "تماس‌های ثبت‌شده" and cell(page, 0, 1) == "۶" and cell(page, 0, 2) == "۱"
    assert page.model.headerData(2, Qt.Orientation.Horizontal) == "مهر ۱۴۰۵"


def test_a_period_ending_before_it_starts_is_shown_at_the_field(qtbot, page):
    page.set_period(from_jalali(1405, 8, 30), from_jalali(1405, 8, 1))
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert not page.running and page.model.rowCount() == 0
    assert "پیش از آغاز" in page.errors.message("date_to")


def test_presets_set_the_dates(page):
    page.preset.setCurrentIndex(page.preset.findData("last_30"))
    assert (page.last.date().toPython() - page.first.date().toPython()).days == 29
    page.preset.setCurrentIndex(page.preset.findData("this_year"))
    assert page.first.date().toPython() == page.preset_period("this_year").start


def test_cancel_stops_waiting_and_throws_the_result_away(qtbot, page):
    page.set_kind("calls-by-day")
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.running and page.cancel_button.isVisible() and not page.run_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert not page.running and page.status.text() == "لغو شد." and page.run_button.isEnabled()
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)  # let a late result arrive: it must be ignored
    assert page.model.rowCount() == 0 and page.result is None
    run(qtbot, page, "calls-by-day")  # and the page still works
    assert page.model.rowCount() == 31


def test_export_excel_and_pdf(qtbot, page, tmp_path):
    run(qtbot, page, "calls-by-type")
    target = tmp_path / "out" / "types.xlsx"
    target.parent.mkdir()
    page.ask_path = lambda fmt, suggested: str(target)
    qtbot.mouseClick(page.export_buttons["xlsx"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=10_000)
    assert load_workbook(target).active.sheet_view.rightToLeft
    pdf = tmp_path / "out" / "types.pdf"
    page.ask_path = lambda fmt, suggested: str(pdf)
    page.export("pdf")
    qtbot.waitUntil(lambda: page.last_export == str(pdf), timeout=10_000)
    assert not missing_words(words(pdf.read_bytes()), "تماس‌ها به تفکیک نوع درخواست")
    assert "types.pdf" in page.status.text()


def test_export_to_an_unwritable_place_says_why(qtbot, page, tmp_path):
    run(qtbot, page, "outcomes")
    page.ask_path = lambda fmt, suggested: str(tmp_path / "missing" / "r.csv")
    page.export("csv")
    qtbot.waitUntil(lambda: not page.running, timeout=10_000)
    assert "وجود ندارد" in page.status.text() and page.status.property("role") == "error"
    assert not (tmp_path / "missing").exists() and page.last_export is None


def test_a_cancelled_file_dialog_writes_nothing(qtbot, page):
    run(qtbot, page, "outcomes")
    page.ask_path = lambda fmt, suggested: ""
    page.export("pdf")
    assert not page.running and page.last_export is None
    assert page.status.text().startswith("ساخته شد")


def test_the_page_opens_on_this_months_report_unless_another_was_chosen(qtbot, ui_supervisor, context_for):
    opened = ReportsPage(context_for(ui_supervisor))
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(lambda: opened.result is not None and not opened.running, timeout=10_000)
    assert opened.heading.text().startswith("گزارش ماهانه به استاندار") and opened.model.rowCount() > 0
    assert all(b.isEnabled() for b in opened.export_buttons.values())

    chosen = ReportsPage(context_for(ui_supervisor))
    qtbot.addWidget(chosen)
    chosen.show()
    chosen.set_kind("calls-by-county")  # chosen before the first report starts: nothing is built for them
    qtbot.wait(3 * FIRST_BUILD_MS)
    assert chosen.result is None and not chosen.running and chosen.heading.text() == ""
