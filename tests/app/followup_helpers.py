"""Shared by the follow-up tests: times relative to a base day (in the future, so the order form's
«due date not in the past» rule holds whatever day the tests run), issuing and answering referrals."""

from __future__ import annotations

import datetime as dt

from app.domain import jalali
from app.models import Case
from app.services.followup import followup
from app.services.letters import referrals
from tests.app.letter_helpers import agency_id, order, register_case

BASE = jalali.today_local() + dt.timedelta(days=30)
GAS = "شرکت گاز استان آذربایجان شرقی"


def day(n: int) -> dt.date:
    return BASE + dt.timedelta(days=n)


def at(n: int, hour: int = 12) -> dt.datetime:
    """Naive UTC of hour:00 Tehran time on day n."""
    local = dt.datetime.combine(day(n), dt.time(hour), tzinfo=jalali.TEHRAN)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def issue(official, operator, agency: str, issued: int, due: int, case_id: int | None = None, **over):
    """A new case (unless case_id) referred to `agency` on day `issued`, due on day `due`."""
    case_id = case_id or register_case(operator, **over)
    return referrals.issue_order(
        official, case_id, order(agency_ids=[agency_id(agency)], due_date=day(due)), now=at(issued)
    )[0]


def answer(actor, referral_id: int, on: int, result: str = "done", **over):
    data = {
        "agency_letter_number": "۲۳۴/۵۶",
        "agency_letter_date": day(on),
        "text": "موضوع بررسی و رفع شد.",
        "result": result,
    }
    reroute = over.pop("reroute", None)
    data.update(over)
    return followup.record_response(actor, referral_id, data, reroute=reroute, now=at(on))


def status(case_id: int) -> str:
    return Case.get_by_id(case_id).status
