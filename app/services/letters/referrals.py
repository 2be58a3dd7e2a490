"""Referral orders: an operator or official prepares a draft; only an official issues it. Issuing makes one
Referral and one numbered Letter per agency, with the letter's content frozen as issued. A letter is
never changed afterwards: it can be cancelled (its number is never reused) or replaced by a corrected one.

Validation happens before any write and the letter number is taken inside the issuing transaction, so
bad input issues nothing and consumes no number.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import peewee

from app.db import database, retry_on_contention
from app.domain import jalali
from app.domain.letters import (
    BODY_TEMPLATE_KEY,
    PRIORITY_LABELS,
    SIBLING_CC_PURPOSE,
    UNISSUED_NUMBER,
    Priority,
    recipient_line,
)
from app.domain.numbering import format_number
from app.domain.status import CaseStatus, LetterStatus, ReferralStatus, can_move, transition_error
from app.domain.text import has_control_chars, normalize_line, normalize_text
from app.models import Agency, Case, Letter, LetterCounter, OfficialSession, Referral, User, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.admin import settings as settings_service
from app.services.cases import accountability_summary, case_status
from app.services.errors import Conflict, NotFound, ValidationError
from app.services.letters import holidays, letter_templates, letters
from app.services.letters.counters import next_serial
from app.services.letters.letter_content import Signer, build_content, case_facts, replaces_line
from reports.letter import render_letter

MAX_INSTRUCTION, MAX_AGENCIES, MAX_CC, MAX_CC_NAME, MAX_CC_PURPOSE = 2000, 12, 12, 250, 100
MAX_ATTACHMENTS, MAX_REASON, MAX_DUE_DAYS = 100, 500, 365


@dataclass(frozen=True)
class OrderDefaults:
    """What the order form starts from, for one case."""

    case_id: int
    tracking_code: str
    subject: str
    citizen_name: str
    request_type: str
    status: str
    request_text: str  # what the citizen asked, for the official to read before ordering
    agency_id: int | None  # the agency the case concerns, preselected
    due_days: int
    due_date: dt.date  # due_days calendar days from today
    drafts: list[int]  # this case's drafts waiting for an official


@dataclass(frozen=True)
class ReferralInfo:
    id: int
    case_id: int
    agency_id: int
    agency_name: str
    status: str
    due_date: dt.date
    priority: str
    letter_id: int | None = None
    letter_number: str = ""


@dataclass(frozen=True)
class LetterPreview:
    """One letter as it will be issued, not yet numbered: who it goes to and its printed content."""

    agency_name: str
    content: dict

    def pdf(self) -> bytes:
        return render_letter(self.content, logo=letters.stored_logo(self.content.get("logo_sha256", "")))


@dataclass(frozen=True)
class BatchResult:
    issued: list[ReferralInfo]
    failed: dict[int, str]  # draft id -> why it was not issued


@dataclass(frozen=True)
class DraftRow:
    id: int
    case_id: int
    tracking_code: str
    subject: str
    agency_name: str
    instruction: str
    due_date: dt.date
    priority: str
    prepared_by: str
    created_at: dt.datetime
    session_id: int | None


# --- reading ----------------------------------------------------------------------------------------


def _case(case_id: int) -> Case:
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFound("این پرونده پیدا نشد.")
    return case


def order_defaults(case_id: int) -> OrderDefaults:
    case = _case(case_id)
    days = case.request_type.due_days
    drafts = [
        r.id
        for r in Referral.select(Referral.id)
        .where((Referral.case == case.id) & (Referral.status == ReferralStatus.DRAFT))
        .order_by(Referral.id)
    ]
    return OrderDefaults(
        case.id,
        case.tracking_code,
        case.subject,
        case.caller_name,
        case.request_type.name,
        case.status,
        case.description or case.subject,
        case.agency_id,
        days,
        default_due_date(days, False),
        drafts,
    )


def default_due_date(days: int, working_days: bool, start: dt.date | None = None) -> dt.date:
    """The deadline `days` days after start (today): calendar days, or working days skipping Fridays and
    the holidays in the Holiday table."""
    return holidays.due_date(start or jalali.today_local(), days, working_days)


def draft_data(referral_id: int) -> dict:
    """A draft as the order form's data (for an official to review and issue)."""
    r = Referral.get_or_none((Referral.id == referral_id) & (Referral.status == ReferralStatus.DRAFT))
    if r is None:
        raise NotFound("این پیش‌نویس دیگر در انتظار صدور نیست.")
    return {
        "agency_ids": [r.agency_id],
        "instruction": r.instruction,
        "due_date": r.due_date,
        "working_days": r.working_days,
        "priority": r.priority,
        "cc": json.loads(r.cc or "[]"),
        "attachments": r.attachments,
        "case_id": r.case_id,
        "session_id": r.session_id,
    }


