"""The attendance schedule: generating a rotation of officials, editing slots by hand, finding conflicts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from app.db import database
from app.domain import jalali
from app.domain.attendance import (
    MAX_ROTATION_DAYS,
    MAX_SLOT_MINUTES,
    MIN_SLOT_MINUTES,
    SLOT_STATUS_LABELS,
    ConflictKind,
    SlotStatus,
    add_minutes,
    minutes_between,
    overlaps,
    rotation_dates,
)
from app.domain.text import to_persian_digits
from app.models import Agency, AttendanceSlot, Official, OfficialSession
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.errors import Conflict, NotFound, ValidationError
from app.services.letters.holidays import holiday_titles
from app.services.text_fields import clean_text

DEFAULT_START = dt.time(10, 0)
DEFAULT_MINUTES = 60
MAX_NOTE = 250


@dataclass(frozen=True)
class SlotInfo:
    id: int
    official_id: int
    official_name: str
    official_title: str
    agency_name: str
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    status: str
    note: str
    parallel: bool = False

    @property
    def weekday(self) -> str:
        return jalali.weekday_name(self.date)

    @property
    def minutes(self) -> int:
        return minutes_between(self.start_time, self.end_time)


@dataclass(frozen=True)
class ScheduleConflict:
    kind: ConflictKind
    date: dt.date
    slot_ids: tuple[int, ...]
    message: str


@dataclass(frozen=True)
class RotationResult:
    slots: list[SlotInfo]
    skipped: list[tuple[dt.date, str]]  # days of the period left out, with why
    removed: int  # unattended slots replaced


def _slot_query():
    return (
        AttendanceSlot.select(AttendanceSlot, Official, Agency)
        .join(Official, on=(AttendanceSlot.official == Official.id))
        .join(Agency, join_type=JOIN.LEFT_OUTER, on=(Official.agency == Agency.id))
    )


def _info(s: AttendanceSlot) -> SlotInfo:
    o = s.official
    agency = o.agency.name if o.agency_id else ""
    return SlotInfo(
        s.id,
        o.id,
        o.full_name,
        o.title,
        agency,
        s.date,
        s.start_time,
        s.end_time,
        s.status,
        s.note or "",
        bool(s.parallel),
    )


def _as_time(value) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))  # some drivers hand back strings


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def get_slot(slot_id: int) -> SlotInfo:
    return _info(_get(slot_id, _slot_query()))


def _get(slot_id, query=None) -> AttendanceSlot:
    query = query if query is not None else AttendanceSlot.select()
    try:
        row = query.where(AttendanceSlot.id == int(slot_id)).first()
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise NotFound("این نوبت در برنامه حضور نیست.")
    return row


def list_slots(
    start: dt.date, end: dt.date, official_id: int | None = None, include_cancelled: bool = True
) -> list[SlotInfo]:
    """The slots of a period in date and hour order."""
    query = _slot_query().where(AttendanceSlot.date.between(start, end))
    if official_id is not None:
        query = query.where(AttendanceSlot.official == official_id)
    if not include_cancelled:
        query = query.where(AttendanceSlot.status != SlotStatus.CANCELLED)
    rows = query.order_by(AttendanceSlot.date, AttendanceSlot.start_time, AttendanceSlot.id)
    return [_info(s) for s in rows]


def _official(errors: dict, field: str, official_id) -> Official | None:
    try:
        row = Official.get_or_none(Official.id == int(official_id))
    except (TypeError, ValueError):
        row = None
    if row is None:
        errors[field] = "مسئول را از فهرست مسئولان انتخاب کنید."
    elif not row.active:
        errors[field] = f"«{row.full_name}» غیرفعال است و نوبت نمی‌گیرد."
    return row


def _times(errors: dict, start_time, end_time) -> tuple[dt.time | None, dt.time | None]:
    if start_time is None:
        errors["start_time"] = "ساعت آغاز نوبت را بنویسید."
    if end_time is None:
        errors["end_time"] = "ساعت پایان نوبت را بنویسید."
    if start_time is not None and end_time is not None:
        length = minutes_between(start_time, end_time)
        if length <= 0:
            errors["end_time"] = "ساعت پایان نوبت باید پس از ساعت آغاز آن باشد."
        elif length < MIN_SLOT_MINUTES:
            errors["end_time"] = f"نوبت دست‌کم {to_persian_digits(str(MIN_SLOT_MINUTES))} دقیقه است."
    return start_time, end_time


def _note(
    errors: dict, note: str, field: str = "note", required: bool = False, label: str = "یادداشت"
) -> str:
    return clean_text(errors, field, note, label=label, limit=MAX_NOTE, required=required)


def _values(s: AttendanceSlot) -> dict:
    return {
        "official_id": s.official_id,
        "date": _as_date(s.date),
        "start_time": _as_time(s.start_time),
        "end_time": _as_time(s.end_time),
        "status": s.status,
        "note": s.note or "",
        "parallel": bool(s.parallel),
    }


def _editable(row: AttendanceSlot) -> None:
    if row.status != SlotStatus.SCHEDULED:
        raise Conflict(f"این نوبت «{SLOT_STATUS_LABELS[SlotStatus(row.status)]}» است و دیگر تغییر نمی‌کند.")
    if OfficialSession.select().where(OfficialSession.slot == row.id).exists():
        raise Conflict("برای این نوبت جلسه پاسخگویی باز شده است و دیگر تغییر نمی‌کند.")


# --- generation -----------------------------------------------------------------------------


def _next_turn(official_ids: list[int], start: dt.date) -> int:
    """Index in official_ids of who is next: the one after whoever had the last slot before start."""
    last = (
        AttendanceSlot.select(AttendanceSlot.official)
        .where(
            (AttendanceSlot.date < start)
            & (AttendanceSlot.official.in_(official_ids))
            & (AttendanceSlot.status != SlotStatus.CANCELLED)
        )
        .order_by(AttendanceSlot.date.desc(), AttendanceSlot.start_time.desc(), AttendanceSlot.id.desc())
        .first()
    )
    if last is None:
        return 0
    return (official_ids.index(last.official_id) + 1) % len(official_ids)


def generate_rotation(
    actor: Actor,
    start: dt.date,
    end: dt.date,
    official_ids: list[int],
    *,
    start_time: dt.time = DEFAULT_START,
    minutes: int = DEFAULT_MINUTES,
    every: int = 2,
    skip_thursdays: bool = False,
    replace: bool = False,
    continue_turns: bool = True,
) -> RotationResult:
    """Plan slots from start to end: every `every`-th working day (2 = every other day), one slot a day of
    `minutes` from `start_time`, officials taking turns in the order given (continuing after whoever
    had the last slot before start, when continue_turns). Fridays and listed holidays are skipped.

    Existing slots of the period are kept and the call refused, unless replace: then the slots still only
    «scheduled» (no session) are removed, and days that keep a slot already held are left out.
    """
    require(actor, "manage_schedule")
    errors: dict[str, str] = {}
    ids: list[int] = []
    for value in official_ids or []:
        row = _official(errors, "official_ids", value)
        if row is not None and row.id not in ids:
            ids.append(row.id)
    if not official_ids:
        errors["official_ids"] = "دست‌کم یک مسئول برای نوبت‌ها انتخاب کنید؛ بدون مسئول برنامه‌ای ساخته نمی‌شود."
    if start is None or end is None:
        errors["start" if start is None else "end"] = "آغاز و پایان دوره را بدهید."
    elif end < start:
        errors["end"] = "پایان دوره پیش از آغاز آن است."
    elif (end - start).days >= MAX_ROTATION_DAYS:
        errors["end"] = "برنامه را برای یک سال یا کمتر بسازید."
    if not isinstance(every, int) or not 1 <= every <= 7:
        errors["every"] = "فاصله نوبت‌ها باید بین ۱ (هر روز کاری) و ۷ روز کاری باشد."
    end_time = None
    if not isinstance(minutes, int) or not MIN_SLOT_MINUTES <= minutes <= MAX_SLOT_MINUTES:
        errors["minutes"] = (
            f"مدت نوبت باید بین {to_persian_digits(str(MIN_SLOT_MINUTES))} دقیقه و "
            f"{to_persian_digits(str(MAX_SLOT_MINUTES // 60))} ساعت باشد."
        )
    elif start_time is None:
        errors["start_time"] = "ساعت آغاز نوبت را بنویسید."
    else:
        end_time = add_minutes(start_time, minutes)
        if end_time is None:
            errors["minutes"] = "نوبت باید پیش از نیمه‌شب تمام شود."
    if errors:
        raise ValidationError(errors)

    holidays = holiday_titles(start, end)
    days = rotation_dates(start, end, holidays, every, skip_thursdays)
    skipped = [(d, f"تعطیل: {holidays[d]}" if holidays[d] else "تعطیل رسمی") for d in sorted(holidays)]
    if not days:
        raise ValidationError({"start": "در این دوره روز کاری برای نوبت نیست."})
    existing = AttendanceSlot.select().where(
        AttendanceSlot.date.between(start, end) & (AttendanceSlot.status != SlotStatus.CANCELLED)
    )
    if existing.exists() and not replace:
        count = to_persian_digits(str(existing.count()))
        raise ValidationError(
            {
                "replace": f"برای این دوره پیش‌تر {count} نوبت ساخته شده است؛ برای ساختن "
                "دوباره، جایگزینی نوبت‌های برگزارنشده را انتخاب کنید."
            }
        )
    with database.atomic():
        removed = 0
        if replace:
            open_ids = [
                s.id
                for s in existing.where(AttendanceSlot.status == SlotStatus.SCHEDULED)
                if not OfficialSession.select().where(OfficialSession.slot == s.id).exists()
            ]
            if open_ids:
                removed = AttendanceSlot.delete().where(AttendanceSlot.id.in_(open_ids)).execute()
            kept = {
                _as_date(s.date)
                for s in AttendanceSlot.select(AttendanceSlot.date).where(
                    AttendanceSlot.date.between(start, end) & (AttendanceSlot.status != SlotStatus.CANCELLED)
                )
            }
            skipped += [(d, "نوبت برگزارشده") for d in days if d in kept]
            days = [d for d in days if d not in kept]
        turn = _next_turn(ids, start) if continue_turns else 0
        rows = []
        for i, day in enumerate(days):
            rows.append(
                {
                    "official": ids[(turn + i) % len(ids)],
                    "date": day,
                    "start_time": start_time,
                    "end_time": end_time,
                    "status": SlotStatus.SCHEDULED,
                    "note": "",
                }
            )
        for chunk in range(0, len(rows), 500):
            AttendanceSlot.insert_many(rows[chunk : chunk + 500]).execute()
        audit.record(
            actor,
            "schedule.generate",
            "schedule",
            None,
            start=start,
            end=end,
            officials=ids,
            start_time=start_time,
            minutes=minutes,
            every=every,
            skip_thursdays=skip_thursdays,
            created=len(rows),
            removed=removed,
        )
    slots = [s for s in list_slots(start, end) if s.date in set(days)]
    return RotationResult(slots, sorted(skipped), removed)


# --- manual edits ---------------------------------------------------------------------------


def add_slot(
    actor: Actor,
    official_id: int,
    day: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    note: str = "",
    *,
    parallel: bool = False,
) -> SlotInfo:
    """A slot in the schedule; `parallel` plans it alongside another official's hour (both may be in)."""
    require(actor, "manage_schedule")
    errors: dict[str, str] = {}
    official = _official(errors, "official_id", official_id)
    if day is None:
        errors["date"] = "روز نوبت را بدهید."
    _times(errors, start_time, end_time)
    clean_note = _note(errors, note)
    if errors:
        raise ValidationError(errors)
    with database.atomic():
        row = AttendanceSlot.create(
            official=official.id,
            date=day,
            start_time=start_time,
            end_time=end_time,
            status=SlotStatus.SCHEDULED,
            note=clean_note,
            parallel=bool(parallel),
        )
        audit.record(actor, "slot.add", "slot", row.id, **_values(row))
    return get_slot(row.id)


