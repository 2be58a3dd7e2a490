"""After the referral: recording what an agency answered (with its scanned attachments), re-routing a case
the agency says is not its responsibility, and finding the referral an agency's letter answers.

Rules (app.domain.followup holds the values):
- A response is recorded only for an issued referral whose letter stands (not a draft, not cancelled,
  not already answered), dated on or after the day the referral was issued and not in the future.
- «In progress» is an interim reply: recorded, but the referral stays waiting. Any other result answers
  the referral (answered_at = when the center received and recorded it: that is what on-time means).
- The case becomes «answered» when none of its referrals is still waiting (see derived_status).
- Re-routing: the not-responsible referral becomes «rerouted» and a new referral to another agency is made
  with rerouted_from pointing at it; an official issues it at once (a numbered letter), anyone else prepares
  it as a draft for an official. Both histories stay.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from dataclasses import dataclass

from app.db import database
from app.domain import jalali
from app.domain.followup import RESULT_LABELS, ResponseResult, answers_referral
from app.domain.roles import allowed
from app.domain.status import CaseStatus, LetterStatus, ReferralStatus, transition_error
from app.domain.text import has_control_chars, normalize_line
from app.models import Agency, AgencyResponse, Attachment, Case, Letter, Referral, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases import accountability_summary, case_status
from app.services.errors import Conflict, NotFound, ValidationError
from app.services.letters import referrals
from app.services.text_fields import clean_text

MAX_TEXT, MAX_NUMBER, MAX_FILENAME = 4000, 60, 200
MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES = 10, 10 * 1024 * 1024

FIELD_LABELS = {
    "agency_letter_number": "شماره نامه دستگاه",
    "agency_letter_date": "تاریخ نامه دستگاه",
    "text": "متن پاسخ",
    "result": "نتیجه",
    "attachments": "پیوست‌ها",
    "agency_id": "دستگاه تازه",
    "instruction": "دستور",
    "due_date": "مهلت پاسخ",
}


@dataclass(frozen=True)
class AttachmentIn:
    """A scanned page or file to keep with the case."""

    filename: str
    data: bytes
    mime_type: str = ""


@dataclass(frozen=True)
class ResponseInfo:
    id: int
    referral_id: int
    case_id: int
    result: str
    referral_status: str
    case_status: str
    attachment_ids: list[int]
    rerouted_to: referrals.ReferralInfo | None = None

    @property
    def result_label(self) -> str:
        return RESULT_LABELS[ResponseResult(self.result)]


@dataclass(frozen=True)
class ReferralSummary:
    """What the response dialog shows about the referral being answered."""

    id: int
    case_id: int
    tracking_code: str
    subject: str
    citizen_name: str
    agency_id: int
    agency_name: str
    status: str
    instruction: str
    issued_at: dt.datetime | None
    due_date: dt.date
    letter_number: str
    letter_status: str
    responses: int


# --- reading -----------------------------------------------------------------------------------------


def _referral(referral_id) -> Referral:
    r = None
    if isinstance(referral_id, int) and not isinstance(referral_id, bool) and 0 < referral_id < 2**62:
        r = Referral.get_or_none(Referral.id == referral_id)
    if r is None:
        raise NotFound(f"ارجاع با شناسه {referral_id} پیدا نشد.")
    return r


def current_letter(referral_id: int) -> Letter | None:
    """The referral's standing letter (the latest referral letter, issued or cancelled)."""
    return (
        Letter.select()
        .where((Letter.referral == referral_id) & (Letter.kind == "referral"))
        .order_by(Letter.id.desc())
        .first()
    )


def referral_summary(referral_id: int) -> ReferralSummary:
    r = _referral(referral_id)
    case = Case.get_by_id(r.case_id)
    letter = current_letter(r.id)
    count = AgencyResponse.select().where(AgencyResponse.referral == r.id).count()
    return ReferralSummary(
        r.id,
        case.id,
        case.tracking_code,
        case.subject,
        case.caller_name,
        r.agency_id,
        r.agency.name,
        r.status,
        r.instruction,
        r.issued_at,
        r.due_date,
        letter.number if letter else "",
        letter.status if letter else "",
        count,
    )


