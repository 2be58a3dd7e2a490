"""The sections of the main window, in order. A section not built yet shows an honest empty state."""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from app.domain.roles import allowed


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    icon: str
    factory: str | None  # "module:Class" taking (context, parent); None while not built
    permission: str | None = None
    coming: str = ""  # what the empty state promises

    def build(self, context, parent=None):
        module, name = self.factory.split(":")
        return getattr(importlib.import_module(module), name)(context, parent)

    def visible_to(self, role: str) -> bool:
        return self.permission is None or allowed(role, self.permission)


def sections() -> list[Section]:
    return [
        Section("dashboard", "پیشخوان", "fa5s.tachometer-alt", "ui.pages.dashboard_page:DashboardPage",
                coming="آمار امروز، پرونده‌های باز و نمودارها اینجا نشان داده می‌شود."),
        Section("intake", "ثبت تماس", "fa5s.phone-alt", "ui.pages.intake_page:CallIntakePage",
                coming="فرم ثبت تماس شهروند و کد رهگیری اینجا خواهد بود."),
        Section("calls", "دفتر تماس‌ها", "fa5s.list-alt", "ui.pages.calls_page:CallsRegisterPage",
                coming="فهرست همه پرونده‌ها با جست‌وجو و پالایه اینجا خواهد بود."),
        Section("referrals", "ارجاع و پیگیری", "fa5s.share-square", "ui.pages.referrals_page:ReferralsPage",
                coming="ارجاع‌ها، مهلت‌ها، پاسخ دستگاه‌ها و تماس با شهروند اینجا خواهد بود."),
        Section("knowledge", "بانک راهنمایی", "fa5s.book", "ui.pages.knowledge_page:KnowledgePage",
                coming="بخشنامه‌ها و شرح وظایف دستگاه‌ها برای راهنمایی تماس‌گیرندگان."),
        Section("schedule", "حضور مسئولان", "fa5s.calendar-alt", "ui.pages.schedule_page:SchedulePage",
                coming="برنامه حضور مسئولان در مرکز و جلسه‌های پاسخگویی."),
        Section("reports", "گزارش‌ها", "fa5s.chart-bar", "ui.pages.reports_page:ReportsPage",
                permission="view_reports",
                coming="گزارش‌های دوره‌ای با نمودار و خروجی PDF و Excel."),
        Section("settings", "تنظیمات", "fa5s.cog", "ui.pages.settings_page:SettingsPage",
                permission="manage_settings"),
    ]
