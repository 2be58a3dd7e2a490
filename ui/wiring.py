"""The interface put together, with plain imports and plain lists: the main window's sections in order, and
the tabs of the referrals and settings sections. A new page or tab is one line here; nothing is looked up
by name and no module adds itself to these lists when imported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from app.domain.roles import allowed
from ui.admin.audit_page import AuditPage
from ui.admin.backup_settings import BackupTab
from ui.admin.center_tab import CenterSettingsTab
from ui.admin.database_settings import DatabaseSettingsTab
from ui.admin.phone_settings_tab import PhoneSettingsTab
from ui.admin.reference_tab import ReferenceTab
from ui.admin.sessions_tab import SessionsTab
from ui.admin.settings_page import SettingsPage
from ui.admin.users_tab import UsersTab
from ui.cases.calls_page import CallsRegisterPage
from ui.cases.intake_page import CallIntakePage
from ui.followup.accountability_tab import AccountabilityTab
from ui.followup.callbacks_tab import CallbacksTab
from ui.followup.followup_tab import FollowUpTab
from ui.followup.referrals_page import ReferralsPage
from ui.knowledge.knowledge_page import KnowledgePage
from ui.letters.letter_settings_tab import LetterSettingsTab
from ui.letters.letters_tab import LettersTab
from ui.reporting.dashboard_page import DashboardPage
from ui.reporting.reports_page import ReportsPage
from ui.schedule.schedule_page import SchedulePage

Build = Callable[..., QWidget]  # (context, parent) -> the page or tab


@dataclass(frozen=True)
class Tab:
    title: str
    icon: str
    build: Build


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    icon: str
    build: Build
    permission: str | None = None  # the role permission needed to see it

    def visible_to(self, role: str) -> bool:
        return self.permission is None or allowed(role, self.permission)


def _reference(kind: str) -> Build:
    return lambda context, parent=None: ReferenceTab(context, kind, parent)


REFERRAL_TABS: tuple[Tab, ...] = (
    Tab("دستورها و نامه‌ها", "fa5s.file-signature", LettersTab),
    Tab("پیگیری و مهلت‌ها", "fa5s.hourglass-half", FollowUpTab),
    Tab("تماس با شهروند", "fa5s.phone-volume", CallbacksTab),
    Tab("عملکرد دستگاه‌ها", "fa5s.balance-scale", AccountabilityTab),
)

SETTINGS_TABS: tuple[Tab, ...] = (
    Tab("مرکز", "fa5s.landmark", CenterSettingsTab),
    Tab("شهرستان‌ها", "fa5s.map-marker-alt", _reference("county")),
    Tab("دستگاه‌های اجرایی", "fa5s.building", _reference("agency")),
    Tab("موضوع‌ها", "fa5s.tags", _reference("category")),
    Tab("انواع درخواست", "fa5s.list-ul", _reference("request_type")),
    Tab("کاربران", "fa5s.users", UsersTab),
    Tab("نشست‌ها", "fa5s.desktop", SessionsTab),
    Tab("پایگاه داده", "fa5s.database", DatabaseSettingsTab),
    Tab("تلفن", "fa5s.phone-square", PhoneSettingsTab),
    Tab("پشتیبان", "fa5s.shield-alt", BackupTab),
    Tab("رد تغییرات", "fa5s.history", AuditPage),
    Tab("نامه‌ها و تعطیلی‌ها", "fa5s.envelope-open-text", LetterSettingsTab),
)

SECTIONS: tuple[Section, ...] = (
    Section("dashboard", "پیشخوان", "fa5s.tachometer-alt", DashboardPage),
    Section("intake", "ثبت تماس", "fa5s.phone-alt", CallIntakePage),
    Section("calls", "دفتر تماس‌ها", "fa5s.list-alt", CallsRegisterPage),
    Section(
        "referrals",
        "ارجاع و پیگیری",
        "fa5s.share-square",
        lambda context, parent=None: ReferralsPage(context, REFERRAL_TABS, parent),
    ),
    Section("knowledge", "بانک راهنمایی", "fa5s.book", KnowledgePage),
    Section("schedule", "حضور مسئولان", "fa5s.calendar-alt", SchedulePage),
    Section("reports", "گزارش‌ها", "fa5s.chart-bar", ReportsPage, permission="view_reports"),
    Section(
        "settings",
        "تنظیمات",
        "fa5s.cog",
        lambda context, parent=None: SettingsPage(context, SETTINGS_TABS, parent),
        permission="manage_settings",
    ),
)
