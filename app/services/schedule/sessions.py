"""Session mode: the official on duty checks in, works the held cases and live calls, issues orders, and
checks out. Calls registered and orders issued meanwhile carry the session's id (Case/Contact/Referral.session).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from app.db import database, is_postgres, retry_on_contention
from app.domain import jalali
from app.domain.attendance import LATE_AFTER_MINUTES, SlotStatus
from app.domain.roles import Role
from app.domain.status import CaseStatus, LetterStatus, NextStep, ReferralStatus
from app.domain.text import has_control_chars, normalize_line
from app.models import (
    Agency,
    AttendanceSlot,
    Case,
    Contact,
    Letter,
    Official,
    OfficialSession,
    Referral,
    User,
    utcnow,
)
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases.case_status import lock_case
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.services.schedule.officials import official_for_user


@dataclass(frozen=True)
class SessionInfo:
    id: int
    official_id: int
    official_name: str
    official_title: str
    agency_name: str
    slot_id: int | None
    slot_date: dt.date | None
    slot_start: dt.time | None
    slot_end: dt.time | None
    slot_status: str | None
    checked_in_at: dt.datetime  # naive UTC, as stored
    checked_out_at: dt.datetime | None
    opened_by_name: str

    @property
    def is_open(self) -> bool:
        return self.checked_out_at is None

    @property
    def duration_minutes(self) -> int | None:
        """Whole minutes from check-in to check-out (None while open)."""
        if self.checked_out_at is None:
            return None
        return int((self.checked_out_at - self.checked_in_at).total_seconds() // 60)


@dataclass(frozen=True)
class HeldCase:
    id: int
    tracking_code: str
    subject: str
    citizen_name: str
    phone: str
    created_at: dt.datetime
    session_id: int | None  # the session that took it up, if any


@dataclass(frozen=True)
class SessionCall:
    contact_id: int
    case_id: int
    tracking_code: str
    subject: str
    citizen_name: str
    at: dt.datetime
    kind: str  # initial (registered in the session) or follow_up
    case_status: str


@dataclass(frozen=True)
class SessionOrder:
    referral_id: int
    case_id: int
    tracking_code: str
    agency_name: str
    instruction: str
    status: str
    due_date: dt.date
    letter_number: str  # empty until the letter is issued


@dataclass(frozen=True)
class SessionWork:
    session: SessionInfo
    calls: list[SessionCall]
    orders: list[SessionOrder]

    @property
    def letters_to_issue(self) -> list[int]:
        """Referral ids of the session's orders still waiting for their letter (a batch to issue)."""
        return [o.referral_id for o in self.orders if o.status == ReferralStatus.DRAFT]


def _query():
    return (
        OfficialSession.select(OfficialSession, Official, Agency, AttendanceSlot, User)
        .join(Official, on=(OfficialSession.official == Official.id))
        .join(Agency, join_type=JOIN.LEFT_OUTER, on=(Official.agency == Agency.id))
        .switch(OfficialSession)
        .join(AttendanceSlot, join_type=JOIN.LEFT_OUTER, on=(OfficialSession.slot == AttendanceSlot.id))
        .switch(OfficialSession)
        .join(User, on=(OfficialSession.opened_by == User.id))
    )


def _info(s: OfficialSession) -> SessionInfo:
    o = s.official
    slot = s.slot if s.slot_id else None
    return SessionInfo(
        s.id,
        o.id,
        o.full_name,
        o.title,
        o.agency.name if o.agency_id else "",
        slot.id if slot else None,
        slot.date if slot else None,
        slot.start_time if slot else None,
        slot.end_time if slot else None,
        slot.status if slot else None,
        s.checked_in_at,
        s.checked_out_at,
        s.opened_by.full_name,
    )


def get_session(session_id: int) -> SessionInfo:
    try:
        row = _query().where(OfficialSession.id == int(session_id)).first()
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise NotFound("این جلسه پاسخگویی پیدا نشد.")
    return _info(row)


