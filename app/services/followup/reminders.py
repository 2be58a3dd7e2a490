"""Chasing an overdue referral: the reminder letter (تذکر، «پیرو نامه شماره ... مورخ ...») with a new due
date, and, once the configured number of reminders has been missed, the escalation to the inspection
office (دفتر بازرسی، مدیریت عملکرد و امور حقوقی) with its own letter. Both are numbered letters issued
through the referral letters' one numbering path (app.services.letters.referrals.issue_numbered_letter), with
their content frozen; every step is in the audit trail.

Rules:
- Only an issued (waiting, not cancelled) referral whose due date has passed is chased.
- A reminder sets the referral's new due date: today + `reminder_due_days` (in working days when the
  referral's own deadline was in working days). The reminder row keeps the previous due date.
- After `reminders_before_escalation` reminders, the next chase is the escalation; a referral is
  escalated once. Reminders are refused once escalation is due.
- A follow-up letter is signed by an official, checked when it is issued: the official who presses the button,
  or, when an operator or a supervisor does, the standing signer the supervisor named (setting
  `followup_signer`, the center's head), who must then be an active official with a title. Without one, only an
  official can issue it. The letter prints its signer's name and title; `Letter.issued_by` records who pressed
  the button, and the audit entry names both.
- Without a standing signer, an operator prepares the letter as a draft (FollowUpDraft); an official issues it,
  alone (chasing the referral closes its draft) or with every pending draft in one batch (issue_drafts).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from peewee import fn

from app.db import database
from app.domain import jalali
from app.domain.followup import NextAction, days_late, next_action
from app.domain.followup_letters import (
    ESCALATION_BODY_KEY,
    REMINDER_BODY_KEY,
    escalation_subject,
    follows_line,
    ordinal,
    reminder_subject,
)
from app.domain.letters import SIBLING_CC_PURPOSE, recipient_line
from app.domain.roles import Role
from app.domain.status import LetterStatus, ReferralStatus
from app.domain.text import to_persian_digits
from app.models import Agency, Case, Escalation, FollowUpDraft, Letter, Referral, Reminder, User, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit, settings
from app.services.cases import accountability_summary
from app.services.cases.case_status import clean_reason, lock_referral
from app.services.errors import Conflict, NotFound, PermissionDenied, ServiceError, ValidationError
from app.services.letters import holidays, letter_templates, letters, referrals
from app.services.letters.letter_content import CaseFacts, Signer, build_content, case_facts


@dataclass(frozen=True)
class ChaseInfo:
    """A reminder or an escalation just issued."""

    kind: str  # reminder, escalation
    id: int  # Reminder or Escalation id
    referral_id: int
    letter_id: int
    letter_number: str
    new_due_date: dt.date | None  # reminders only


@dataclass(frozen=True)
class ChaseBatch:
    done: list[ChaseInfo]
    failed: dict[int, str]  # referral id -> why not


@dataclass(frozen=True)
class _State:
    referral: Referral
    case: Case
    letter: Letter  # the referral letter being followed
    reminders: list[Reminder]
    escalated: bool
    today: dt.date
    limit: int

    @property
    def action(self) -> NextAction:
        return next_action(
            self.referral.due_date < self.today, len(self.reminders), self.escalated, self.limit
        )

    @property
    def first_due(self) -> dt.date:
        return self.reminders[0].previous_due_date if self.reminders else self.referral.due_date


def _state(referral_id, now: dt.datetime) -> _State:
    r = None
    if isinstance(referral_id, int) and not isinstance(referral_id, bool) and 0 < referral_id < 2**62:
        r = Referral.get_or_none(Referral.id == referral_id)
    if r is None:
        raise NotFound(f"ارجاع با شناسه {referral_id} پیدا نشد.")
    if r.status == ReferralStatus.CANCELLED:
        raise Conflict("نامه این ارجاع باطل شده است؛ تذکری برای آن فرستاده نمی‌شود.")
    if r.status == ReferralStatus.DRAFT:
        raise Conflict("این ارجاع هنوز صادر نشده است.")
    if r.status == ReferralStatus.WITHDRAWN:
        raise Conflict("این ارجاع با بستن پرونده پس گرفته شده است؛ تذکری برای آن فرستاده نمی‌شود.")
    if r.status in (ReferralStatus.ANSWERED, ReferralStatus.REROUTED):
        raise Conflict("دستگاه به این ارجاع پاسخ داده است؛ تذکر لازم نیست.")
    letter = (
        Letter.select()
        .where(
            (Letter.referral == r.id) & (Letter.kind == "referral") & (Letter.status == LetterStatus.ISSUED)
        )
        .order_by(Letter.id.desc())
        .first()
    )
    if letter is None:
        raise Conflict("این ارجاع نامه معتبری ندارد؛ تذکر به نامه باطل‌شده فرستاده نمی‌شود.")
    reminders = list(Reminder.select().where(Reminder.referral == r.id).order_by(Reminder.id))
    escalated = Escalation.select().where(Escalation.referral == r.id).exists()
    return _State(
        r,
        Case.get_by_id(r.case_id),
        letter,
        reminders,
        escalated,
        jalali.to_local(now).date(),
        settings.get_int("reminders_before_escalation"),
    )


def _check(state: _State, wanted: NextAction) -> None:
    action = state.action
    if action == wanted:
        return
    due = jalali.format_jalali(state.referral.due_date)
    if action == NextAction.NONE:
        raise Conflict(f"مهلت پاسخ این ارجاع ({due}) هنوز نگذشته است.")
    if action == NextAction.ESCALATED:
        raise Conflict("این ارجاع پیش‌تر به دفتر بازرسی فرستاده شده است.")
    n = to_persian_digits(str(len(state.reminders)))
    if action == NextAction.ESCALATE:
        raise Conflict(
            f"{n} نامه تذکر برای این ارجاع فرستاده شده و پاسخی نیامده است؛ گام بعد ارجاع به بازرسی است."
        )
    need = to_persian_digits(str(state.limit))
    raise Conflict(f"ارجاع به بازرسی پس از {need} نامه تذکر بی‌پاسخ است؛ تاکنون {n} تذکر فرستاده شده است.")


NO_SIGNER = (
    "نامه تذکر و ارجاع به بازرسی را مسئول امضا و صادر می‌کند؛ از مسئول بخواهید آن را صادر کند، یا ناظر "
    "امضاکننده ثابت نامه‌های پیگیری (رئیس مرکز) را در تنظیمات مرکز تعیین کند."
)


@dataclass(frozen=True)
class FollowUpSigner:
    signer: Signer
    username: str


def followup_signer(actor: Actor) -> FollowUpSigner:
    """Who signs a follow-up letter `actor` issues, checked now (call it inside the issuing transaction): the
    actor when an official, else the standing signer named in the settings, who must be an active official
    with a title at this moment. PermissionDenied in one sentence otherwise."""
    if actor.role == Role.OFFICIAL:
        return FollowUpSigner(referrals.signer_for(actor), actor.username)
    username = settings.get("followup_signer")
    if not username:
        raise PermissionDenied(NO_SIGNER)
    problem = settings.standing_signer_problem(username)
    if problem:
        raise PermissionDenied(f"امضاکننده ثابت نامه‌های پیگیری اکنون نمی‌تواند امضا کند: {problem}")
    official = Actor.from_user(User.get(User.username == username))
    return FollowUpSigner(referrals.signer_for(official), official.username)


def _template(key: str) -> str:
    template = letter_templates.get_template(key)
    problem = letter_templates.check_template(key, template)
    if problem:
        raise ValidationError({"template": problem + " قالب نامه را ناظر باید درست کند."})
    return template


def extra_values(
    *,
    first_number: str,
    first_issued: dt.datetime,
    first_due: dt.date,
    reminders_sent: int,
    reminder_letters: list[tuple[str, dt.datetime]],
    referred_agency: str,
    today: dt.date,
) -> dict[str, str]:
    """The follow-up letters' own placeholders (app.domain.followup_letters.FOLLOWUP_PLACEHOLDERS)."""
    listed = "، ".join(f"{number} مورخ {jalali.format_jalali(at)}" for number, at in reminder_letters)
    return {
        "first_letter_number": first_number,
        "first_letter_date": jalali.format_jalali(first_issued),
        "first_due_date": jalali.format_jalali(first_due),
        "reminder_ordinal": ordinal(reminders_sent + 1),
        "reminder_count": to_persian_digits(str(reminders_sent)),
        "reminder_letters": listed,
        "referred_agency": referred_agency,
        "days_late": to_persian_digits(str(days_late(first_due, today))),
    }


