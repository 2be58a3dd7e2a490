"""The session summary: one page the official can print at the end of the hour — calls answered, orders
given (and their letters), callers guided, and the time in the center against the slot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain import jalali
from app.domain.attendance import format_time
from app.domain.status import CaseStatus
from app.models import Case, utcnow
from app.services.schedule import sessions
from app.services.schedule.schedule_export import heading
from reports.session_summary_pdf import render_session_summary


@dataclass(frozen=True)
class SessionSummary:
    session: sessions.SessionInfo
    calls: list[sessions.SessionCall]
    orders: list[sessions.SessionOrder]
    guided: int  # callers of the session guided on the spot (their case closed as guided)
    minutes: int  # in the center: check-in to check-out (to now while the session is open)
    slot_minutes: int | None  # the slot's length, when the session belongs to one

    @property
    def callers(self) -> int:
        return len({c.case_id for c in self.calls})

    @property
    def letters_issued(self) -> int:
        return sum(1 for o in self.orders if o.letter_number)


def session_summary(session_id: int, now: dt.datetime | None = None) -> SessionSummary:
    work = sessions.session_work(session_id)
    s = work.session
    until = s.checked_out_at or now or utcnow()
    minutes = max(0, int((until - s.checked_in_at).total_seconds() // 60))
    slot_minutes = None
    if s.slot_start and s.slot_end:
        slot_minutes = (s.slot_end.hour * 60 + s.slot_end.minute) - (
            s.slot_start.hour * 60 + s.slot_start.minute
        )
    case_ids = list({c.case_id for c in work.calls}) or [0]
    guided = Case.select().where(Case.id.in_(case_ids) & (Case.status == CaseStatus.GUIDED)).count()
    return SessionSummary(s, work.calls, work.orders, guided, minutes, slot_minutes)


def session_summary_pdf(session_id: int) -> bytes:
    summary = session_summary(session_id)
    s = summary.session
    day = jalali.format_jalali(jalali.to_local(s.checked_in_at).date())
    title = f"خلاصه جلسه پاسخگویی {s.official_name}"
    subtitle = f"{s.official_title} — {day}، ورود {format_time(jalali.to_local(s.checked_in_at).time())}"
    if s.checked_out_at:
        subtitle += f"، خروج {format_time(jalali.to_local(s.checked_out_at).time())}"
    return render_session_summary(summary, heading(title, subtitle))
