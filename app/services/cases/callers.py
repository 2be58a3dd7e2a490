"""Recognising a caller while the operator types: their details and earlier cases, and the open case
this call is likely a repeat of."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from app.domain.identifiers import normalize_national_code, normalize_phone
from app.domain.status import OPEN_STATUSES, STATUS_LABELS, CaseStatus
from app.models import Agency, Case, Category, Citizen

MAX_CALLERS = 10


@dataclass(frozen=True)
class EarlierCase:
    id: int
    tracking_code: str
    created_at: dt.datetime
    subject: str
    status: str
    agency_id: int | None
    agency_name: str
    category_id: int
    category_name: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[CaseStatus(self.status)]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class CallerMatch:
    """A known citizen whose phone or national code is the one typed, with their cases (newest first)."""

    citizen_id: int
    full_name: str
    national_code: str | None
    phone: str | None
    county_id: int | None
    address: str
    matched_by: str  # "national_code" or "phone"
    case_count: int
    cases: tuple[EarlierCase, ...]

    @property
    def open_cases(self) -> tuple[EarlierCase, ...]:
        return tuple(c for c in self.cases if c.is_open)


def _clean(normalize, value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return normalize(value)
    except ValueError:
        return None


def _citizens(phone: str | None, national_code: str | None) -> list[tuple[Citizen, str]]:
    found: dict[int, tuple[Citizen, str]] = {}
    if national_code:
        for c in (
            Citizen.select()
            .where(Citizen.national_code == national_code)
            .order_by(Citizen.id)
            .limit(MAX_CALLERS)
        ):
            found[c.id] = (c, "national_code")
    if phone:
        query = (
            Citizen.select()
            .where(Citizen.phone == phone)
            .order_by(Citizen.updated_at.desc(), Citizen.id.desc())
            .limit(MAX_CALLERS)
        )
        for c in query:
            found.setdefault(c.id, (c, "phone"))
    return list(found.values())[:MAX_CALLERS]


def _cases_query(citizen_ids: list[int]):
    return (
        Case.select(
            Case.id,
            Case.tracking_code,
            Case.created_at,
            Case.subject,
            Case.status,
            Case.agency,
            Case.category,
            Case.citizen,
            Agency.name.alias("agency_name"),
            Category.name.alias("category_name"),
        )
        .join(Category, on=(Case.category == Category.id))
        .switch(Case)
        .join(Agency, JOIN.LEFT_OUTER, on=(Case.agency == Agency.id))
        .where(Case.citizen.in_(citizen_ids))
    )


def _earlier(row) -> EarlierCase:
    return EarlierCase(
        row.id,
        row.tracking_code,
        row.created_at,
        row.subject,
        row.status,
        row.agency_id,
        row.agency_name or "",
        row.category_id,
        row.category_name,
    )


def lookup_caller(phone: str = "", national_code: str = "", limit: int = 20) -> list[CallerMatch]:
    """Citizens with this national code or phone (incomplete or invalid input finds nobody), each with
    their `limit` newest cases. A national-code match comes first."""
    code = _clean(normalize_national_code, national_code)
    number = _clean(normalize_phone, phone)
    citizens = _citizens(number, code)
    if not citizens:
        return []
    matches = []
    for citizen, matched_by in citizens:
        rows = (
            _cases_query([citizen.id]).order_by(Case.created_at.desc(), Case.id.desc()).limit(limit).objects()
        )
        count = Case.select().where(Case.citizen == citizen.id).count()
        matches.append(
            CallerMatch(
                citizen.id,
                citizen.full_name,
                citizen.national_code,
                citizen.phone,
                citizen.county_id,
                citizen.address,
                matched_by,
                count,
                tuple(_earlier(r) for r in rows),
            )
        )
    return matches


def citizen_cases(citizen_id: int, *, besides: int | None = None, limit: int = 20) -> list[EarlierCase]:
    """The citizen's cases, newest first (without the case `besides`): a caller's earlier cases."""
    query = _cases_query([citizen_id])
    if besides is not None:
        query = query.where(Case.id != besides)
    rows = query.order_by(Case.created_at.desc(), Case.id.desc()).limit(limit).objects()
    return [_earlier(r) for r in rows]


def likely_duplicates(data: dict) -> list[EarlierCase]:
    """Open cases of the same caller (by national code, else phone) about the same agency or the same
    category: the form points them out before saving so the operator can attach instead."""
    if not isinstance(data, dict):
        return []
    code = _clean(normalize_national_code, data.get("national_code"))
    number = _clean(normalize_phone, data.get("phone"))
    if code:
        citizens = [c for c, _ in _citizens(None, code)]
    else:
        citizens = [c for c, _ in _citizens(number, None)]
    same = []
    for field, column in (("agency_id", Case.agency), ("category_id", Case.category)):
        try:
            value = int(data.get(field))
        except (TypeError, ValueError):
            continue
        if abs(value) < 2**62:
            same.append(column == value)
    if not citizens or not same:
        return []
    condition = same[0] if len(same) == 1 else (same[0] | same[1])
    rows = (
        _cases_query([c.id for c in citizens])
        .where(Case.status.in_(sorted(OPEN_STATUSES)) & condition)
        .order_by(Case.created_at.desc(), Case.id.desc())
        .limit(20)
        .objects()
    )
    return [_earlier(r) for r in rows]
