"""The fixed data set every report test checks against (figures worked out by hand in the comments).

The period is آبان ۱۴۰۵ (1405/08/01–1405/08/30 = 2026-10-23..2026-11-21, Tehran +03:30). Cases are
registered through app.services.cases.cases, then their times set to fixed Tehran instants. Some instants sit
where the UTC day differs from the Tehran day, so grouping by UTC date would give wrong figures.

 case  Tehran time          type        category      county  channel    operator   end state
 c1    08/01 08:10          complaint   آب و فاضلاب   تبریز   phone      op1        closed resolved 08/12 08:10 (11 days)
 c2    08/02 00:15 (UTC 08/01 20:45)
                            question    برق           اهر     phone      op1        guided on the spot
 c3    08/02 09:30          complaint   آب و فاضلاب   تبریز   in_person  op2        referred, waiting
 c4    08/15 14:05          request     آب و فاضلاب   بناب    letter     op2        registered (open)
 c5    08/30 23:59 (UTC 08/30 20:29)
                            question    برق           تبریز   web        op1        guided on the spot
 c8    08/20 10:00          criticism   گاز           تبریز   phone      op1        closed duplicate 08/21 16:00 (1.25 days)
 c6    07/30 23:45 (مهر: previous month)  complaint, تبریز, phone, op1, open
 c7    09/01 00:10 (UTC 08/30 20:40: after the period)  complaint, تبریز, phone, op1, open

Referrals (issued Tehran time; due dates are Tehran days):
 r1 c1 → آب و فاضلاب   issued 08/01 09:00, due 08/11, answered 08/11 21:00 (on time, 10.5 days)
 r2 c3 → برق           issued 08/02 10:00, due 08/12, waiting (overdue on 08/30)
 r3 c8 → آب و فاضلاب   issued 08/20 11:00, due 08/25, answered 08/26 00:30 (UTC 08/25 21:00: late), 5.5625 days
 r4 c1 → آب و فاضلاب   cancelled (not counted);  r5 c4 → گاز draft (not counted)
 r6 c6 → برق           issued 07/25 10:00 (before the period), due 08/05, waiting (overdue)
 r7 c4 → گاز           issued 08/29 10:00, due 08/30 (due "today"), waiting
 c1, c3 concern the water company, c2 the power company (Case.agency); c7 is «answered» (call-back waiting).
Articles: A1 (circular) guided at 08/02 00:20 and 08/30 23:59:30, and 07/30 23:50 (before); A2 (answer) at 08/15.
Attendance: one official, slots 08/10 (attended, session 10:00–11:00), 08/17 (absent), 08/30 (scheduled: today).
Follow-up calls: on c3 at 08/05, on c6 at 07/30 23:50. Call-backs: c1 satisfied (08/12, after r1's answer: r1's
verdict), c8 not satisfied (08/21, before r3 was answered: no verdict for r3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.jalali import TEHRAN, from_jalali
from app.domain.period import Period, jalali_month
from app.models import (
    Agency,
    AgencyResponse,
    Article,
    AttendanceSlot,
    Callback,
    Case,
    CaseArticle,
    Category,
    Contact,
    County,
    Official,
    OfficialSession,
    Referral,
)
from app.services.cases import case_summary, cases

PERIOD: Period = jalali_month(1405, 8)
TODAY = from_jalali(1405, 8, 30)  # "today" for the overdue figures
WATER = "شرکت آب و فاضلاب استان آذربایجان شرقی"
POWER = "شرکت توزیع نیروی برق استان آذربایجان شرقی"
GAS_AGENCY_PART = "گاز"


def at(month: int, day: int, hour: int, minute: int, second: int = 0) -> dt.datetime:
    """Naive UTC of a Tehran wall-clock time in 1405."""
    local = dt.datetime.combine(from_jalali(1405, month, day), dt.time(hour, minute, second), tzinfo=TEHRAN)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


@dataclass
class Data:
    cases: dict[str, int]
    operators: dict[str, str]  # op1/op2 -> full name
    official_name: str


def _call(actor, *, type_, category, county, channel, next_step, phone, agency=None):
    # a call to refer with no agency: one registered before a referral had to name its agency
    legacy = next_step == "refer" and not agency
    data = {
        "agency_id": Agency.get(Agency.name == (agency or WATER)).id if agency or legacy else None,
        "caller_name": "علی رضایی",
        "phone": phone,
        "county_id": County.get(County.name == county).id,
        "request_type": type_,
        "category_id": Category.get(Category.name == category).id,
        "subject": "موضوع آزمایشی",
        "description": "",
        "channel": channel,
        "next_step": next_step,
    }
    case_id = cases.register_call(actor, data).id
    if legacy:
        Case.update(agency=None).where(Case.id == case_id).execute()
    return case_id


def build(op1, op2) -> Data:
    ids = {}
    specs = [
        ("c1", op1, "complaint", "آب و فاضلاب", "تبریز", "phone", "refer", at(8, 1, 8, 10), WATER),
        ("c2", op1, "question", "برق", "اهر", "phone", "guide", at(8, 2, 0, 15), POWER),
        ("c3", op2, "complaint", "آب و فاضلاب", "تبریز", "in_person", "refer", at(8, 2, 9, 30), WATER),
        ("c4", op2, "request", "آب و فاضلاب", "بناب", "letter", "refer", at(8, 15, 14, 5), None),
        ("c5", op1, "question", "برق", "تبریز", "web", "guide", at(8, 30, 23, 59), None),
        ("c8", op1, "criticism", "گاز", "تبریز", "phone", "refer", at(8, 20, 10, 0), None),
        ("c6", op1, "complaint", "آب و فاضلاب", "تبریز", "phone", "refer", at(7, 30, 23, 45), None),
        ("c7", op1, "complaint", "آب و فاضلاب", "تبریز", "phone", "refer", at(9, 1, 0, 10), None),
    ]
    for n, (key, actor, type_, category, county, channel, step, when, agency) in enumerate(specs):
        case_id = _call(
            actor,
            type_=type_,
            category=category,
            county=county,
            channel=channel,
            next_step=step,
            phone=f"0912000{n:04d}",
            agency=agency,
        )
        closed = when if step == "guide" else None
        Case.update(created_at=when, updated_at=when, closed_at=closed).where(Case.id == case_id).execute()
        Contact.update(at=when).where(Contact.case == case_id).execute()
        ids[key] = case_id
    Case.update(status="closed", outcome="resolved", closed_at=at(8, 12, 8, 10)).where(
        Case.id == ids["c1"]
    ).execute()
    Case.update(status="referred").where(Case.id == ids["c3"]).execute()
    Case.update(status="closed", outcome="duplicate", closed_at=at(8, 21, 16, 0)).where(
        Case.id == ids["c8"]
    ).execute()
    Case.update(status="referred").where(Case.id == ids["c6"]).execute()
    Case.update(status="answered").where(Case.id == ids["c7"]).execute()  # waiting for the call back
    # one follow-up call in the period on c3, one in the previous month on c6
    Contact.create(case=ids["c3"], at=at(8, 5, 11, 0), operator=op2.user_id, kind="follow_up")
    Contact.create(case=ids["c6"], at=at(7, 30, 23, 50), operator=op1.user_id, kind="follow_up")

    water = Agency.get(Agency.name == WATER)
    power = Agency.get(Agency.name == POWER)
    gas = Agency.select().where(Agency.name.contains(GAS_AGENCY_PART)).order_by(Agency.id).first()

    def referral(case, agency, status, issued, due, answered=None):
        return Referral.create(
            case=ids[case],
            agency=agency,
            instruction="بررسی و نتیجه اعلام شود.",
            due_date=due,
            status=status,
            prepared_by=op1.user_id,
            issued_at=issued,
            answered_at=answered,
            created_at=issued or at(8, 1, 9, 0),
        )

    r1 = referral("c1", water, "answered", at(8, 1, 9, 0), from_jalali(1405, 8, 11), at(8, 11, 21, 0))
    referral("c3", power, "issued", at(8, 2, 10, 0), from_jalali(1405, 8, 12))
    r3 = referral("c8", water, "answered", at(8, 20, 11, 0), from_jalali(1405, 8, 25), at(8, 26, 0, 30))
    referral("c1", water, "cancelled", at(8, 3, 9, 0), from_jalali(1405, 8, 13))
    referral("c4", gas, "draft", None, from_jalali(1405, 8, 25))
    referral("c6", power, "issued", at(7, 25, 10, 0), from_jalali(1405, 8, 5))
    referral("c4", gas, "issued", at(8, 29, 10, 0), from_jalali(1405, 8, 30))
    for r in (r1, r3):
        AgencyResponse.create(
            referral=r, text="انجام شد.", result="done", received_by=op1.user_id, received_at=r.answered_at
        )
    Callback.create(
        case=ids["c1"], operator=op1.user_id, at=at(8, 12, 8, 0), reached=True, satisfaction="satisfied"
    )
    # the referral keeps the verdict of the first call back after its answer, as the call-back service does
    Referral.update(verdict="satisfied").where(Referral.id == r1.id).execute()
    Callback.create(
        case=ids["c8"], operator=op1.user_id, at=at(8, 21, 15, 0), reached=True, satisfaction="not_satisfied"
    )

    a1 = Article.create(kind="circular", title="بخشنامه یارانه نان", number="۱۲۳/ب", body="")
    a2 = Article.create(kind="answer", title="پاسخ آماده قبض آب", body="")
    for article, case, when in (
        (a1, "c2", at(8, 2, 0, 20)),
        (a1, "c5", at(8, 30, 23, 59, 30)),
        (a1, "c6", at(7, 30, 23, 50)),
        (a2, "c4", at(8, 15, 14, 10)),
    ):
        CaseArticle.create(case=ids[case], article=article, at=when, by=op1.user_id)

    official = Official.create(full_name="رحیم علیزاده", title="معاون استاندار", agency=None)
    s1 = AttendanceSlot.create(
        official=official,
        date=from_jalali(1405, 8, 10),
        start_time=dt.time(10, 0),
        end_time=dt.time(11, 0),
        status="attended",
    )
    AttendanceSlot.create(
        official=official,
        date=from_jalali(1405, 8, 17),
        start_time=dt.time(10, 0),
        end_time=dt.time(11, 0),
        status="absent",
    )
    AttendanceSlot.create(
        official=official,
        date=from_jalali(1405, 8, 30),
        start_time=dt.time(10, 0),
        end_time=dt.time(11, 0),
        status="scheduled",
    )
    OfficialSession.create(
        official=official,
        slot=s1,
        checked_in_at=at(8, 10, 10, 0),
        checked_out_at=at(8, 10, 11, 0),
        opened_by=op1.user_id,
    )
    from app.models import User

    names = {"op1": User.get_by_id(op1.user_id).full_name, "op2": User.get_by_id(op2.user_id).full_name}
    # the cases' times and states were set by hand above, past the services: recount the case summary
    case_summary.rebuild()
    return Data(ids, names, official.full_name)
