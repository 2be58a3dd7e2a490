"""The official's desk in a session: what the session screen shows and every decision taken on it.

Shows: the hour's clock (started, elapsed, remaining of the slot), the queue (calls held for the official now,
callers who have waited since an earlier day, cases the center prepared for the official as draft orders) and,
for the caller taken up, the case, its text, the operators' notes and the caller's earlier cases.

Decides (the official on duty only, in their own open session; each in one transaction with its audit entry):
the official's note (kept on the case, shown in its timeline, printed in the monthly report), guidance that
closes the case, holding the case for the official's follow-up, and an order to one or more agencies, saved as
drafts of the session that the official previews and signs together at the end of the hour.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from app.db import database, retry_on_contention
from app.domain import jalali
from app.domain.attendance import minutes_between
from app.domain.status import OPEN_STATUSES, CaseStatus, NextStep, ReferralStatus
from app.domain.text import has_control_chars, normalize_text
from app.models import Agency, AuditEntry, Case, Contact, Official, Referral, User, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases import callers
from app.services.cases.case_status import apply_status, lock_case, read_case
from app.services.cases.cases import CaseDetail, case_detail
from app.services.errors import Conflict, PermissionDenied, ValidationError
from app.services.letters import referrals
from app.services.schedule import sessions
from app.services.schedule.officials import official_for_user

MAX_NOTE = 2000
QUEUE_LIMIT = 300
TAKEN_UP_NOTE = "گفت‌وگوی مسئول با شهروند در جلسه پاسخگویی"


class QueueKind:
    HELD = "held"  # held for the official today: the caller is on the line or was told to wait
    WAITING = "waiting"  # held on an earlier day: the caller waits for the official's answer
    PREPARED = "prepared"  # an operator prepared an order for the official to decide on


QUEUE_LABELS = {
    QueueKind.HELD: "امروز",
    QueueKind.WAITING: "در انتظار",
    QueueKind.PREPARED: "آماده‌شده",
}


@dataclass(frozen=True)
class SessionClock:
    checked_in_at: dt.datetime  # naive UTC
    elapsed_minutes: int
    slot_minutes: int | None  # the slot's length, when the session belongs to one
    remaining_minutes: int | None  # of the slot, from now (negative: past its end)


@dataclass(frozen=True)
class QueueItem:
    kind: str
    case_id: int
    tracking_code: str
    subject: str
    citizen_name: str
    phone: str
    since: dt.datetime  # naive UTC: when the case was registered (or the draft prepared)
    detail: str  # the agencies of a prepared order; empty otherwise

    @property
    def kind_label(self) -> str:
        return QUEUE_LABELS[self.kind]


@dataclass(frozen=True)
class OperatorNote:
    at: dt.datetime
    who: str
    text: str


@dataclass(frozen=True)
class CallerFile:
    """Everything the official reads about the caller taken up."""

    case: CaseDetail
    official_note: str
    operator_notes: list[OperatorNote]
    earlier: list[callers.EarlierCase]  # the citizen's other cases, newest first
    drafts: list[referrals.DraftRow]  # orders waiting for the official's signature on this case


def session_clock(session: sessions.SessionInfo, now: dt.datetime | None = None) -> SessionClock:
    now = now or utcnow()
    until = session.checked_out_at or now
    elapsed = max(0, int((until - session.checked_in_at).total_seconds() // 60))
    slot_minutes = remaining = None
    if session.slot_start and session.slot_end and session.slot_date:
        slot_minutes = minutes_between(session.slot_start, session.slot_end)
        end = dt.datetime.combine(session.slot_date, session.slot_end, tzinfo=jalali.TEHRAN)
        local_now = jalali.to_local(until)
        remaining = int((end - local_now).total_seconds() // 60)
    return SessionClock(session.checked_in_at, elapsed, slot_minutes, remaining)


def _held_in(session_id: int | None) -> set[int]:
    """Cases the official held for follow-up in this session: out of its queue, back in the next one's."""
    if not session_id:
        return set()
    session = sessions.get_session(session_id)
    entries = AuditEntry.select(AuditEntry.entity_id, AuditEntry.details).where(
        (AuditEntry.action == "session.hold") & (AuditEntry.at >= session.checked_in_at)
    )
    return {
        int(e.entity_id) for e in entries if json.loads(e.details or "{}").get("session_id") == session_id
    }