def move_slot(actor: Actor, slot_id: int, day: dt.date, start_time: dt.time, end_time: dt.time) -> SlotInfo:
    """Move a slot still to come to another day or hour."""
    require(actor, "manage_schedule")
    row = _get(slot_id)
    errors: dict[str, str] = {}
    if day is None:
        errors["date"] = "روز نوبت را بدهید."
    _times(errors, start_time, end_time)
    if errors:
        raise ValidationError(errors)
    _editable(row)
    with database.atomic():
        before = _values(row)
        AttendanceSlot.update(date=day, start_time=start_time, end_time=end_time).where(
            AttendanceSlot.id == row.id
        ).execute()
        after = _values(AttendanceSlot.get_by_id(row.id))
        audit.record(actor, "slot.move", "slot", row.id, changes=audit.changes(before, after))
    return get_slot(row.id)


def reassign_slot(actor: Actor, slot_id: int, official_id: int) -> SlotInfo:
    """Give a slot still to come to another official (a substitute)."""
    require(actor, "manage_schedule")
    row = _get(slot_id)
    errors: dict[str, str] = {}
    official = _official(errors, "official_id", official_id)
    if errors:
        raise ValidationError(errors)
    _editable(row)
    with database.atomic():
        AttendanceSlot.update(official=official.id).where(AttendanceSlot.id == row.id).execute()
        audit.record(
            actor, "slot.reassign", "slot", row.id, changes={"official_id": [row.official_id, official.id]}
        )
    return get_slot(row.id)


