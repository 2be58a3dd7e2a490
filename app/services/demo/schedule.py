"""Demo officials, their attendance schedule over past and coming months, and the sessions they held.

The officials with demo accounts (governor, deputy1, deputy2, dg1) sign letters; several directors-general
without accounts are checked in by an operator. The rotation is planned with the schedule service, month
by month; past slots end attended, late, absent or cancelled, and each held slot has a session whose
window takes the calls registered in it (and the orders made on them) from the earlier demo steps.
"""

from __future__ import annotations

import datetime as dt

from app.db import database
from app.domain import jalali
from app.domain.attendance import LATE_AFTER_MINUTES, SlotStatus
from app.models import (
    Agency,
    AttendanceSlot,
    Case,
    Contact,
    Official,
    OfficialSession,
    Referral,
    User,
)
from app.services.actor import SYSTEM
from app.services.letters import holidays
from app.services.schedule import schedule

# (username or None, full name, title, a fragment of the agency's name, phone)
OFFICIALS = [
    ("governor", "محمدرضا کریمی", "استاندار آذربایجان شرقی", "استانداری آذربایجان شرقی", "04135234001"),
    (
        "deputy1",
        "رحیم علیزاده",
        "معاون سیاسی، امنیتی و اجتماعی استاندار",
        "استانداری آذربایجان شرقی",
        "04135234010",
    ),
    (
        "deputy2",
        "ناصر حسین‌پور",
        "معاون هماهنگی امور عمرانی استاندار",
        "استانداری آذربایجان شرقی",
        "04135234020",
    ),
    (
        "dg1",
        "اکبر محمدی",
        "مدیرکل امور اجتماعی و فرهنگی استانداری",
        "استانداری آذربایجان شرقی",
        "04135234030",
    ),
    (None, "مهدی رسولی", "مدیرعامل شرکت آب و فاضلاب استان", "شرکت آب و فاضلاب استان", "04134420000"),
    (None, "سعید جباری", "مدیرعامل شرکت توزیع نیروی برق استان", "شرکت توزیع نیروی برق استان", "04133300000"),
    (None, "علیرضا صمدی", "مدیرکل آموزش و پرورش استان", "اداره کل آموزش و پرورش استان", "04135550000"),
    (None, "جواد رحمانی", "مدیرکل راه و شهرسازی استان", "اداره کل راه و شهرسازی", "04133290000"),
    (None, "حمید فرجی", "مدیرکل تأمین اجتماعی استان", "اداره کل تأمین اجتماعی", "04135410000"),
    (None, "یوسف نادری", "شهردار تبریز", "شهرداری تبریز", "04135260000"),
    (None, "رضا اسدی", "رئیس سازمان جهاد کشاورزی استان", "سازمان جهاد کشاورزی", "04133370000"),
]
CANCEL_REASONS = [
    "سفر استانی",
    "جلسه شورای برنامه‌ریزی استان",
    "مأموریت به تهران",
    "جلسه اضطراری ستاد بحران",
    "بازدید از پروژه‌های عمرانی شهرستان",
]
MONTHS_BACK, MONTHS_AHEAD = 6, 2
START, MINUTES = dt.time(10, 0), 60


