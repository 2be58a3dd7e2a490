"""Roles and what each may do. The service layer checks these; the interface only hides buttons."""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OPERATOR = "operator"
    OFFICIAL = "official"
    SUPERVISOR = "supervisor"


ROLE_LABELS = {Role.OPERATOR: "کارشناس", Role.OFFICIAL: "مسئول", Role.SUPERVISOR: "ناظر"}

_ALL = frozenset(Role)
PERMISSIONS: dict[str, frozenset[Role]] = {
    "register_call": _ALL,
    "edit_case": _ALL,
    "prepare_referral": _ALL,
    "issue_referral": frozenset({Role.OFFICIAL}),
    "cancel_letter": frozenset({Role.OFFICIAL}),
    "record_response": _ALL,
    "record_callback": _ALL,
    "send_reminder": _ALL,
    "manage_reference": frozenset({Role.SUPERVISOR}),
    "manage_users": frozenset({Role.SUPERVISOR}),
    "manage_settings": frozenset({Role.SUPERVISOR}),
    "manage_templates": frozenset({Role.SUPERVISOR}),
    "manage_schedule": frozenset({Role.SUPERVISOR}),
    "manage_knowledge": frozenset({Role.SUPERVISOR}),
    "view_reports": frozenset({Role.SUPERVISOR, Role.OFFICIAL}),
    "view_audit": frozenset({Role.SUPERVISOR}),
    "export_personal_data": frozenset({Role.SUPERVISOR}),
    "backup": frozenset({Role.SUPERVISOR}),
}
PERMISSION_LABELS = {
    "issue_referral": "صدور دستور ارجاع",
    "cancel_letter": "ابطال نامه",
    "manage_reference": "ویرایش اطلاعات پایه",
    "manage_users": "مدیریت کاربران",
    "manage_settings": "تغییر تنظیمات",
    "manage_templates": "ویرایش قالب نامه",
    "manage_schedule": "تنظیم برنامه حضور",
    "manage_knowledge": "ویرایش بانک راهنمایی",
    "view_reports": "دیدن گزارش‌ها",
    "view_audit": "دیدن رد تغییرات",
    "export_personal_data": "خروجی گرفتن از اطلاعات شهروندان",
    "backup": "پشتیبان‌گیری",
}


def allowed(role: str, permission: str) -> bool:
    return Role(role) in PERMISSIONS[permission]