def swap_slots(actor: Actor, first_id: int, second_id: int) -> tuple[SlotInfo, SlotInfo]:
    """Two officials exchange their slots (each keeps the other's day and hour)."""
    require(actor, "manage_schedule")
    first, second = _get(first_id), _get(second_id)
    if first.id == second.id:
        raise ValidationError({"second_id": "برای جابه‌جایی دو نوبت متفاوت انتخاب کنید."})
    if first.official_id == second.official_id:
        raise ValidationError({"second_id": "هر دو نوبت از یک مسئول است؛ جابه‌جایی چیزی را عوض نمی‌کند."})
    _editable(first)
    _editable(second)
    with database.atomic():
        AttendanceSlot.update(official=second.official_id).where(AttendanceSlot.id == first.id).execute()
        AttendanceSlot.update(official=first.official_id).where(AttendanceSlot.id == second.id).execute()
        audit.record(
            actor,
            "slot.swap",
            "slot",
            first.id,
            other_slot=second.id,
            changes={"official_id": [first.official_id, second.official_id]},
        )
        audit.record(
            actor,
            "slot.swap",
            "slot",
            second.id,
            other_slot=first.id,
            changes={"official_id": [second.official_id, first.official_id]},
        )
    return get_slot(first.id), get_slot(second.id)