def _utc(day: dt.date, minutes_from_midnight: int) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=jalali.TEHRAN) + dt.timedelta(
        minutes=minutes_from_midnight
    )
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _month(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _officials() -> tuple[list[int], int]:
    ids, made = [], 0
    for username, name, title, agency_fragment, phone in OFFICIALS:
        user = User.get_or_none(User.username == username) if username else None
        row = (
            Official.get_or_none(Official.user == user.id)
            if user
            else Official.get_or_none(Official.full_name == name)
        )
        if row is None:
            agency = Agency.select().where(Agency.name.contains(agency_fragment)).first()
            row = Official.create(
                full_name=name,
                title=title,
                agency=agency.id if agency else None,
                phone=phone,
                user=user.id if user else None,
            )
            made += 1
        ids.append(row.id)
    return ids, made


def _holidays(start: dt.date, end: dt.date) -> int:
    """The official holidays of the demo's period, from the holidays library (years already loaded stay)."""
    return sum(
        holidays.load_official_holidays(year)
        for year in range(jalali.jalali_year(start), jalali.jalali_year(end) + 1)
    )


def _outcomes(ctx, past: list[AttendanceSlot], officials: dict[int, Official], opener: int) -> list[dict]:
    """Decide how each past slot ended and return the sessions of the slots held."""
    sessions = []
    by_status: dict[str, list[int]] = {}
    notes: dict[int, str] = {}
    for slot in past:
        roll = ctx.rng.random()
        start = slot.start_time.hour * 60 + slot.start_time.minute
        if roll < 0.07:
            by_status.setdefault(SlotStatus.CANCELLED, []).append(slot.id)
            notes[slot.id] = ctx.rng.choice(CANCEL_REASONS)
            continue
        if roll < 0.15:
            by_status.setdefault(SlotStatus.ABSENT, []).append(slot.id)
            continue
        late = roll < 0.28
        arrive = start + (ctx.rng.randint(LATE_AFTER_MINUTES + 1, 50) if late else ctx.rng.randint(-10, 10))
        leave = max(arrive + 30, start + MINUTES + ctx.rng.randint(-10, 45))
        by_status.setdefault(SlotStatus.LATE if late else SlotStatus.ATTENDED, []).append(slot.id)
        official = officials[slot.official_id]
        sessions.append(
            {
                "official": slot.official_id,
                "slot": slot.id,
                "checked_in_at": _utc(slot.date, arrive),
                "checked_out_at": _utc(slot.date, leave),
                "opened_by": official.user_id or opener,
            }
        )
    for status, ids in by_status.items():
        AttendanceSlot.update(status=status).where(AttendanceSlot.id.in_(ids)).execute()
    for slot_id, note in notes.items():
        AttendanceSlot.update(note=note).where(AttendanceSlot.id == slot_id).execute()
    return sessions


def _link_work(ctx, session: OfficialSession) -> tuple[int, int]:
    """Give the session the calls registered in its window (or, when the demo has few calls, on its day),
    their first contacts, and the orders made on those cases that day."""
    wanted = ctx.rng.randint(2, 7)
    free = Case.session.is_null()
    ids = [
        c.id
        for c in Case.select(Case.id)
        .where(free & Case.created_at.between(session.checked_in_at, session.checked_out_at))
        .limit(wanted)
    ]
    if len(ids) < wanted:
        day = jalali.to_local(session.checked_in_at).date()
        since = _utc(day, 0)
        ids += [
            c.id
            for c in Case.select(Case.id)
            .where(
                free
                & Case.created_at.between(since, since + dt.timedelta(days=1))
                & Case.id.not_in(ids or [0])
            )
            .order_by(Case.created_at)
            .limit(wanted - len(ids))
        ]
    if not ids:
        return 0, 0
    Case.update(session=session.id).where(Case.id.in_(ids)).execute()
    calls = (
        Contact.update(session=session.id)
        .where(Contact.case.in_(ids) & (Contact.kind == "initial"))
        .execute()
    )
    day_end = _utc(jalali.to_local(session.checked_in_at).date(), 24 * 60)
    orders = (
        Referral.update(session=session.id)
        .where(Referral.case.in_(ids) & Referral.session.is_null() & (Referral.created_at < day_end))
        .execute()
    )
    return calls, orders


def run(ctx) -> dict:
    if AttendanceSlot.select().exists():
        return {"attendance_slots": 0}
    today = jalali.today_local()
    j = jalali.to_jalali(today)
    first = schedule.month_period(*_month(j.year, j.month, -MONTHS_BACK))[0]
    last = schedule.month_period(*_month(j.year, j.month, MONTHS_AHEAD))[1]
    opener = (
        ctx.shared.get("operators")
        or [u.id for u in User.select().where(User.role == "operator")]
        or [User.select().first().id]
    )[0]
    with database.atomic():
        official_ids, made = _officials()
        holidays = _holidays(first, last)
        for shift in range(-MONTHS_BACK, MONTHS_AHEAD + 1):
            schedule.generate_rotation(
                SYSTEM,
                *schedule.month_period(*_month(j.year, j.month, shift)),
                official_ids,
                start_time=START,
                minutes=MINUTES,
            )
        officials = {o.id: o for o in Official.select()}
        past = list(AttendanceSlot.select().where(AttendanceSlot.date < today).order_by(AttendanceSlot.date))
        rows = _outcomes(ctx, past, officials, opener)
        # Two visits outside the schedule: the governor answers calls on a day of his choosing.
        governor = official_ids[0]
        for days_ago in (45, 12):
            day = today - dt.timedelta(days=days_ago)
            if jalali.is_working_day(day):
                rows.append(
                    {
                        "official": governor,
                        "slot": None,
                        "checked_in_at": _utc(day, 16 * 60),
                        "checked_out_at": _utc(day, 17 * 60 + 20),
                        "opened_by": officials[governor].user_id or opener,
                    }
                )
        if rows:
            OfficialSession.insert_many(rows).execute()
    calls = orders = 0
    sessions = list(OfficialSession.select().order_by(OfficialSession.checked_in_at))
    with database.atomic():
        for n, session in enumerate(sessions, 1):
            c, o = _link_work(ctx, session)
            calls, orders = calls + c, orders + o
            ctx.report("schedule", n, len(sessions))
    return {
        "officials": made,
        "holidays": holidays,
        "attendance_slots": AttendanceSlot.select().count(),
        "sessions": len(sessions),
        "session_calls": calls,
        "session_orders": orders,
    }
