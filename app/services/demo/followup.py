"""Demo follow-up: the agencies' responses (with interim replies), call backs, overdue referrals, reminders
and a few escalations, in realistic proportions (app.services.demo.followup_plan decides what happened;
some agencies are prompt, some slow). Fast for a million cases: each block of cases is read once and
written with multi-row INSERTs and batched UPDATEs in one transaction, exactly as the services would
write it (responses, reminder and escalation letters numbered from the same counter with their frozen
content built by the same function, call backs, status changes, and their audit entries).

Follow-up letters take the next serials of their Jalali year after the referral letters the referrals step
numbered, so every year's numbers stay gapless and unique; the numbering step then puts each year's serials
in issue order and writes the letters, each content built once with its final number (the reminders and
escalations pointing at them, and the audit entries naming letter numbers, wait for it).
"""

from __future__ import annotations

import datetime as dt
import functools

from app.db import database
from app.domain import jalali
from app.domain.followup_letters import ESCALATION_BODY_KEY, REMINDER_BODY_KEY
from app.domain.letters import SIBLING_CC_PURPOSE
from app.domain.numbering import format_number
from app.domain.status import CaseStatus, ReferralStatus
from app.models import (
    Agency,
    AgencyResponse,
    AuditEntry,
    Callback,
    Case,
    Escalation,
    Letter,
    LetterCounter,
    Referral,
    Reminder,
    User,
)
from app.models.base import stored_time
from app.services.admin import audit, settings
from app.services.demo import numbering
from app.services.demo.bulk import update_many
from app.services.demo.calls import (  # the steps' one multi-row INSERT helper
    _insert,
    audits_linked_aside,
    insert_audits,
)
from app.services.demo.followup_plan import CasePlan, Planner, ReferralPlan, characters_for
from app.services.followup.reminders import extra_values, inspection_office, letter_content
from app.services.letters import letter_templates
from app.services.letters.counters import reserve_serials
from app.services.letters.letter_content import Signer

CASES_PER_CHUNK = 3000
RESPONSE_TEXTS = {
    "done": (
        "موضوع بررسی و اقدام لازم انجام شد و نتیجه به شهروند نیز اعلام گردید.",
        "کارشناسان این دستگاه از محل بازدید کردند و مشکل برطرف شد.",
        "درخواست شهروند در چارچوب مقررات پذیرفته و انجام شد.",
        "پیگیری لازم صورت گرفت و موضوع با هماهنگی شهروند حل شد.",
    ),
    "in_progress": (
        "موضوع در دست بررسی است و نتیجه پس از بازدید کارشناسی اعلام خواهد شد.",
        "اقدام اولیه انجام شده و کار تا پایان ماه جاری تکمیل می‌شود.",
    ),
    "not_responsible": ("موضوع در حیطه وظایف این دستگاه نیست و به دستگاه مربوط ارجاع شود.",),
    "rejected_by_law": (
        "درخواست شهروند با مقررات جاری سازگار نیست و انجام آن ممکن نیست.",
        "برابر ضوابط، امکان پذیرش درخواست وجود ندارد؛ مراتب به شهروند اعلام شد.",
    ),
    "other": ("شهروند برای تکمیل مدارک به این دستگاه مراجعه کند.",),
}
CALLBACK_COMMENTS = {
    "satisfied": ("از پیگیری مرکز تشکر کرد.", "کارش انجام شده است.", ""),
    "partly": ("کار نیمه‌تمام است ولی پیگیری را کافی دانست.", ""),
    "not_satisfied": ("پاسخ دستگاه را قانع‌کننده ندانست.", "می‌گوید هنوز کاری نشده است."),
}
RESPONSE_FIELDS = [
    AgencyResponse.referral,
    AgencyResponse.agency_letter_number,
    AgencyResponse.agency_letter_date,
    AgencyResponse.text,
    AgencyResponse.result,
    AgencyResponse.received_by,
    AgencyResponse.received_at,
]
CALLBACK_FIELDS = [
    Callback.case,
    Callback.operator,
    Callback.at,
    Callback.reached,
    Callback.satisfaction,
    Callback.comment,
]
REMINDER_FIELDS = [
    Reminder.referral,
    Reminder.letter,
    Reminder.at,
    Reminder.previous_due_date,
    Reminder.new_due_date,
    Reminder.by,
]
ESCALATION_FIELDS = [Escalation.referral, Escalation.letter, Escalation.at, Escalation.reason, Escalation.by]
AUDIT_FIELDS = [
    AuditEntry.at,
    AuditEntry.user,
    AuditEntry.username,
    AuditEntry.action,
    AuditEntry.entity,
    AuditEntry.entity_id,
    AuditEntry.details,
]


