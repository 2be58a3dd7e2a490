"""Referral orders and letters as plain values: ready instructions, priorities, copy purposes, the body
template with its placeholders, and the recipient line of an agency."""

from __future__ import annotations

import string
from enum import StrEnum

from app.domain.followup_letters import FOLLOWUP_TEMPLATES


class Priority(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


PRIORITY_LABELS = {Priority.NORMAL: "عادی", Priority.URGENT: "فوری"}

# Instructions an official picks and edits (دستور / هامش).
READY_INSTRUCTIONS = (
    "بررسی و نتیجه اعلام شود.",
    "با قید فوریت رسیدگی و نتیجه به این مرکز و شهروند اعلام شود.",
    "ضمن تماس با شهروند، موضوع در چارچوب قوانین و مقررات پیگیری و نتیجه اعلام شود.",
    "در صورت امکان مساعدت لازم به عمل آید و نتیجه گزارش شود.",
    "موضوع بررسی و در صورت صحت گزارش، اقدام قانونی لازم انجام و نتیجه اعلام شود.",
    "گزارش کامل موضوع حداکثر تا پایان مهلت تعیین‌شده ارسال شود.",
)

# Why a copy goes to a recipient (رونوشت ... جهت ...).
CC_PURPOSES = (
    "جهت اطلاع",
    "جهت اطلاع و پیگیری",
    "جهت اطلاع و اقدام لازم",
    "جهت بایگانی در پرونده",
)
SIBLING_CC_PURPOSE = "جهت اطلاع و اقدام لازم"

DEFAULT_ATTACHMENTS = "ندارد"
UNISSUED_NUMBER = "پس از صدور"  # a letter previewed before an official issues it has no number yet
GREETING = "با سلام و احترام"
BODY_TEMPLATE_KEY = "template.referral_body"

# The placeholders a referral body may use, with what each becomes (shown to the supervisor).
REFERRAL_PLACEHOLDERS: dict[str, str] = {
    "citizen_name": "نام شهروند",
    "national_code": "کد ملی شهروند",
    "phone": "شماره تماس شهروند",
    "county": "شهرستان",
    "tracking_code": "کد رهگیری",
    "case_date": "تاریخ ثبت درخواست",
    "request_type": "نوع درخواست (شکایت، درخواست، ...)",
    "subject": "موضوع درخواست",
    "request_text": "متن درخواست شهروند",
    "instruction": "دستور مسئول",
    "due_date": "مهلت پاسخ",
    "priority": "فوریت (عادی یا فوری)",
    "agency_name": "نام دستگاه",
    "signer_name": "نام امضاکننده",
    "signer_title": "سمت امضاکننده",
    "letter_number": "شماره نامه",
    "letter_date": "تاریخ نامه",
    "center_name": "نام مرکز",
    "governorate_name": "نام استانداری",
}

DEFAULT_REFERRAL_BODY = (
    "احتراماً، {request_type} شهروند محترم {citizen_name} به کد ملی {national_code} و شماره تماس {phone}، "
    "از شهرستان {county}، با موضوع «{subject}» که در تاریخ {case_date} با کد رهگیری {tracking_code} "
    "در سامانه ارتباطات مردمی (سامد ۱۱۱) ثبت شده است، به شرح زیر ارسال می‌گردد:\n"
    "«{request_text}»\n"
    "دستور: {instruction}\n"
    "خواهشمند است دستور فرمایید ضمن رسیدگی، نتیجه اقدام حداکثر تا تاریخ {due_date} به این مرکز و "
    "شهروند اعلام گردد."
)

# Every letter template the supervisor can edit: key -> (label, its placeholders, its default text). The
# follow-up letters (reminder, escalation) take the referral's placeholders and their own. Keys not listed
# here are not checked.
TEMPLATES: dict[str, tuple[str, dict[str, str], str]] = {
    BODY_TEMPLATE_KEY: ("متن نامه ارجاع", REFERRAL_PLACEHOLDERS, DEFAULT_REFERRAL_BODY),
    **{
        key: (label, {**REFERRAL_PLACEHOLDERS, **own}, default)
        for key, (label, own, default) in FOLLOWUP_TEMPLATES.items()
    },
}

MAX_TEMPLATE = 6000


def template_fields(template: str) -> list[str]:
    """The placeholder names a template uses, in order (ValueError when a brace is unbalanced)."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def template_problem(key: str, template: str) -> str | None:
    """One Persian sentence saying what is wrong with a template (naming an unknown placeholder), or None."""
    if key not in TEMPLATES:
        return None
    label, known, _ = TEMPLATES[key]
    if not template.strip():
        return f"{label} نباید خالی باشد."
    if len(template) > MAX_TEMPLATE:
        return f"{label} بیش از {MAX_TEMPLATE} نویسه است."
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return f"{label} آکولاد باز یا بسته ناجور دارد؛ برای نوشتن خود آکولاد آن را دوبار بنویسید: {{{{ }}}}."
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name == "":
            return f"{label} جای‌نگهدار بی‌نام «{{}}» دارد؛ نام آن را بنویسید، مانند {{citizen_name}}."
        if name not in known:
            return f"{label} جای‌نگهدار ناشناخته «{{{name}}}» دارد."
        if spec or conversion:
            return f"جای‌نگهدار «{{{name}}}» در {label} نباید قالب‌بندی داشته باشد؛ فقط {{{name}}} بنویسید."
    return None


def fill_template(template: str, values: dict[str, str]) -> str:
    """The template with each placeholder replaced (checked beforehand with template_problem)."""
    return template.format_map(values)


def recipient_line(agency_name: str, recipient: str = "") -> str:
    """«مدیرکل محترم ...»: the agency's own recipient line, else one made from its name."""
    if recipient.strip():
        return recipient.strip()
    name = agency_name.strip()
    if name.startswith("اداره کل"):
        return f"مدیرکل محترم {name}"
    if name.startswith("شرکت"):
        return f"مدیرعامل محترم {name}"
    if name.startswith("شهرداری"):
        return f"شهردار محترم {name.removeprefix('شهرداری').strip()}"
    if name.startswith("فرمانداری"):
        return f"فرماندار محترم {name.removeprefix('فرمانداری').strip()}"
    return f"ریاست محترم {name}"
