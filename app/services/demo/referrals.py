"""Demo referral orders and letters: the cases the calls step referred get their orders, issued by the demo
officials (governor, deputy1, deputy2, dg1) to the agencies the cases concern, with due dates; the newest
cases waiting for an order get operators' drafts. Fast for large N: rows are written in chunks with
multi-row INSERTs, exactly as issue_order would write them (one «referral.issue» and one «letter.issue» audit
entry each). Letter serials are taken from the same counter in time order, so the numbers of each Jalali year
run gapless and new letters continue after them; the letters themselves (their frozen content built by the
same function as issue_order's) are written by the numbering step, once the follow-up letters have taken their
serials too and every number is final.

What was made is left in ctx.shared["referrals"] (a DemoReferrals) for the follow-up step.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from array import array
from dataclasses import dataclass, field

from app.db import database
from app.domain import jalali
from app.domain.letters import BODY_TEMPLATE_KEY, READY_INSTRUCTIONS, SIBLING_CC_PURPOSE, recipient_line
from app.domain.numbering import format_number
from app.domain.status import CaseStatus, NextStep, Outcome, ReferralStatus
from app.models import (
    Agency,
    AuditEntry,
    Case,
    County,
    Holiday,
    LetterCounter,
    Referral,
    RequestType,
    User,
)
from app.services.admin import audit, settings
from app.services.demo import numbering
from app.services.demo.calls import (  # the steps' one multi-row INSERT helper
    _insert,
    audits_linked_aside,
    insert_audits,
)
from app.services.demo.people import DEMO_USERS
from app.services.letters import letter_templates
from app.services.letters.counters import reserve_serials
from app.services.letters.letter_content import CaseFacts, Signer, build_content, case_facts

CHUNK = 1000  # letters per transaction
OFFICIAL_WEIGHTS = {"governor": 8, "deputy1": 30, "deputy2": 37, "dg1": 25}
EXTRA_INSTRUCTIONS = (
    "ضمن بازدید میدانی از محل، نتیجه اقدام به این مرکز اعلام شود.",
    "با توجه به تکرار شکایت، موضوع در اولویت رسیدگی قرار گیرد و نتیجه گزارش شود.",
    "از شهروند دعوت شود تا با مدارک لازم به دستگاه مراجعه کند و نتیجه اعلام شود.",
)
INSPECTION = "دفتر بازرسی، مدیریت عملکرد و امور حقوقی استانداری"
NOT_REFERRED = {Outcome.GUIDED, Outcome.DUPLICATE}


@dataclass
class DemoReferrals:
    """Parallel columns, one entry per issued demo referral, in time order."""

    ids: array = field(default_factory=lambda: array("q"))
    case_ids: array = field(default_factory=lambda: array("q"))
    agency_ids: array = field(default_factory=lambda: array("q"))
    issued: array = field(default_factory=lambda: array("d"))  # UTC seconds since the epoch
    due: array = field(default_factory=lambda: array("l"))  # Gregorian ordinal of the due date
    letter_ids: array = field(default_factory=lambda: array("q"))

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class _Order:
    case_id: int
    at: dt.datetime  # issue time (UTC)
    agencies: list[int]
    official: int
    preparer: int
    instruction: str
    priority: str
    working_days: bool
    cc: list[dict]
    status: str  # "issued" or "draft"


def _candidates(ctx) -> list[tuple]:
    """(case id, created, status, next step, agency id, county id, operator) of the cases to consider."""
    cases = ctx.shared.get("cases")
    if cases is not None and len(cases):
        # cases closed as duplicates or by guidance were never referred
        skip = {c.id for c in Case.select(Case.id).where(Case.outcome.in_([str(o) for o in NOT_REFERRED]))}
        return [
            (
                cases.ids[i],
                cases.created_at(i),
                cases.statuses[i],
                cases.next_steps[i],
                cases.agency_ids[i],
                cases.county_ids[i],
                cases.operator_ids[i],
            )
            for i in range(len(cases))
            if cases.ids[i] not in skip
        ]
    referred = Referral.select(Referral.case)
    query = (
        Case.select(
            Case.id,
            Case.created_at,
            Case.status,
            Case.next_step,
            Case.agency,
            Case.county,
            Case.operator,
            Case.outcome,
        )
        .where(Case.id.not_in(referred))
        .order_by(Case.created_at)
    )
    return [
        (
            c.id,
            c.created_at,
            c.status if c.outcome not in NOT_REFERRED else "guided",
            c.next_step,
            c.agency_id or 0,
            c.county_id,
            c.operator_id,
        )
        for c in query
    ]


def _plan(ctx, now: dt.datetime) -> list[_Order]:
    rng = ctx.rng
    officials = {
        u.username: u.id
        for u in User.select().where(
            User.username.in_([u[0] for u in DEMO_USERS if u[1] == "official"]) & (User.active == True)  # noqa: E712
        )
    }
    if not officials:
        return []
    names = list(officials)
    weights = [OFFICIAL_WEIGHTS.get(n, 10) for n in names]
    governorates = {a.county_id: a.id for a in Agency.select().where(Agency.kind == "county_governorate")}
    inspection = Agency.get_or_none(Agency.name == INSPECTION)
    county_names = {c.id: c.name for c in County.select()}
    orders = []
    for case_id, created, status, next_step, agency, county, operator in _candidates(ctx):
        if next_step == NextStep.GUIDE or status == CaseStatus.GUIDED:
            continue
        waiting = status == CaseStatus.REGISTERED
        if waiting and (next_step != NextStep.REFER or rng.random() < 0.45):
            continue  # registered, no order yet
        agencies = [agency or governorates.get(county) or 0]
        if not agencies[0]:
            continue
        if rng.random() < 0.12 and governorates.get(county) and governorates[county] != agencies[0]:
            agencies.append(governorates[county])  # the county governorate is ordered to follow it up too
        if waiting:
            at = min(now - dt.timedelta(minutes=5), created + dt.timedelta(minutes=rng.randint(5, 90)))
        else:
            at = min(
                now - dt.timedelta(minutes=5), created + dt.timedelta(minutes=rng.randint(10, 2 * 24 * 60))
            )
        cc = []
        if inspection and rng.random() < 0.25:
            cc.append({"name": inspection.name, "purpose": "جهت اطلاع"})
        if rng.random() < 0.15 and county in county_names:
            cc.append({"name": f"فرمانداری شهرستان {county_names[county]}", "purpose": "جهت اطلاع و پیگیری"})
        instruction = rng.choice(READY_INSTRUCTIONS if rng.random() < 0.85 else EXTRA_INSTRUCTIONS)
        official = officials[rng.choices(names, weights=weights)[0]]
        orders.append(
            _Order(
                case_id,
                max(at, created),
                agencies,
                official,
                operator if rng.random() < 0.7 else official,
                instruction,
                "urgent" if rng.random() < 0.12 else "normal",
                rng.random() < 0.3,
                cc,
                "draft" if waiting else "issued",
            )
        )
    orders.sort(key=lambda o: o.at)
    return orders


REFERRAL_FIELDS = [
    Referral.case,
    Referral.agency,
    Referral.instruction,
    Referral.priority,
    Referral.due_date,
    Referral.working_days,
    Referral.status,
    Referral.prepared_by,
    Referral.official,
    Referral.cc,
    Referral.attachments,
    Referral.created_at,
    Referral.issued_at,
]
AUDIT_FIELDS = [
    AuditEntry.at,
    AuditEntry.user,
    AuditEntry.username,
    AuditEntry.action,
    AuditEntry.entity,
    AuditEntry.entity_id,
    AuditEntry.details,
]


class _CaseRow:
    """What case_facts reads of a Case row, from plain columns: building joined model instances cost more
    than the letters themselves at a million cases."""

    __slots__ = (
        "caller_name",
        "caller_national_code",
        "caller_phone",
        "tracking_code",
        "created_at",
        "subject",
        "description",
        "county",
        "request_type",
    )


def facts_by_case(case_ids: list[int]) -> dict[int, tuple[CaseFacts, int]]:
    """{case id: (its letter facts, its request type id)}, read with the raw driver (peewee's conversion of
    each value cost more than the query)."""
    if not case_ids:
        return {}
    counties = {c.id: c for c in County.select()}
    request_types = {r.id: r for r in RequestType.select()}
    names = ", ".join(f'"{getattr(Case, name).column_name}"' for name in _CaseRow.__slots__[:7])
    marks = ", ".join([database.param] * len(case_ids))
    cursor = database.execute_sql(
        f'SELECT id, county_id, request_type_id, {names} FROM "{Case._meta.table_name}" WHERE id IN ({marks})',
        list(case_ids),
    )
    out = {}
    for case_id, county, request_type, *values in cursor.fetchall():
        row = _CaseRow()
        for name, value in zip(_CaseRow.__slots__, values, strict=False):
            setattr(row, name, value)
        row.created_at = Case.created_at.python_value(row.created_at)  # SQLite: integer microseconds
        row.description = Case.description.python_value(row.description)  # SQLite: one byte a letter
        row.county, row.request_type = counties[county], request_types[request_type]
        out[case_id] = (case_facts(row), request_type)
    return out


class _Writer:
    def __init__(self, ctx):
        self.ctx = ctx
        self.values = settings.get_all()
        self.template = letter_templates.get_template(BODY_TEMPLATE_KEY)
        self.holidays = {h.date for h in Holiday.select(Holiday.date)}
        self.due_days = {r.id: r.due_days for r in RequestType.select()}
        self.agencies = {a.id: a for a in Agency.select()}
        self.users = {u.id: u for u in User.select()}
        self.out = DemoReferrals()

    def _due(self, order: _Order, request_type: int) -> dt.date:
        start = jalali.to_local(order.at).date()
        return jalali.add_days(start, self.due_days[request_type], order.working_days, self.holidays)

    def _request_types(self, case_ids: list[int]) -> dict[int, int]:
        return dict(Case.select(Case.id, Case.request_type).where(Case.id.in_(case_ids)).tuples())

    def _content(self, o: _Order, agency_id: int, due: dt.date, number: str, _number_of, facts) -> dict:
        """The referral letter's frozen content, built by the numbering step once its number is final."""
        agency = self.agencies[agency_id]
        signer = self.users[o.official]
        cc = [
            {"name": self.agencies[a].name, "purpose": SIBLING_CC_PURPOSE}
            for a in o.agencies
            if a != agency_id
        ] + o.cc
        return build_content(
            number=number,
            issued_at=o.at,
            settings=self.values,
            template=self.template,
            facts=facts,
            agency_name=agency.name,
            recipient=recipient_line(agency.name, agency.recipient),
            instruction=o.instruction,
            due_date=due,
            priority=o.priority,
            signer=Signer(signer.full_name, signer.title),
            cc=cc,
        )

    def chunk(self, orders: list[_Order]) -> int:
        request_types = self._request_types(list({o.case_id for o in orders}))
        referral_rows, meta = [], []
        for o in orders:
            due = self._due(o, request_types[o.case_id])
            for agency in o.agencies:
                referral_rows.append(
                    (
                        o.case_id,
                        agency,
                        o.instruction,
                        o.priority,
                        due,
                        o.working_days,
                        o.status,
                        o.preparer,
                        o.official if o.status == ReferralStatus.ISSUED else None,
                        json.dumps(o.cc, ensure_ascii=False),
                        "",
                        o.at - dt.timedelta(minutes=3),
                        o.at if o.status == ReferralStatus.ISSUED else None,
                    )
                )
                meta.append((o, agency, due))
        with database.atomic():
            ids = [r[0] for r in _insert(Referral, REFERRAL_FIELDS, referral_rows, returning=[Referral.id])]
            issued = [
                (rid, m) for rid, m in zip(ids, meta, strict=True) if m[0].status == ReferralStatus.ISSUED
            ]
            years: dict[int, int] = {}
            for _, (o, _, _) in issued:
                year = jalali.jalali_year(o.at)
                years[year] = years.get(year, 0) + 1
            serial = {
                year: reserve_serials(LetterCounter, year, count) for year, count in sorted(years.items())
            }
            letter_ids = numbering.new_letter_ids(self.ctx, len(issued))
            audits = []
            fmt = self.values["letter_number_format"]
            for letter_id, (rid, (o, agency_id, due)) in zip(letter_ids, issued, strict=True):
                year = jalali.jalali_year(o.at)
                number = format_number(fmt, year, serial[year])
                numbering.hold_letter(
                    self.ctx,
                    numbering.PendingLetter(
                        letter_id,
                        year,
                        serial[year],
                        number,
                        "referral",
                        rid,
                        o.at,
                        o.official,
                        None,
                        o.case_id,
                        functools.partial(self._content, o, agency_id, due),
                    ),
                )
                serial[year] += 1
                agency = self.agencies[agency_id]
                username = self.users[o.official].username
                details = {  # encoded by link_audits
                    "agency": agency.name,
                    "case_id": o.case_id,
                    "due_date": due.isoformat(),
                    "priority": o.priority,
                    "instruction": o.instruction,
                    "from_draft": False,
                }
                audits.append((o.at, o.official, username, "referral.issue", "referral", str(rid), details))
                details = audit.details_text({"number": number, "referral_id": rid, "replaces": None})
                numbering.hold_audit(
                    self.ctx, (o.at, o.official, username, "letter.issue", "letter", str(letter_id), details)
                )
            insert_audits(audits)
            for letter_id, (rid, (o, agency_id, due)) in zip(letter_ids, issued, strict=True):
                self.out.ids.append(rid)
                self.out.case_ids.append(o.case_id)
                self.out.agency_ids.append(agency_id)
                self.out.issued.append(o.at.replace(tzinfo=dt.UTC).timestamp())
                self.out.due.append(due.toordinal())
                self.out.letter_ids.append(letter_id)
        return len(letter_ids)


def run(ctx) -> dict:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    orders = _plan(ctx, now)
    writer = _Writer(ctx)
    letters = 0
    with audits_linked_aside(ctx):
        for start in range(0, len(orders), CHUNK):
            letters += writer.chunk(orders[start : start + CHUNK])
            ctx.report("referrals", min(start + CHUNK, len(orders)), len(orders))
    ctx.shared["referrals"] = writer.out
    drafts = sum(len(o.agencies) for o in orders if o.status == ReferralStatus.DRAFT)
    return {"referral_letters": letters, "referral_drafts": drafts}