def find_referral(text: str) -> ReferralSummary:
    """The referral an agency's reply names: by our letter number (e.g. «۱۱۱/۱۴۰۵/۰۰۰۱۲», any kind of letter
    of that referral), or by the case's tracking code when the case has one waiting referral."""
    from app.services.letters import letters

    clean = normalize_line(text or "")
    if not clean:
        raise ValidationError({"find": "شماره نامه یا کد رهگیری را بنویسید."})
    letter = Letter.get_or_none(Letter.number == letters.normalize_number(clean))
    if letter is not None:
        return referral_summary(letter.referral_id)
    code = re.sub(r"[\s-]", "", clean)
    case = Case.get_or_none(Case.tracking_code == code)
    if case is None:
        raise NotFound(f"نامه یا پرونده‌ای با «{clean}» پیدا نشد.")
    waiting = [
        r
        for r in Referral.select(Referral.id, Referral.status).where(Referral.case == case.id)
        if r.status == ReferralStatus.ISSUED
    ]
    if len(waiting) == 1:
        return referral_summary(waiting[0].id)
    if not waiting:
        raise NotFound("این پرونده ارجاع در انتظار پاسخ ندارد.")
    raise ValidationError({"find": "این پرونده چند ارجاع در انتظار پاسخ دارد؛ شماره نامه ما را بنویسید."})


# --- validation --------------------------------------------------------------------------------------


def _text(errors: dict, field: str, raw, limit: int, required: bool, multiline: bool = False) -> str:
    return clean_text(
        errors, field, raw, label=FIELD_LABELS[field], limit=limit, required=required, multiline=multiline
    )


def _clean_filename(name) -> str:
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and not has_control_chars(c)).strip()
    return normalize_line(name)[:MAX_FILENAME] or "پیوست"


def clean_attachments(errors: dict, items) -> list[AttachmentIn]:
    if items and not isinstance(items, list | tuple):  # e.g. a number or a text from a JSON record
        errors["attachments"] = "پیوست‌ها باید فهرستی از پرونده‌ها باشند."
        return []
    items = list(items or [])
    if len(items) > MAX_ATTACHMENTS:
        errors["attachments"] = f"بیش از {MAX_ATTACHMENTS} پیوست نمی‌توان افزود."
        return []
    out = []
    for item in items:
        if not isinstance(item, AttachmentIn) or not isinstance(item.data, bytes | bytearray):
            errors["attachments"] = "پیوست خوانده نشد."
            return []
        name = _clean_filename(item.filename)
        if not item.data:
            errors["attachments"] = f"پرونده «{name}» خالی است."
            return []
        if len(item.data) > MAX_ATTACHMENT_BYTES:
            errors["attachments"] = (
                f"پرونده «{name}» بیش از {MAX_ATTACHMENT_BYTES // (1024 * 1024)} مگابایت است؛ "
                "آن را با کیفیت کمتر پویش کنید."
            )
            return []
        mime = item.mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        out.append(AttachmentIn(name, bytes(item.data), mime[:100]))
    return out


def issued_day(r: Referral) -> dt.date:
    return jalali.to_local(r.issued_at).date() if r.issued_at else jalali.today_local()


def check_answerable(r: Referral) -> None:
    """Refuse (Conflict) a response to a referral that is not waiting for one."""
    letter = current_letter(r.id)
    number = f" (نامه {letter.number})" if letter else ""
    if r.status == ReferralStatus.CANCELLED or (
        letter is not None and letter.status == LetterStatus.CANCELLED and r.status != ReferralStatus.ANSWERED
    ):
        raise Conflict(f"نامه این ارجاع{number} باطل شده است؛ پاسخی برای آن ثبت نمی‌شود.")
    if r.status == ReferralStatus.DRAFT:
        raise Conflict("این ارجاع هنوز صادر نشده است؛ پیش از صدور نامه پاسخی ثبت نمی‌شود.")
    if r.status == ReferralStatus.WITHDRAWN:
        raise Conflict(
            "این ارجاع با بستن پرونده پس گرفته شده است؛ برای ثبت پاسخ، نخست پرونده را بازگشایی کنید."
        )
    if r.status in (ReferralStatus.ANSWERED, ReferralStatus.REROUTED):
        raise Conflict(f"پاسخ این ارجاع{number} پیش‌تر ثبت شده است.")


def validate_response(r: Referral, data: dict, today: dt.date) -> dict:
    if not isinstance(data, dict):
        raise ValidationError({"": "اطلاعات پاسخ باید یک شیء با فیلدهای نام‌دار باشد."})
    errors: dict[str, str] = {}
    clean = {
        "agency_letter_number": _text(
            errors, "agency_letter_number", data.get("agency_letter_number"), MAX_NUMBER, False
        ),
        "text": _text(errors, "text", data.get("text"), MAX_TEXT, True, multiline=True),
    }
    try:
        clean["result"] = ResponseResult(data.get("result") or "")
    except ValueError:
        errors["result"] = "نتیجه پاسخ را انتخاب کنید."
    day = data.get("agency_letter_date")
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        errors["agency_letter_date"] = "تاریخ نامه دستگاه را وارد کنید."
    elif day < issued_day(r):
        errors["agency_letter_date"] = (
            f"تاریخ پاسخ ({jalali.format_jalali(day)}) پیش از تاریخ ارجاع "
            f"({jalali.format_jalali(issued_day(r))}) است."
        )
    elif day > today:
        errors["agency_letter_date"] = f"تاریخ پاسخ ({jalali.format_jalali(day)}) هنوز نرسیده است."
    clean["agency_letter_date"] = day
    clean["attachments"] = clean_attachments(errors, data.get("attachments"))
    if errors:
        raise ValidationError(errors)
    return clean