def letter_content(
    *,
    kind: str,
    number: str,
    issued_at: dt.datetime,
    values: dict[str, str],
    template: str,
    facts: CaseFacts,
    recipient: Agency,
    referred_agency: str,
    instruction: str,
    due_date: dt.date,
    priority: str,
    signer: Signer,
    cc: list[dict],
    extra: dict[str, str],
    logo_sha256: str = "",
) -> dict:
    """The frozen content of a reminder or escalation letter (the demo step builds its letters with it too)."""
    content = build_content(
        number=number,
        issued_at=issued_at,
        settings=values,
        template=template,
        facts=facts,
        agency_name=recipient.name,
        recipient=recipient_line(recipient.name, recipient.recipient),
        instruction=instruction,
        due_date=due_date,
        priority=priority,
        signer=signer,
        cc=cc,
        reference_lines=[follows_line(extra["first_letter_number"], extra["first_letter_date"])],
        logo_sha256=logo_sha256,
        kind=kind,
        extra_values=extra,
    )
    content["subject"] = (
        reminder_subject(content["subject"]) if kind == "reminder" else escalation_subject(referred_agency)
    )
    content["follows"] = extra["first_letter_number"]
    return content


def _extra(state: _State, reminder_letters: list[Letter]) -> dict[str, str]:
    return extra_values(
        first_number=state.letter.number,
        first_issued=state.letter.issued_at,
        first_due=state.first_due,
        reminders_sent=len(state.reminders),
        reminder_letters=[(x.number, x.issued_at) for x in reminder_letters],
        referred_agency=state.referral.agency.name,
        today=state.today,
    )


