"""The interface put together, with plain imports and plain lists: the main window's sections in order, and
the tabs of the referrals and settings sections. A new page or tab is one line in a list and one small
builder here; nothing is looked up by name and no module adds itself to these lists when imported.

Each builder imports its page when it is first built, not when this module is: the main window shows its
first section at start-up, and the other pages' modules (with reportlab, openpyxl, QtCharts, QtPdf behind
them) load when the person first opens them (tests/ui/test_startup_imports.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from app.domain.roles import allowed

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


# --- the referrals section's tabs -------------------------------------------------------------------


def _letters(context, parent=None):
    from ui.letters.letters_tab import LettersTab

    return LettersTab(context, parent)


def _followup(context, parent=None):
    from ui.followup.followup_tab import FollowUpTab

    return FollowUpTab(context, parent)


def _callbacks(context, parent=None):
    from ui.followup.callbacks_tab import CallbacksTab

    return CallbacksTab(context, parent)


def _accountability(context, parent=None):
    from ui.followup.accountability_tab import AccountabilityTab

    return AccountabilityTab(context, parent)


REFERRAL_TABS: tuple[Tab, ...] = (
    Tab("دستورها و نامه‌ها", "fa5s.file-signature", _letters),
    Tab("پیگیری و مهلت‌ها", "fa5s.hourglass-half", _followup),
    Tab("تماس با شهروند", "fa5s.phone-volume", _callbacks),
    Tab("عملکرد دستگاه‌ها", "fa5s.balance-scale", _accountability),
)

# --- the settings section's tabs --------------------------------------------------------------------


def _center(context, parent=None):
    from ui.admin.center_tab import CenterSettingsTab

    return CenterSettingsTab(context, parent)


def _reference(kind: str) -> Build:
    def build(context, parent=None):
        from ui.admin.reference_tab import ReferenceTab

        return ReferenceTab(context, kind, parent)

    return build


def _users(context, parent=None):
    from ui.admin.users_tab import UsersTab

    return UsersTab(context, parent)


def _sessions(context, parent=None):
    from ui.admin.sessions_tab import SessionsTab

    return SessionsTab(context, parent)


def _database(context, parent=None):
    from ui.admin.database_settings import DatabaseSettingsTab

    return DatabaseSettingsTab(context, parent)


def _phone(context, parent=None):
    from ui.admin.phone_settings_tab import PhoneSettingsTab

    return PhoneSettingsTab(context, parent)


def _backup(context, parent=None):
    from ui.admin.backup_settings import BackupTab

    return BackupTab(context, parent)


def _audit(context, parent=None):
    from ui.admin.audit_page import AuditPage

    return AuditPage(context, parent)


def _letter_settings(context, parent=None):
    from ui.letters.letter_settings_tab import LetterSettingsTab

    return LetterSettingsTab(context, parent)


SETTINGS_TABS: tuple[Tab, ...] = (
    Tab("مرکز", "fa5s.landmark", _center),
    Tab("شهرستان‌ها", "fa5s.map-marker-alt", _reference("county")),
    Tab("دستگاه‌های اجرایی", "fa5s.building", _reference("agency")),
    Tab("موضوع‌ها", "fa5s.tags", _reference("category")),
    Tab("انواع درخواست", "fa5s.list-ul", _reference("request_type")),
    Tab("کاربران", "fa5s.users", _users),
    Tab("نشست‌ها", "fa5s.desktop", _sessions),
    Tab("پایگاه داده", "fa5s.database", _database),
    Tab("تلفن", "fa5s.phone-square", _phone),
    Tab("پشتیبان", "fa5s.shield-alt", _backup),
    Tab("رد تغییرات", "fa5s.history", _audit),
    Tab("نامه‌ها و تعطیلی‌ها", "fa5s.envelope-open-text", _letter_settings),
)

# --- the main window's sections ---------------------------------------------------------------------


def _dashboard(context, parent=None):
    from ui.reporting.dashboard_page import DashboardPage

    return DashboardPage(context, parent)


def _intake(context, parent=None):
    from ui.cases.intake_page import CallIntakePage

    return CallIntakePage(context, parent)


def _calls(context, parent=None):
    from ui.cases.calls_page import CallsRegisterPage

    return CallsRegisterPage(context, parent)


def _referrals(context, parent=None):
    from ui.followup.referrals_page import ReferralsPage

    return ReferralsPage(context, REFERRAL_TABS, parent)


def _knowledge(context, parent=None):
    from ui.knowledge.knowledge_page import KnowledgePage

    return KnowledgePage(context, parent)


def _schedule(context, parent=None):
    from ui.schedule.schedule_page import SchedulePage

    return SchedulePage(context, parent)


def _reports(context, parent=None):
    from ui.reporting.reports_page import ReportsPage

    return ReportsPage(context, parent)


def _settings(context, parent=None):
    from ui.admin.settings_page import SettingsPage

    return SettingsPage(context, SETTINGS_TABS, parent)


SECTIONS: tuple[Section, ...] = (
    Section("dashboard", "پیشخوان", "fa5s.tachometer-alt", _dashboard),
    Section("intake", "ثبت تماس", "fa5s.phone-alt", _intake),
    Section("calls", "دفتر تماس‌ها", "fa5s.list-alt", _calls),
    Section("referrals", "ارجاع و پیگیری", "fa5s.share-square", _referrals),
    Section("knowledge", "بانک راهنمایی", "fa5s.book", _knowledge),
    Section("schedule", "حضور مسئولان", "fa5s.calendar-alt", _schedule),
    Section("reports", "گزارش‌ها", "fa5s.chart-bar", _reports, permission="view_reports"),
    Section("settings", "تنظیمات", "fa5s.cog", _settings, permission="manage_settings"),
)