# --- writing -----------------------------------------------------------------------------------------


def _store_attachments(
    actor: Actor, case_id: int, response_id: int | None, items: list[AttachmentIn], now: dt.datetime
) -> list[int]:
    ids = []
    for item in items:
        row = Attachment.create(
            case=case_id,
            response=response_id,
            filename=item.filename,
            mime_type=item.mime_type,
            data=item.data,
            added_by=actor.user_id,
            added_at=now,
        )
        ids.append(row.id)
    return ids


def record_response(
    actor: Actor, referral_id: int, data: dict, *, reroute: dict | None = None, now: dt.datetime | None = None
) -> ResponseInfo:
    """Record an agency's answer to a referral, by the person who received it; optionally re-route in the
    same transaction (`reroute` = {"agency_id", "instruction", "due_date", "working_days"}; only with the
    result «not_responsible»). Nothing is saved when anything is refused."""
    require(actor, "record_response")
    r = _referral(referral_id)
    check_answerable(r)
    today = jalali.today_local() if now is None else jalali.to_local(now).date()
    clean = validate_response(r, data, today)
    if reroute is not None and clean["result"] != ResponseResult.NOT_RESPONSIBLE:
        raise ValidationError(
            {"result": "ارجاع به دستگاه دیگر تنها وقتی است که دستگاه پاسخ دهد موضوع «خارج از وظایف» آن است."}
        )
    if reroute is not None:
        validate_reroute(r, reroute)
    with database.atomic():
        r = case_status.lock_referral(
            r.id
        )  # its case first: another PC's change to the case waits or is seen
        check_answerable(r)
        now = now or utcnow()
        response = AgencyResponse.create(
            referral=r.id,
            agency_letter_number=clean["agency_letter_number"],
            agency_letter_date=clean["agency_letter_date"],
            text=clean["text"],
            result=str(clean["result"]),
            received_by=actor.user_id,
            received_at=now,
        )
        attachment_ids = _store_attachments(actor, r.case_id, response.id, clean["attachments"], now)
        with accountability_summary.tracking(r.case_id):  # answered, re-routed, a new referral issued
            answered = answers_referral(clean["result"])
            if answered:
                updated = (
                    Referral.update(status=ReferralStatus.ANSWERED, answered_at=now)
                    .where((Referral.id == r.id) & (Referral.status == ReferralStatus.ISSUED))
                    .execute()
                )
                if updated != 1:
                    raise Conflict("پاسخ این ارجاع هم‌زمان در جای دیگری ثبت شد؛ فهرست را تازه کنید.")
            audit.record(
                actor,
                "referral.response",
                "referral",
                r.id,
                response_id=response.id,
                case_id=r.case_id,
                agency=r.agency.name,
                result=str(clean["result"]),
                agency_letter_number=clean["agency_letter_number"],
                agency_letter_date=clean["agency_letter_date"],
                attachments=len(attachment_ids),
                answered=answered,
            )
            rerouted = _reroute(actor, r, reroute, now) if reroute is not None else None
        case = case_status.lock_case(r.case_id)
        case = case_status.sync_with_referrals(actor, case, now=now, referral_id=r.id)
        status = Referral.get_by_id(r.id).status
    return ResponseInfo(
        response.id, r.id, r.case_id, str(clean["result"]), status, case.status, attachment_ids, rerouted
    )