def _content(
    state: _State,
    *,
    kind: str,
    template: str,
    now: dt.datetime,
    due_date: dt.date,
    recipient: Agency,
    cc: list[dict],
    extra: dict[str, str],
    signer: Signer,
) -> Callable[[str], dict]:
    values = settings.get_all()
    r = state.referral
    facts = case_facts(state.case)
    logo = json.loads(state.letter.content).get("logo_sha256", "")

    def content_for(number: str) -> dict:
        return letter_content(
            kind=kind,
            number=number,
            issued_at=now,
            values=values,
            template=template,
            facts=facts,
            recipient=recipient,
            referred_agency=r.agency.name,
            instruction=r.instruction,
            due_date=due_date,
            priority=r.priority,
            signer=signer,
            cc=cc,
            extra=extra,
            logo_sha256=logo,
        )

    return content_for


def send_reminder(actor: Actor, referral_id: int, *, now: dt.datetime | None = None) -> ChaseInfo:
    """Issue the reminder letter of an overdue referral and give it a new due date."""
    require(actor, "send_reminder")
    now = now or utcnow()
    state = _state(referral_id, now)
    _check(state, NextAction.REMIND)
    template = _template(REMINDER_BODY_KEY)
    r = state.referral
    new_due = holidays.due_date(state.today, settings.get_int("reminder_due_days"), r.working_days)
    extra = _extra(state, [])
    followup_signer(actor)  # refused before any lock is taken; checked again inside the transaction
    with database.atomic():
        lock_referral(r.id)
        _check(_state(r.id, now), NextAction.REMIND)  # again, now that no other PC can chase it meanwhile
        signed = followup_signer(actor)
        content_for = _content(
            state,
            kind="reminder",
            template=template,
            now=now,
            due_date=new_due,
            recipient=r.agency,
            cc=[],
            extra=extra,
            signer=signed.signer,
        )
        letter = referrals.issue_numbered_letter(
            actor,
            r.id,
            "reminder",
            content_for,
            now,
            number_format=settings.get("letter_number_format"),
            follows=state.letter,
        )
        reminder = Reminder.create(
            referral=r.id,
            letter=letter.id,
            at=now,
            previous_due_date=r.due_date,
            new_due_date=new_due,
            by=actor.user_id,
        )
        with accountability_summary.tracking(r.case_id):
            updated = (
                Referral.update(
                    due_date=new_due,
                    first_due_date=fn.COALESCE(Referral.first_due_date, r.due_date),
                    reminder_count=fn.COALESCE(Referral.reminder_count, 0) + 1,
                )
                .where(
                    (Referral.id == r.id)
                    & (Referral.status == ReferralStatus.ISSUED)
                    & (Referral.due_date == r.due_date)
                )
                .execute()
            )
        if updated != 1:
            raise Conflict("این ارجاع هم‌زمان در جای دیگری تغییر کرد؛ فهرست را تازه کنید.")
        _close_drafts(actor, r.id, letter.id, now)
        audit.record(
            actor,
            "letter.issue",
            "letter",
            letter.id,
            number=letter.number,
            referral_id=r.id,
            case_id=r.case_id,
            agency=r.agency.name,
            kind="reminder",
            follows=state.letter.number,
            signer=signed.username,
        )
        audit.record(
            actor,
            "referral.reminder",
            "referral",
            r.id,
            reminder_id=reminder.id,
            case_id=r.case_id,
            letter=letter.number,
            agency=r.agency.name,
            changes={"due_date": [r.due_date, new_due]},
            number=len(state.reminders) + 1,
        )
    return ChaseInfo("reminder", reminder.id, r.id, letter.id, letter.number, new_due)


