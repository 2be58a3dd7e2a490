"""The calls register: filters, sorting, the total and pages of rows (by offset or keyset), fast on a
million cases. Filters are on indexed case columns; free text goes through app.services.cases.case_search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import peewee

from app.db import is_postgres
from app.domain import jalali
from app.domain.status import CHANNEL_LABELS, STATUS_LABELS, CaseStatus, Channel
from app.models import Agency, Case, Category, County, RequestType, User
from app.services.cases.case_search import count_matches, newest_matches, text_condition
from app.services.errors import ValidationError

PAGE_SIZE = 100
MAX_PAGE = 1000


@dataclass(frozen=True)
class Sort:
    """How the register orders by one column: the ORDER BY expressions (the case id always follows, so
    every row has a unique key for keyset paging) and, for SQLite, a table whose index on the sort
    column can be walked first ("FROM table CROSS JOIN cases") instead of sorting a million rows."""

    columns: tuple
    walk: type | None = None


# "registered" (the default) is the order cases were saved in: the id, which the full-text index can
# give directly; tracking codes are issued in that order too. Status and channel break ties by date,
# following their (column, created_at) indexes.
SORTS = {
    "registered": Sort(()),
    "tracking_code": Sort(()),
    "created_at": Sort((Case.created_at,)),
    "caller_name": Sort((Case.caller_name,)),
    "subject": Sort((Case.subject,)),
    "status": Sort((Case.status, Case.created_at)),
    "channel": Sort((Case.channel, Case.created_at)),
    # the agency's and operator's sort ranks kept on the case, in their names' order (migration 35;
    # app.services.cases.sort_ranks): their (rank, id) indexes are walked
    "agency": Sort((Case.agency_rank,)),
    "county": Sort((County.name,), County),
    "category": Sort((Category.name,), Category),
    "request_type": Sort((RequestType.name,), RequestType),
    "operator": Sort((Case.operator_rank,)),
}
DEFAULT_SORT = "registered"
# Walking an index pays when most cases are kept; below this many, sorting what the filter kept is faster.
WALK_MIN = 50_000
_counts: dict = {}  # filter -> total, a hint for choosing the walk (kept small)


@dataclass(frozen=True)
class CaseFilter:
    date_from: dt.date | None = None  # first day (Tehran), inclusive
    date_to: dt.date | None = None  # last day (Tehran), inclusive
    request_type: str | None = None  # code
    status: str | None = None
    agency_id: int | None = None
    county_id: int | None = None
    category_id: int | None = None
    operator_id: int | None = None
    channel: str | None = None
    citizen_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class CaseRow:
    id: int
    tracking_code: str
    created_at: dt.datetime
    caller_name: str
    phone: str | None
    subject: str
    request_type_name: str
    category_name: str
    agency_name: str
    county_name: str
    status: str
    channel: str
    operator_name: str
    key: tuple  # (sort values..., id): pass as `after` to get the next page

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[CaseStatus(self.status)]

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS[Channel(self.channel)]


@dataclass(frozen=True)
class RegisterPage:
    total: int
    rows: list[CaseRow]


def _as_id(errors: dict, name: str, value):
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        errors[name] = "مقدار این پالایه درست نیست."
        return None
    try:
        number = int(value)
    except ValueError:
        errors[name] = "مقدار این پالایه درست نیست."
        return None
    if not -(2**62) < number < 2**62:
        errors[name] = "مقدار این پالایه درست نیست."
        return None
    return number


def _check(f: CaseFilter) -> CaseFilter:
    """Refuse values no case can have (a hostile or mistyped filter), with the field named."""
    if not isinstance(f, CaseFilter):
        raise ValidationError({"": "پالایه دفتر تماس‌ها درست نیست."})
    errors: dict[str, str] = {}
    values = {fl.name: getattr(f, fl.name) for fl in fields(f)}
    for name in ("agency_id", "county_id", "category_id", "operator_id", "citizen_id"):
        values[name] = _as_id(errors, name, values[name])
    for name in ("date_from", "date_to"):
        if values[name] is not None and (
            not isinstance(values[name], dt.date) or isinstance(values[name], dt.datetime)
        ):
            errors[name] = "تاریخ را از تقویم انتخاب کنید."
    if not errors and f.date_from and f.date_to and f.date_to < f.date_from:
        errors["date_to"] = "پایان بازه پیش از آغاز آن است."
    if f.status not in (None, "") and f.status not in {s.value for s in CaseStatus}:
        errors["status"] = "وضعیت شناخته نیست."
    if f.channel not in (None, "") and f.channel not in {c.value for c in Channel}:
        errors["channel"] = "راه تماس شناخته نیست."
    if f.request_type not in (None, "") and not isinstance(f.request_type, str):
        errors["request_type"] = "نوع درخواست شناخته نیست."
    if not isinstance(f.text, str | None):
        errors["text"] = "متن جست‌وجو باید نوشته باشد."
    if errors:
        raise ValidationError(errors)
    values["text"] = f.text or ""
    return CaseFilter(**values)


def _local_midnight_utc(day: dt.date) -> dt.datetime:
    local = dt.datetime(day.year, day.month, day.day, tzinfo=jalali.TEHRAN)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _conditions(f: CaseFilter) -> list:
    conds = []
    if f.date_from:
        conds.append(Case.created_at >= _local_midnight_utc(f.date_from))
    if f.date_to:
        conds.append(Case.created_at < _local_midnight_utc(f.date_to + dt.timedelta(days=1)))
    if f.request_type:
        rt = RequestType.get_or_none(RequestType.code == f.request_type)
        conds.append(Case.request_type == (rt.id if rt else -1))
    for value, column in (
        (f.status, Case.status),
        (f.channel, Case.channel),
        (f.agency_id, Case.agency),
        (f.county_id, Case.county),
        (f.category_id, Case.category),
        (f.operator_id, Case.operator),
        (f.citizen_id, Case.citizen),
    ):
        if value not in (None, ""):
            conds.append(column == value)
    text = text_condition(f.text)
    if text is not None:
        conds.append(text)
    return conds


def count_cases(f: CaseFilter | None = None) -> int:
    """How many cases the filter keeps (counted once per filter by the register)."""
    f = _check(f or CaseFilter())
    only_text = f == CaseFilter(text=f.text)
    if only_text and f.text:
        total = count_matches(f.text)
        if total is not None:
            return total
    query = Case.select(peewee.fn.COUNT(peewee.SQL("*")))
    conds = _conditions(f)
    if conds:
        query = query.where(*conds)
    total = query.scalar() or 0
    if len(_counts) > 64:
        _counts.clear()
    _counts[f] = total
    return total


def _walk(f: CaseFilter, sort: Sort):
    if sort.walk is None or is_postgres():
        return None
    if f != CaseFilter():
        total = _counts.get(f)
        if (count_cases(f) if total is None else total) < WALK_MIN:
            return None
    return sort.walk


_JOINS = (
    (RequestType, Case.request_type),
    (Category, Case.category),
    (County, Case.county),
    (User, Case.operator),
)


def list_cases(
    f: CaseFilter | None = None,
    *,
    sort: str = DEFAULT_SORT,
    descending: bool = True,
    offset: int = 0,
    after: tuple | None = None,
    limit: int = PAGE_SIZE,
) -> list[CaseRow]:
    """One page of the register. Give `after` (the last row's `key`) for the page that follows it
    (keyset: as fast deep in the list as at its start), or `offset` to jump."""
    f = _check(f or CaseFilter())
    if sort not in SORTS:
        raise ValidationError({"sort": "ستون مرتب‌سازی شناخته نیست."})
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
        raise ValidationError({"limit": f"اندازه صفحه باید بین ۱ و {MAX_PAGE} باشد."})
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise ValidationError({"offset": "جای آغاز صفحه درست نیست."})
    spec = SORTS[sort]
    order = (*spec.columns, Case.id)
    columns = (
        Case.id,
        Case.tracking_code,
        Case.created_at,
        Case.subject,
        Case.status,
        Case.channel,
        Case.caller_name,
        Case.caller_phone.alias("phone"),
        RequestType.name.alias("request_type_name"),
        Category.name.alias("category_name"),
        Agency.name.alias("agency_name"),
        County.name.alias("county_name"),
        User.full_name.alias("operator_name"),
        *(e.alias(f"sort_{i}") for i, e in enumerate(spec.columns)),
    )
    conds = _conditions(f)
    if not spec.columns and f == CaseFilter(text=f.text):  # case order, free text alone
        newest = newest_matches(
            f.text,
            descending=descending,
            after=after[-1] if after else None,
            limit=limit + (0 if after else offset),
        )
        if newest is not None:
            conds = [newest]  # the text's first matches in case order, instead of all of them
    walk = _walk(f, spec)
    if walk is not None:
        # FROM <walk> CROSS JOIN cases: SQLite keeps this loop order and reads <walk> by its index.
        query = walk.select(*columns).join(Case, peewee.JOIN.CROSS)
        conds.append(dict(_JOINS)[walk] == walk.id)
    else:
        query = Case.select(*columns)
    for model, fk in _JOINS:
        if model is not walk:
            query = query.switch(Case).join(model, on=(fk == model.id))
    query = query.switch(Case).join(Agency, peewee.JOIN.LEFT_OUTER, on=(Case.agency == Agency.id))
    if after is not None:
        if not isinstance(after, tuple | list) or len(after) != len(order):
            raise ValidationError({"after": "نشانه صفحه درست نیست."})
        key = peewee.Tuple(*order)
        # each value as its column stores it (a time on SQLite: integer microseconds); a tuple's values are not
        # converted by the fields as a comparison with one field's are
        last = peewee.Tuple(
            *(c.db_value(v) if isinstance(c, peewee.Field) else v for c, v in zip(order, after, strict=True))
        )
        conds.append(key < last if descending else key > last)
    if conds:
        query = query.where(*conds)
    direction = (lambda e: e.desc()) if descending else (lambda e: e.asc())
    query = query.order_by(*map(direction, order)).limit(limit)
    if after is None and offset:
        query = query.offset(offset)
    return [
        CaseRow(
            r["id"],
            r["tracking_code"],
            r["created_at"],
            r["caller_name"],
            r["phone"],
            r["subject"],
            r["request_type_name"],
            r["category_name"],
            r["agency_name"] or "",
            r["county_name"],
            r["status"],
            r["channel"],
            r["operator_name"],
            (*(r[f"sort_{i}"] for i in range(len(spec.columns))), r["id"]),
        )
        for r in query.dicts()
    ]


def first_page(
    f: CaseFilter | None = None, *, sort: str = DEFAULT_SORT, descending: bool = True, limit: int = PAGE_SIZE
) -> RegisterPage:
    """What the register shows first: the total and the first page."""
    return RegisterPage(count_cases(f), list_cases(f, sort=sort, descending=descending, limit=limit))
