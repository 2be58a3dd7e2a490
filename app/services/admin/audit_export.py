"""The supervisor's view of the audit trail: filtered search page by page, and export to CSV or XLSX.

Only a supervisor may search or export (`view_audit`); every export is itself recorded in the trail.
There is no function that changes or deletes an entry, here or anywhere (database triggers refuse it too).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

import peewee

from app import private_files
from app.domain import jalali
from app.domain.audit_labels import ENTITY_LABELS, action_label
from app.domain.text import isolate, normalize_line
from app.models import AuditEntry
from app.services.actor import Actor, require
from app.services.admin import audit, audit_text
from app.services.errors import ValidationError

FORMATS = ("csv", "xlsx")
HEADERS = ["شناسه", "زمان", "کاربر", "کار", "موجودیت", "شناسه موجودیت", "جزئیات"]
MAX_TEXT = 200
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AuditFilter:
    text: str = ""
    username: str = ""
    action: str = ""  # an action ("case.register") or a prefix ending in "." ("case.")
    entity: str = ""
    since: dt.date | None = None  # local (Tehran) days, both included
    until: dt.date | None = None


def _clean(f: AuditFilter) -> AuditFilter:
    errors = {}
    values = {}
    for name in ("text", "username", "action", "entity"):
        raw = getattr(f, name) or ""
        value = normalize_line(str(raw))
        if len(value) > MAX_TEXT:
            errors[name] = f"متن جست‌وجو بیش از {MAX_TEXT} نویسه است."
        values[name] = value
    for name in ("since", "until"):
        value = getattr(f, name)
        if value is not None and not isinstance(value, dt.date):
            errors[name] = "تاریخ درست نیست."
        values[name] = value
    if not errors and values["since"] and values["until"] and values["until"] < values["since"]:
        errors["until"] = "پایان بازه پیش از آغاز آن است."
    if errors:
        raise ValidationError(errors)
    return AuditFilter(**values)


def check(f: AuditFilter) -> None:
    """Raise ValidationError (field: message) for a filter the searches would refuse, reading nothing: a
    screen checks at once what it then runs off the interface thread."""
    _clean(f)


def _local_midnight_utc(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(), tzinfo=jalali.TEHRAN)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _query(f: AuditFilter) -> peewee.ModelSelect:
    query = AuditEntry.select()
    if f.username:
        query = query.where(AuditEntry.username == f.username.lower())
    if f.action:
        query = query.where(
            AuditEntry.action.startswith(f.action)
            if f.action.endswith(".")
            else AuditEntry.action == f.action
        )
    if f.entity:
        query = query.where(AuditEntry.entity == f.entity)
    if f.since:
        query = query.where(AuditEntry.at >= _local_midnight_utc(f.since))
    if f.until:
        query = query.where(AuditEntry.at < _local_midnight_utc(f.until + dt.timedelta(days=1)))
    return query  # f.text is not SQL: the details are compressed (see _entries)


def _entries(f: AuditFilter, *, limit: int | None = None, oldest_first: bool = False, before_id=None):
    """The entries matching `f` (older than `before_id`), newest first (or oldest first). The text (in the
    details, the entity id or the action) is tested on each decompressed entry the SQL filters leave:
    audit.matching says what that costs."""
    query = _query(f)
    if before_id is not None:
        query = query.where(AuditEntry.id < int(before_id))
    if not f.text:
        query = query.order_by(AuditEntry.id.asc() if oldest_first else AuditEntry.id.desc())
        return query.limit(limit).iterator() if limit is not None else query.iterator()
    return audit.matching(query, f.text, limit=limit, actions_too=True, oldest_first=oldest_first)


def count(actor: Actor, f: AuditFilter = AuditFilter()) -> int:
    """How many entries match: with a text, a read of every entry the other filters leave."""
    require(actor, "view_audit")
    f = _clean(f)
    if not f.text:
        return _query(f).count()
    return sum(len(ids) for ids in audit.matching_ids(_query(f), f.text, actions_too=True))


def count_and_page(
    actor: Actor, f: AuditFilter, limit: int = 200, progress=None
) -> tuple[int, list[audit.AuditRow]]:
    """count(f) and page(f, 0, limit) at once. With a text both read every entry the other filters leave (for
    a text found nowhere, about 40 s each at a million cases): here one scan counts them and keeps the first
    `limit` matches, newest first, as page() orders them. `progress` goes to audit.matching_ids (called
    before each chunk read: cancelling a background task stops the scan there)."""
    require(actor, "view_audit")
    f = _clean(f)
    if not f.text:
        return count(actor, f), page(actor, f, 0, limit)
    total, first = 0, []
    for ids in audit.matching_ids(_query(f), f.text, actions_too=True, progress=progress):
        total += len(ids)
        first.extend(ids[: max(0, limit - len(first))])
    entries = {e.id: e for e in AuditEntry.select().where(AuditEntry.id.in_(first))} if first else {}
    return total, [audit._row(entries[i]) for i in first]


def page(
    actor: Actor,
    f: AuditFilter = AuditFilter(),
    offset: int = 0,
    limit: int = 200,
    *,
    before_id: int | None = None,
) -> list[audit.AuditRow]:
    """Newest first: after skipping `offset` matches, or the page that follows the entry `before_id` (the last
    row shown: a text search goes on from there instead of reading again what the pages before it read)."""
    require(actor, "view_audit")
    f = _clean(f)
    offset, limit = max(0, int(offset)), max(1, min(int(limit), 5000))
    entries = _entries(f, limit=offset + limit, before_id=before_id)
    return [audit._row(e) for e in itertools.islice(entries, offset, None)]


def actions() -> list[str]:
    """The actions present in the trail (for the filter's list)."""
    return sorted({r[0] for r in AuditEntry.select(AuditEntry.action).distinct().tuples()})


def _safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV/formula injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cells(row: audit.AuditRow) -> list:
    return [
        row.id,
        jalali.format_jalali_datetime(row.at, digits="en"),
        _safe_cell(row.username),
        _safe_cell(action_label(row.action)),
        _safe_cell(ENTITY_LABELS.get(row.entity, row.entity)),
        _safe_cell(row.entity_id or ""),
        _safe_cell(audit_text.summary(row.action, row.entity, row.details, marks=False)),
    ]


def export(actor: Actor, f: AuditFilter, file: Path, fmt: str | None = None) -> int:
    """Write the matching entries (oldest first) to `file`; returns how many. Recorded in the trail."""
    require(actor, "view_audit")
    f = _clean(f)
    file = Path(file)
    fmt = (fmt or file.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValidationError({"format": "قالب خروجی باید csv یا xlsx باشد."})
    entries = _entries(f, oldest_first=True)
    rows = 0
    tmp = file.with_name(file.name + ".partial")
    try:
        private_files.create_private(tmp)  # the trail names citizens' cases: readable by its owner only
        if fmt == "csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(HEADERS)
                for entry in entries:
                    writer.writerow(_cells(audit._row(entry)))
                    rows += 1
        else:
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("رد تغییرات")
            sheet.sheet_view.rightToLeft = True
            sheet.append(HEADERS)
            for entry in entries:
                sheet.append(_cells(audit._row(entry)))
                rows += 1
            book.save(tmp)
        tmp.replace(file)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ValidationError({"file": f"پرونده «{isolate(file)}» نوشته نشد: {exc.strerror}"}) from exc
    audit.record_export(actor, "audit", rows, str(file), format=fmt)
    return rows