def inspection_office() -> Agency:
    office = (
        Agency.select()
        .where((Agency.kind == "inspection") & (Agency.active == True))  # noqa: E712
        .order_by(Agency.id)
        .first()
    )
    if office is None:
        raise ValidationError(
            {
                "inspection": "دفتر بازرسی در فهرست دستگاه‌ها نیست یا غیرفعال است؛ ناظر باید "
                "دستگاهی از نوع «بازرسی» تعریف کند."
            }
        )
    return office


def escalate(
    actor: Actor, referral_id: int, reason: str = "", *, now: dt.datetime | None = None
) -> ChaseInfo:
    """Escalate a referral whose reminders were missed: an Escalation record and a letter to the inspection office
    (the agency is copied)."""
    require(actor, "send_reminder")
    text = clean_reason(reason, required=False)
    now = now or utcnow()
    state = _state(referral_id, now)
    _check(state, NextAction.ESCALATE)
    office = inspection_office()
    template = _template(ESCALATION_BODY_KEY)
    r = state.referral
    reminder_letters = [Letter.get_by_id(m.letter_id) for m in state.reminders if m.letter_id]
    extra = _extra(state, reminder_letters)
    cc = [{"name": r.agency.name, "purpose": SIBLING_CC_PURPOSE}]
    followup_signer(actor)
    with database.atomic():
        lock_referral(r.id)
        _check(_state(r.id, now), NextAction.ESCALATE)
        signed = followup_signer(actor)
        content_for = _content(
            state,
            kind="escalation",
            template=template,
            now=now,
            due_date=r.due_date,
            recipient=office,
            cc=cc,
            extra=extra,
            signer=signed.signer,
        )
        letter = referrals.issue_numbered_letter(
            actor,
            r.id,
            "escalation",
            content_for,
            now,
            number_format=settings.get("letter_number_format"),
            follows=state.letter,
        )
        escalation = Escalation.create(
            referral=r.id,
            letter=letter.id,
            at=now,
            by=actor.user_id,
            reason=text or f"{to_persian_digits(str(len(state.reminders)))} تذکر بی‌پاسخ",
        )
        with accountability_summary.tracking(r.case_id):
            Referral.update(escalated_at=now).where(Referral.id == r.id).execute()
        _close_drafts(actor, r.id, letter.id, now)
        audit.record(
            actor,
            "letter.issue",
            "letter",
            letter.id,
            number=letter.number,
            referral_id=r.id,
            case_id=r.case_id,
            agency=office.name,
            kind="escalation",
            follows=state.letter.number,
            signer=signed.username,
        )
        audit.record(
            actor,
            "referral.escalate",
            "referral",
            r.id,
            escalation_id=escalation.id,
            case_id=r.case_id,
            letter=letter.number,
            agency=r.agency.name,
            reminders=len(state.reminders),
            reason=text,
        )
    return ChaseInfo("escalation", escalation.id, r.id, letter.id, letter.number, None)


def chase(actor: Actor, referral_id: int, *, now: dt.datetime | None = None) -> ChaseInfo:
    """The one follow-up action on an overdue referral: a reminder, or the escalation when it is due."""
    now = now or utcnow()
    state = _state(referral_id, now)
    if state.action == NextAction.ESCALATE:
        return escalate(actor, referral_id, now=now)
    return send_reminder(actor, referral_id, now=now)


def chase_many(
    actor: Actor, referral_ids: list[int], progress: Callable[[int, int], None] | None = None
) -> ChaseBatch:
    """Chase several overdue referrals (e.g. every overdue one of an agency); one refused does not stop the rest."""
    done, failed = [], {}
    for i, rid in enumerate(referral_ids, 1):
        try:
            done.append(chase(actor, rid))
        except ServiceError as exc:
            failed[rid] = exc.message
        if progress:
            progress(i, len(referral_ids))
    return ChaseBatch(done, failed)


def letter_pdf(letter_id: int) -> bytes:
    """A reminder or escalation letter's PDF (rendered from its frozen content, like every letter)."""
    return letters.letter_pdf(letter_id)


# --- drafts: an operator prepares, an official issues ----------------------------------------------


@dataclass(frozen=True)
class DraftRow:
    id: int
    referral_id: int
    case_id: int
    tracking_code: str
    agency_name: str
    kind: str  # reminder, escalation (what was due when prepared)
    prepared_by_name: str
    prepared_at: dt.datetime