def draft_data_for_letter(letter_id: int) -> dict:
    """The order behind an issued letter as the order form's data (to write a corrected letter)."""
    letter = Letter.get_or_none(Letter.id == letter_id)
    if letter is None:
        raise NotFound("این نامه پیدا نشد.")
    r = letter.referral
    return {
        "agency_ids": [r.agency_id],
        "instruction": r.instruction,
        "due_date": r.due_date,
        "working_days": r.working_days,
        "priority": r.priority,
        "cc": json.loads(r.cc or "[]"),
        "attachments": r.attachments,
        "case_id": r.case_id,
    }


def list_drafts(
    session_id: int | None = None, case_id: int | None = None, limit: int = 1000
) -> list[DraftRow]:
    query = (
        Referral.select(Referral, Case, Agency, User)
        .join(Case)
        .switch(Referral)
        .join(Agency)
        .switch(Referral)
        .join(User, on=(Referral.prepared_by == User.id))
        .where(Referral.status == ReferralStatus.DRAFT)
        .order_by(Referral.created_at, Referral.id)
        .limit(limit)
    )
    if session_id:
        query = query.where(Referral.session == session_id)
    if case_id:
        query = query.where(Referral.case == case_id)
    return [
        DraftRow(
            r.id,
            r.case_id,
            r.case.tracking_code,
            r.case.subject,
            r.agency.name,
            r.instruction,
            r.due_date,
            r.priority,
            r.prepared_by.full_name,
            r.created_at,
            r.session_id,
        )
        for r in query
    ]


def referral_infos(case_id: int) -> list[ReferralInfo]:
    """A case's referrals with their current letter (for the case view)."""
    out = []
    query = (
        Referral.select(Referral, Agency)
        .join(Agency)
        .where(Referral.case == case_id)
        .order_by(Referral.created_at, Referral.id)
    )
    for r in query:
        letter = Letter.select().where(Letter.referral == r.id).order_by(Letter.id.desc()).first()
        out.append(_referral_info(r, letter))
    return out


def _referral_info(r: Referral, letter: Letter | None = None) -> ReferralInfo:
    return ReferralInfo(
        r.id,
        r.case_id,
        r.agency_id,
        r.agency.name,
        r.status,
        r.due_date,
        r.priority,
        letter.id if letter else None,
        letter.number if letter else "",
    )


# --- validation -------------------------------------------------------------------------------------


def _glyphs(errors: dict, field: str, label: str, *texts: str) -> None:
    if field in errors:
        return
    problem = letter_templates.glyph_problem(" ".join(t for t in texts if t))
    if problem:
        errors[field] = f"{label}: {problem}"


def _clean_cc(errors: dict, raw) -> list[dict]:
    if raw and not isinstance(raw, list | tuple):  # e.g. a number or a text from a JSON record
        errors["cc"] = "رونوشت‌ها باید فهرستی از گیرنده‌ها باشند."
        return []
    items = []
    for entry in raw or []:
        name, purpose = (
            (entry.get("name", ""), entry.get("purpose", "")) if isinstance(entry, dict) else (entry, "")
        )
        if has_control_chars(str(name)) or has_control_chars(str(purpose)):
            errors["cc"] = "رونوشت نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."
            return []
        name, purpose = normalize_line(str(name)), normalize_line(str(purpose))
        if not name and not purpose:
            continue
        if not name:
            errors["cc"] = "گیرنده رونوشت را بنویسید."
        elif len(name) > MAX_CC_NAME or len(purpose) > MAX_CC_PURPOSE:
            errors["cc"] = "نام گیرنده رونوشت یا هدف آن بیش از اندازه بلند است."
        items.append({"name": name, "purpose": purpose})
    if len(items) > MAX_CC:
        errors["cc"] = f"بیش از {MAX_CC} رونوشت نمی‌توان گذاشت."
    _glyphs(errors, "cc", "رونوشت", *(i["name"] + " " + i["purpose"] for i in items))
    return items