def current_session(official_id: int | None = None) -> SessionInfo | None:
    """The open session (of one official, or the latest opened in the center), or None."""
    query = _query().where(OfficialSession.checked_out_at.is_null())
    if official_id is not None:
        query = query.where(OfficialSession.official == official_id)
    row = query.order_by(OfficialSession.checked_in_at.desc(), OfficialSession.id.desc()).first()
    return _info(row) if row else None


def open_sessions() -> list[SessionInfo]:
    return [
        _info(s)
        for s in _query()
        .where(OfficialSession.checked_out_at.is_null())
        .order_by(OfficialSession.checked_in_at)
    ]


def list_sessions(start: dt.date, end: dt.date, official_id: int | None = None) -> list[SessionInfo]:
    """Sessions checked in from start to end (Tehran days, both included), oldest first."""
    since, until = utc_day_bounds(start, end)
    query = _query().where(OfficialSession.checked_in_at.between(since, until))
    if official_id is not None:
        query = query.where(OfficialSession.official == official_id)
    return [_info(s) for s in query.order_by(OfficialSession.checked_in_at, OfficialSession.id)]


def utc_day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Naive UTC instants of Tehran midnight at start and just before the midnight after end."""

    def utc(day: dt.date) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=jalali.TEHRAN)
        return local.astimezone(dt.UTC).replace(tzinfo=None)

    return utc(start), utc(end + dt.timedelta(days=1)) - dt.timedelta(microseconds=1)


def _when(value: dt.datetime) -> str:
    return jalali.format_jalali_datetime(value)


def _resolve_official(actor: Actor, official_id: int | None) -> Official:
    if official_id in (None, ""):
        own = official_for_user(actor.user_id)
        if own is None:
            raise ValidationError({"official_id": "مسئولی را که وارد مرکز شده است انتخاب کنید."})
        official_id = own.id
    try:
        row = Official.get_or_none(Official.id == int(official_id))
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise ValidationError({"official_id": "این مسئول در فهرست مسئولان نیست."})
    if actor.role == Role.OFFICIAL and row.user_id != actor.user_id:
        raise PermissionDenied("مسئول تنها جلسه پاسخگویی خودش را باز و بسته می‌کند.")
    return row


def _pick_slot(official: Official, slot_id, local_now: dt.datetime) -> AttendanceSlot | None:
    """The official's slot this session belongs to: the one named, else today's slot whose hour holds now,
    else the next one today, else the last one earlier today; None for a visit outside the schedule."""
    today = local_now.date()
    if slot_id not in (None, ""):
        try:
            slot = AttendanceSlot.get_or_none(AttendanceSlot.id == int(slot_id))
        except (TypeError, ValueError):
            slot = None
        if slot is None or slot.official_id != official.id:
            raise ValidationError({"slot_id": f"این نوبت از آنِ «{official.full_name}» نیست."})
        if slot.date != today:
            raise ValidationError({"slot_id": "ورود تنها در روز خود نوبت ثبت می‌شود."})
        if slot.status in (SlotStatus.CANCELLED, SlotStatus.ABSENT):
            raise ValidationError({"slot_id": "این نوبت لغو یا غیبت ثبت شده است؛ بدون نوبت وارد شوید."})
        return slot
    slots = list(
        AttendanceSlot.select()
        .where(
            (AttendanceSlot.official == official.id)
            & (AttendanceSlot.date == today)
            & AttendanceSlot.status.in_([SlotStatus.SCHEDULED, SlotStatus.ATTENDED, SlotStatus.LATE])
        )
        .order_by(AttendanceSlot.start_time)
    )
    now = local_now.time()
    for slot in slots:
        if slot.start_time <= now < slot.end_time:
            return slot
    upcoming = [s for s in slots if s.start_time > now]
    if upcoming:
        return upcoming[0]
    return slots[-1] if slots else None


def _arrival_status(slot: AttendanceSlot, local_now: dt.datetime) -> SlotStatus:
    start = dt.datetime.combine(slot.date, slot.start_time, tzinfo=local_now.tzinfo)
    late = local_now > start + dt.timedelta(minutes=LATE_AFTER_MINUTES)
    return SlotStatus.LATE if late else SlotStatus.ATTENDED


@retry_on_contention
def check_in(
    actor: Actor,
    official_id: int | None = None,
    *,
    slot_id: int | None = None,
    allow_parallel: bool = False,
    now: dt.datetime | None = None,
) -> SessionInfo:
    """Open the session of the official on duty (an official opens their own; an operator or the supervisor
    may open it for an official without an account). It is tied to the official's slot today, if any, which
    becomes attended or late with the real time. Refused while the official — or, unless the slot is planned
    as parallel (or allow_parallel), another official — already has a session open."""
    require(actor, "open_session")
    if actor.user_id is None:
        raise PermissionDenied("جلسه پاسخگویی را کاربری باز می‌کند که وارد برنامه شده است.")
    official = _resolve_official(actor, official_id)
    if not official.active:
        raise ValidationError({"official_id": f"«{official.full_name}» غیرفعال است."})
    now = now or utcnow()
    local_now = jalali.to_local(now)
    with database.atomic():
        if is_postgres():  # one check-in at a time across PCs, so two cannot both see «nobody is in»
            database.execute_sql("LOCK TABLE official_session IN SHARE ROW EXCLUSIVE MODE")
        own = current_session(official.id)
        if own:
            raise Conflict(
                f"«{official.full_name}» از {_when(own.checked_in_at)} در جلسه است؛ ورود دوباره ثبت نمی‌شود."
            )
        other = current_session()
        slot = _pick_slot(official, slot_id, local_now)
        if other and not (allow_parallel or (slot is not None and slot.parallel)):
            raise Conflict(
                f"جلسه پاسخگویی «{other.official_name}» از {_when(other.checked_in_at)} باز است؛ "
                "تا آن بسته نشود مسئول دیگری وارد نمی‌شود (مگر نوبت او «هم‌زمان» برنامه‌ریزی شده باشد)."
            )
        if (
            slot is not None
            and OfficialSession.select()
            .where((OfficialSession.slot == slot.id) & OfficialSession.checked_out_at.is_null())
            .exists()
        ):
            raise Conflict("این نوبت هم‌اکنون جلسه باز دارد.")
        row = OfficialSession.create(
            official=official.id, slot=slot.id if slot else None, checked_in_at=now, opened_by=actor.user_id
        )
        arrival = None
        if slot is not None and slot.status == SlotStatus.SCHEDULED:
            arrival = _arrival_status(slot, local_now)
            AttendanceSlot.update(status=arrival).where(AttendanceSlot.id == slot.id).execute()
        audit.record(
            actor,
            "session.check_in",
            "session",
            row.id,
            official_id=official.id,
            official=official.full_name,
            slot_id=slot.id if slot else None,
            slot_status=str(arrival) if arrival else None,
            at=now,
        )
    return get_session(row.id)


@retry_on_contention
def check_out(actor: Actor, session_id: int, *, now: dt.datetime | None = None) -> SessionInfo:
    """Close an open session; its duration is the time from check-in to now."""
    require(actor, "open_session")
    session = get_session(session_id)
    _resolve_official(actor, session.official_id)
    if not session.is_open:
        raise Conflict(f"این جلسه باز نیست؛ در {_when(session.checked_out_at)} بسته شده است.")
    now = now or utcnow()
    if now < session.checked_in_at:
        raise ValidationError({"now": "زمان خروج پیش از زمان ورود است."})
    with database.atomic():
        changed = (
            OfficialSession.update(checked_out_at=now)
            .where((OfficialSession.id == session.id) & OfficialSession.checked_out_at.is_null())
            .execute()
        )
        if not changed:  # another PC closed it meanwhile
            raise Conflict("این جلسه هم‌اکنون از رایانه دیگری بسته شد.")
        minutes = int((now - session.checked_in_at).total_seconds() // 60)
        audit.record(
            actor,
            "session.check_out",
            "session",
            session.id,
            official_id=session.official_id,
            official=session.official_name,
            at=now,
            minutes=minutes,
        )
    return get_session(session.id)


# --- the session's work -----------------------------------------------------------------------


def held_cases(limit: int = 500) -> list[HeldCase]:
    """Cases the intake held for the official on duty (next step «hold», still registered), oldest first."""
    query = (
        Case.select(Case)
        .where((Case.next_step == NextStep.HOLD) & (Case.status == CaseStatus.REGISTERED))
        .order_by(Case.created_at, Case.id)
        .limit(limit)
    )
    return [
        HeldCase(
            c.id, c.tracking_code, c.subject, c.caller_name, c.caller_phone or "", c.created_at, c.session_id
        )
        for c in query
    ]


def record_session_contact(actor: Actor, session_id: int, case: Case, note: str, now) -> Contact:
    """Inside the caller's transaction: the official's conversation with the case's caller, a follow-up
    contact linked to the session (the caller's details as the case holds them)."""
    return Contact.create(
        case=case.id,
        at=now,
        operator=actor.user_id,
        channel=case.channel,
        kind="follow_up",
        note=note,
        session=session_id,
        caller_name=case.caller_name,
        caller_phone=case.caller_phone,
    )


def take_up_held_case(actor: Actor, session_id: int, case_id: int, note: str = "") -> SessionCall:
    """The official on duty talks to the citizen of a held case: a contact linked to the session (and the
    case too, if no session has it yet)."""
    require(actor, "open_session")
    if actor.user_id is None:
        raise PermissionDenied("این کار را کاربری می‌کند که وارد برنامه شده است.")
    session = get_session(session_id)
    if not session.is_open:
        raise Conflict("این جلسه باز نیست؛ نخست ورود مسئول را ثبت کنید.")
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFound("این پرونده پیدا نشد.")
    if has_control_chars(note or ""):
        raise ValidationError({"note": "یادداشت نویسه‌های کنترلی یا جهت‌دهی پنهان دارد."})
    clean = normalize_line(note or "") or "گفت‌وگوی مسئول با شهروند در جلسه پاسخگویی"
    with database.atomic():
        case = lock_case(case.id)
        now = utcnow()
        contact = record_session_contact(actor, session.id, case, clean, now)
        if case.session_id is None:
            Case.update(session=session.id, updated_at=now).where(Case.id == case.id).execute()
        audit.record(actor, "session.take_up_case", "case", case.id, session_id=session.id, note=clean)
    return SessionCall(
        contact.id, case.id, case.tracking_code, case.subject, case.caller_name, now, "follow_up", case.status
    )


def session_calls(session_id: int) -> list[SessionCall]:
    """Every contact made during the session (calls registered in it and held cases taken up), in order."""
    query = (
        Contact.select(Contact, Case)
        .join(Case, on=(Contact.case == Case.id))
        .where(Contact.session == session_id)
        .order_by(Contact.at, Contact.id)
    )
    return [
        SessionCall(
            c.id,
            c.case.id,
            c.case.tracking_code,
            c.case.subject,
            c.caller_name or c.case.caller_name,
            c.at,
            c.kind,
            c.case.status,
        )
        for c in query
    ]


def session_orders(session_id: int) -> list[SessionOrder]:
    """The referral orders made during the session, with their letter number once issued."""
    query = (
        Referral.select(Referral, Case, Agency)
        .join(Case, on=(Referral.case == Case.id))
        .switch(Referral)
        .join(Agency, on=(Referral.agency == Agency.id))
        .where(Referral.session == session_id)
        .order_by(Referral.created_at, Referral.id)
    )
    referrals = list(query)
    numbers: dict[int, str] = {}
    if referrals:
        letters = (
            Letter.select(Letter.referral, Letter.number)
            .where(
                Letter.referral.in_([r.id for r in referrals])
                & (Letter.kind == "referral")
                & (Letter.status == LetterStatus.ISSUED)
            )
            .order_by(Letter.id)
        )
        numbers = {letter.referral_id: letter.number for letter in letters}
    return [
        SessionOrder(
            r.id,
            r.case.id,
            r.case.tracking_code,
            r.agency.name,
            r.instruction,
            r.status,
            r.due_date,
            numbers.get(r.id, ""),
        )
        for r in referrals
    ]


def session_work(session_id: int) -> SessionWork:
    return SessionWork(get_session(session_id), session_calls(session_id), session_orders(session_id))
