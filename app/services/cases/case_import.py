"""Registering a batch of calls (the JSON import of `samad call add`): every record through
register_call, all or nothing unless the caller asks to keep the good ones.

A record has the keys of register_call's data; for convenience it may name the county, category and
agency by name ("county", "category", "agency") and the request type by its name or code.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.db import database
from app.domain.text import search_key
from app.models import Agency, Category, County, RequestType
from app.services.actor import Actor, require
from app.services.cases.cases import CaseInfo, register_call, validate_call
from app.services.errors import ValidationError

_BY_NAME = {
    "county": ("county_id", County),
    "category": ("category_id", Category),
    "agency": ("agency_id", Agency),
}


@dataclass(frozen=True)
class ImportResult:
    saved: list[tuple[int, CaseInfo]]  # (record index, the case)
    rejected: list[tuple[int, dict[str, str]]]  # (record index, {field: Persian message})

    @property
    def all_saved(self) -> bool:
        return not self.rejected


def _named(model, name) -> int | None:
    if not isinstance(name, str) or not name.strip():
        return None
    key = search_key(name)
    for row in model.select(model.id, model.name).where(model.active == True):  # noqa: E712
        if search_key(row.name) == key:
            return row.id
    return -1  # named, but not in the list: validation says so at the field


def resolve_names(record: dict) -> dict:
    """Turn names into the ids register_call takes (ids given explicitly win)."""
    data = dict(record)
    for name_key, (id_key, model) in _BY_NAME.items():
        if name_key in data:
            value = data.pop(name_key)
            if data.get(id_key) in (None, ""):
                data[id_key] = _named(model, value)
    rt = data.get("request_type")
    if (
        isinstance(rt, str)
        and rt.strip()
        and not RequestType.select().where(RequestType.code == rt.strip()).exists()
    ):
        match = next((r.code for r in RequestType.select() if search_key(r.name) == search_key(rt)), None)
        data["request_type"] = match or rt
    return data


def _check(record) -> dict:
    if not isinstance(record, dict):
        raise ValidationError({"": "هر رکورد باید یک شیء JSON با فیلدهای نام‌دار باشد."})
    data = resolve_names(record)
    if data.get("attach_to") in (None, ""):
        try:
            validate_call(data)
        except ValidationError as exc:  # name the key the record used ("county", not "county_id")
            given = {id_key: name_key for name_key, (id_key, _) in _BY_NAME.items() if name_key in record}
            raise ValidationError({given.get(k, k): v for k, v in exc.errors.items()}) from None
    return data


def register_calls(
    actor: Actor, records: list, *, keep_good: bool = False, session_id: int | None = None
) -> ImportResult:
    """Register every record. With one bad record nothing is saved (the result names each bad record and
    why); with keep_good=True the good records are saved and the bad ones reported."""
    require(actor, "register_call")
    if not isinstance(records, list):
        raise ValidationError({"": "ورودی باید یک شیء JSON یا فهرستی از آن‌ها باشد."})
    prepared, rejected = [], []
    for index, record in enumerate(records):
        try:
            prepared.append((index, _check(record)))
        except ValidationError as exc:
            rejected.append((index, exc.errors))
    if rejected and not keep_good:
        return ImportResult([], rejected)
    saved: list[tuple[int, CaseInfo]] = []
    if keep_good:
        for index, data in prepared:
            try:
                saved.append((index, register_call(actor, data, session_id=session_id)))
            except ValidationError as exc:
                rejected.append((index, exc.errors))
        return ImportResult(saved, sorted(rejected, key=lambda r: r[0]))
    with database.atomic() as transaction:
        for index, data in prepared:
            try:
                saved.append((index, register_call(actor, data, session_id=session_id)))
            except ValidationError as exc:  # e.g. attaching to a case that is closed
                transaction.rollback()
                return ImportResult([], [(index, exc.errors)])
    return ImportResult(saved, [])