def _stored(value):
    """A time for a raw UPDATE's parameter as its column stores it (on SQLite integer microseconds)."""
    return stored_time(database, value)


def _json(**values) -> str:
    return audit.details_text(values)  # the services' spelling


# Audit entries that name a letter number: the numbering step writes them once the numbers are final.
NUMBERED_ACTIONS = {"letter.issue", "referral.reminder", "referral.escalate"}


class _Writer:
    def __init__(self, ctx, now: dt.datetime):
        self.ctx = ctx
        self.rng = ctx.rng
        self.now = now
        agencies = {a.id: a for a in Agency.select()}
        self.agencies = agencies
        self.planner = Planner(
            ctx.rng, now, characters_for(ctx.rng, {i: a.name for i, a in agencies.items()})
        )
        operator_ids = ctx.shared.get("operators") or [
            u.id for u in User.select().where(User.role == "operator")
        ]
        self.users = {u.id: u for u in User.select()}
        self.operators = [i for i in operator_ids if i in self.users] or list(self.users)
        self.values = settings.get_all()
        self.templates = {
            k: letter_templates.get_template(k) for k in (REMINDER_BODY_KEY, ESCALATION_BODY_KEY)
        }
        self.office = inspection_office()
        self.counts = {
            "responses": 0,
            "callbacks": 0,
            "reminders": 0,
            "escalations": 0,
            "closed_by_callback": 0,
        }
        self.audits: list[tuple] = []

    def operator(self) -> int:
        return self.rng.choice(self.operators)

    def audit(self, at, user_id: int, action: str, entity: str, entity_id, **details) -> None:
        self.audits.append(
            (at, user_id, self.users[user_id].username, action, entity, str(entity_id), details)
        )

    # --- reading one block ----------------------------------------------------------------------------

    def _cases(self, low: int, high: int) -> list[CasePlan]:
        # the block's referrals by the case index (the status is checked here: filtering on it in SQL lets
        # SQLite scan every issued referral of the database for each block)
        query = (
            Referral.select(
                Referral.id,
                Referral.case,
                Referral.agency,
                Referral.issued_at,
                Referral.due_date,
                Referral.status,
                Case.status,
                Case.outcome,
            )
            .join(Case)
            .where((Referral.case > low) & (Referral.case <= high))
            .order_by(Referral.case, Referral.id)
            .tuples()
        )
        cases: dict[int, CasePlan] = {}
        for rid, case_id, agency_id, issued, due, referral_status, status, outcome in query:
            if referral_status != ReferralStatus.ISSUED:
                continue
            plan = cases.get(case_id)
            if plan is None:
                plan = cases[case_id] = CasePlan(case_id, status, outcome, [])
            plan.referrals.append(ReferralPlan(rid, case_id, agency_id, issued, due))
        return [
            c
            for c in cases.values()
            if c.status in (CaseStatus.REFERRED, CaseStatus.ANSWERED, CaseStatus.CLOSED)
        ]

    # --- writing one block ----------------------------------------------------------------------------

    def chunk(self, low: int, high: int) -> None:
        plans = [self.planner.plan(c) for c in self._cases(low, high)]
        if not plans:
            return
        with database.atomic():
            self.audits = []
            self._responses(plans)
            self._letters(plans)
            self._referral_updates(plans)
            self._callbacks_and_cases(plans)
            for row in self.audits:  # held as stored: the numbering step renumbers the text
                if row[3] in NUMBERED_ACTIONS:
                    numbering.hold_audit(self.ctx, (*row[:6], _json(**row[6])))
            insert_audits([a for a in self.audits if a[3] not in NUMBERED_ACTIONS])

    def _responses(self, plans: list[CasePlan]) -> None:
        rows, meta = [], []
        for case in plans:
            for r in case.referrals:
                for at, result in ((r.interim, "in_progress"), (r.answered, r.result)):
                    if at is None:
                        continue
                    day = jalali.to_local(at).date()
                    letter_day = max(
                        jalali.to_local(r.issued).date(), day - dt.timedelta(days=self.rng.randint(0, 2))
                    )
                    number = f"{self.rng.randint(100, 9999)}/{self.rng.randint(10, 99)}"
                    who = self.operator()
                    rows.append(
                        (
                            r.id,
                            number,
                            letter_day,
                            self.rng.choice(RESPONSE_TEXTS[result]),
                            result,
                            who,
                            at,
                        )
                    )
                    meta.append((r, case, at, who, result, number, letter_day))
        ids = [r[0] for r in _insert(AgencyResponse, RESPONSE_FIELDS, rows, returning=[AgencyResponse.id])]
        for response_id, (r, case, at, who, result, number, letter_day) in zip(ids, meta, strict=True):
            self.audit(
                at,
                who,
                "referral.response",
                "referral",
                r.id,
                response_id=response_id,
                case_id=case.id,
                agency=self.agencies[r.agency_id].name,
                result=result,
                agency_letter_number=number,
                agency_letter_date=letter_day.isoformat(),
                attachments=0,
                answered=result != "in_progress",
            )
        self.counts["responses"] += len(ids)

    def _first_letters(self, referral_ids: list[int]) -> dict[int, tuple[int, str, dt.datetime]]:
        """{referral id: (id, number, issue time) of its referral letter}: held by the numbering step, or
        (a referral of an earlier demo) stored."""
        held = self.ctx.shared.get(numbering.FIRSTS, {})
        out = {}
        for rid in referral_ids:
            x = held.get(rid)
            if x is not None:
                out[rid] = (x.id, x.number, x.issued_at)
        missing = [rid for rid in referral_ids if rid not in out]
        if missing:
            for x in Letter.select(Letter.id, Letter.referral, Letter.number, Letter.issued_at).where(
                Letter.referral.in_(missing) & (Letter.kind == "referral")
            ):
                out[x.referral_id] = (x.id, x.number, x.issued_at)
        return out

    def _content(
        self,
        kind: str,
        r: ReferralPlan,
        n: int,
        at,
        new_due,
        ref: tuple,
        first: tuple,
        sent: list,
        number,
        number_of,
        facts,
    ) -> dict:
        """A reminder's or escalation's frozen content, built by the numbering step once the numbers are final."""
        official, instruction, priority = ref
        first_id, _, first_issued = first
        signer = self.users[official]
        agency = self.agencies[r.agency_id]
        extra = extra_values(
            first_number=number_of(first_id),
            first_issued=first_issued,
            first_due=r.due,
            reminders_sent=n,
            reminder_letters=[(number_of(letter_id), sent_at) for letter_id, sent_at in sent],
            referred_agency=agency.name,
            today=jalali.to_local(at).date(),
        )
        return letter_content(
            kind=kind,
            number=number,
            issued_at=at,
            values=self.values,
            template=self.templates[REMINDER_BODY_KEY if kind == "reminder" else ESCALATION_BODY_KEY],
            facts=facts,
            recipient=agency if kind == "reminder" else self.office,
            referred_agency=agency.name,
            instruction=instruction,
            due_date=new_due or r.final_due,
            priority=priority,
            signer=Signer(signer.full_name, signer.title),
            cc=[] if kind == "reminder" else [{"name": agency.name, "purpose": SIBLING_CC_PURPOSE}],
            extra=extra,
        )

    def _letters(self, plans: list[CasePlan]) -> None:
        chased = [r for case in plans for r in case.referrals if r.reminders]
        if not chased:
            return
        ids = [r.id for r in chased]
        refs = {
            rid: (official, instruction, priority)
            for rid, official, instruction, priority in Referral.select(
                Referral.id, Referral.official, Referral.instruction, Referral.priority
            )
            .where(Referral.id.in_(ids))
            .tuples()
        }
        firsts = self._first_letters(ids)
        # (time, kind, referral plan, extra) of every follow-up letter, numbered in time order per year
        items = []
        for r in chased:
            for n, (at, previous, new_due) in enumerate(r.reminders):
                items.append((at, "reminder", r, n, previous, new_due))
            if r.escalated:
                items.append((r.escalated, "escalation", r, len(r.reminders), None, None))
        items.sort(key=lambda item: item[0])
        years: dict[int, int] = {}
        for item in items:
            year = jalali.jalali_year(item[0])
            years[year] = years.get(year, 0) + 1
        serial = {year: reserve_serials(LetterCounter, year, count) for year, count in sorted(years.items())}
        letter_ids = numbering.new_letter_ids(self.ctx, len(items))
        ids_of: dict[tuple, int] = {}  # (referral id, kind, n) -> letter id
        reminders, escalations = [], []
        for letter_id, (at, kind, r, n, previous, new_due) in zip(letter_ids, items, strict=True):
            ref, first = refs[r.id], firsts[r.id]
            year = jalali.jalali_year(at)
            number = format_number(self.values["letter_number_format"], year, serial[year])
            ids_of[(r.id, kind, n)] = letter_id
            sent = [(ids_of[(r.id, "reminder", i)], r.reminders[i][0]) for i in range(n)]
            who = ref[0]  # a follow-up letter is issued by the official who signs it
            numbering.hold_letter(
                self.ctx,
                numbering.PendingLetter(
                    letter_id,
                    year,
                    serial[year],
                    number,
                    kind,
                    r.id,
                    at,
                    who,
                    first[0],
                    r.case_id,
                    functools.partial(
                        self._content,
                        kind,
                        r,
                        n,
                        at,
                        new_due,
                        ref,
                        first,
                        sent if kind == "escalation" else [],
                    ),
                ),
            )
            serial[year] += 1
            self.audit(
                at,
                who,
                "letter.issue",
                "letter",
                letter_id,
                number=number,
                referral_id=r.id,
                case_id=r.case_id,
                agency=self.office.name if kind == "escalation" else self.agencies[r.agency_id].name,
                kind=kind,
                follows=first[1],
                signer=self.users[who].username,
            )
            if kind == "reminder":
                reminders.append((r.id, letter_id, at, previous, new_due, who))
                self.audit(
                    at,
                    who,
                    "referral.reminder",
                    "referral",
                    r.id,
                    case_id=r.case_id,
                    letter=number,
                    agency=self.agencies[r.agency_id].name,
                    number=n + 1,
                    changes={"due_date": [previous.isoformat(), new_due.isoformat()]},
                )
            else:
                reason = f"{n} تذکر بی‌پاسخ"
                escalations.append((r.id, letter_id, at, reason, who))
                self.audit(
                    at,
                    who,
                    "referral.escalate",
                    "referral",
                    r.id,
                    case_id=r.case_id,
                    letter=number,
                    agency=self.agencies[r.agency_id].name,
                    reminders=n,
                    reason="",
                )
        numbering.hold_rows(self.ctx, Reminder, REMINDER_FIELDS, reminders)  # after the letters they name
        numbering.hold_rows(self.ctx, Escalation, ESCALATION_FIELDS, escalations)
        self.counts["reminders"] += len(reminders)
        self.counts["escalations"] += len(escalations)

    def _referral_updates(self, plans: list[CasePlan]) -> None:
        answered, extended = [], []
        for case in plans:
            # the verdict at the first call back after the answers (app.services.followup.callbacks keeps it so)
            verdict = next((v for _, reached, v, _ in case.callbacks if v), None)
            for r in case.referrals:
                first_due = r.due if r.reminders else None
                summary = (first_due, len(r.reminders), r.escalated)
                if r.answered is not None:
                    answered.append(("answered", r.answered, r.final_due, *summary, verdict, r.id))
                elif r.reminders:
                    extended.append((r.final_due, *summary, r.id))
        p = database.param
        answered = [(*r[:1], _stored(r[1]), *r[2:5], _stored(r[5]), *r[6:]) for r in answered]
        extended = [(*r[:3], _stored(r[3]), *r[4:]) for r in extended]
        if answered:
            update_many(
                f'UPDATE "referral" SET status = {p}, answered_at = {p}, due_date = {p}, '
                f"first_due_date = {p}, reminder_count = {p}, escalated_at = {p}, verdict = {p} "
                f"WHERE id = {p}",
                answered,
            )
        if extended:
            update_many(
                f'UPDATE "referral" SET due_date = {p}, first_due_date = {p}, reminder_count = {p}, '
                f"escalated_at = {p} WHERE id = {p}",
                extended,
            )

    def _callbacks_and_cases(self, plans: list[CasePlan]) -> None:
        rows, updates = [], []
        for case in plans:
            if case.new_status in (
                CaseStatus.ANSWERED,
                CaseStatus.CLOSED,
            ):  # every referral answered: referred -> answered
                last = max(case.referrals, key=lambda r: r.answered)
                self.audit(
                    last.answered,
                    self.operator(),
                    "case.status",
                    "case",
                    case.id,
                    status=["referred", "answered"],
                    referral_id=last.id,
                )
            for at, reached, verdict, decision in case.callbacks:
                who = self.operator()
                comment = self.rng.choice(CALLBACK_COMMENTS[verdict]) if verdict else "پاسخ نداد."
                rows.append((case.id, who, at, reached, verdict, comment))
                self.audit(
                    at,
                    who,
                    "case.callback",
                    "case",
                    case.id,
                    reached=reached,
                    satisfaction=verdict,
                    decision=decision,
                    comment=comment,
                )
                if decision == "close":
                    self.audit(
                        at,
                        who,
                        "case.status",
                        "case",
                        case.id,
                        status=["answered", "closed"],
                        outcome=case.new_outcome,
                        callback=True,
                    )
                    self.counts["closed_by_callback"] += 1
            if case.new_status != case.status or case.closed_at or case.updated_at:
                updates.append(
                    (
                        case.new_status,
                        case.new_outcome,
                        _stored(case.closed_at),
                        _stored(case.updated_at or case.closed_at),
                        case.id,
                    )
                )
        _insert(Callback, CALLBACK_FIELDS, rows)
        self.counts["callbacks"] += len(rows)
        if updates:
            p = database.param
            update_many(
                f'UPDATE "cases" SET status = {p}, outcome = {p}, closed_at = {p}, '
                f"updated_at = COALESCE({p}, updated_at), version = version + 1 WHERE id = {p}",
                updates,
            )


def run(ctx) -> dict:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    top = Case.select(Case.id).order_by(Case.id.desc()).scalar() or 0
    if not Referral.select().where(Referral.status == ReferralStatus.ISSUED).exists():
        return {"responses": 0, "callbacks": 0, "reminders": 0, "escalations": 0}
    writer = _Writer(ctx, now)
    with audits_linked_aside(ctx):
        for low in range(0, top, CASES_PER_CHUNK):
            writer.chunk(low, low + CASES_PER_CHUNK)
            ctx.report("followup", min(low + CASES_PER_CHUNK, top), top)
    return dict(writer.counts)
