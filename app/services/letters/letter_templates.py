"""Letter body templates: the supervisor edits them; a template with an unknown placeholder is refused,
naming it. Templates are settings keys starting with "template." (app.services.admin.settings)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.letters import BODY_TEMPLATE_KEY, TEMPLATES, template_problem
from app.models import Setting
from app.services.actor import Actor, require
from app.services.admin import settings
from app.services.errors import ValidationError
from reports.fonts import missing_glyphs


@dataclass(frozen=True)
class TemplateInfo:
    key: str
    label: str
    text: str
    is_default: bool
    placeholders: dict[str, str]  # name -> what it becomes


def get_template(key: str = BODY_TEMPLATE_KEY) -> str:
    """The saved template, or its default."""
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row and row.value.strip() else TEMPLATES[key][2]


def template_info(key: str = BODY_TEMPLATE_KEY) -> TemplateInfo:
    label, placeholders, default = TEMPLATES[key]
    text = get_template(key)
    return TemplateInfo(key, label, text, text == default, dict(placeholders))


def glyph_problem(text: str) -> str | None:
    """A Persian sentence naming characters the letter font cannot print, or None."""
    missing = missing_glyphs(text)
    if not missing:
        return None
    shown = " ".join(sorted(missing)[:5])
    return f"این نویسه‌ها در نامه چاپ نمی‌شوند؛ آن‌ها را بردارید: {shown}"


def check_template(key: str, text: str) -> str | None:
    return template_problem(key, text) or glyph_problem(text)


def save_template(actor: Actor, key: str, text: str) -> TemplateInfo:
    """Validate (placeholders, printable characters) and save; the change is audited by settings.update."""
    require(actor, "manage_templates")
    if key not in TEMPLATES:
        raise ValidationError({"key": f"قالب «{key}» شناخته نیست."})
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    problem = check_template(key, text)
    if problem:
        raise ValidationError({"template": problem})
    settings.update(actor, {key: text})
    return template_info(key)


def reset_template(actor: Actor, key: str = BODY_TEMPLATE_KEY) -> TemplateInfo:
    return save_template(actor, key, TEMPLATES[key][2])


SAMPLE_FACTS = dict(
    citizen_name="زهرا قاسم‌زاده",
    national_code="1361234567",
    phone="09141234567",
    county="مراغه",
    tracking_code="050012348",
    request_type="شکایت",
    subject="قطع برق روستای قشلاق",
    request_text="برق روستا از شنبه قطع است و تماس با ۱۲۱ بی‌نتیجه ماند.",
)


def sample_pdf(text: str, key: str = BODY_TEMPLATE_KEY) -> bytes:
    """A sample letter (made-up case, today's date) rendered with `text` as the body template, so the
    supervisor sees an edit before saving it. ValidationError when the template is not usable."""
    import datetime as dt

    from app.domain import jalali
    from app.services.admin import settings as settings_service
    from app.services.letters.letter_content import CaseFacts, Signer, build_content
    from reports.letter import render_letter

    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    problem = check_template(key, text)
    if problem:
        raise ValidationError({"template": problem})
    values = settings_service.get_all()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    today = jalali.today_local()
    facts = CaseFacts(case_date=today, **SAMPLE_FACTS)
    content = build_content(
        number="۱۱۱/نمونه",
        issued_at=now,
        settings=values,
        template=text,
        facts=facts,
        agency_name="شرکت توزیع نیروی برق استان آذربایجان شرقی",
        recipient="مدیرعامل محترم شرکت توزیع نیروی برق استان آذربایجان شرقی",
        instruction="بررسی و نتیجه اعلام شود.",
        due_date=today + dt.timedelta(days=10),
        priority="normal",
        signer=Signer("نام امضاکننده", "سمت امضاکننده"),
        cc=[{"name": "فرمانداری شهرستان مراغه", "purpose": "جهت اطلاع"}],
    )
    return render_letter(content)
