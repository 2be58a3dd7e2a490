"""Officials who sit in the center (governor, deputies, directors-general): who they are, their agency,
and the user account they sign letters with, if any."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN

from app.db import database
from app.domain.identifiers import normalize_phone
from app.domain.roles import Role
from app.models import Agency, AttendanceSlot, Official, OfficialSession, User
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.errors import Conflict, NotFound, ValidationError
from app.services.text_fields import clean_text

MAX_NAME, MAX_TITLE = 120, 150


@dataclass(frozen=True)
class OfficialInfo:
    id: int
    full_name: str
    title: str
    agency_id: int | None
    agency_name: str
    phone: str
    user_id: int | None
    username: str
    active: bool

    @property
    def label(self) -> str:
        """«name (title)», the way lists show an official."""
        return f"{self.full_name} ({self.title})" if self.title else self.full_name


def _info(o: Official) -> OfficialInfo:
    agency = Agency.get_or_none(Agency.id == o.agency_id) if o.agency_id else None
    user = User.get_or_none(User.id == o.user_id) if o.user_id else None
    return OfficialInfo(
        o.id,
        o.full_name,
        o.title,
        o.agency_id,
        agency.name if agency else "",
        o.phone or "",
        o.user_id,
        user.username if user else "",
        o.active,
    )


def _values(o: Official) -> dict:
    return {
        "full_name": o.full_name,
        "title": o.title,
        "agency_id": o.agency_id,
        "phone": o.phone or "",
        "user_id": o.user_id,
        "active": o.active,
    }


def list_officials(active_only: bool = False) -> list[OfficialInfo]:
    query = (
        Official.select(Official, Agency, User)
        .join(Agency, join_type=JOIN.LEFT_OUTER, on=(Official.agency == Agency.id))
        .switch(Official)
        .join(User, join_type=JOIN.LEFT_OUTER, on=(Official.user == User.id))
        .order_by(Official.full_name, Official.id)
    )
    if active_only:
        query = query.where(Official.active == True)  # noqa: E712
    result = []
    for o in query:
        agency = o.agency if o.agency_id else None
        user = o.user if o.user_id else None
        result.append(
            OfficialInfo(
                o.id,
                o.full_name,
                o.title,
                o.agency_id,
                agency.name if agency else "",
                o.phone or "",
                o.user_id,
                user.username if user else "",
                o.active,
            )
        )
    return result


def get_official(official_id: int) -> OfficialInfo:
    return _info(_get(official_id))


def official_for_user(user_id: int | None) -> OfficialInfo | None:
    """The official a user account belongs to (an official who logs in), or None."""
    if user_id is None:
        return None
    row = Official.get_or_none(Official.user == user_id)
    return _info(row) if row else None


def _get(official_id) -> Official:
    try:
        row = Official.get_or_none(Official.id == int(official_id))
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise NotFound("این مسئول در فهرست مسئولان نیست.")
    return row


def _line(errors: dict, data: dict, field: str, label: str, limit: int, required: bool) -> str:
    return clean_text(errors, field, data.get(field), label=label, limit=limit, required=required)


def _validate(data: dict, exclude_id: int | None = None) -> dict:
    """Check every field; raise ValidationError naming each bad one, or return clean values."""
    errors: dict[str, str] = {}
    clean = {
        "full_name": _line(errors, data, "full_name", "نام مسئول", MAX_NAME, True),
        "title": _line(errors, data, "title", "سمت", MAX_TITLE, True),
    }
    agency_id = data.get("agency_id")
    clean["agency_id"] = None
    if agency_id not in (None, ""):
        try:
            agency = Agency.get_or_none((Agency.id == int(agency_id)) & (Agency.active == True))  # noqa: E712
        except (TypeError, ValueError):
            agency = None
        if agency is None:
            errors["agency_id"] = "دستگاه انتخاب‌شده در فهرست دستگاه‌ها نیست."
        else:
            clean["agency_id"] = agency.id
    phone = str(data.get("phone") or "").strip()
    clean["phone"] = ""
    if phone:
        try:
            clean["phone"] = normalize_phone(phone)
        except ValueError as exc:
            errors["phone"] = str(exc)
    clean["user_id"] = None
    username = str(data.get("username") or "").strip().lower()
    if username:
        user = User.get_or_none(User.username == username)
        if user is None:
            errors["username"] = f"کاربری با نام «{username}» نیست."
        elif user.role != Role.OFFICIAL:
            errors["username"] = "حساب پیوندشده باید نقش «مسئول» داشته باشد تا بتواند نامه امضا کند."
        else:
            taken = Official.select().where(Official.user == user.id)
            if exclude_id:
                taken = taken.where(Official.id != exclude_id)
            other = taken.first()
            if other:
                errors["username"] = f"حساب «{username}» پیش‌تر به «{other.full_name}» پیوند خورده است."
            else:
                clean["user_id"] = user.id
    if errors:
        raise ValidationError(errors)
    return clean


def create_official(actor: Actor, data: dict) -> OfficialInfo:
    """data: full_name, title, agency_id, phone, username (of an account with the official role)."""
    require(actor, "manage_schedule")
    clean = _validate(data)
    with database.atomic():
        row = Official.create(
            full_name=clean["full_name"],
            title=clean["title"],
            agency=clean["agency_id"],
            phone=clean["phone"],
            user=clean["user_id"],
            active=True,
        )
        audit.record(actor, "official.create", "official", row.id, **_values(row))
    return _info(row)


def update_official(actor: Actor, official_id: int, data: dict) -> OfficialInfo:
    """Replace the official's details with data (the same fields as create_official)."""
    require(actor, "manage_schedule")
    row = _get(official_id)
    clean = _validate(data, exclude_id=row.id)
    with database.atomic():
        before = _values(row)
        Official.update(
            full_name=clean["full_name"],
            title=clean["title"],
            agency=clean["agency_id"],
            phone=clean["phone"],
            user=clean["user_id"],
        ).where(Official.id == row.id).execute()
        after = _values(Official.get_by_id(row.id))
        audit.record(actor, "official.update", "official", row.id, changes=audit.changes(before, after))
    return get_official(row.id)


def set_active(actor: Actor, official_id: int, active: bool) -> OfficialInfo:
    """Retire an official (kept on past slots and sessions, no longer offered) or bring one back."""
    require(actor, "manage_schedule")
    row = _get(official_id)
    if (
        not active
        and OfficialSession.select()
        .where((OfficialSession.official == row.id) & OfficialSession.checked_out_at.is_null())
        .exists()
    ):
        raise Conflict(f"جلسه پاسخگویی «{row.full_name}» هنوز باز است؛ نخست آن را ببندید.")
    with database.atomic():
        Official.update(active=bool(active)).where(Official.id == row.id).execute()
        audit.record(
            actor,
            "official.reactivate" if active else "official.retire",
            "official",
            row.id,
            full_name=row.full_name,
        )
    return get_official(row.id)


def delete_official(actor: Actor, official_id: int) -> None:
    """Only an official with no slot and no session can be deleted; otherwise retire them."""
    require(actor, "manage_schedule")
    row = _get(official_id)
    used = (
        AttendanceSlot.select().where(AttendanceSlot.official == row.id).exists()
        or OfficialSession.select().where(OfficialSession.official == row.id).exists()
    )
    if used:
        raise Conflict(
            f"«{row.full_name}» در برنامه حضور یا جلسه‌ها آمده و پاک نمی‌شود؛ می‌توانید او را غیرفعال کنید."
        )
    with database.atomic():
        Official.delete().where(Official.id == row.id).execute()
        audit.record(actor, "official.delete", "official", row.id, **_values(row))