def _clean_agencies(errors: dict, raw) -> list[Agency]:
    ids = []
    for value in raw or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            errors["agency_ids"] = "دستگاه انتخاب‌شده در فهرست نیست."
            return []
    ids = list(dict.fromkeys(ids))
    if not ids:
        errors["agency_ids"] = "دست‌کم یک دستگاه اجرایی را برای ارجاع انتخاب کنید."
        return []
    if len(ids) > MAX_AGENCIES:
        errors["agency_ids"] = f"یک دستور به بیش از {MAX_AGENCIES} دستگاه نمی‌رود."
        return []
    found = {a.id: a for a in Agency.select().where(Agency.id.in_(ids) & (Agency.active == True))}  # noqa: E712
    if len(found) != len(ids):
        errors["agency_ids"] = "یکی از دستگاه‌های انتخاب‌شده در فهرست دستگاه‌های فعال نیست."
        return []
    agencies = [found[i] for i in ids]
    _glyphs(errors, "agency_ids", "نام دستگاه", *(a.name + " " + a.recipient for a in agencies))
    return agencies


def validate_order(case: Case, data: dict, today: dt.date | None = None) -> dict:
    """Check the order's fields; raise ValidationError naming each bad one, or return clean values."""
    errors: dict[str, str] = {}
    today = today or jalali.today_local()
    clean: dict = {"agencies": _clean_agencies(errors, data.get("agency_ids"))}
    raw = data.get("instruction") or ""
    if has_control_chars(str(raw).replace("\r", ""), allow_newlines=True):
        errors["instruction"] = "دستور نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."
    instruction = normalize_text(str(raw))
    if not instruction and "instruction" not in errors:
        errors["instruction"] = "دستور (متن ارجاع) را بنویسید یا یکی از عبارت‌های آماده را برگزینید."
    elif len(instruction) > MAX_INSTRUCTION:
        errors["instruction"] = f"دستور بیش از {MAX_INSTRUCTION} نویسه است."
    _glyphs(errors, "instruction", "دستور", instruction)
    clean["instruction"] = instruction
    clean["working_days"] = bool(data.get("working_days"))
    due = data.get("due_date")
    if due is None:
        due = default_due_date(case.request_type.due_days, clean["working_days"], today)
    if not isinstance(due, dt.date) or isinstance(due, dt.datetime):
        errors["due_date"] = "مهلت پاسخ را به شکل تاریخ وارد کنید."
    elif due < today:
        shown = jalali.format_jalali(due) if due.year >= 1000 else due.isoformat()  # jdatetime starts at 622
        errors["due_date"] = f"مهلت پاسخ ({shown}) گذشته است؛ تاریخی از امروز به بعد بگذارید."
    elif due > today + dt.timedelta(days=MAX_DUE_DAYS):
        errors["due_date"] = "مهلت پاسخ بیش از یک سال بعد است."
    clean["due_date"] = due
    try:
        clean["priority"] = Priority(data.get("priority") or Priority.NORMAL)
    except ValueError:
        errors["priority"] = "فوریت باید عادی یا فوری باشد."
    clean["cc"] = _clean_cc(errors, data.get("cc"))
    attachments = normalize_line(str(data.get("attachments") or ""))
    if has_control_chars(str(data.get("attachments") or "")):
        errors["attachments"] = "پیوست نویسه‌های کنترلی دارد."
    elif len(attachments) > MAX_ATTACHMENTS:
        errors["attachments"] = f"پیوست بیش از {MAX_ATTACHMENTS} نویسه است."
    _glyphs(errors, "attachments", "پیوست", attachments)
    clean["attachments"] = attachments
    if case.status != CaseStatus.REFERRED and not can_move(case.status, CaseStatus.REFERRED):
        errors["case"] = transition_error(case.status, CaseStatus.REFERRED)
    if errors:
        raise ValidationError(errors)
    return clean


