"""Registering calls: the operator's use case. One case per matter, one tracking code per case;
a repeat call about an open matter is a follow-up contact on the same case.

Reading a case (detail, find by tracking code) is here too; editing is in app.services.cases.case_edit,
the caller's earlier cases in app.services.cases.callers, the history in app.services.cases.case_history and the
register's queries in app.services.cases.case_query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from peewee import JOIN

from app.db import database, is_postgres, retry_on_contention
from app.domain import jalali
from app.domain.identifiers import (
    format_tracking_code,
    make_tracking_code,
    normalize_national_code,
    normalize_phone,
    normalize_tracking_code,
)
from app.domain.search_text import case_key, document
from app.domain.status import (
    CHANNEL_LABELS,
    NEXT_STEP_LABELS,
    OPEN_STATUSES,
    OUTCOME_LABELS,
    STATUS_LABELS,
    CaseStatus,
    Channel,
    NextStep,
    Outcome,
    ReferralStatus,
)
from app.domain.text import has_mixed_script, search_key
from app.models import (
    Agency,
    Case,
    Category,
    Citizen,
    Contact,
    County,
    Referral,
    RequestType,
    TrackingCounter,
    User,
    utcnow,
)
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases import case_summary, sort_ranks
from app.services.cases.case_status import lock_case
from app.services.errors import NotFound, ValidationError
from app.services.knowledge import guidance
from app.services.letters.counters import next_serial
from app.services.text_fields import clean_text

MAX_NAME, MAX_SUBJECT, MAX_DESCRIPTION, MAX_ADDRESS, MAX_NOTE = 120, 200, 4000, 300, 2000

# The fields of a call as the form, the JSON import and the edit use them, with their Persian names.
FIELD_LABELS = {
    "caller_name": "نام تماس‌گیرنده",
    "national_code": "کد ملی",
    "phone": "شماره تلفن",
    "county_id": "شهرستان",
    "address": "نشانی",
    "channel": "راه تماس",
    "request_type": "نوع درخواست",
    "category_id": "موضوع کلی (دسته)",
    "subject": "موضوع",
    "description": "شرح",
    "agency_id": "دستگاه",
    "next_step": "گام بعدی",
    "guidance": "راهنمایی داده‌شده",
    "attach_to": "پرونده باز",
}
# Referral states after which a case's fields are frozen (the letter carries them).
_SENT_REFERRALS = (ReferralStatus.ISSUED, ReferralStatus.ANSWERED, ReferralStatus.REROUTED)


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
    follow_up: bool = False  # True when the call was attached to this (already open) case
    contact_id: int | None = None


@dataclass(frozen=True)
class CaseDetail:
    """Everything shown about one case (its history comes from app.services.cases.case_history)."""

    id: int
    tracking_code: str
    version: int
    status: str
    outcome: str | None
    next_step: str
    channel: str
    created_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None
    citizen_id: int
    caller_name: str
    national_code: str | None
    phone: str | None
    address: str
    county_id: int
    county_name: str
    request_type: str
    request_type_name: str
    category_id: int
    category_name: str
    agency_id: int | None
    agency_name: str
    subject: str
    description: str
    operator_id: int
    operator_name: str
    session_id: int | None
    editable: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[CaseStatus(self.status)]

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[Outcome(self.outcome)] if self.outcome else ""

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS[Channel(self.channel)]

    @property
    def next_step_label(self) -> str:
        return NEXT_STEP_LABELS[NextStep(self.next_step)]

    @property
    def tracking_code_grouped(self) -> str:
        return format_tracking_code(self.tracking_code)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def values(self) -> dict:
        """The editable fields in the shape `register_call`/`edit_case` take."""
        return {
            "caller_name": self.caller_name,
            "national_code": self.national_code,
            "phone": self.phone,
            "county_id": self.county_id,
            "address": self.address,
            "channel": self.channel,
            "request_type": self.request_type,
            "category_id": self.category_id,
            "subject": self.subject,
            "description": self.description,
            "agency_id": self.agency_id,
            "next_step": self.next_step,
        }


def _info(case: Case, citizen: Citizen, follow_up: bool = False, contact_id: int | None = None) -> CaseInfo:
    return CaseInfo(
        case.id,
        case.tracking_code,
        str(case.status),
        case.subject,
        citizen.id,
        case.caller_name,
        case.agency_id,
        case.created_at,
        follow_up,
        contact_id,
    )


# --- validation -----------------------------------------------------------------------------


def _text(
    errors: dict, data: dict, field: str, limit: int, required: bool, label: str, multiline: bool = False
) -> str:
    value = clean_text(
        errors, field, data.get(field), label=label, limit=limit, required=required, multiline=multiline
    )
    if field not in errors and has_mixed_script(value):
        errors[field] = f"{label} واژه‌ای با حروف فارسی و لاتین درهم دارد؛ آن را درست بنویسید."
    return value


def _ref(errors: dict, model, data: dict, field: str, label: str, required: bool = True, keep=None):
    """The active row `data[field]` names. `keep` is an id accepted even if retired (an edit's unchanged value)."""
    value = data.get(field)
    if value in (None, ""):
        if required:
            errors[field] = f"{label} را انتخاب کنید."
        return None
    row = None
    if isinstance(value, int | str) and not isinstance(value, bool):
        try:
            row_id = int(str(value).strip()) if isinstance(value, str) else value
        except ValueError:
            row_id = None
        if row_id is not None and -(2**62) < row_id < 2**62:
            row = model.get_or_none(model.id == row_id)
            if row is not None and not row.active and row.id != keep:
                row = None
    if row is None:
        errors[field] = f"{label} انتخاب‌شده در فهرست نیست."
    return row


def _identifier(errors: dict, data: dict, field: str, normalize) -> str | None:
    raw = data.get(field)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        errors[field] = f"{FIELD_LABELS[field]} باید متن یا رقم باشد."
        return None
    try:
        return normalize(str(raw))
    except ValueError as exc:
        errors[field] = str(exc)
        return None


def _choice(errors: dict, data: dict, field: str, enum, default, message: str):
    value = data.get(field)
    try:
        return enum(value if value not in (None, "") else default)
    except (ValueError, TypeError):
        errors[field] = message
        return None


REFER_NEEDS_AGENCY = "برای «ارجاع به دستگاه»، دستگاه را انتخاب کنید."


def validate_call(data: dict, *, keep: dict | None = None, refer_needs_agency: bool = True) -> dict:
    """Check every field of a call; raise ValidationError naming each bad field, or return clean values.

    `keep` maps county_id/category_id/agency_id/request_type to a current value an edit may keep even
    if that entry was retired since. A call whose next step is «ارجاع به دستگاه» names its agency (the
    message is at the agency field); `refer_needs_agency=False` lets an edit that touches neither the step
    nor the agency keep a case registered before this rule. Without a next step, a call naming an agency is
    to be referred and one naming none is held for the official on duty.
    """
    if not isinstance(data, dict):
        raise ValidationError({"": "اطلاعات تماس باید یک شیء با فیلدهای نام‌دار باشد."})
    keep = keep or {}
    errors: dict[str, str] = {}
    clean = {
        "caller_name": _text(errors, data, "caller_name", MAX_NAME, True, FIELD_LABELS["caller_name"]),
        "subject": _text(errors, data, "subject", MAX_SUBJECT, True, FIELD_LABELS["subject"]),
        "description": _text(
            errors, data, "description", MAX_DESCRIPTION, False, FIELD_LABELS["description"], multiline=True
        ),
        "address": _text(errors, data, "address", MAX_ADDRESS, False, FIELD_LABELS["address"]),
        "guidance": _text(
            errors, data, "guidance", MAX_NOTE, False, FIELD_LABELS["guidance"], multiline=True
        ),
    }
    if "caller_name" not in errors and not any(c.isalpha() for c in clean["caller_name"]):
        errors["caller_name"] = "نام تماس‌گیرنده باید حرف داشته باشد."
    clean["national_code"] = _identifier(errors, data, "national_code", normalize_national_code)
    clean["phone"] = _identifier(errors, data, "phone", normalize_phone)
    if (
        not clean["national_code"]
        and not clean["phone"]
        and "phone" not in errors
        and "national_code" not in errors
    ):
        errors["phone"] = "شماره تلفن یا کد ملی تماس‌گیرنده را بنویسید تا بتوان با او تماس گرفت."
    clean["county"] = _ref(
        errors, County, data, "county_id", FIELD_LABELS["county_id"], keep=keep.get("county_id")
    )
    clean["category"] = _ref(
        errors, Category, data, "category_id", FIELD_LABELS["category_id"], keep=keep.get("category_id")
    )
    clean["agency"] = _ref(
        errors,
        Agency,
        data,
        "agency_id",
        FIELD_LABELS["agency_id"],
        required=False,
        keep=keep.get("agency_id"),
    )
    rt = data.get("request_type")
    row = None
    if isinstance(rt, str) and rt.strip():
        row = RequestType.get_or_none(RequestType.code == rt.strip())
        if row is not None and not row.active and row.code != keep.get("request_type"):
            row = None
    clean["request_type"] = row
    if row is None:
        errors["request_type"] = "نوع درخواست را انتخاب کنید." if not rt else "نوع درخواست شناخته نیست."
    clean["channel"] = _choice(
        errors,
        data,
        "channel",
        Channel,
        Channel.PHONE,
        "راه تماس باید تلفن، حضوری، نامه یا سامانه اینترنتی باشد.",
    )
    # No step given: a call naming an agency is to be referred, one naming none is held for the official.
    clean["next_step"] = _choice(
        errors,
        data,
        "next_step",
        NextStep,
        NextStep.REFER if data.get("agency_id") not in (None, "") else NextStep.HOLD,
        "گام بعدی باید راهنمایی، ارجاع یا نگه‌داشتن برای مسئول باشد.",
    )
    if (
        refer_needs_agency
        and clean["next_step"] == NextStep.REFER
        and clean["agency"] is None
        and "agency_id" not in errors
    ):
        errors["agency_id"] = REFER_NEEDS_AGENCY
    if errors:
        raise ValidationError(errors)
    return clean


# --- citizens and tracking codes -------------------------------------------------------------


def find_citizen(national_code: str | None, phone: str | None, name_key: str) -> Citizen | None:
    """The same person: by national code, else by phone and the same name."""
    if national_code:
        citizen = Citizen.select().where(Citizen.national_code == national_code).order_by(Citizen.id).first()
        if citizen is not None:
            return citizen
    if phone:
        return (
            Citizen.select()
            .where((Citizen.phone == phone) & (Citizen.name_key == name_key))
            .order_by(Citizen.id)
            .first()
        )
    return None


def citizen_values(clean: dict) -> dict:
    values = {
        "full_name": clean["caller_name"],
        "name_key": search_key(clean["caller_name"]),
        "county": clean["county"],
        "updated_at": utcnow(),
    }
    for field in ("national_code", "phone", "address"):
        if clean[field]:
            values[field] = clean[field]
    return values


_CITIZEN_AUDITED = ("full_name", "national_code", "phone", "county_id", "address")


def _upsert_citizen(actor: Actor, clean: dict) -> Citizen:
    """The citizen record keeps the latest details typed (an empty field never erases a known one); each
    change raises its version and goes in the audit trail with the old and new values. The cases keep
    their own copy of what each call said (caller_* columns), so no earlier case changes."""
    citizen = find_citizen(clean["national_code"], clean["phone"], search_key(clean["caller_name"]))
    values = citizen_values(clean)
    if citizen is None:
        return Citizen.create(**values)
    return update_citizen(actor, citizen, values)


def update_citizen(actor: Actor, citizen: Citizen, values: dict) -> Citizen:
    """Apply `values` to a citizen record: versioned and audited when anything it shows changes."""
    before = {f: getattr(citizen, f) for f in _CITIZEN_AUDITED}
    given = {("county_id" if k == "county" else k): v for k, v in values.items()}
    if isinstance(given.get("county_id"), County):
        given["county_id"] = given["county_id"].id
    after = {**before, **{k: v for k, v in given.items() if k in before}}
    diff = audit.changes(before, after)
    if not diff:
        return citizen
    Citizen.update(**values, version=Citizen.version + 1).where(Citizen.id == citizen.id).execute()
    audit.record(
        actor,
        "citizen.update",
        "citizen",
        citizen.id,
        changes=diff,
        version=[citizen.version, citizen.version + 1],
    )
    return Citizen.get_by_id(citizen.id)


def caller_values(clean: dict) -> dict:
    """The caller's details as this call gave them, kept on the case."""
    return {
        "caller_name": clean["caller_name"],
        "caller_national_code": clean["national_code"],
        "caller_phone": clean["phone"],
        "caller_address": clean["address"] or "",
    }


def allocate_tracking_code(now: dt.datetime) -> str:
    year = jalali.jalali_year(now)
    return make_tracking_code(next_serial(TrackingCounter, year), year)


def text_search_key(text: str) -> str:
    """One text's part of a case's search key (app.domain.search_text.document)."""
    return document(text)


def case_search_key(caller_name: str, subject: str, description: str) -> str:
    """What free-text search looks in: the caller's name, the subject and the description."""
    return case_key(caller_name, subject, description)


def stored_search_key(caller_name: str, subject: str, description: str) -> str:
    """What cases.search_key holds: the key on PostgreSQL, whose indexes read the column; '' on SQLite, which
    computes the key inside the database for its full-text index (samad_case_search_key, migration 37)."""
    return case_search_key(caller_name, subject, description) if is_postgres() else ""


# --- registering ------------------------------------------------------------------------------


def _attach_id(data: dict):
    value = data.get("attach_to")
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise TypeError
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({"attach_to": "پرونده‌ای که تماس به آن افزوده شود شناخته نیست."}) from None


@retry_on_contention
def register_call(
    actor: Actor,
    data: dict,
    *,
    session_id: int | None = None,
    guided_by: int | None = None,
    guidance_note: str = "",
) -> CaseInfo:
    """Register a new case from a call; returns it with its tracking code. Nothing is saved on bad input.

    With data["attach_to"] = an open case's id, the call is recorded as a follow-up contact on that case
    instead (no new case, no new tracking code); the returned CaseInfo has follow_up=True.
    data["guidance"] is the note of what the caller was told (kept on the call's contact).
    With `guided_by` = a knowledge-base article's id, the caller was guided with that article: the call is
    registered closed as guided, the article is linked to it (app.services.knowledge.guidance.guide_case) and
    `guidance_note` (what the caller was told) is kept as the call's guidance unless data has one; the
    registration and the link are saved together or not at all.
    """
    require(actor, "register_call")
    if guided_by is not None:
        guidance.check_article(guided_by)
        note = guidance.clean_note(guidance_note)
        data = {**data, "next_step": NextStep.GUIDE.value}
        if note and not (data.get("guidance") or "").strip():
            data["guidance"] = note
        with database.atomic():
            info = register_call(actor, data, session_id=session_id)
            guided = guidance.guide_case(actor, info.id, guided_by, note)
        return replace(info, status=guided.status)
    attach_to = _attach_id(data) if isinstance(data, dict) else None
    if attach_to is not None:
        return add_contact(actor, attach_to, data, session_id=session_id)
    clean = validate_call(data)
    guided = clean["next_step"] == NextStep.GUIDE
    with database.atomic():
        now = utcnow()
        citizen = _upsert_citizen(actor, clean)
        case = Case.create(
            tracking_code=allocate_tracking_code(now),
            citizen=citizen,
            **caller_values(clean),
            county=clean["county"],
            channel=clean["channel"],
            request_type=clean["request_type"],
            category=clean["category"],
            agency=clean["agency"],
            agency_rank=sort_ranks.agency_rank(clean["agency"]),
            operator_rank=sort_ranks.operator_rank(actor.user_id),
            subject=clean["subject"],
            description=clean["description"],
            search_key=stored_search_key(clean["caller_name"], clean["subject"], clean["description"]),
            next_step=clean["next_step"],
            status=CaseStatus.GUIDED if guided else CaseStatus.REGISTERED,
            outcome=Outcome.GUIDED if guided else None,
            closed_at=now if guided else None,
            operator=actor.user_id,
            session=session_id,
            created_at=now,
            updated_at=now,
        )
        case_summary.added(case.id)
        contact = Contact.create(
            case=case,
            at=now,
            operator=actor.user_id,
            channel=clean["channel"],
            kind="initial",
            note=clean["guidance"],
            session=session_id,
            caller_name=clean["caller_name"],
            caller_phone=clean["phone"],
        )
        audit.record(
            actor,
            "case.register",
            "case",
            case.id,
            tracking_code=case.tracking_code,
            subject=case.subject,
            next_step=str(case.next_step),
            status=str(case.status),
        )
    return _info(case, citizen, contact_id=contact.id)


def add_contact(actor: Actor, case_id: int, data: dict, *, session_id: int | None = None) -> CaseInfo:
    """A follow-up call (or visit, or letter) about an open case: one more contact on the same case.

    data may hold channel and description/guidance (kept as the contact's note), and caller_name/phone
    when someone else calls this time (kept on the contact as given; the case's caller stays); the other
    fields of the form are not needed. Refused when the case is closed (register a new case instead).
    """
    require(actor, "register_call")
    errors: dict[str, str] = {}
    channel = _choice(
        errors,
        data,
        "channel",
        Channel,
        Channel.PHONE,
        "راه تماس باید تلفن، حضوری، نامه یا سامانه اینترنتی باشد.",
    )
    note_parts = [
        _text(errors, data, f, MAX_NOTE, False, FIELD_LABELS[f], multiline=True)
        for f in ("description", "guidance")
    ]
    note = "\n".join(p for p in note_parts if p)
    caller = _text(errors, data, "caller_name", MAX_NAME, False, FIELD_LABELS["caller_name"])
    phone = _identifier(errors, data, "phone", normalize_phone)
    case = Case.get_or_none(Case.id == case_id) if isinstance(case_id, int) and abs(case_id) < 2**62 else None
    if case is None:
        errors["attach_to"] = "پرونده‌ای که تماس به آن افزوده شود پیدا نشد."
    elif case.status not in OPEN_STATUSES:
        errors["attach_to"] = (
            f"پرونده {format_tracking_code(case.tracking_code)} بسته است؛ برای این تماس پرونده تازه ثبت کنید."
        )
    if errors:
        raise ValidationError(errors)
    with database.atomic():
        case = lock_case(case.id)
        if case.status not in OPEN_STATUSES:  # closed by another PC meanwhile
            raise ValidationError(
                {
                    "attach_to": f"پرونده {format_tracking_code(case.tracking_code)} بسته است؛ "
                    "برای این تماس پرونده تازه ثبت کنید."
                }
            )
        now = utcnow()
        contact = Contact.create(
            case=case,
            at=now,
            operator=actor.user_id,
            channel=channel,
            kind="follow_up",
            note=note,
            session=session_id,
            caller_name=caller or case.caller_name,
            caller_phone=phone or case.caller_phone,
        )
        Case.update(updated_at=now).where(Case.id == case.id).execute()
        audit.record(
            actor, "case.contact", "case", case.id, contact_id=contact.id, channel=str(channel), note=note
        )
    return _info(
        Case.get_by_id(case.id), Citizen.get_by_id(case.citizen_id), follow_up=True, contact_id=contact.id
    )


# --- reading -------------------------------------------------------------------------------------


def _referral_sent(case_id: int) -> bool:
    return (
        Referral.select().where((Referral.case == case_id) & (Referral.status.in_(_SENT_REFERRALS))).exists()
    )


def is_editable(case: Case) -> bool:
    """Fields can be corrected until the case is referred (a referral letter has gone out)."""
    return case.status in (CaseStatus.REGISTERED, CaseStatus.GUIDED) and not _referral_sent(case.id)


_DETAIL_COLUMNS = (
    Case.id,
    Case.tracking_code,
    Case.version,
    Case.status,
    Case.outcome,
    Case.next_step,
    Case.channel,
    Case.created_at,
    Case.updated_at,
    Case.closed_at,
    Case.citizen.alias("citizen_id"),
    Case.caller_name,
    Case.caller_national_code.alias("national_code"),
    Case.caller_phone.alias("phone"),
    Case.caller_address.alias("address"),
    Case.county.alias("county_id"),
    County.name.alias("county_name"),
    RequestType.code.alias("request_type"),
    RequestType.name.alias("request_type_name"),
    Case.category.alias("category_id"),
    Category.name.alias("category_name"),
    Case.agency.alias("agency_id"),
    Agency.name.alias("agency_name"),
    Case.subject,
    Case.description,
    Case.operator.alias("operator_id"),
    User.full_name.alias("operator_name"),
    Case.session.alias("session_id"),
)


def _detail(condition) -> CaseDetail | None:
    """One case with every name it shows, in one query."""
    row = (
        Case.select(*_DETAIL_COLUMNS)
        .join(County, on=(Case.county == County.id))
        .switch(Case)
        .join(RequestType, on=(Case.request_type == RequestType.id))
        .switch(Case)
        .join(Category, on=(Case.category == Category.id))
        .switch(Case)
        .join(User, on=(Case.operator == User.id))
        .switch(Case)
        .join(Agency, JOIN.LEFT_OUTER, on=(Case.agency == Agency.id))
        .where(condition)
        .dicts()
        .first()
    )
    if row is None:
        return None
    row["agency_name"] = row["agency_name"] or ""
    editable = row["status"] in (CaseStatus.REGISTERED, CaseStatus.GUIDED) and not _referral_sent(row["id"])
    return CaseDetail(**row, editable=editable)


def get_case(case_id: int) -> Case:
    case = Case.get_or_none(Case.id == case_id) if isinstance(case_id, int) and abs(case_id) < 2**62 else None
    if case is None:
        raise NotFound(f"پرونده با شناسه {case_id} پیدا نشد.")
    return case


def case_detail(case_id: int) -> CaseDetail:
    detail = _detail(Case.id == case_id) if isinstance(case_id, int) and abs(case_id) < 2**62 else None
    if detail is None:
        raise NotFound(f"پرونده با شناسه {case_id} پیدا نشد.")
    return detail


def find_by_tracking_code(code: str) -> CaseDetail:
    """The case a tracking code names. A mistyped code (wrong check digit) is a ValidationError on
    "tracking_code"; a well-formed code no case has is NotFound."""
    try:
        clean = normalize_tracking_code(code if isinstance(code, str) else str(code))
    except ValueError as exc:
        raise ValidationError({"tracking_code": str(exc)}) from None
    detail = _detail(Case.tracking_code == clean)
    if detail is None:
        raise NotFound(f"پرونده‌ای با کد رهگیری {format_tracking_code(clean)} نیست.")
    return detail
