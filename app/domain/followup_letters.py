"""The follow-up letters' body templates: the reminder (تذکر، «پیرو نامه شماره ...»), the escalation to
the inspection office, and the withdrawal (a case closed while the agency's answer was awaited: the agency
is told to stop). They use the referral letter's placeholders (app.domain.letters) plus their own;
app.domain.letters lists them in TEMPLATES so the supervisor can edit them like the referral body."""

from __future__ import annotations

REMINDER_BODY_KEY = "template.reminder_body"
ESCALATION_BODY_KEY = "template.escalation_body"
WITHDRAWAL_BODY_KEY = "template.withdrawal_body"

FOLLOWUP_PLACEHOLDERS: dict[str, str] = {
    "first_letter_number": "شماره نامه ارجاع",
    "first_letter_date": "تاریخ نامه ارجاع",
    "first_due_date": "مهلت نخست پاسخ",
    "reminder_ordinal": "چندمین تذکر (نخستین، دومین، ...)",
    "reminder_count": "شمار تذکرهای فرستاده‌شده",
    "reminder_letters": "شماره و تاریخ نامه‌های تذکر",
    "referred_agency": "دستگاهی که پاسخ نداده است",
    "days_late": "روزهای گذشته از مهلت نخست",
}

DEFAULT_REMINDER_BODY = (
    "احتراماً، پیرو نامه شماره {first_letter_number} مورخ {first_letter_date} درباره {request_type} شهروند محترم "
    "{citizen_name} با موضوع «{subject}» (کد رهگیری {tracking_code})، که مهلت پاسخ آن {first_due_date} بود، "
    "تاکنون پاسخی به این مرکز نرسیده است.\n"
    "این {reminder_ordinal} تذکر است. خواهشمند است دستور فرمایید نتیجه رسیدگی حداکثر تا تاریخ {due_date} به این "
    "مرکز و شهروند اعلام گردد؛ بدیهی است در صورت نرسیدن پاسخ، موضوع برابر مقررات به دفتر بازرسی، مدیریت "
    "عملکرد و امور حقوقی استانداری گزارش خواهد شد."
)

DEFAULT_ESCALATION_BODY = (
    "احتراماً، به استحضار می‌رساند {request_type} شهروند محترم {citizen_name} با موضوع «{subject}» "
    "(کد رهگیری {tracking_code}) طی نامه شماره {first_letter_number} مورخ {first_letter_date} به "
    "{referred_agency} ارجاع شد و مهلت پاسخ آن {first_due_date} بود. با وجود {reminder_count} نامه تذکر "
    "({reminder_letters})، تاکنون پاسخی به این مرکز نرسیده و {days_late} روز از مهلت نخست گذشته است.\n"
    "دستور ارجاع: {instruction}\n"
    "خواهشمند است دستور فرمایید عدم پاسخگویی دستگاه یادشده برابر مقررات بررسی و نتیجه به این مرکز اعلام گردد."
)

WITHDRAWAL_PLACEHOLDERS: dict[str, str] = {
    "first_letter_number": "شماره نامه ارجاع",
    "first_letter_date": "تاریخ نامه ارجاع",
    "close_outcome": "نتیجه بستن پرونده",
    "close_reason": "علت بستن پرونده",
}

DEFAULT_WITHDRAWAL_BODY = (
    "احتراماً، پیرو نامه شماره {first_letter_number} مورخ {first_letter_date} درباره {request_type} شهروند محترم "
    "{citizen_name} با موضوع «{subject}» (کد رهگیری {tracking_code})، به استحضار می‌رساند پرونده یادشده با "
    "نتیجه «{close_outcome}» در این مرکز مختومه شد و ارجاع آن پس گرفته می‌شود.\n"
    "علت: {close_reason}\n"
    "خواهشمند است دستور فرمایید رسیدگی به این ارجاع متوقف و سابقه آن بایگانی گردد؛ پاسخی به این مرکز لازم نیست."
)

# key -> (label, own placeholders, default text)
FOLLOWUP_TEMPLATES: dict[str, tuple[str, dict[str, str], str]] = {
    REMINDER_BODY_KEY: ("متن نامه تذکر", FOLLOWUP_PLACEHOLDERS, DEFAULT_REMINDER_BODY),
    ESCALATION_BODY_KEY: ("متن نامه ارجاع به بازرسی", FOLLOWUP_PLACEHOLDERS, DEFAULT_ESCALATION_BODY),
    WITHDRAWAL_BODY_KEY: ("متن نامه پس‌گرفتن ارجاع", WITHDRAWAL_PLACEHOLDERS, DEFAULT_WITHDRAWAL_BODY),
}

_ORDINALS = ("نخستین", "دومین", "سومین", "چهارمین", "پنجمین", "ششمین", "هفتمین", "هشتمین", "نهمین", "دهمین")


def ordinal(n: int) -> str:
    """«نخستین», «دومین», ... for 1..10 (then «۱۱مین»)."""
    from app.domain.text import to_persian_digits

    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else f"{to_persian_digits(str(n))}مین"


def reminder_subject(subject: str) -> str:
    return f"تذکر: {subject}"


def escalation_subject(agency_name: str) -> str:
    return f"گزارش پاسخ‌ندادن {agency_name} به ارجاع سامد ۱۱۱"


def withdrawal_subject(subject: str) -> str:
    return f"پس‌گرفتن ارجاع: {subject}"


def follows_line(number: str, date: str) -> str:
    """The reference line under the subject of a follow-up letter."""
    return f"پیرو نامه شماره {number} مورخ {date}"