def _check_session(session_id: int | None) -> None:
    if (
        session_id is not None
        and not OfficialSession.select().where(OfficialSession.id == session_id).exists()
    ):
        raise ValidationError({"session": "جلسه حضور انتخاب‌شده پیدا نشد."})


def signer_for(actor: Actor) -> Signer:
    """The person who signs a letter issued now: the acting official, with the title printed under it."""
    user = User.get_or_none(User.id == actor.user_id)
    if user is None:
        raise ValidationError({"signer_title": "امضاکننده نامه باید کاربری از همین سامانه باشد."})
    if not normalize_line(user.title or ""):
        raise ValidationError(
            {
                "signer_title": "سمت شما که زیر نامه چاپ می‌شود ثبت نشده است؛ از ناظر بخواهید "
                "آن را در حساب کاربری شما بنویسد."
            }
        )
    signer = Signer(normalize_line(user.full_name), normalize_line(user.title))
    errors: dict[str, str] = {}
    _glyphs(errors, "signer_title", "نام یا سمت امضاکننده", signer.name, signer.title)
    if errors:
        raise ValidationError(errors)
    return signer


def _letter_setup(case: Case) -> tuple[dict, str]:
    """The settings and template a letter is issued with, checked (template, printable characters)."""
    values = settings_service.get_all()
    template = letter_templates.get_template(BODY_TEMPLATE_KEY)
    problem = letter_templates.check_template(BODY_TEMPLATE_KEY, template)
    if problem:
        raise ValidationError({"template": problem + " قالب نامه را ناظر باید درست کند."})
    errors: dict[str, str] = {}
    _glyphs(
        errors, "governorate_name", "نام استانداری یا مرکز", values["governorate_name"], values["center_name"]
    )
    facts = case_facts(case)
    _glyphs(errors, "citizen_name", "نام شهروند", facts.citizen_name)
    _glyphs(errors, "subject", "موضوع پرونده", facts.subject)
    _glyphs(errors, "request_text", "متن درخواست پرونده", facts.request_text)
    if errors:
        raise ValidationError(errors)
    return values, template


# --- writing ----------------------------------------------------------------------------------------


def prepare_draft(
    actor: Actor, case_id: int, data: dict, *, session_id: int | None = None
) -> list[ReferralInfo]:
    """Save an order as drafts (one per agency) for an official to issue; no letter, no number."""
    require(actor, "prepare_referral")
    case = _case(case_id)
    validate_order(case, data)  # refused before anything is locked
    _check_session(session_id)
    out = []
    with database.atomic():
        clean = validate_order(case_status.lock_case(case.id), data)  # again, on the case as it is now
        for agency in clean["agencies"]:
            r = Referral.create(
                **_order_values(case.id, agency.id, clean),
                status=ReferralStatus.DRAFT,
                prepared_by=actor.user_id,
                session=session_id,
            )
            audit.record(
                actor,
                "referral.draft",
                "referral",
                r.id,
                case_id=case.id,
                agency=agency.name,
                due_date=clean["due_date"],
                priority=str(clean["priority"]),
            )
            out.append(_referral_info(r))
    return out


def discard_draft(actor: Actor, referral_id: int) -> None:
    """A draft no one will issue: kept, marked cancelled."""
    require(actor, "prepare_referral")
    with database.atomic():
        case_status.lock_referral(referral_id)
        updated = (
            Referral.update(status=ReferralStatus.CANCELLED)
            .where((Referral.id == referral_id) & (Referral.status == ReferralStatus.DRAFT))
            .execute()
        )
        if not updated:
            raise Conflict("این پیش‌نویس دیگر در انتظار صدور نیست.")
        audit.record(actor, "referral.discard", "referral", referral_id)


def _order_values(case_id: int, agency_id: int, clean: dict) -> dict:
    """A referral's fields as the order gives them, the same for a draft and an issued order."""
    return dict(
        case=case_id,
        agency=agency_id,
        instruction=clean["instruction"],
        priority=str(clean["priority"]),
        due_date=clean["due_date"],
        working_days=clean["working_days"],
        cc=json.dumps(clean["cc"], ensure_ascii=False),
        attachments=clean["attachments"],
    )