def session_queue(session_id: int | None = None, now: dt.datetime | None = None) -> list[QueueItem]:
    """The official's queue: held today first, then those waiting from earlier days, then cases with orders
    someone else prepared; oldest first in each. A case leaves it when the official decides (guided: closed;
    ordered: to be referred; held for follow-up: until the next session)."""
    handled = _held_in(session_id)
    own_user = None
    if session_id:
        own_user = Official.get_by_id(sessions.get_session(session_id).official_id).user_id
    since_today, _ = sessions.utc_day_bounds(jalali.to_local(now or utcnow()).date(), jalali.today_local())
    columns = (
        Case.id,
        Case.tracking_code,
        Case.subject,
        Case.caller_name,
        Case.caller_phone,
        Case.created_at,
    )
    held = (
        Case.select(*columns)
        .where((Case.next_step == NextStep.HOLD) & Case.status.in_([str(s) for s in OPEN_STATUSES]))
        .order_by(Case.created_at, Case.id)
        .limit(QUEUE_LIMIT)
        .tuples()
    )
    out: list[QueueItem] = []
    seen: set[int] = set(handled)
    for case_id, code, subject, name, phone, created_at in held:
        if case_id in seen:
            continue
        seen.add(case_id)
        kind = QueueKind.HELD if created_at >= since_today else QueueKind.WAITING
        out.append(QueueItem(kind, case_id, code, subject, name, phone or "", created_at, ""))
    out.sort(key=lambda q: (q.kind != QueueKind.HELD, q.since, q.case_id))
    drafts = (
        Referral.select(Referral.case, Referral.created_at, Agency.name)
        .join(Agency, on=(Referral.agency == Agency.id))
        .where(Referral.status == ReferralStatus.DRAFT)
        .order_by(Referral.created_at, Referral.id)
        .limit(QUEUE_LIMIT)
    )
    if own_user:  # the official's own orders are in the session's orders list
        drafts = drafts.where(Referral.prepared_by != own_user)
    prepared: dict[int, list[tuple]] = {}
    for case_id, created_at, agency_name in drafts.tuples():
        if case_id not in seen:
            prepared.setdefault(case_id, []).append((created_at, agency_name))
    if prepared:
        rows = {r[0]: r for r in Case.select(*columns).where(Case.id.in_(list(prepared))).tuples()}
        for case_id, found in prepared.items():
            _, code, subject, name, phone, _ = rows[case_id]
            out.append(
                QueueItem(
                    QueueKind.PREPARED,
                    case_id,
                    code,
                    subject,
                    name,
                    phone or "",
                    found[0][0],
                    "، ".join(agency for _, agency in found),
                )
            )
    return out


def caller_file(case_id: int) -> CallerFile:
    detail = case_detail(case_id)
    case = read_case(case_id)
    contacts = list(
        Contact.select(Contact, User)
        .join(User, on=(Contact.operator == User.id))
        .where(Contact.case == case_id)
        .order_by(Contact.at, Contact.id)
    )
    notes = [OperatorNote(c.at, c.operator.full_name, c.note) for c in contacts if (c.note or "").strip()]
    earlier = callers.citizen_cases(detail.citizen_id, besides=case_id)
    drafts = referrals.list_drafts(case_id=case_id)
    return CallerFile(detail, case.official_note or "", notes, earlier, drafts)


# --- decisions ------------------------------------------------------------------------------------------


def _clean_note(note, required: bool) -> str:
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise ValidationError({"note": "یادداشت باید متن باشد."})
    if has_control_chars(note.replace("\r", ""), allow_newlines=True):
        raise ValidationError({"note": "یادداشت نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."})
    clean = normalize_text(note)
    if required and not clean:
        raise ValidationError({"note": "بنویسید مسئول به شهروند چه گفت و چه تصمیمی گرفت."})
    if len(clean) > MAX_NOTE:
        raise ValidationError({"note": "یادداشت بیش از ۲۰۰۰ نویسه است."})
    return clean


def _own_open_session(actor: Actor, session_id: int) -> sessions.SessionInfo:
    """The session, checked to be open and the actor's own (the official on duty decides, no one else)."""
    require(actor, "official_desk")
    session = sessions.get_session(session_id)
    own = official_for_user(actor.user_id) if actor.user_id else None
    if own is None or own.id != session.official_id:
        raise PermissionDenied("تصمیم در جلسه پاسخگویی با خود مسئولِ همان جلسه است.")
    if not session.is_open:
        raise Conflict("این جلسه بسته شده است؛ نخست ورود مسئول را ثبت کنید.")
    return session


