"""The «حضور مسئولان» section: the month's schedule, the session of the official on duty, the attendance
report and the officials. Tabs are shown by role (editing the schedule is the supervisor's)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.domain.roles import Role, allowed
from ui import theme
from ui.schedule.attendance_tab import AttendanceTab
from ui.schedule.officials_tab import OfficialsTab
from ui.schedule.schedule_month_tab import ScheduleMonthTab
from ui.schedule.session_panel import SessionPanel


class SchedulePage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        role = context.actor.role
        self.tabs = QTabWidget(objectName="schedule_tabs")
        self.month = ScheduleMonthTab(context, self)
        self.session = SessionPanel(context, self)
        self.tabs.addTab(self.month, theme.icon("fa5s.calendar-alt"), "برنامه حضور")
        self.tabs.addTab(self.session, theme.icon("fa5s.user-tie"), "جلسه پاسخگویی")
        self.attendance = None
        if allowed(role, "view_reports"):
            self.attendance = AttendanceTab(context, self)
            self.tabs.addTab(self.attendance, theme.icon("fa5s.chart-bar"), "گزارش حضور")
        self.officials = None
        if allowed(role, "manage_schedule"):
            self.officials = OfficialsTab(context, self)
            self.tabs.addTab(self.officials, theme.icon("fa5s.users"), "مسئولان")
        if role != Role.SUPERVISOR:  # an official or an operator comes here for the session
            self.tabs.setCurrentWidget(self.session)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