def validate_reroute(r: Referral, data: dict) -> dict:
    """The new agency (active, not the same, not already waiting on this case) and the order's fields."""
    if not isinstance(data, dict):
        raise ValidationError({"agency_id": "دستگاه تازه را انتخاب کنید."})
    errors: dict[str, str] = {}
    agency = None
    raw = data.get("agency_id")
    try:
        agency_id = int(raw) if raw not in (None, "") and not isinstance(raw, bool) else None
    except (TypeError, ValueError):
        agency_id = None
    if agency_id is not None and abs(agency_id) < 2**62:
        agency = Agency.get_or_none((Agency.id == agency_id) & (Agency.active == True))  # noqa: E712
    if agency is None:
        errors["agency_id"] = "دستگاه تازه را از فهرست دستگاه‌های فعال انتخاب کنید."
    elif agency.id == r.agency_id:
        errors["agency_id"] = "دستگاه تازه همان دستگاهی است که پاسخ داده موضوع در وظایف آن نیست."
    elif agency.kind == "inspection":
        errors["agency_id"] = "ارجاع به دفتر بازرسی از راه «ارجاع به بازرسی» در پیگیری مهلت‌ها انجام می‌شود."
    elif any(
        x.status in (ReferralStatus.DRAFT, ReferralStatus.ISSUED)
        for x in Referral.select(Referral.status).where(
            (Referral.case == r.case_id) & (Referral.agency == agency.id)
        )
    ):
        errors["agency_id"] = f"این پرونده هم‌اکنون به «{agency.name}» ارجاع شده و در انتظار پاسخ است."
    if errors:
        raise ValidationError(errors)
    instruction = data.get("instruction")
    order = {
        "agency_ids": [agency.id],
        "instruction": r.instruction if instruction in (None, "") else instruction,
        "due_date": data.get("due_date"),
        "working_days": bool(data.get("working_days", r.working_days)),
        "priority": r.priority,
        "cc": [],
        "attachments": "",
    }
    try:
        referrals.validate_order(Case.get_by_id(r.case_id), order)
    except ValidationError as exc:  # the order form's names, as the re-route fields
        raise ValidationError(
            {("agency_id" if k == "agency_ids" else k): v for k, v in exc.errors.items()}
        ) from None
    return {"agency": agency, "order": order}


def _reroute(actor: Actor, r: Referral, data: dict, now: dt.datetime) -> referrals.ReferralInfo:
    """Inside the caller's transaction: mark `r` rerouted and make the new referral (issued by an official,
    otherwise a draft for one). The order's own checks (referrals.validate_order) apply to it."""
    clean = validate_reroute(r, data)
    order = clean["order"]
    updated = (
        Referral.update(status=ReferralStatus.REROUTED)
        .where((Referral.id == r.id) & (Referral.status == ReferralStatus.ANSWERED))
        .execute()
    )
    if updated != 1:
        raise Conflict("این ارجاع هم‌زمان در جای دیگری تغییر کرد؛ فهرست را تازه کنید.")
    draft = referrals.prepare_draft(actor, r.case_id, order, session_id=None)[0]
    Referral.update(rerouted_from=r.id).where(Referral.id == draft.id).execute()
    info = draft
    if allowed(actor.role, "issue_referral"):
        info = referrals.issue_order(actor, r.case_id, order, draft_ids=[draft.id], now=now)[0]
    audit.record(
        actor,
        "referral.reroute",
        "referral",
        r.id,
        case_id=r.case_id,
        from_agency=r.agency.name,
        to_agency=clean["agency"].name,
        new_referral_id=info.id,
        issued=info.status == ReferralStatus.ISSUED,
    )
    return info


def reroute(
    actor: Actor, referral_id: int, data: dict, *, now: dt.datetime | None = None
) -> referrals.ReferralInfo:
    """Re-route a referral already answered «not responsible» (the answer was recorded before)."""
    require(actor, "record_response")
    r = _referral(referral_id)
    last = (
        AgencyResponse.select()
        .where(AgencyResponse.referral == r.id)
        .order_by(AgencyResponse.id.desc())
        .first()
    )
    if r.status != ReferralStatus.ANSWERED or last is None or last.result != ResponseResult.NOT_RESPONSIBLE:
        raise Conflict("تنها ارجاعی که دستگاه درباره آن پاسخ «خارج از وظایف» داده است به دستگاه دیگر می‌رود.")
    case = Case.get_by_id(r.case_id)
    if case.status not in (CaseStatus.REFERRED, CaseStatus.ANSWERED):
        raise Conflict(transition_error(case.status, CaseStatus.REFERRED))
    validate_reroute(r, data)
    with database.atomic():
        r = case_status.lock_referral(r.id)
        case = Case.get_by_id(r.case_id)  # read after the lock: closed at the call back meanwhile is refused
        if r.status != "answered" or case.status not in ("referred", "answered"):
            raise Conflict("این ارجاع یا پرونده آن هم‌زمان در جای دیگری تغییر کرد؛ فهرست را تازه کنید.")
        now = now or utcnow()
        info = _reroute(actor, r, data, now)
        case_status.sync_with_referrals(actor, case_status.lock_case(r.case_id), now=now, referral_id=r.id)
    return info
