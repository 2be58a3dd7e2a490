"""What happens after each demo referral, planned in memory (no database): when (and whether) its agency
answered, the interim replies, the reminders and escalations it needed, the call back and how the case
ended. app.services.demo.followup writes the plan.

Agencies have a character (prompt, average, slow) that decides how fast they answer, how often they miss
the due date and how satisfied their citizens are, so the accountability screen has a story to tell.
Times fall in office hours (07:30–14:00 Tehran) on working days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain import jalali
from app.domain.status import CaseStatus, Outcome

# Agencies whose character is fixed (the rest are drawn): the story a demo tells.
KNOWN_CHARACTERS = {
    "شرکت گاز استان آذربایجان شرقی": "prompt",
    "شرکت توزیع نیروی برق تبریز": "prompt",
    "شرکت مخابرات استان آذربایجان شرقی": "prompt",
    "شرکت آب و فاضلاب استان آذربایجان شرقی": "average",
    "شهرداری تبریز": "slow",
    "اداره کل راه و شهرسازی استان آذربایجان شرقی": "slow",
    "اداره کل تأمین اجتماعی استان آذربایجان شرقی": "slow",
}
CHARACTER_WEIGHTS = {"prompt": 35, "average": 45, "slow": 20}
# (share answered on time, on-time delay as a share of the allowed days, late delay as a multiple of them)
TIMING = {
    "prompt": (0.93, (0.1, 0.7), (1.05, 1.6)),
    "average": (0.72, (0.3, 1.0), (1.05, 2.2)),
    "slow": (0.4, (0.6, 1.0), (1.1, 3.5)),
}
# share of overdue referrals the agency has answered by now (recent, and older than OLD_DAYS)
ANSWERED_WHEN_OVERDUE = {"prompt": (0.85, 0.97), "average": (0.6, 0.93), "slow": (0.25, 0.8)}
SATISFACTION = {"prompt": (75, 15, 10), "average": (58, 22, 20), "slow": (38, 25, 37)}
ESCALATE = {"prompt": 0.1, "average": 0.25, "slow": 0.5}  # after two missed reminders
OLD_DAYS = 60
STALE_CALLBACK_DAYS = 30  # answered cases older than this were called back and closed
ABANDONED_DAYS = 150  # no referral stays unanswered longer than this: the agency answers at last
REMINDER_DAYS = 7
CLOSED_OUTCOMES = {
    Outcome.RESOLVED: 74,
    Outcome.NOT_RESPONSIBLE: 9,
    Outcome.REJECTED_BY_LAW: 9,
    Outcome.UNREACHABLE: 8,
}
OUTCOME_FOR_RESULT = {
    "done": Outcome.RESOLVED,
    "not_responsible": Outcome.NOT_RESPONSIBLE,
    "rejected_by_law": Outcome.REJECTED_BY_LAW,
    "other": Outcome.RESOLVED,
}
RESULT_FOR_OUTCOME = {
    Outcome.RESOLVED: "done",
    Outcome.NOT_RESPONSIBLE: "not_responsible",
    Outcome.REJECTED_BY_LAW: "rejected_by_law",
    Outcome.UNREACHABLE: "done",
}


@dataclass
class ReferralPlan:
    id: int
    case_id: int
    agency_id: int
    issued: dt.datetime  # UTC
    due: dt.date
    answered: dt.datetime | None = None
    result: str = "done"
    interim: dt.datetime | None = None  # an «in progress» reply before the answer
    reminders: list[tuple[dt.datetime, dt.date, dt.date]] = field(
        default_factory=list
    )  # at, previous, new due
    escalated: dt.datetime | None = None

    @property
    def final_due(self) -> dt.date:
        return self.reminders[-1][2] if self.reminders else self.due


@dataclass
class CasePlan:
    id: int
    status: str  # as the calls step left it
    outcome: str | None
    referrals: list[ReferralPlan]
    new_status: str = ""
    new_outcome: str | None = None
    closed_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    callbacks: list[tuple[dt.datetime, bool, str | None, str]] = field(
        default_factory=list
    )  # at, reached, verdict, decision


class Planner:
    def __init__(self, rng, now: dt.datetime, characters: dict[int, str]):
        self.rng, self.now, self.characters = rng, now, characters
        self.today = jalali.to_local(now).date()

    # --- time ------------------------------------------------------------------------------------------

    def office_time(self, day: dt.date) -> dt.datetime:
        """A UTC moment in office hours on `day` (moved off Friday)."""
        if day.weekday() == 4:
            day += dt.timedelta(days=1)
        minutes = self.rng.randint(7 * 60 + 30, 14 * 60)
        local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=jalali.TEHRAN)
        return local.astimezone(dt.UTC).replace(tzinfo=None)

    def _local_day(self, moment: dt.datetime) -> dt.date:
        return jalali.to_local(moment).date()

    def _at_or_before_now(self, moment: dt.datetime, floor: dt.datetime) -> dt.datetime:
        """The moment, or a random time between floor and now when it would be in the future."""
        if moment <= self.now - dt.timedelta(hours=1):
            return moment
        span = max(60.0, (self.now - floor).total_seconds() - 3600)
        return floor + dt.timedelta(seconds=self.rng.uniform(60, span))

    # --- one referral -----------------------------------------------------------------------------------

    def _delay_days(self, character: str, allowed: int, late: bool | None = None) -> float:
        on_time_share, early, slow = TIMING[character]
        if late is None:
            late = self.rng.random() > on_time_share
        low, high = slow if late else early
        return max(0.2, allowed * self.rng.uniform(low, high))

    def _chase(self, r: ReferralPlan, character: str, until: dt.datetime) -> None:
        """Reminders (and maybe the escalation) sent before `until` while the referral was unanswered."""
        due = r.due
        for _ in range(2):
            day = due + dt.timedelta(days=self.rng.randint(1, 3))
            at = self.office_time(day)
            if at >= until or self.rng.random() > 0.92:
                return
            new_due = self._local_day(at) + dt.timedelta(days=REMINDER_DAYS)
            r.reminders.append((at, due, new_due))
            due = new_due
        at = self.office_time(due + dt.timedelta(days=self.rng.randint(1, 4)))
        if at < until and self.rng.random() < ESCALATE[character]:
            r.escalated = at

    def _answer(
        self, r: ReferralPlan, character: str, result: str, latest: dt.datetime, late: bool | None = None
    ) -> None:
        allowed = max(1, (r.due - self._local_day(r.issued)).days)
        day = self._local_day(r.issued) + dt.timedelta(days=round(self._delay_days(character, allowed, late)))
        answered = max(self.office_time(day), r.issued + dt.timedelta(hours=2))
        if answered > latest:  # not yet, by the plan: an earlier day, in office hours when that is past
            moment = r.issued + (latest - r.issued) * self.rng.uniform(0.3, 0.95)
            office = self.office_time(self._local_day(moment))
            answered = office if r.issued < office <= latest else moment
        r.answered, r.result = answered, result
        if self._local_day(answered) > r.due:
            self._chase(r, character, answered)
            if self.rng.random() < 0.15:
                r.interim = r.issued + (answered - r.issued) * self.rng.uniform(0.2, 0.6)

    def _waiting(self, r: ReferralPlan, character: str) -> bool:
        """Plan a referral of a case still waiting; True if it stays unanswered."""
        if r.due >= self.today:
            if self.rng.random() < 0.05:
                r.interim = self._at_or_before_now(self.office_time(self.today), r.issued)
            return True
        age = (self.today - self._local_day(r.issued)).days
        share = 1.0 if age > ABANDONED_DAYS else ANSWERED_WHEN_OVERDUE[character][1 if age > OLD_DAYS else 0]
        if self.rng.random() < share:
            self._answer(r, character, self._result(), self.now - dt.timedelta(hours=1), late=True)
            return False
        self._chase(r, character, self.now)
        return True

    def _result(self) -> str:
        return self.rng.choices(["done", "not_responsible", "rejected_by_law", "other"], [82, 8, 6, 4])[0]

    # --- one case ---------------------------------------------------------------------------------------

    def _verdict(self, character: str, outcome: str) -> str:
        weights = list(SATISFACTION[character])
        if outcome in (Outcome.NOT_RESPONSIBLE, Outcome.REJECTED_BY_LAW):
            weights = [weights[0] // 3, weights[1], weights[2] * 2]
        return self.rng.choices(["satisfied", "partly", "not_satisfied"], weights)[0]

    def _call_back(self, case: CasePlan, answered: dt.datetime, character: str, outcome: str) -> None:
        at = self._at_or_before_now(
            self.office_time(self._local_day(answered) + dt.timedelta(days=self.rng.randint(1, 4))), answered
        )
        if outcome == Outcome.UNREACHABLE:
            for _ in range(self.rng.randint(1, 2)):
                case.callbacks.append((at, False, None, "later"))
                at = self._at_or_before_now(at + dt.timedelta(days=self.rng.randint(1, 3)), at)
            case.callbacks.append((at, False, None, "close"))
        else:
            if self.rng.random() < 0.2:
                case.callbacks.append((at, False, None, "later"))
                at = self._at_or_before_now(at + dt.timedelta(days=1), at)
            case.callbacks.append((at, True, self._verdict(character, outcome), "close"))
        case.new_status, case.new_outcome = CaseStatus.CLOSED, outcome
        case.closed_at = case.updated_at = at

    def plan(self, case: CasePlan) -> CasePlan:
        rng = self.rng
        characters = [self.characters.get(r.agency_id, "average") for r in case.referrals]
        worst = "slow" if "slow" in characters else "average" if "average" in characters else "prompt"
        case.new_status, case.new_outcome = case.status, case.outcome
        if case.status == CaseStatus.REFERRED:
            waiting = [self._waiting(r, c) for r, c in zip(case.referrals, characters, strict=True)]
            if any(waiting):
                case.updated_at = max([r.answered or r.issued for r in case.referrals])
                return case
            answered = max(r.answered for r in case.referrals)
            age = (self.today - self._local_day(answered)).days
            if age > STALE_CALLBACK_DAYS or (age > 10 and rng.random() < 0.8):
                outcome = rng.choices(list(CLOSED_OUTCOMES), list(CLOSED_OUTCOMES.values()))[0]
                self._call_back(case, answered, worst, outcome)
            else:
                case.new_status, case.updated_at = CaseStatus.ANSWERED, answered
            return case
        latest = self.now - dt.timedelta(hours=1)
        if case.status == CaseStatus.CLOSED:
            latest = self.now - dt.timedelta(days=1)
        outcome = case.outcome if case.outcome in RESULT_FOR_OUTCOME else Outcome.RESOLVED
        for r, c in zip(case.referrals, characters, strict=True):
            result = RESULT_FOR_OUTCOME[outcome] if case.status == CaseStatus.CLOSED else self._result()
            self._answer(r, c, result, latest)
        answered = max(r.answered for r in case.referrals)
        stale = (self.today - self._local_day(answered)).days > STALE_CALLBACK_DAYS
        if case.status == CaseStatus.CLOSED:
            self._call_back(case, answered, worst, outcome)
        elif stale:  # the center calls back within weeks, not years
            last = max(case.referrals, key=lambda r: r.answered).result
            outcome = (
                Outcome.UNREACHABLE if rng.random() < 0.08 else OUTCOME_FOR_RESULT.get(last, Outcome.RESOLVED)
            )
            self._call_back(case, answered, worst, outcome)
        else:
            case.updated_at = answered
            if rng.random() < 0.25:
                at = self._at_or_before_now(answered + dt.timedelta(days=rng.randint(1, 3)), answered)
                case.callbacks.append((at, False, None, "later"))
                case.updated_at = at
        return case


def characters_for(rng, agencies: dict[int, str]) -> dict[int, str]:
    """Each agency's character: the known ones fixed, the rest drawn (repeatably, by agency order)."""
    names, weights = list(CHARACTER_WEIGHTS), list(CHARACTER_WEIGHTS.values())
    out = {}
    for agency_id in sorted(agencies):
        drawn = rng.choices(names, weights)[0]
        out[agency_id] = KNOWN_CHARACTERS.get(agencies[agency_id], drawn)
    return out