def _mark_referred(actor: Actor, case: Case, letters_issued: int) -> None:
    """registered -> referred on the first order (referred -> referred is recorded for later ones)."""
    case_status.apply_status(
        actor, case_status.lock_case(case.id), CaseStatus.REFERRED, letters=letters_issued
    )


def _order_content(
    number: str,
    now: dt.datetime,
    setup: tuple[dict, str],
    case: Case,
    agency: Agency,
    clean: dict,
    signer: Signer,
    cc: list[dict],
    logo_sha: str,
    reference: list[str] | None = None,
) -> dict:
    """One order letter's printed content: the same for the preview («پس از صدور») and the issued letter."""
    values, template = setup
    return build_content(
        number=number,
        issued_at=now,
        settings=values,
        template=template,
        facts=case_facts(case),
        agency_name=agency.name,
        recipient=recipient_line(agency.name, agency.recipient),
        instruction=clean["instruction"],
        due_date=clean["due_date"],
        priority=str(clean["priority"]),
        signer=signer,
        cc=cc,
        attachments=clean["attachments"],
        reference_lines=reference,
        logo_sha256=logo_sha,
    )


def _issue_letter(
    actor: Actor,
    referral: Referral,
    agency: Agency,
    case: Case,
    clean: dict,
    cc: list[dict],
    signer: Signer,
    setup: tuple[dict, str],
    now: dt.datetime,
    logo_sha: str,
    replaces: Letter | None = None,
) -> Letter:
    values = setup[0]
    reference = []
    if replaces is not None:
        reference.append(replaces_line(replaces.number, jalali.format_jalali(replaces.issued_at)))

    def content_for(number: str) -> dict:
        return _order_content(number, now, setup, case, agency, clean, signer, cc, logo_sha, reference)

    letter = issue_numbered_letter(
        actor,
        referral.id,
        "referral",
        content_for,
        now,
        number_format=values["letter_number_format"],
        replaces=replaces,
    )
    audit.record(
        actor,
        "letter.issue",
        "letter",
        letter.id,
        number=letter.number,
        referral_id=referral.id,
        case_id=case.id,
        agency=agency.name,
        replaces=replaces.number if replaces else None,
    )
    return letter


def issue_numbered_letter(
    actor: Actor,
    referral_id: int,
    kind: str,
    content_for: Callable[[str], dict],
    now: dt.datetime,
    *,
    number_format: str,
    replaces: Letter | None = None,
    follows: Letter | None = None,
) -> Letter:
    """The one numbering path of every letter (referral, reminder, escalation): inside the caller's
    transaction, take the next serial of the Jalali year, format the number, and store the letter whose
    frozen content is content_for(number). The caller audits it."""
    year = jalali.jalali_year(now)
    serial = next_serial(LetterCounter, year)
    number = format_number(number_format, year, serial)
    content = content_for(number)
    try:
        with database.atomic():  # a savepoint: a number clash must not poison the outer transaction
            return Letter.create(
                number=number,
                year=year,
                serial=serial,
                kind=kind,
                referral=referral_id,
                issued_at=now,
                issued_by=actor.user_id,
                content=json.dumps(content, ensure_ascii=False, sort_keys=True),
                signer_name=content.get("signer_name") or None,
                status=LetterStatus.ISSUED,
                replaces=replaces.id if replaces else None,
                follows=follows.id if follows else None,
            )
    except peewee.IntegrityError as exc:
        raise Conflict(
            f"شماره نامه {number} پیش‌تر به کار رفته است؛ قالب شماره نامه باید سال را داشته باشد "
            "تا شماره‌ها تکراری نشوند."
        ) from exc


def preview_order(
    actor: Actor, case_id: int, data: dict, *, session_id: int | None = None, now: dt.datetime | None = None
) -> list[LetterPreview]:
    """The letters an order would issue, one per agency, as the official will see them before signing:
    checked by the same rules as issue_order, numbered «پس از صدور», dated today, marked «پیش‌نمایش».
    Nothing is stored and no number is taken."""
    require(actor, "issue_referral")
    case = _case(case_id)
    clean = validate_order(case, data)
    _check_session(session_id)
    signer = signer_for(actor)
    setup = _letter_setup(case)
    now = now or utcnow()
    logo_sha = letters.logo_for_issue()
    out = []
    for agency in clean["agencies"]:
        cc = _cc_for(agency, clean["agencies"], clean["cc"])
        content = _order_content(UNISSUED_NUMBER, now, setup, case, agency, clean, signer, cc, logo_sha)
        out.append(LetterPreview(agency.name, content))
    return out


