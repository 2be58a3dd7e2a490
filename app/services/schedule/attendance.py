"""The attendance record and compliance: how each slot ended, and per official and per agency for a period
the slots scheduled, attended, hours in the center, calls handled and orders issued."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee
from peewee import JOIN

from app.db import database
from app.domain import jalali
from app.domain.attendance import SlotStatus, effective_status
from app.domain.status import ReferralStatus
from app.domain.text import has_control_chars, normalize_line
from app.models import Agency, AttendanceSlot, Contact, Official, OfficialSession, Referral, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.errors import Conflict, NotFound, ValidationError
from app.services.schedule.schedule import SlotInfo, get_slot
from app.services.schedule.sessions import utc_day_bounds

NO_AGENCY = "بدون دستگاه"


@dataclass
class AttendanceRow:
    """Figures of one official (or one agency, or the total) over the period."""

    key: int | None
    name: str
    title: str = ""
    agency_name: str = ""
    scheduled: int = 0  # slots planned in the period, cancelled ones aside
    attended: int = 0  # came on time
    late: int = 0
    absent: int = 0
    cancelled: int = 0
    pending: int = 0  # still to come
    minutes: int = 0  # time in the center (closed sessions)
    sessions: int = 0
    calls: int = 0  # contacts made during the sessions
    orders: int = 0  # referral orders issued during the sessions
    officials: int = 0  # agency and total rows: how many officials

    @property
    def present(self) -> int:
        return self.attended + self.late

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def compliance(self) -> float | None:
        """Share of the slots already due that the official came to (None when none was due)."""
        due = self.present + self.absent
        return self.present / due if due else None

    def add(self, other: AttendanceRow) -> None:
        for name in (
            "scheduled",
            "attended",
            "late",
            "absent",
            "cancelled",
            "pending",
            "minutes",
            "sessions",
            "calls",
            "orders",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.officials += 1


@dataclass
class AttendanceReport:
    start: dt.date
    end: dt.date
    officials: list[AttendanceRow]
    agencies: list[AttendanceRow]
    total: AttendanceRow
    made_at: dt.datetime = field(default_factory=utcnow)

    @property
    def period_label(self) -> str:
        return f"از {jalali.format_jalali(self.start)} تا {jalali.format_jalali(self.end)}"


def attendance_report(
    actor: Actor, start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> AttendanceReport:
    """Figures for the period start..end (Tehran days, both included). A slot still «scheduled» on a day
    before today counts as absent; sessions count by the day they were checked in."""
    require(actor, "view_reports")
    if start is None or end is None or end < start:
        raise ValidationError({"end": "پایان دوره پیش از آغاز آن است."})
    today = today or jalali.today_local()
    officials = {
        o.id: o
        for o in Official.select(Official, Agency).join(
            Agency, join_type=JOIN.LEFT_OUTER, on=(Official.agency == Agency.id)
        )
    }
    rows: dict[int, AttendanceRow] = {}

    def row(official_id: int) -> AttendanceRow:
        if official_id not in rows:
            o = officials[official_id]
            rows[official_id] = AttendanceRow(
                o.id, o.full_name, o.title, o.agency.name if o.agency_id else ""
            )
        return rows[official_id]

    slot_counts = (
        AttendanceSlot.select(AttendanceSlot.official, AttendanceSlot.status, AttendanceSlot.date)
        .where(AttendanceSlot.date.between(start, end))
        .tuples()
    )
    for official_id, status, day in slot_counts:
        r = row(official_id)
        state = effective_status(status, day, today)
        if state == SlotStatus.CANCELLED:
            r.cancelled += 1
            continue
        r.scheduled += 1
        if state == SlotStatus.SCHEDULED:
            r.pending += 1
        else:
            setattr(r, str(state), getattr(r, str(state)) + 1)

    since, until = utc_day_bounds(start, end)
    in_period = OfficialSession.checked_in_at.between(since, until)
    session_official: dict[int, int] = {}
    for session_id, official_id, checked_in, checked_out in (
        OfficialSession.select(
            OfficialSession.id,
            OfficialSession.official,
            OfficialSession.checked_in_at,
            OfficialSession.checked_out_at,
        )
        .where(in_period)
        .tuples()
    ):
        session_official[session_id] = official_id
        r = row(official_id)
        r.sessions += 1
        if checked_out is not None:
            r.minutes += int((checked_out - checked_in).total_seconds() // 60)

    calls = (
        Contact.select(OfficialSession.official, peewee.fn.COUNT(Contact.id))
        .join(OfficialSession, on=(Contact.session == OfficialSession.id))
        .where(in_period)
        .group_by(OfficialSession.official)
    )
    for official_id, count in calls.tuples():
        row(official_id).calls += count
    orders = (
        Referral.select(OfficialSession.official, peewee.fn.COUNT(Referral.id))
        .join(OfficialSession, on=(Referral.session == OfficialSession.id))
        .where(in_period & Referral.issued_at.is_null(False) & (Referral.status != ReferralStatus.CANCELLED))
        .group_by(OfficialSession.official)
    )
    for official_id, count in orders.tuples():
        row(official_id).orders += count

    official_rows = sorted(rows.values(), key=lambda r: (r.agency_name or "\uffff", r.name))
    agencies: dict[int | None, AttendanceRow] = {}
    total = AttendanceRow(None, "جمع")
    for r in official_rows:
        agency_id = officials[r.key].agency_id
        if agency_id not in agencies:
            agencies[agency_id] = AttendanceRow(agency_id, r.agency_name or NO_AGENCY)
        agencies[agency_id].add(r)
        total.add(r)
    agency_rows = sorted(agencies.values(), key=lambda r: (r.key is None, r.name))
    return AttendanceReport(start, end, official_rows, agency_rows, total)


# --- how a slot ended ---------------------------------------------------------------------------


def record_outcome(
    actor: Actor, slot_id: int, status: str, note: str = "", *, today: dt.date | None = None
) -> SlotInfo:
    """The supervisor records by hand how a slot ended (attended, late, absent or cancelled), e.g. when the
    official came but nobody opened the session in the app, or to note an excused absence."""
    require(actor, "manage_schedule")
    errors = {}
    try:
        new = SlotStatus(status)
    except ValueError:
        new = None
    if new is None or new == SlotStatus.SCHEDULED:
        errors["status"] = "وضعیت نوبت باید حاضر، با تأخیر، غایب یا لغوشده باشد."
    if has_control_chars(note or ""):
        errors["note"] = "یادداشت نویسه‌های کنترلی یا جهت‌دهی پنهان دارد."
    clean = normalize_line(note or "")
    if len(clean) > 250:
        errors["note"] = "یادداشت بیش از ۲۵۰ نویسه است."
    if new == SlotStatus.CANCELLED and not clean and "note" not in errors:
        errors["note"] = "علت لغو نوبت را بنویسید."
    if errors:
        raise ValidationError(errors)
    slot = AttendanceSlot.get_or_none(AttendanceSlot.id == slot_id)
    if slot is None:
        raise NotFound("این نوبت در برنامه حضور نیست.")
    has_session = OfficialSession.select().where(OfficialSession.slot == slot.id).exists()
    if has_session and new in (SlotStatus.ABSENT, SlotStatus.CANCELLED):
        raise Conflict("برای این نوبت ورود مسئول ثبت شده است؛ نمی‌توان آن را غیبت یا لغو ثبت کرد.")
    if new in (SlotStatus.ATTENDED, SlotStatus.LATE, SlotStatus.ABSENT) and slot.date > (
        today or jalali.today_local()
    ):
        raise ValidationError({"status": "روز این نوبت هنوز نرسیده است."})
    with database.atomic():
        before = {"status": slot.status, "note": slot.note}
        after = {"status": str(new), "note": clean or slot.note}
        AttendanceSlot.update(**after).where(AttendanceSlot.id == slot.id).execute()
        audit.record(actor, "slot.outcome", "slot", slot.id, changes=audit.changes(before, after))
    return get_slot(slot.id)


def close_past_slots(actor: Actor, today: dt.date | None = None) -> int:
    """Record as absent every slot of a past day still «scheduled» with no session; returns how many."""
    require(actor, "manage_schedule")
    today = today or jalali.today_local()
    with database.atomic():
        ids = [
            s.id
            for s in AttendanceSlot.select(AttendanceSlot.id).where(
                (AttendanceSlot.date < today)
                & (AttendanceSlot.status == SlotStatus.SCHEDULED)
                & ~AttendanceSlot.id.in_(
                    OfficialSession.select(OfficialSession.slot).where(OfficialSession.slot.is_null(False))
                )
            )
        ]
        if ids:
            AttendanceSlot.update(status=SlotStatus.ABSENT).where(AttendanceSlot.id.in_(ids)).execute()
            audit.record(
                actor, "schedule.close_past", "schedule", None, absent=len(ids), slot_ids=ids, before=today
            )
    return len(ids)