def can_sign_followup(actor: Actor) -> bool:
    """Whether a follow-up letter `actor` issues now would be signed (an official, or an able standing signer);
    otherwise the window offers to prepare a draft for an official."""
    try:
        followup_signer(actor)
    except (PermissionDenied, ValidationError):
        return False
    return True


def _close_drafts(actor: Actor, referral_id: int, letter_id: int, now: dt.datetime) -> None:
    """The pending draft of a referral is done once its letter is issued (by whoever chased it)."""
    FollowUpDraft.update(status="issued", letter=letter_id, closed_by=actor.user_id, closed_at=now).where(
        (FollowUpDraft.referral == referral_id) & (FollowUpDraft.status == "pending")
    ).execute()


def prepare_draft(actor: Actor, referral_id: int, *, now: dt.datetime | None = None) -> int:
    """An operator prepares the due reminder or escalation of an overdue referral for an official to issue;
    returns the draft's id. One pending draft per referral."""
    require(actor, "send_reminder")
    now = now or utcnow()
    state = _state(referral_id, now)
    if state.action not in (NextAction.REMIND, NextAction.ESCALATE):
        _check(state, NextAction.REMIND)  # says why nothing is due
    kind = "escalation" if state.action == NextAction.ESCALATE else "reminder"
    r = state.referral
    with database.atomic():
        lock_referral(r.id)
        pending = FollowUpDraft.select().where(
            (FollowUpDraft.referral == r.id) & (FollowUpDraft.status == "pending")
        )
        if pending.exists():
            raise Conflict("برای این ارجاع پیش‌نویسی در انتظار صدور مسئول هست.")
        draft = FollowUpDraft.create(
            referral=r.id, kind=kind, prepared_by=actor.user_id, prepared_at=now, status="pending"
        )
        audit.record(
            actor,
            "referral.followup_draft",
            "referral",
            r.id,
            draft_id=draft.id,
            kind=kind,
            case_id=r.case_id,
            agency=r.agency.name,
        )
    return draft.id


def pending_drafts() -> list[DraftRow]:
    """The drafts waiting for an official, oldest first."""
    preparer = User.alias()
    query = (
        FollowUpDraft.select(FollowUpDraft, Referral, Case, Agency, preparer)
        .join(Referral)
        .join(Case)
        .switch(Referral)
        .join(Agency)
        .switch(FollowUpDraft)
        .join(preparer, on=(FollowUpDraft.prepared_by == preparer.id))
        .where(FollowUpDraft.status == "pending")
        .order_by(FollowUpDraft.prepared_at, FollowUpDraft.id)
    )
    return [
        DraftRow(
            d.id,
            d.referral_id,
            d.referral.case_id,
            d.referral.case.tracking_code,
            d.referral.agency.name,
            d.kind,
            d.prepared_by.full_name,
            d.prepared_at,
        )
        for d in query
    ]


def issue_drafts(
    actor: Actor,
    draft_ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    now: dt.datetime | None = None,
) -> ChaseBatch:
    """An official issues prepared drafts (the given ones, or every pending one) under their own signature;
    one refused (answered meanwhile, say) does not stop the rest."""
    require(actor, "issue_referral")
    query = FollowUpDraft.select().where(FollowUpDraft.status == "pending").order_by(FollowUpDraft.id)
    if draft_ids is not None:
        query = query.where(FollowUpDraft.id.in_(draft_ids))
    drafts = list(query)
    done, failed = [], {}
    for i, draft in enumerate(drafts, 1):
        try:
            done.append(chase(actor, draft.referral_id, now=now))
        except ServiceError as exc:
            failed[draft.referral_id] = exc.message
        if progress:
            progress(i, len(drafts))
    return ChaseBatch(done, failed)


def discard_draft(actor: Actor, draft_id: int, *, now: dt.datetime | None = None) -> None:
    """A pending draft set aside (by an official who will not issue it, or the operator who prepared it)."""
    require(actor, "send_reminder")
    with database.atomic():
        draft = FollowUpDraft.get_or_none(FollowUpDraft.id == draft_id)
        if draft is None:
            raise NotFound("چنین پیش‌نویسی نیست.")
        closed = (
            FollowUpDraft.update(status="discarded", closed_by=actor.user_id, closed_at=now or utcnow())
            .where((FollowUpDraft.id == draft_id) & (FollowUpDraft.status == "pending"))
            .execute()
        )
        if closed != 1:
            raise Conflict("این پیش‌نویس پیش‌تر صادر یا کنار گذاشته شده است.")
        audit.record(actor, "referral.followup_discard", "referral", draft.referral_id, draft_id=draft_id)
