"""The dashboard, the first page after login: today against the usual day, the work waiting, who is on duty,
and charts of the last 30 days. It refreshes by itself every minute and soon after any change, with the
queries run off the interface thread."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain import jalali
from ui import formatting, theme
from ui.change_debounce import ChangeDebouncer
from ui.reporting.chart_slot import ChartSlot
from ui.reporting.figure_card import FigureCard
from ui.theme import PERSIAN
from ui.worker import run_in_background

if TYPE_CHECKING:
    from app.services.reporting.dashboard import DashboardFigures

REFRESH_MS = 60_000
SOON_AFTER_CHANGE_MS = 1_500
# the first load waits this long after the page is made: at start-up the window is shown and painted first,
# and the worker's import of the dashboard service (about 20 ms of Python) does not hold the interpreter
# while the first frame is drawn (a launch to a painted window 26 ms shorter, issue 17)
FIRST_LOAD_MS = 200


def _load_figures(actor, today, progress) -> DashboardFigures:
    """The figures, in the worker thread: the dashboard's service (with the reporting, schedule and session
    services behind it) is imported there, not on the interface thread while the window is being shown."""
    from app.services.reporting.dashboard import dashboard_figures

    return dashboard_figures(actor, today, progress)


class DashboardPage(QWidget):
    def __init__(self, context, parent=None, today: dt.date | None = None):
        super().__init__(parent)
        self.context = context
        self.today = today  # fixed in tests; None means the real today
        self.figures: DashboardFigures | None = None
        self._task = None
        self._again = False

        self.title = QLabel(objectName="dashboard_title")
        self.title.setProperty("role", "title")
        self.updated = QLabel(objectName="updated")
        self.updated.setProperty("role", "hint")
        self.error = QLabel(objectName="dashboard_error")
        self.error.setProperty("role", "error")
        self.error.hide()
        refresh = QPushButton(theme.icon("fa5s.sync-alt"), "تازه کردن", objectName="refresh")
        refresh.setShortcut("F5")
        refresh.clicked.connect(self.refresh)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.updated)
        header.addWidget(refresh)

        self.calls_card = FigureCard("تماس‌های امروز", "fa5s.phone-alt")
        self.open_card = FigureCard("پرونده‌های باز", "fa5s.folder-open")
        self.waiting_card = FigureCard("ارجاع‌های در انتظار پاسخ", "fa5s.share-square")
        self.overdue_card = FigureCard("ارجاع‌های گذشته از مهلت", "fa5s.exclamation-triangle", "#b3261e")
        self.due_card = FigureCard("مهلت پاسخ امروز", "fa5s.hourglass-half", "#b26a00")
        self.callbacks_card = FigureCard("در انتظار تماس با شهروند", "fa5s.phone-volume")
        self.duty_card = FigureCard("مسئولان کشیک امروز", "fa5s.user-tie")
        self.duty_card.value.setWordWrap(True)
        targets = {
            self.calls_card: "calls",
            self.open_card: "calls",
            self.waiting_card: "referrals",
            self.overdue_card: "referrals",
            self.due_card: "referrals",
            self.callbacks_card: "referrals",
            self.duty_card: "schedule",
        }
        for card, section in targets.items():
            card.clicked.connect(lambda section=section: self.context.events.navigate.emit(section))
        cards = QGridLayout()
        for i, card in enumerate(
            (
                self.calls_card,
                self.open_card,
                self.waiting_card,
                self.overdue_card,
                self.due_card,
                self.callbacks_card,
            )
        ):
            cards.addWidget(card, i // 4, i % 4)
        cards.addWidget(self.duty_card, 1, 2, 1, 2)

        self.per_day_chart = ChartSlot()
        self.type_chart = ChartSlot()
        self.category_chart = ChartSlot()
        self.county_chart = ChartSlot()
        self.agency_chart = ChartSlot()
        for view in (
            self.per_day_chart,
            self.type_chart,
            self.category_chart,
            self.county_chart,
            self.agency_chart,
        ):
            view.setMinimumHeight(280)
        charts = QGridLayout()
        charts.addWidget(self.per_day_chart, 0, 0, 1, 2)
        charts.addWidget(self.type_chart, 1, 0)
        charts.addWidget(self.category_chart, 1, 1)
        charts.addWidget(self.county_chart, 2, 0)
        charts.addWidget(self.agency_chart, 2, 1)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(header)
        column.addWidget(self.error)
        column.addLayout(cards)
        column.addLayout(charts)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(SOON_AFTER_CHANGE_MS)
        self.soon.timeout.connect(self.refresh)
        self.changes = ChangeDebouncer(context.events, lambda _batch: self.soon.start(), self)
        self._set_title()
        QTimer.singleShot(FIRST_LOAD_MS, self, self.refresh)  # after the window is shown and painted

    # --- loading ---------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Load the figures in the background; a refresh asked for meanwhile runs once the current one ends."""
        if self._task is not None:
            self._again = True
            return
        actor, today = self.context.actor, self.today
        self._task = run_in_background(
            lambda progress: _load_figures(actor, today, progress), self._loaded, self._failed
        )

    def _finish(self) -> bool:
        if not isValid(self):
            return False
        self._task = None
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.refresh)
        return True

    def _failed(self, exc: Exception) -> None:
        if self._finish():
            self.error.setText("پیشخوان به‌روز نشد: " + str(exc))
            self.error.show()

    def _loaded(self, figures: DashboardFigures) -> None:
        if not self._finish():
            return
        self.error.hide()
        self.figures = figures
        self.show_figures(figures)

    # --- showing ---------------------------------------------------------------------------------

    def _set_title(self, day: dt.date | None = None) -> None:
        day = day or self.today or jalali.today_local()
        self.title.setText("پیشخوان — " + jalali.weekday_name(day) + " " + formatting.date_long(day))

    def show_figures(self, f: DashboardFigures) -> None:
        from app.services.reporting.dashboard import DAYS
        from ui.reporting.report_charts import bar_chart, column_chart, pie_chart  # QtCharts: after start-up

        self._set_title(f.today)
        self.updated.setText("به‌روز شده: " + formatting.datetime(f.made_at).split(" ")[-1])
        self.calls_card.set(formatting.number(f.calls_today), self._against_average(f))
        self.open_card.set(formatting.number(f.open_cases))
        self.waiting_card.set(
            formatting.number(f.waiting_referrals),
            "پیش‌نویس در انتظار دستور مسئول: " + formatting.number(f.drafts_waiting)
            if f.drafts_waiting
            else "",
        )
        self.overdue_card.set(formatting.number(f.overdue))
        self.due_card.set(formatting.number(f.due_today))
        self.callbacks_card.set(formatting.number(f.callbacks_waiting))
        self._show_duty(f)
        window = f.window
        days = [jalali.format_jalali(d, "en")[5:] for d, _ in f.per_day]
        self.per_day_chart.replace(
            column_chart(
                days, [n for _, n in f.per_day], "تماس‌ها در هر روز، " + formatting.number(DAYS) + " روز گذشته"
            )
        )
        span = " (" + formatting.date(window.start) + " تا " + formatting.date(window.end) + ")"
        self.type_chart.replace(
            pie_chart([p[0] for p in f.by_type], [p[1] for p in f.by_type], "به تفکیک نوع درخواست" + span)
        )
        self.category_chart.replace(
            bar_chart([p[0] for p in f.by_category], [p[1] for p in f.by_category], "ده موضوع پرتکرار" + span)
        )
        self.county_chart.replace(
            bar_chart(
                [p[0] for p in f.by_county], [p[1] for p in f.by_county], "ده شهرستان با بیشترین تماس" + span
            )
        )
        self.agency_chart.replace(
            bar_chart(
                [p[0] for p in f.overdue_agencies],
                [p[1] for p in f.overdue_agencies],
                "ده دستگاه با بیشترین ارجاع گذشته از مهلت",
            )
        )

    def _against_average(self, f: DashboardFigures) -> str:
        from app.services.reporting.dashboard import DAYS

        average = PERSIAN.toString(f.daily_average, "f", 1)
        text = "میانگین روز کاری (" + formatting.number(DAYS) + " روز): " + average
        if f.daily_average > 0:
            change = (f.calls_today - f.daily_average) / f.daily_average
            if abs(change) >= 0.005:
                word = "بیشتر" if change > 0 else "کمتر"
                text += "، " + formatting.number(round(abs(change) * 100)) + "٪ " + word
        if f.follow_ups_today:
            text += "\n" + "تماس پیگیری پرونده‌های باز: " + formatting.number(f.follow_ups_today)
        return text

    def _show_duty(self, f: DashboardFigures) -> None:
        if not f.on_duty:
            self.duty_card.set("کسی در برنامه نیست")
            self.duty_card.set_value_style("#5c6b7a", 13)
            return
        lines = []
        for person in f.on_duty:
            when = ""
            if person.start and person.end:
                when = f" {formatting.ident(person.start.strftime('%H:%M'))} تا {formatting.ident(person.end.strftime('%H:%M'))}"
            state = " — در مرکز" if person.present else ""
            lines.append(f"{person.name}{when}{state}")
        self.duty_card.set("\n".join(lines), "، ".join(p.title for p in f.on_duty if p.title))
        self.duty_card.set_value_style("#1f3b57", 12)
