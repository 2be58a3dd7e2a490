"""The dashboard: figures from the fixed data set on its cards and charts (loaded off the interface thread),
refreshed after a change, and cards that open their section."""

import pytest
from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries, QPieSeries
from PySide6.QtCore import QThreadPool

from app.models import Case
from app.services.cases import case_summary
from tests.app import report_data
from tests.app.report_data import POWER, TODAY
from tests.conftest import make_user
from ui.reporting.dashboard_page import DashboardPage


@pytest.fixture
def page(qtbot, ui_supervisor, ui_operator, context_for):
    data = report_data.build(ui_operator, make_user("operator2", "operator"))
    page = DashboardPage(context_for(ui_supervisor), today=TODAY)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    page.data = data
    yield page
    QThreadPool.globalInstance().waitForDone()


def series(view):
    return view.chart().series()[0]


def test_cards_show_the_days_figures(page):
    assert page.title.text().startswith("پیشخوان — شنبه ۳۰ آبان ۱۴۰۵")
    assert page.calls_card.value.text() == "۱"
    assert "۰٫۲" in page.calls_card.detail.text()  # 4 calls over 25 working days = 0.16
    assert page.open_card.value.text() == "۴"
    assert page.waiting_card.value.text() == "۳" and "۱" in page.waiting_card.detail.text()
    assert page.overdue_card.value.text() == "۲"
    assert page.due_card.value.text() == "۱"
    assert page.callbacks_card.value.text() == "۱"
    assert page.data.official_name in page.duty_card.value.text()
    assert "۱۰:۰۰ تا ۱۱:۰۰" in page.duty_card.value.text()


def test_charts_are_right_to_left(page):
    per_day = series(page.per_day_chart)
    assert isinstance(per_day, QBarSeries)
    values = [per_day.barSets()[0].at(i) for i in range(per_day.barSets()[0].count())]
    assert len(values) == 30 and values[-1] == 1 and values[-2] == 2  # 08/01 is drawn at the right end
    categories = page.per_day_chart.chart().axes()[0].categories()
    assert categories[-1] == "۰۸/۰۱" and categories[0] == "۰۸/۳۰"
    pie = series(page.type_chart)
    assert isinstance(pie, QPieSeries) and pie.count() == 4 and pie.pieEndAngle() < pie.pieStartAngle()
    assert pie.slices()[1].label().startswith("شکایت") and pie.slices()[1].value() == 2
    county = series(page.county_chart)
    assert isinstance(county, QHorizontalBarSeries)
    assert page.county_chart.chart().axes()[0].categories()[-1] == "تبریز"  # the largest at the top
    agencies = page.agency_chart.chart().axes()[0].categories()
    assert agencies[-1].startswith(POWER[:20])


def test_refreshes_after_a_change(qtbot, page):
    first = page.figures.made_at
    Case.update(created_at=report_data.at(8, 30, 12, 0)).where(Case.id == page.data.cases["c4"]).execute()
    case_summary.rebuild()  # the time was set by hand, past the services that keep the case summary
    page.context.events.announce(cases=[page.data.cases["c4"]])
    qtbot.waitUntil(lambda: page.figures.made_at != first, timeout=10_000)
    assert page.calls_card.value.text() == "۲"


def test_a_refresh_asked_while_loading_runs_once_after(qtbot, page):
    page.refresh()
    page.refresh()
    assert page.busy and page._again
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)


def test_cards_open_their_section(qtbot, page):
    with qtbot.waitSignal(page.context.events.navigate) as signal:
        page.overdue_card.clicked.emit()
    assert signal.args == ["referrals"]


def test_the_first_load_waits_until_the_window_is_shown_and_painted(qtbot, qapp, ui_operator, context_for):
    """At start-up the main window is shown and painted before the figures' worker starts (and imports the
    dashboard service); the figures come a moment later."""
    page = DashboardPage(context_for(ui_operator))
    qtbot.addWidget(page)
    page.show()
    qapp.processEvents()  # the first frame
    assert not page.busy and page.figures is None
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    QThreadPool.globalInstance().waitForDone()


def test_operators_see_the_dashboard(qtbot, ui_operator, context_for):
    page = DashboardPage(context_for(ui_operator))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    assert page.calls_card.value.text() == "۰" and not page.error.isVisible()
    QThreadPool.globalInstance().waitForDone()