def preview_drafts(actor: Actor, draft_ids: list[int]) -> list[LetterPreview]:
    """The letters a batch of drafts would issue (a session's, or a selection), grouped and ordered as
    issue_drafts issues them; an order that would be refused is left out (issuing says why)."""
    require(actor, "issue_referral")
    rows = list(
        Referral.select()
        .where(Referral.id.in_(list(draft_ids) or [0]) & (Referral.status == "draft"))
        .order_by(Referral.id)
    )
    out: list[LetterPreview] = []
    for order in _draft_orders(rows):
        try:
            out += preview_order(actor, order.case_id, order.data, session_id=order.session_id)
        except (ValidationError, Conflict, NotFound):
            continue
    return out


@dataclass(frozen=True)
class _DraftOrder:
    case_id: int
    data: dict
    draft_ids: list[int]
    session_id: int | None


def _draft_orders(rows: list[Referral]) -> list[_DraftOrder]:
    """Drafts as the orders they make: a case's drafts written alike are one order to several agencies;
    drafts of one case written differently are issued each as written."""
    groups: dict[int, list[Referral]] = {}
    for r in rows:
        groups.setdefault(r.case_id, []).append(r)
    orders = []
    for case_id, group in groups.items():
        first = group[0]
        data = {
            "agency_ids": [r.agency_id for r in group],
            "instruction": first.instruction,
            "due_date": first.due_date,
            "working_days": first.working_days,
            "priority": first.priority,
            "cc": json.loads(first.cc or "[]"),
            "attachments": first.attachments,
        }
        if any(r.instruction != first.instruction or r.due_date != first.due_date for r in group):
            for r in group:
                single = dict(
                    data,
                    agency_ids=[r.agency_id],
                    instruction=r.instruction,
                    due_date=r.due_date,
                    priority=r.priority,
                    cc=json.loads(r.cc or "[]"),
                    attachments=r.attachments,
                )
                orders.append(_DraftOrder(case_id, single, [r.id], r.session_id))
        else:
            orders.append(_DraftOrder(case_id, data, [r.id for r in group], first.session_id))
    return orders


def _cc_for(agency: Agency, siblings: list[Agency], cc: list[dict]) -> list[dict]:
    """The order's copy recipients, plus the other agencies of the same order (each is told of the rest)."""
    names = {c["name"] for c in cc}
    extra = [
        {"name": a.name, "purpose": SIBLING_CC_PURPOSE}
        for a in siblings
        if a.id != agency.id and a.name not in names
    ]
    return extra + cc


