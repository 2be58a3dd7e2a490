"""Registering calls: the operator's use case. One case per matter, one tracking code per case;
a repeat call about an open matter is a follow-up contact on the same case."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.db import database
from app.domain import jalali
from app.domain.identifiers import make_tracking_code, normalize_national_code, normalize_phone
from app.domain.status import Channel, NextStep
from app.domain.text import has_control_chars, normalize_line, normalize_text, search_key
from app.models import Agency, Case, Category, Citizen, Contact, County, RequestType, TrackingCounter, utcnow
from app.services import audit
from app.services.actor import Actor, require
from app.services.counters import next_serial
from app.services.errors import ValidationError

MAX_NAME, MAX_SUBJECT, MAX_DESCRIPTION, MAX_ADDRESS = 120, 200, 4000, 300


@dataclass(frozen=True)
class CaseInfo:
    id: int
    tracking_code: str
    status: str
    subject: str
    citizen_id: int
    citizen_name: str
    agency_id: int | None
    created_at: dt.datetime


def _info(case: Case, citizen: Citizen) -> CaseInfo:
    return CaseInfo(case.id, case.tracking_code, case.status, case.subject, citizen.id, citizen.full_name,
                    case.agency_id, case.created_at)


def _text(errors: dict, data: dict, field: str, limit: int, required: bool, label: str,
          multiline: bool = False) -> str:
    raw = data.get(field) or ""
    if not isinstance(raw, str):
        raw = str(raw)
    if has_control_chars(raw.replace("\r", ""), allow_newlines=multiline):
        errors[field] = f"{label} نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."
        return ""
    value = normalize_text(raw) if multiline else normalize_line(raw)
    if required and not value:
        errors[field] = f"{label} را بنویسید."
    elif len(value) > limit:
        errors[field] = f"{label} بیش از {limit} نویسه است."
    return value


def _ref(errors: dict, model, data: dict, field: str, label: str, required: bool = True):
    value = data.get(field)
    if value in (None, ""):
        if required:
            errors[field] = f"{label} را انتخاب کنید."
        return None
    try:
        row = model.get_or_none((model.id == int(value)) & (model.active == True))  # noqa: E712
    except (TypeError, ValueError):
        row = None
    if row is None:
        errors[field] = f"{label} انتخاب‌شده در فهرست نیست."
    return row


def validate_call(data: dict) -> dict:
    """Check every field of a call; raise ValidationError naming each bad field, or return clean values."""
    errors: dict[str, str] = {}
    clean = {
        "caller_name": _text(errors, data, "caller_name", MAX_NAME, True, "نام تماس‌گیرنده"),
        "subject": _text(errors, data, "subject", MAX_SUBJECT, True, "موضوع"),
        "description": _text(errors, data, "description", MAX_DESCRIPTION, False, "شرح", multiline=True),
        "address": _text(errors, data, "address", MAX_ADDRESS, False, "نشانی"),
    }
    code = data.get("national_code") or ""
    clean["national_code"] = None
    if str(code).strip():
        try:
            clean["national_code"] = normalize_national_code(str(code))
        except ValueError as exc:
            errors["national_code"] = str(exc)
    phone = data.get("phone") or ""
    clean["phone"] = None
    if str(phone).strip():
        try:
            clean["phone"] = normalize_phone(str(phone))
        except ValueError as exc:
            errors["phone"] = str(exc)
    if not clean["national_code"] and not clean["phone"] and "phone" not in errors and "national_code" not in errors:
        errors["phone"] = "شماره تلفن یا کد ملی تماس‌گیرنده را بنویسید تا بتوان با او تماس گرفت."
    clean["county"] = _ref(errors, County, data, "county_id", "شهرستان")
    clean["category"] = _ref(errors, Category, data, "category_id", "موضوع کلی (دسته)")
    clean["agency"] = _ref(errors, Agency, data, "agency_id", "دستگاه", required=False)
    rt = data.get("request_type")
    clean["request_type"] = RequestType.get_or_none(
        (RequestType.code == str(rt)) & (RequestType.active == True)) if rt else None  # noqa: E712
    if clean["request_type"] is None:
        errors["request_type"] = "نوع درخواست را انتخاب کنید." if not rt else "نوع درخواست شناخته نیست."
    try:
        clean["channel"] = Channel(data.get("channel") or Channel.PHONE)
    except ValueError:
        errors["channel"] = "راه تماس باید تلفن، حضوری، نامه یا سامانه اینترنتی باشد."
    try:
        clean["next_step"] = NextStep(data.get("next_step") or NextStep.REFER)
    except ValueError:
        errors["next_step"] = "گام بعدی باید راهنمایی، ارجاع یا نگه‌داشتن برای مسئول باشد."
    if errors:
        raise ValidationError(errors)
    return clean


def _upsert_citizen(clean: dict) -> Citizen:
    """The same person by national code (else by phone and name) is one citizen; details typed are kept fresh."""
    citizen = None
    if clean["national_code"]:
        citizen = Citizen.get_or_none(Citizen.national_code == clean["national_code"])
    if citizen is None and clean["phone"]:
        citizen = (Citizen.select().where((Citizen.phone == clean["phone"]) &
                                          (Citizen.name_key == search_key(clean["caller_name"]))).first())
    values = {"full_name": clean["caller_name"], "name_key": search_key(clean["caller_name"]),
              "county": clean["county"], "updated_at": utcnow()}
    if clean["national_code"]:
        values["national_code"] = clean["national_code"]
    if clean["phone"]:
        values["phone"] = clean["phone"]
    if clean["address"]:
        values["address"] = clean["address"]
    if citizen is None:
        return Citizen.create(**values)
    Citizen.update(**values).where(Citizen.id == citizen.id).execute()
    return Citizen.get_by_id(citizen.id)


def allocate_tracking_code(now: dt.datetime) -> str:
    year = jalali.jalali_year(now)
    return make_tracking_code(next_serial(TrackingCounter, year), year)


def register_call(actor: Actor, data: dict, *, session_id: int | None = None) -> CaseInfo:
    """Register a new case from a call; returns it with its tracking code. Nothing is saved on bad input."""
    require(actor, "register_call")
    clean = validate_call(data)
    with database.atomic():
        now = utcnow()
        citizen = _upsert_citizen(clean)
        case = Case.create(
            tracking_code=allocate_tracking_code(now), citizen=citizen, county=clean["county"],
            channel=clean["channel"], request_type=clean["request_type"], category=clean["category"],
            agency=clean["agency"], subject=clean["subject"], description=clean["description"],
            search_key=search_key(" ".join([clean["caller_name"], clean["subject"], clean["description"]])),
            next_step=clean["next_step"], status="registered", operator=actor.user_id, session=session_id,
            created_at=now, updated_at=now)
        Contact.create(case=case, at=now, operator=actor.user_id, channel=clean["channel"], kind="initial",
                       session=session_id)
        audit.record(actor, "case.register", "case", case.id, tracking_code=case.tracking_code,
                     subject=case.subject, next_step=str(case.next_step))
    return _info(case, citizen)
