"""Roles and what each may do. The service layer checks these; the interface only hides buttons."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OPERATOR = "operator"
    OFFICIAL = "official"
    SUPERVISOR = "supervisor"
    SERVICE = "service"  # a script's account (the nightly backup): no window, only what PERMISSIONS gives it


ROLE_LABELS = {
    Role.OPERATOR: "کارشناس",
    Role.OFFICIAL: "مسئول",
    Role.SUPERVISOR: "ناظر",
    Role.SERVICE: "حساب خودکار",
}
PEOPLE = frozenset({Role.OPERATOR, Role.OFFICIAL, Role.SUPERVISOR})  # the roles that may use the window

_ALL = PEOPLE
PERMISSIONS: dict[str, frozenset[Role]] = {
    "register_call": _ALL,
    "edit_case": _ALL,
    "prepare_referral": _ALL,
    "issue_referral": frozenset({Role.OFFICIAL}),
    "cancel_letter": frozenset({Role.OFFICIAL}),
    "record_response": _ALL,
    "record_callback": _ALL,
    "send_reminder": _ALL,  # reminder letters, and the escalation after the configured reminders
    "close_case": _ALL,  # close with an outcome, or reopen
    "manage_reference": frozenset({Role.SUPERVISOR}),
    "manage_users": frozenset({Role.SUPERVISOR}),
    "manage_settings": frozenset({Role.SUPERVISOR}),
    "manage_templates": frozenset({Role.SUPERVISOR}),
    "manage_schedule": frozenset({Role.SUPERVISOR}),
    "open_session": _ALL,
    "official_desk": frozenset(
        {Role.OFFICIAL}
    ),  # the official's note, guidance, hold and orders in a session  # check an official in or out (an official only themselves)
    "manage_knowledge": frozenset({Role.SUPERVISOR}),
    "view_reports": frozenset({Role.SUPERVISOR, Role.OFFICIAL}),
    "view_dashboard": _ALL,  # the day's figures on the first page
    "view_audit": frozenset({Role.SUPERVISOR}),
    "export_personal_data": frozenset({Role.SUPERVISOR}),
    "backup": frozenset({Role.SUPERVISOR, Role.SERVICE}),
    "verify_audit": frozenset({Role.SUPERVISOR, Role.SERVICE}),
}
PERMISSION_LABELS = {
    "issue_referral": "صدور دستور ارجاع",
    "cancel_letter": "ابطال نامه",
    "record_response": "ثبت پاسخ دستگاه",
    "record_callback": "ثبت تماس با شهروند",
    "send_reminder": "فرستادن نامه تذکر و ارجاع به بازرسی",
    "close_case": "بستن و بازگشایی پرونده",
    "manage_reference": "ویرایش اطلاعات پایه",
    "manage_users": "مدیریت کاربران",
    "manage_settings": "تغییر تنظیمات",
    "manage_templates": "ویرایش قالب نامه",
    "manage_schedule": "تنظیم برنامه حضور",
    "open_session": "باز و بسته کردن جلسه پاسخگویی",
    "official_desk": "پاسخگویی مسئول در جلسه (یادداشت، راهنمایی، دستور)",
    "manage_knowledge": "ویرایش بانک راهنمایی",
    "view_reports": "دیدن گزارش‌ها",
    "view_dashboard": "دیدن پیشخوان",
    "view_audit": "دیدن رد تغییرات",
    "export_personal_data": "خروجی گرفتن از اطلاعات شهروندان",
    "backup": "پشتیبان‌گیری",
    "verify_audit": "وارسی زنجیره رد تغییرات",
}


def allowed(role: str, permission: str) -> bool:
    return Role(role) in PERMISSIONS[permission]
