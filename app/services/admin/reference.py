"""Reference data: load the seed on `init`; let a supervisor add, rename and retire entries."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import peewee

from app import paths
from app.db import database
from app.domain.text import has_control_chars, normalize_line, search_key, to_persian_digits
from app.models import Agency, Case, Category, Citizen, County, Official, Referral, RequestType
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases import sort_ranks
from app.services.errors import Conflict, NotFound, ValidationError

SEED_FILE = paths.RESOURCES / "reference" / "east-azerbaijan.json"

# kind -> (model, Persian name of one entry, [(model, field) that use it])
KINDS: dict[str, tuple] = {
    "county": (County, "شهرستان", [(Case, "county"), (Citizen, "county"), (Agency, "county")]),
    "agency": (Agency, "دستگاه", [(Case, "agency"), (Referral, "agency"), (Official, "agency")]),
    "category": (Category, "موضوع", [(Case, "category")]),
    "request_type": (RequestType, "نوع درخواست", [(Case, "request_type")]),
}


@dataclass(frozen=True)
class RefItem:
    id: int
    name: str
    active: bool
    extra: dict


def _model(kind: str):
    if kind not in KINDS:
        raise ValidationError({"kind": f"نوع اطلاعات پایه «{kind}» شناخته نیست."})
    return KINDS[kind]


def _item(kind: str, row) -> RefItem:
    extra = {}
    if kind == "agency":
        extra = {"kind": row.kind, "recipient": row.recipient, "county_id": row.county_id}
    elif kind == "request_type":
        extra = {"code": row.code, "due_days": row.due_days}
    return RefItem(row.id, row.name, row.active, extra)


def list_items(kind: str, active_only: bool = False) -> list[RefItem]:
    model = _model(kind)[0]
    query = model.select()
    if active_only:
        query = query.where(model.active == True)  # noqa: E712
    order = [model.position, model.id] if hasattr(model, "position") else [model.name]
    return [_item(kind, r) for r in query.order_by(*order)]


def _clean_name(name: str, model=None) -> str:
    if isinstance(name, str) and has_control_chars(name):
        raise ValidationError({"name": "نام نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."})
    name = normalize_line(name or "")
    limit = model.name.max_length if model is not None else 200
    if not name:
        raise ValidationError({"name": "نام را بنویسید."})
    if len(name) > limit:
        raise ValidationError({"name": f"نام بیش از {to_persian_digits(str(limit))} نویسه است."})
    return name


def _clean_extra(kind: str, extra: dict, *, adding: bool) -> dict:
    """The fields besides the name (hostile input): checked before any write, each error named."""
    errors, clean = {}, {}
    if kind == "agency":
        if "recipient" in extra or adding:
            recipient = normalize_line(str(extra.get("recipient") or ""))
            if len(recipient) > Agency.recipient.max_length:
                errors["recipient"] = "عنوان گیرنده نامه بیش از اندازه بلند است."
            clean["recipient"] = recipient
        if adding:
            agency_kind = str(extra.get("agency_kind") or "agency")
            if not re.fullmatch(r"[a-z_]{1,30}", agency_kind, re.ASCII):
                errors["agency_kind"] = "نوع دستگاه شناخته نیست."
            clean["agency_kind"] = agency_kind
        if "county_id" in extra:
            county = extra.get("county_id")
            if county in (None, ""):
                clean["county_id"] = None
            else:
                try:
                    county = int(county)
                except (TypeError, ValueError):
                    county = None
                if (
                    county is None
                    or isinstance(extra.get("county_id"), bool)
                    or not County.select().where(County.id == county).exists()
                ):
                    errors["county_id"] = "شهرستان انتخاب‌شده در فهرست نیست."
                clean["county_id"] = county
    if kind == "request_type":
        if adding:
            code = str(extra.get("code") or "").strip()
            if not code:
                errors["code"] = "کد لاتین نوع درخواست را بنویسید."
            elif not re.fullmatch(r"[a-z][a-z0-9_]{0,29}", code, re.ASCII):
                errors["code"] = "کد نوع درخواست باید با حرف کوچک لاتین شروع شود و تا ۳۰ حرف، رقم یا _ باشد."
            clean["code"] = code
        if "due_days" in extra or adding:
            raw = extra.get("due_days", 10)
            try:
                days = int(raw) if not isinstance(raw, bool) else 0
            except (TypeError, ValueError, OverflowError):
                days = 0
            if not 1 <= days <= 365:
                errors["due_days"] = "مهلت باید بین ۱ تا ۳۶۵ روز باشد."
            clean["due_days"] = days
    if errors:
        raise ValidationError(errors)
    return clean


def _ensure_unique(model, name: str, exclude_id: int | None = None) -> None:
    query = model.select().where(model.name == name)
    if exclude_id:
        query = query.where(model.id != exclude_id)
    if query.exists():
        raise ValidationError({"name": f"«{name}» پیش‌تر ثبت شده است."})


def add_item(actor: Actor, kind: str, name: str, **extra) -> RefItem:
    require(actor, "manage_reference")
    model, label, _ = _model(kind)
    name = _clean_name(name, model)
    checked = _clean_extra(kind, extra, adding=True)
    with database.atomic():
        _ensure_unique(model, name)
        values = {"name": name}
        if hasattr(model, "position"):
            values["position"] = (model.select(peewee.fn.MAX(model.position)).scalar() or 0) + 1
        if kind == "agency":
            values.update(
                kind=checked["agency_kind"],
                recipient=checked["recipient"],
                county=checked.get("county_id"),
                search_key=search_key(name),
            )
        if kind == "request_type":
            if RequestType.select().where(RequestType.code == checked["code"]).exists():
                raise ValidationError({"code": f"کد «{checked['code']}» پیش‌تر به کار رفته است."})
            values.update(code=checked["code"], due_days=checked["due_days"])
        row = model.create(**values)
        if kind == "agency":  # its place in name order, for the register's sort (migration 35)
            sort_ranks.agency_placed(row.id)
        audit.record(actor, f"{kind}.add", kind, row.id, name=name)
    return _item(kind, row)


def _get(model, label: str, item_id: int):
    row = model.get_or_none(model.id == item_id)
    if row is None:
        raise NotFound(f"{label} با شناسه {item_id} پیدا نشد.")
    return row


def rename_item(actor: Actor, kind: str, item_id: int, new_name: str) -> RefItem:
    require(actor, "manage_reference")
    model, label, _ = _model(kind)
    name = _clean_name(new_name, model)
    with database.atomic():
        row = _get(model, label, item_id)
        _ensure_unique(model, name, exclude_id=row.id)
        values = {"name": name}
        if kind == "agency":
            values["search_key"] = search_key(name)
        model.update(**values).where(model.id == row.id).execute()
        if kind == "agency":  # its new place in name order, and its cases' (migration 35)
            sort_ranks.agency_placed(row.id)
        audit.record(actor, f"{kind}.rename", kind, row.id, changes={"name": [row.name, name]})
        return _item(kind, model.get_by_id(row.id))


def update_item(actor: Actor, kind: str, item_id: int, **values) -> RefItem:
    """Fields other than the name: an agency's recipient line, a request type's default due days."""
    require(actor, "manage_reference")
    model, label, _ = _model(kind)
    allowed = {"agency": {"recipient", "county_id"}, "request_type": {"due_days"}}.get(kind, set())
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "این ویژگی را نمی‌توان تغییر داد."})
    values = _clean_extra(kind, values, adding=False)
    with database.atomic():
        row = _get(model, label, item_id)
        before = {k: getattr(row, k if k != "county_id" else "county_id") for k in values}
        model.update(**{("county" if k == "county_id" else k): v for k, v in values.items()}).where(
            model.id == row.id
        ).execute()
        audit.record(actor, f"{kind}.update", kind, row.id, changes=audit.changes(before, values))
        return _item(kind, model.get_by_id(row.id))


def set_active(actor: Actor, kind: str, item_id: int, active: bool) -> RefItem:
    """Retire (or bring back) an entry: retired entries stay on old records but are not offered."""
    require(actor, "manage_reference")
    model, label, _ = _model(kind)
    with database.atomic():
        row = _get(model, label, item_id)
        model.update(active=active).where(model.id == row.id).execute()
        audit.record(actor, f"{kind}.{'reactivate' if active else 'retire'}", kind, row.id, name=row.name)
        return _item(kind, model.get_by_id(row.id))


def is_used(kind: str, item_id: int) -> bool:
    return any(m.select().where(getattr(m, f) == item_id).exists() for m, f in _model(kind)[2])


def delete_item(actor: Actor, kind: str, item_id: int) -> None:
    """Only an entry no record uses can be deleted; a used one can only be retired."""
    require(actor, "manage_reference")
    model, label, _ = _model(kind)
    with database.atomic():
        row = _get(model, label, item_id)
        if is_used(kind, item_id):
            raise Conflict(f"«{row.name}» در پرونده‌ها به کار رفته و پاک نمی‌شود؛ می‌توانید آن را بایگانی کنید.")
        model.delete().where(model.id == row.id).execute()
        audit.record(actor, f"{kind}.delete", kind, row.id, name=row.name)


def load_seed(actor: Actor) -> dict[str, int]:
    """Add seed entries that are missing (by name or code); never changes or removes existing ones."""
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    added = {"county": 0, "agency": 0, "category": 0, "request_type": 0}
    with database.atomic():
        for pos, name in enumerate(data["counties"], 1):
            if not County.select().where(County.name == name).exists():
                County.create(name=name, position=pos)
                added["county"] += 1
        counties = {c.name: c.id for c in County.select()}
        for entry in data["agencies"]:
            if not Agency.select().where(Agency.name == entry["name"]).exists():
                agency = Agency.create(
                    name=entry["name"],
                    kind=entry["kind"],
                    county=counties.get(entry.get("county")),
                    recipient=entry.get("recipient", ""),
                    search_key=search_key(entry["name"]),
                )
                sort_ranks.agency_placed(agency.id)
                added["agency"] += 1
        for pos, name in enumerate(data["categories"], 1):
            if not Category.select().where(Category.name == name).exists():
                Category.create(name=name, position=pos)
                added["category"] += 1
        for pos, entry in enumerate(data["request_types"], 1):
            if not RequestType.select().where(RequestType.code == entry["code"]).exists():
                RequestType.create(
                    code=entry["code"], name=entry["name"], due_days=entry["due_days"], position=pos
                )
                added["request_type"] += 1
        if any(added.values()):
            audit.record(actor, "reference.seed", "reference", None, added=added)
    return added