@retry_on_contention
def issue_order(
    actor: Actor,
    case_id: int,
    data: dict,
    *,
    session_id: int | None = None,
    draft_ids: list[int] | tuple = (),
    now: dt.datetime | None = None,
) -> list[ReferralInfo]:
    """Issue an order: one Referral and one numbered Letter per agency, all or nothing. Drafts named in
    draft_ids become the issued referrals of their agency; drafts not used are discarded."""
    require(actor, "issue_referral")
    validate_order(_case(case_id), data)  # refused before anything is locked
    _check_session(session_id)
    signer = signer_for(actor)
    out = []
    with database.atomic():
        case = case_status.lock_case(case_id)  # then checked again on the case as it is now
        clean = validate_order(case, data)
        setup = _letter_setup(case)
        drafts = {
            r.agency_id: r
            for r in Referral.select().where(
                Referral.id.in_(list(draft_ids) or [0])
                & (Referral.case == case.id)
                & (Referral.status == "draft")
            )
        }
        if len(drafts) != len(set(draft_ids)):
            raise Conflict("یکی از پیش‌نویس‌ها دیگر در انتظار صدور نیست؛ فهرست را تازه کنید.")
        now = now or utcnow()
        logo_sha = letters.logo_for_issue()
        # counted before the case's status moves (_mark_referred): every writer updates the accountability
        # summary before the case summary, so two transactions never wait on each other's summary rows
        with accountability_summary.tracking(case.id):
            for agency in clean["agencies"]:
                values = dict(
                    _order_values(case.id, agency.id, clean),
                    status=ReferralStatus.ISSUED,
                    official=actor.user_id,
                    issued_at=now,
                )
                draft = drafts.pop(agency.id, None)
                if draft is not None:
                    values["session"] = session_id or draft.session_id
                    Referral.update(**values).where(Referral.id == draft.id).execute()
                    referral = Referral.get_by_id(draft.id)
                else:
                    referral = Referral.create(prepared_by=actor.user_id, session=session_id, **values)
                audit.record(
                    actor,
                    "referral.issue",
                    "referral",
                    referral.id,
                    case_id=case.id,
                    agency=agency.name,
                    due_date=clean["due_date"],
                    priority=str(clean["priority"]),
                    instruction=clean["instruction"],
                    from_draft=draft is not None,
                )
                letter = _issue_letter(
                    actor,
                    referral,
                    agency,
                    case,
                    clean,
                    _cc_for(agency, clean["agencies"], clean["cc"]),
                    signer,
                    setup,
                    now,
                    logo_sha,
                )
                out.append(_referral_info(referral, letter))
        for unused in drafts.values():
            Referral.update(status=ReferralStatus.CANCELLED).where(Referral.id == unused.id).execute()
            audit.record(actor, "referral.discard", "referral", unused.id, reason="not chosen when issued")
        _mark_referred(actor, case, len(out))
    return out


