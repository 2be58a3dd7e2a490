"""Correcting a case's fields until it is referred: optimistic locking on Case.version, and every change
in the audit trail with its old and new values."""

from __future__ import annotations

from app.db import database
from app.domain import jalali
from app.domain.status import CHANNEL_LABELS, NEXT_STEP_LABELS, CaseStatus, NextStep, Outcome
from app.domain.text import search_key
from app.models import Agency, AuditEntry, Case, Category, Citizen, County, RequestType, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases import case_summary, sort_ranks
from app.services.cases.case_status import lock_case
from app.services.cases.cases import (
    FIELD_LABELS,
    CaseDetail,
    case_detail,
    stored_search_key,
    update_citizen,
    validate_call,
)
from app.services.errors import Conflict, ValidationError

EDITABLE_FIELDS = (
    "caller_name",
    "national_code",
    "phone",
    "address",
    "county_id",
    "channel",
    "request_type",
    "category_id",
    "subject",
    "description",
    "agency_id",
    "next_step",
)
CALLER_FIELDS = ("caller_name", "national_code", "phone", "address")


def _clean_values(clean: dict) -> dict:
    """Validated values in the shape of CaseDetail.values()."""
    return {
        "caller_name": clean["caller_name"],
        "national_code": clean["national_code"],
        "phone": clean["phone"],
        "county_id": clean["county"].id,
        "address": clean["address"],
        "channel": str(clean["channel"]),
        "request_type": clean["request_type"].code,
        "category_id": clean["category"].id,
        "subject": clean["subject"],
        "description": clean["description"],
        "agency_id": clean["agency"].id if clean["agency"] else None,
        "next_step": str(clean["next_step"]),
    }


def describe(field: str, value) -> str:
    """A field's value as a person reads it (names for ids and codes)."""
    if value in (None, ""):
        return ""
    lookups = {
        "county_id": (County, "id"),
        "category_id": (Category, "id"),
        "agency_id": (Agency, "id"),
        "request_type": (RequestType, "code"),
    }
    if field in lookups:
        model, key = lookups[field]
        row = model.get_or_none(getattr(model, key) == value)
        return row.name if row else str(value)
    if field == "channel":
        return CHANNEL_LABELS.get(value, str(value))
    if field == "next_step":
        return NEXT_STEP_LABELS.get(value, str(value))
    return str(value)


def describe_values(values: dict) -> dict[str, str]:
    return {field: describe(field, value) for field, value in values.items() if field in FIELD_LABELS}


def _last_editor(case_id: int) -> str:
    entry = (
        AuditEntry.select()
        .where((AuditEntry.entity == "case") & (AuditEntry.entity_id == str(case_id)))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .first()
    )
    if entry is None:
        return ""
    return f"«{entry.username}» در {jalali.format_jalali_datetime(entry.at)}"


def _conflict(case_id: int) -> Conflict:
    current = case_detail(case_id)
    who = _last_editor(case_id)
    message = (
        "این پرونده پس از آن‌که آن را باز کردید تغییر کرده است"
        + (f" (آخرین تغییر: {who})" if who else "")
        + "؛ نسخه کنونی را ببینید و تغییر خود را دوباره بدهید."
    )
    return Conflict(message, current={**current.values(), "version": current.version})


def _move_caller(actor: Actor, case: Case, after: dict, now) -> int:
    """Apply caller corrections to the citizen record. A national code that belongs to another citizen moves
    the case to that person; otherwise the case's citizen record is corrected in place (versioned and
    audited). Other cases keep the caller's details they were registered with. Returns the citizen id."""
    citizen = Citizen.get_by_id(case.citizen_id)
    target = citizen
    if after["national_code"] and after["national_code"] != citizen.national_code:
        other = (
            Citizen.select()
            .where((Citizen.national_code == after["national_code"]) & (Citizen.id != citizen.id))
            .order_by(Citizen.id)
            .first()
        )
        target = other or citizen
    update_citizen(
        actor,
        target,
        {
            "full_name": after["caller_name"],
            "name_key": search_key(after["caller_name"]),
            "national_code": after["national_code"],
            "phone": after["phone"],
            "address": after["address"] or "",
            "updated_at": now,
        },
    )
    return target.id


def edit_case(actor: Actor, case_id: int, version: int, changes: dict) -> CaseDetail:
    """Correct fields of a case that is not yet referred.

    `version` is the Case.version the editor started from; if someone saved in between, Conflict is
    raised with `current` = the case's values now (and its version), and nothing is saved.
    """
    require(actor, "edit_case")
    if not isinstance(changes, dict):
        raise ValidationError({"": "تغییرها باید یک شیء با فیلدهای نام‌دار باشد."})
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError({unknown[0]: "این فیلد را نمی‌توان ویرایش کرد."})
    detail = case_detail(case_id)
    if not detail.editable:
        raise Conflict(
            f"پرونده در وضعیت «{detail.status_label}» است؛ پس از ارجاع، فیلدهای آن ویرایش نمی‌شود.",
            current={**detail.values(), "version": detail.version},
        )
    before = detail.values()
    keep = {k: before[k] for k in ("county_id", "category_id", "agency_id", "request_type")}
    touched = "next_step" in changes or "agency_id" in changes  # an older case may lack the agency
    after = _clean_values(validate_call({**before, **changes}, keep=keep, refer_needs_agency=touched))
    diff = audit.changes(before, after)
    if not diff:
        return detail
    if version != detail.version:
        raise _conflict(case_id)
    with database.atomic():
        now = utcnow()
        case = lock_case(case_id)
        values = {
            "county": after["county_id"],
            "channel": after["channel"],
            "request_type": RequestType.get(RequestType.code == after["request_type"]).id,
            "category": after["category_id"],
            "agency": after["agency_id"],
            "agency_rank": sort_ranks.agency_rank(after["agency_id"]),
            "subject": after["subject"],
            "description": after["description"],
            "next_step": after["next_step"],
            "updated_at": now,
            "search_key": stored_search_key(after["caller_name"], after["subject"], after["description"]),
            "version": Case.version + 1,
        }
        if "next_step" in diff:
            if after["next_step"] == NextStep.GUIDE and case.status == CaseStatus.REGISTERED:
                values.update(status=CaseStatus.GUIDED, outcome=Outcome.GUIDED, closed_at=now)
            elif after["next_step"] != NextStep.GUIDE and case.status == CaseStatus.GUIDED:
                values.update(status=CaseStatus.REGISTERED, outcome=None, closed_at=None)
        if any(f in diff for f in CALLER_FIELDS):
            values["citizen"] = _move_caller(actor, case, after, now)
            values.update(
                caller_name=after["caller_name"],
                caller_national_code=after["national_code"],
                caller_phone=after["phone"],
                caller_address=after["address"] or "",
            )
        with case_summary.tracking(case_id):
            updated = Case.update(**values).where((Case.id == case_id) & (Case.version == version)).execute()
        if updated != 1:
            raise _conflict(case_id)
        shown = {
            f: [describe(f, old), describe(f, new)]
            for f, (old, new) in diff.items()
            if f in ("county_id", "category_id", "agency_id", "request_type", "channel", "next_step")
        }
        audit.record(
            actor,
            "case.edit",
            "case",
            case_id,
            changes=diff,
            shown=shown,
            version=[version, version + 1],
            status=[case.status, values.get("status", case.status)],
        )
    return case_detail(case_id)
