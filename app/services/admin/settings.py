"""Center-wide settings kept in the shared database: the one place their keys and defaults live."""

from __future__ import annotations

from app.db import database
from app.domain.text import has_control_chars, normalize_line
from app.models import Setting
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.errors import ValidationError

DEFAULTS: dict[str, str] = {
    "governorate_name": "استانداری آذربایجان شرقی",
    "center_name": "مرکز ارتباطات مردمی (سامد ۱۱۱)",
    "letter_number_format": "۱۱۱/{year}/{serial:05d}",
    "reminders_before_escalation": "2",
    "reminder_due_days": "7",
    "idle_lock_minutes": "15",
    "backup_keep_days": "14",
    "logo_path": "",
    "followup_signer": "",  # username of the official who signs follow-up letters others press for
}
LABELS = {
    "governorate_name": "نام استانداری",
    "center_name": "نام مرکز",
    "letter_number_format": "قالب شماره نامه",
    "reminders_before_escalation": "شمار تذکرها پیش از ارجاع به بازرسی",
    "reminder_due_days": "مهلت نامه تذکر (روز)",
    "idle_lock_minutes": "قفل پس از بیکاری (دقیقه)",
    "backup_keep_days": "نگه‌داری پشتیبان (روز)",
    "logo_path": "پرونده نشان (لوگو)",
    "followup_signer": "امضاکننده ثابت نامه‌های پیگیری (نام کاربری مسئول)",
}
INTEGER_KEYS = {
    "reminders_before_escalation": (1, 10),
    "reminder_due_days": (1, 60),
    "idle_lock_minutes": (1, 240),
    "backup_keep_days": (1, 365),
}


def get_all() -> dict[str, str]:
    values = dict(DEFAULTS)
    values.update({s.key: s.value for s in Setting.select()})
    return values


def get(key: str) -> str:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else DEFAULTS.get(key, "")


def get_int(key: str) -> int:
    try:
        return int(get(key))
    except ValueError:
        return int(DEFAULTS[key])


def _validate(key: str, value: str) -> str:
    if key not in DEFAULTS and not key.startswith("template."):
        raise ValidationError({key: f"تنظیم «{key}» شناخته نیست."})
    value = normalize_line(value) if not key.startswith("template.") else value
    if key in INTEGER_KEYS:
        low, high = INTEGER_KEYS[key]
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise ValidationError({key: f"{LABELS[key]} باید عددی بین {low} و {high} باشد."})
        value = str(number)
    if key in ("governorate_name", "center_name") and not value:
        raise ValidationError({key: f"{LABELS[key]} نباید خالی باشد."})
    if key.startswith("template."):  # letter templates name only the placeholders they know
        from app.domain.letters import template_problem

        problem = template_problem(key, value)
        if problem:
            raise ValidationError({key: problem})
    if key == "followup_signer" and value:
        value = value.lower()
        problem = standing_signer_problem(value)
        if problem:
            raise ValidationError({key: problem})
    if key == "letter_number_format":
        from app.domain.numbering import check_number_format

        problem = check_number_format(value)
        if problem:
            raise ValidationError({key: problem})
    return value


def standing_signer_problem(username: str) -> str | None:
    """Why `username` cannot sign follow-up letters for others (None when an active official can): checked
    when the supervisor names them and again each time a letter is issued in their name."""
    from app.domain.roles import Role
    from app.models import User

    user = User.get_or_none(User.username == username)
    if user is None:
        return f"کاربری با نام «{username}» نیست."
    if not user.active:
        return f"حساب «{user.full_name}» غیرفعال است."
    if user.role != Role.OFFICIAL:
        return f"«{user.full_name}» مسئول نیست؛ نامه را فقط مسئول امضا می‌کند."
    if not normalize_line(user.title or ""):
        return f"سمت «{user.full_name}» که زیر نامه چاپ می‌شود ثبت نشده است."
    return None


def update(actor: Actor, values: dict[str, str]) -> dict[str, str]:
    """Validate every value first; then save all of them, or none."""
    require(
        actor, "manage_templates" if all(k.startswith("template.") for k in values) else "manage_settings"
    )
    clean = {}
    errors = {}
    for key, value in values.items():
        if isinstance(value, str) and has_control_chars(
            value.replace("\r", ""), allow_newlines=key.startswith("template.")
        ):
            errors[key] = (
                f"«{LABELS.get(key, key)}» نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."
            )
            continue
        try:
            clean[key] = _validate(key, value)
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    with database.atomic():
        before = get_all()
        for key, value in clean.items():
            Setting.insert(key=key, value=value).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: value}
            ).execute()
        audit.record(actor, "settings.update", "settings", None, changes=audit.changes(before, clean))
    return get_all()


def ensure_defaults() -> None:
    """Write defaults that are missing (on init), so every PC sees the same values."""
    existing = {s.key for s in Setting.select(Setting.key)}
    missing = [{"key": key, "value": value} for key, value in DEFAULTS.items() if key not in existing]
    if missing:
        # several PCs starting a new database together each find the same keys missing: the first one's
        # rows stand, the others' are skipped (a plain INSERT failed the others' start with a duplicate key)
        Setting.insert_many(missing).on_conflict_ignore().execute()