def issue_drafts(
    actor: Actor,
    draft_ids: list[int],
    *,
    session_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Issue many drafts at once (e.g. a whole session's). The drafts of one case are issued together;
    a case whose drafts are refused does not stop the others."""
    require(actor, "issue_referral")
    rows = list(Referral.select().where(Referral.id.in_(list(draft_ids) or [0])).order_by(Referral.id))
    found = {r.id for r in rows}
    failed = {i: "این پیش‌نویس دیگر در انتظار صدور نیست." for i in draft_ids if i not in found}
    groups: dict[int, list[Referral]] = {}
    for r in rows:
        if r.status != ReferralStatus.DRAFT:
            failed[r.id] = "این پیش‌نویس دیگر در انتظار صدور نیست."
        else:
            groups.setdefault(r.case_id, []).append(r)
    issued: list[ReferralInfo] = []
    done = 0
    for order in _draft_orders([r for group in groups.values() for r in group]):
        try:
            issued += issue_order(
                actor,
                order.case_id,
                order.data,
                session_id=session_id or order.session_id,
                draft_ids=order.draft_ids,
            )
        except (ValidationError, Conflict, NotFound) as exc:
            for i in order.draft_ids:
                failed[i] = exc.message
        done += len(order.draft_ids)
        if progress:
            progress(done, len(rows))
    return BatchResult(issued, failed)


def _issued_letter(letter_id: int) -> Letter:
    letter = Letter.get_or_none(Letter.id == letter_id)
    if letter is None:
        raise NotFound("این نامه پیدا نشد.")
    if letter.status == LetterStatus.CANCELLED:
        raise Conflict(f"نامه {letter.number} پیش‌تر باطل شده است.")
    return letter


def _clean_reason(reason: str) -> str:
    if has_control_chars(reason or "", allow_newlines=True):
        raise ValidationError({"reason": "علت نویسه‌های کنترلی یا جهت‌دهی پنهان دارد."})
    text = normalize_text(reason or "")
    if not text:
        raise ValidationError({"reason": "علت ابطال نامه را بنویسید."})
    if len(text) > MAX_REASON:
        raise ValidationError({"reason": f"علت بیش از {MAX_REASON} نویسه است."})
    errors: dict[str, str] = {}
    _glyphs(errors, "reason", "علت", text)
    if errors:
        raise ValidationError(errors)
    return text


def _cancel(actor: Actor, letter: Letter, reason: str, now: dt.datetime, *, referral_too: bool) -> None:
    updated = (
        Letter.update(
            status=LetterStatus.CANCELLED, cancelled_at=now, cancelled_by=actor.user_id, cancel_reason=reason
        )
        .where((Letter.id == letter.id) & (Letter.status == LetterStatus.ISSUED))
        .execute()
    )
    if not updated:
        raise Conflict(f"نامه {letter.number} پیش‌تر باطل شده است.")
    if referral_too:
        Referral.update(status=ReferralStatus.CANCELLED).where(
            (Referral.id == letter.referral_id) & (Referral.status == ReferralStatus.ISSUED)
        ).execute()
    audit.record(
        actor,
        "letter.cancel",
        "letter",
        letter.id,
        number=letter.number,
        reason=reason,
        changes={"status": [ReferralStatus.ISSUED.value, ReferralStatus.CANCELLED.value]},
    )


def cancel_letter(actor: Actor, letter_id: int, reason: str) -> letters.LetterRow:
    """Cancel an issued letter (an official, with a reason). Its number is never reused; its PDF is then
    marked «باطل شد»; its referral is cancelled too."""
    require(actor, "cancel_letter")
    reason = _clean_reason(reason)
    _issued_letter(letter_id)
    with database.atomic():
        letter = case_status.lock_letter(letter_id)
        with accountability_summary.tracking(letter.referral.case_id):
            _cancel(actor, letter, reason, utcnow(), referral_too=True)
        # every letter of the case cancelled: referred -> registered (app.domain.followup.derived_status)
        case_status.sync_with_referrals(
            actor, case_status.lock_case(letter.referral.case_id), cancelled_letter=letter.number
        )
    return letters.letter_rows([letter.id])[0]


def correct_letter(actor: Actor, letter_id: int, data: dict, reason: str = "") -> ReferralInfo:
    """A corrected letter: a new letter (new number) for the same referral, from the case as it stands now
    and the order's new fields; it refers to the old letter, which is cancelled."""
    require(actor, "issue_referral")
    require(actor, "cancel_letter")
    old = _issued_letter(letter_id)
    referral = Referral.get_by_id(old.referral_id)
    case = _case(referral.case_id)
    data = dict(data, agency_ids=[referral.agency_id])
    clean = validate_order(case, data)
    signer = signer_for(actor)
    setup = _letter_setup(case)
    reason = _clean_reason(reason) if normalize_text(str(reason or "")) else "اصلاح نامه"
    with database.atomic():
        old = case_status.lock_letter(letter_id)  # as it is now: a letter cancelled meanwhile is refused
        if old.status != "issued":
            raise Conflict(f"نامه {old.number} پیش‌تر باطل شده است.")
        referral = Referral.get_by_id(old.referral_id)
        case = Case.get_by_id(referral.case_id)
        clean = validate_order(case, data)
        now = utcnow()
        before = {
            "instruction": referral.instruction,
            "due_date": referral.due_date,
            "priority": referral.priority,
            "cc": referral.cc,
            "attachments": referral.attachments,
        }
        after = {
            "instruction": clean["instruction"],
            "due_date": clean["due_date"],
            "priority": str(clean["priority"]),
            "cc": json.dumps(clean["cc"], ensure_ascii=False),
            "attachments": clean["attachments"],
        }
        with accountability_summary.tracking(referral.case_id):  # the due date counts
            Referral.update(working_days=clean["working_days"], **after).where(
                Referral.id == referral.id
            ).execute()
        audit.record(actor, "referral.correct", "referral", referral.id, changes=audit.changes(before, after))
        letter = _issue_letter(
            actor,
            referral,
            referral.agency,
            case,
            clean,
            clean["cc"],
            signer,
            setup,
            now,
            letters.logo_for_issue(),
            replaces=old,
        )
        _cancel(actor, old, f"{reason} (جایگزین: نامه {letter.number})", now, referral_too=False)
    return _referral_info(Referral.get_by_id(referral.id), letter)


def priority_label(priority: str) -> str:
    return PRIORITY_LABELS[Priority(priority)]


def current_session_id(actor: Actor) -> int | None:
    """The session an order made now belongs to: the official's own open session, or (for an operator
    preparing drafts) the session open in the center."""
    from app.services.schedule import officials, sessions

    if actor.role == "official":
        official = officials.official_for_user(actor.user_id)
        session = sessions.current_session(official.id) if official else None
    else:
        session = sessions.current_session()
    return session.id if session else None