def _take_up(actor: Actor, session: sessions.SessionInfo, case: Case, now: dt.datetime) -> None:
    """Inside the transaction: the official's conversation with the caller counts as a call of the session
    (once: a call registered live in the session is that call already), and the case belongs to the session
    if no session has it yet."""
    exists = Contact.select().where((Contact.case == case.id) & (Contact.session == session.id)).exists()
    if not exists:
        sessions.record_session_contact(actor, session.id, case, TAKEN_UP_NOTE, now)
    if case.session_id is None:
        Case.update(session=session.id).where(Case.id == case.id).execute()


def _store_note(
    actor: Actor, session: sessions.SessionInfo, case: Case, note: str, decision: str, now
) -> None:
    Case.update(official_note=note or None, updated_at=now).where(Case.id == case.id).execute()
    audit.record(
        actor,
        "case.official_note",
        "case",
        case.id,
        session_id=session.id,
        official=session.official_name,
        decision=decision,
        note=note,
    )


@retry_on_contention
def write_official_note(actor: Actor, session_id: int, case_id: int, note: str) -> str:
    """Keep what the official told the citizen and decided on the case (replacing an earlier note; every
    version stays in the timeline). Returns the note as stored."""
    session = _own_open_session(actor, session_id)
    clean = _clean_note(note, required=True)
    read_case(case_id)
    with database.atomic():
        case = lock_case(case_id)
        now = utcnow()
        _take_up(actor, session, case, now)
        _store_note(actor, session, case, clean, "note", now)
    return clean


@retry_on_contention
def guide_and_close(actor: Actor, session_id: int, case_id: int, note: str) -> Case:
    """The official answered the caller on the spot: the note is kept and the case is closed as guided.
    Refused for a case that is not open as registered, or that has orders waiting for a signature."""
    session = _own_open_session(actor, session_id)
    clean = _clean_note(note, required=True)
    read_case(case_id)
    with database.atomic():
        case = lock_case(case_id)
        if (
            Referral.select()
            .where((Referral.case == case.id) & (Referral.status == ReferralStatus.DRAFT))
            .exists()
        ):
            raise Conflict(
                "این پرونده دستور پیش‌نویس دارد؛ یا آن را صادر کنید یا پیش از راهنمایی کنار بگذارید."
            )
        now = utcnow()
        _take_up(actor, session, case, now)
        _store_note(actor, session, case, clean, "guide", now)
        case = apply_status(actor, case, CaseStatus.GUIDED, reason=clean, now=now, session_id=session.id)
        Case.update(next_step=NextStep.GUIDE.value).where(Case.id == case.id).execute()
        case.next_step = NextStep.GUIDE.value
    return case


@retry_on_contention
def hold_for_follow_up(actor: Actor, session_id: int, case_id: int, note: str = "") -> Case:
    """The official will follow the case up himself: it stays open, held for the official (it comes back in the
    queue of the next session), with the note of what was said."""
    session = _own_open_session(actor, session_id)
    clean = _clean_note(note, required=False)
    read_case(case_id)
    with database.atomic():
        case = lock_case(case_id)
        if CaseStatus(case.status) not in OPEN_STATUSES:
            raise Conflict("پرونده بسته است؛ برای پیگیری نخست آن را بازگشایی کنید.")
        now = utcnow()
        _take_up(actor, session, case, now)
        if clean:
            _store_note(actor, session, case, clean, "hold", now)
        Case.update(next_step=NextStep.HOLD.value, updated_at=now).where(Case.id == case.id).execute()
        audit.record(actor, "session.hold", "case", case.id, session_id=session.id, note=clean)
        case.next_step = NextStep.HOLD.value
    return case


def order_referral(
    actor: Actor, session_id: int, case_id: int, data: dict, note: str = ""
) -> list[referrals.ReferralInfo]:
    """The official orders agencies to act (one draft per agency, in the session): the letters are previewed
    and signed together at the end of the hour. The note, when given, is kept as the official's note."""
    session = _own_open_session(actor, session_id)
    clean = _clean_note(note, required=False)
    with database.atomic():  # the drafts, the session's call and the note commit together
        drafts = referrals.prepare_draft(actor, case_id, data, session_id=session.id)
        case = lock_case(case_id)
        now = utcnow()
        _take_up(actor, session, case, now)
        if clean:
            _store_note(actor, session, case, clean, "order", now)
        # decided: the case is to be referred (no longer held); its letters wait for the official's signature
        Case.update(next_step=NextStep.REFER.value).where(Case.id == case.id).execute()
    return drafts