def cancel_slot(actor: Actor, slot_id: int, reason: str) -> SlotInfo:
    """Call a slot off beforehand; the reason is kept with it and shown in the attendance record."""
    require(actor, "manage_schedule")
    row = _get(slot_id)
    errors: dict[str, str] = {}
    clean = _note(errors, reason, field="reason", required=True, label="علت لغو")
    if errors:
        raise ValidationError(errors)
    _editable(row)
    with database.atomic():
        AttendanceSlot.update(status=SlotStatus.CANCELLED, note=clean).where(
            AttendanceSlot.id == row.id
        ).execute()
        audit.record(
            actor,
            "slot.cancel",
            "slot",
            row.id,
            reason=clean,
            changes={"status": [row.status, SlotStatus.CANCELLED.value]},
        )
    return get_slot(row.id)


# --- conflicts ------------------------------------------------------------------------------


def find_conflicts(start: dt.date, end: dt.date, *, allow_parallel: bool = False) -> list[ScheduleConflict]:
    """What is wrong with the period's slots (cancelled ones aside): a slot on a Friday or a listed
    holiday, one official in two overlapping slots, and two officials at once unless both slots are planned
    as parallel (or `allow_parallel` accepts every such pair)."""
    slots = list_slots(start, end, include_cancelled=False)
    holidays = holiday_titles(start, end)
    found: list[ScheduleConflict] = []
    for s in slots:
        day = jalali.format_jalali(s.date)
        if jalali.is_friday(s.date):
            found.append(
                ScheduleConflict(
                    ConflictKind.FRIDAY,
                    s.date,
                    (s.id,),
                    f"نوبت «{s.official_name}» در {day} به جمعه افتاده است.",
                )
            )
        elif s.date in holidays:
            name = f" ({holidays[s.date]})" if holidays[s.date] else ""
            found.append(
                ScheduleConflict(
                    ConflictKind.HOLIDAY,
                    s.date,
                    (s.id,),
                    f"نوبت «{s.official_name}» در {day} روز تعطیل است{name}.",
                )
            )
    by_day: dict[dt.date, list[SlotInfo]] = {}
    for s in slots:
        by_day.setdefault(s.date, []).append(s)
    for day, same_day in by_day.items():
        label = jalali.format_jalali(day)
        for i, a in enumerate(same_day):
            for b in same_day[i + 1 :]:
                if not overlaps(a.start_time, a.end_time, b.start_time, b.end_time):
                    continue
                if a.official_id == b.official_id:
                    found.append(
                        ScheduleConflict(
                            ConflictKind.OVERLAP,
                            day,
                            (a.id, b.id),
                            f"«{a.official_name}» در {label} دو نوبت هم‌پوشان دارد.",
                        )
                    )
                elif not (allow_parallel or (a.parallel and b.parallel)):
                    found.append(
                        ScheduleConflict(
                            ConflictKind.PARALLEL,
                            day,
                            (a.id, b.id),
                            f"«{a.official_name}» و «{b.official_name}» در {label} هم‌زمان نوبت دارند.",
                        )
                    )
    found.sort(key=lambda c: (c.date, c.slot_ids))
    return found


def conflicted_slot_ids(conflicts: list[ScheduleConflict]) -> set[int]:
    return {slot_id for c in conflicts for slot_id in c.slot_ids}


def month_period(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a Jalali month (ValueError with a Persian message for a bad month)."""
    if not 1 <= month <= 12:
        raise ValueError(f"ماه {to_persian_digits(str(month))} وجود ندارد.")
    return jalali.jalali_month_range(year, month)
