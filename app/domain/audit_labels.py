"""Persian names for audit-trail actions ("case.register" → «پرونده: ثبت»), so a supervisor reads the
trail in words. An action not listed shows its code."""

from __future__ import annotations

ENTITY_LABELS = {
    "article": "مقاله راهنمایی",
    "agency": "دستگاه",
    "audit": "رد تغییرات",
    "cli": "خط فرمان",
    "backup": "پشتیبان",
    "case": "پرونده",
    "citizen": "شهروند",
    "category": "موضوع",
    "county": "شهرستان",
    "database": "پایگاه داده",
    "export": "خروجی",
    "holiday": "تعطیلی",
    "letter": "نامه",
    "official": "مسئول",
    "reference": "اطلاعات پایه",
    "referral": "ارجاع",
    "request_type": "نوع درخواست",
    "ring": "تماس ورودی",
    "schedule": "برنامه حضور",
    "session": "جلسه پاسخگویی",
    "settings": "تنظیمات",
    "slot": "نوبت حضور",
    "user": "کاربر",
}
VERB_LABELS = {
    "add": "افزودن",
    "callback": "تماس با شهروند",
    "cancel": "ابطال",
    "change_password": "تغییر گذرواژه",
    "check_in": "ورود",
    "check_out": "خروج",
    "close_past": "بستن نوبت‌های گذشته",
    "contact": "تماس پیگیری",
    "correct": "اصلاح",
    "create": "ساخت",
    "delete": "حذف",
    "discard": "کنار گذاشتن پیش‌نویس",
    "draft": "پیش‌نویس",
    "edit": "ویرایش",
    "end_session": "پایان دادن به نشست",
    "escalate": "ارجاع به بازرسی",
    "followup_discard": "کنار گذاشتن پیش‌نویس پیگیری",
    "followup_draft": "پیش‌نویس نامه پیگیری",
    "generate": "تهیه",
    "guide": "راهنمایی",
    "hold": "نگه‌داشتن برای پیگیری مسئول",
    "import": "ورود از پرونده",
    "issue": "صدور",
    "link": "پیوند به پرونده",
    "login": "ورود به سامانه",
    "login_failed": "ورود ناموفق",
    "logout": "خروج از حساب",
    "refused": "فرمان ردشده",
    "triggers_restored": "بازگرداندن ماشه‌ها",
    "verify": "وارسی زنجیره",
    "migrate": "انتقال",
    "move": "جابه‌جایی",
    "official_note": "یادداشت مسئول",
    "outcome": "ثبت نتیجه",
    "reactivate": "فعال‌سازی دوباره",
    "reassign": "واگذاری",
    "record": "ثبت زنگ",
    "register": "ثبت",
    "reminder": "تذکر",
    "remove": "حذف",
    "rename": "تغییر نام",
    "reroute": "ارجاع دوباره",
    "reset_password": "تعیین گذرواژه تازه",
    "response": "پاسخ دستگاه",
    "restore": "بازگردانی",
    "retire": "بایگانی",
    "seed": "بارگذاری",
    "status": "تغییر وضعیت",
    "swap": "جابه‌جایی دو نوبت",
    "take_up_case": "رسیدگی مسئول",
    "update": "ویرایش",
    "withdraw": "پس‌گرفتن با بستن پرونده",
}


def action_label(action: str) -> str:
    entity, _, verb = action.partition(".")
    if entity in ENTITY_LABELS and verb in VERB_LABELS:
        return f"{ENTITY_LABELS[entity]}: {VERB_LABELS[verb]}"
    if entity == "export" and verb:
        return f"{ENTITY_LABELS['export']}: {verb}"
    return action
