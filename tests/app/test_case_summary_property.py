"""The summaries the reports read always equal the rows they summarise: the case summary
(app.services.cases.case_summary) the cases, the accountability summary (app.services.cases.accountability_summary)
the referrals.

Random sequences of what happens to cases (registrations at random instants since 2020, summer time
included; orders, answers, reminders, letter cancels, call-backs, closes, reopens and edits, refused ones
too) run through the services on SQLite and PostgreSQL. After each sequence every report that reads the
summary (calls by type, category, county, channel, operator, agency, hour and day; outcomes; the dashboard;
the monthly headlines; the agencies' accountability report, as of several days) must equal the same report
counted from the rows (`case_summary.from_rows()`), and `rebuild()` must give back exactly the summaries the
services kept.

Few examples by default (CI); SAMAD_SUMMARY_EXAMPLES=200 for a longer run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from app.db import database
from app.domain.period import Period, month_of
from app.models import Agency, Case, Category, County, Letter, Referral, RequestType
from app.services.cases import case_edit, case_status, case_summary, cases
from app.services.errors import ServiceError
from app.services.followup import accountability, callbacks, closing, reminders
from app.services.letters import referrals
from app.services.reporting import calls, dashboard, monthly, outcomes
from tests.app.followup_helpers import BASE, answer, at, day
from tests.app.letter_helpers import order
from tests.app.time_helpers import is_pg, times_as_text

EXAMPLES = int(os.environ.get("SAMAD_SUMMARY_EXAMPLES", "4"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: each step is a real transaction
    print_blob=True,
)

OPS = [
    "register",
    "register",
    "order",
    "order",
    "answer",
    "reroute",
    "remind",
    "remind",
    "cancel",
    "correct",
    "callback",
    "close",
    "reopen",
    "edit",
]
STEP = st.tuples(
    st.sampled_from(OPS),
    st.integers(0, 10_000),  # which case, referral or letter
    st.datetimes(dt.datetime(2020, 3, 1), dt.datetime(2026, 12, 31)),  # a registration's UTC instant
    st.integers(0, 10_000),  # the other choices
)
OUTCOMES = ["resolved", "not_responsible", "duplicate", "rejected_by_law", "unreachable", "withdrawn"]


class World:
    """What the steps choose from, and the follow-up clock (days after BASE, always moving on)."""

    def __init__(self, operator, official):
        self.operator, self.official = operator, official
        self.counties = [c.id for c in County.select(County.id).where(County.active)]
        self.categories = [c.id for c in Category.select(Category.id).where(Category.active)]
        self.types = [t.code for t in RequestType.select(RequestType.code).where(RequestType.active)]
        self.agencies = [a.id for a in Agency.select(Agency.id).where(Agency.active)][:6]
        self.clock = 0

    def tick(self) -> int:
        self.clock += 1
        return self.clock


def _pick(rows: list, n: int):
    return rows[n % len(rows)] if rows else None


def _step(world: World, monkeypatch, op: str, which: int, when: dt.datetime, choice: int) -> None:
    w = world
    case_ids = [c.id for c in Case.select(Case.id).order_by(Case.id)]
    if op == "register":
        data = {
            "caller_name": "علی رضایی",
            "phone": "09123456789",
            "county_id": _pick(w.counties, choice),
            "request_type": _pick(w.types, choice // 3),
            "category_id": _pick(w.categories, choice // 7),
            "subject": "قطعی مکرر آب",
            "description": "",
            "channel": ["phone", "in_person", "letter", "web"][choice % 4],
            "next_step": "guide" if choice % 5 == 0 else "refer",
            "agency_id": None if choice % 6 == 0 else _pick(w.agencies, choice // 11),
        }
        with monkeypatch.context() as clock:
            clock.setattr(cases, "utcnow", lambda: when.replace(microsecond=0))
            cases.register_call(w.operator if choice % 2 else w.official, data)
    elif op == "order" and case_ids:
        agency = _pick(w.agencies, choice)
        t = w.tick()
        referrals.issue_order(
            w.official,
            _pick(case_ids, which),
            order(agency_ids=[agency], due_date=day(t + 1 + choice % 4)),
            now=at(t),
        )
    elif op in ("answer", "reroute", "remind", "cancel", "correct"):
        waiting = [
            r.id
            for r in Referral.select(Referral.id).where(Referral.status == "issued").order_by(Referral.id)
        ]
        referral_id = _pick(waiting, which)
        if referral_id is None:
            return
        t = w.tick()
        if op == "answer":
            answer(w.operator, referral_id, t, result="done" if choice % 3 else "not_responsible")
        elif op == "reroute":  # the agency is not the one: answered «not responsible», a new referral issued
            agency = _pick(w.agencies, choice)
            answer(
                w.official,
                referral_id,
                t,
                result="not_responsible",
                reroute={"agency_id": agency, "due_date": day(t + 2 + choice % 5)},
            )
        elif op == "correct":  # a corrected letter moves the due date
            letter = Letter.select(Letter.id).where(
                (Letter.referral == referral_id) & (Letter.kind == "referral") & (Letter.status == "issued")
            )
            referrals.correct_letter(
                w.official, letter.get().id, order(due_date=day(t + 1 + choice % 6)), "مهلت درست شد"
            )
        elif op == "remind":
            w.clock += 6
            reminders.chase(w.official, referral_id, now=at(w.clock))
        else:
            letter = Letter.select(Letter.id).where(
                (Letter.referral == referral_id) & (Letter.kind == "referral")
            )
            referrals.cancel_letter(w.official, letter.get().id, "نامه به اشتباه صادر شد.")
    elif op == "callback":
        waiting = callbacks.waiting_ids()
        case_id = _pick(waiting, which)
        if case_id is None:
            return
        decision = {0: "close", 1: "close", 2: "reopen", 3: "later"}[choice % 4]
        callbacks.record_callback(
            w.operator,
            case_id,
            {
                "reached": decision != "later",
                "satisfaction": "satisfied" if choice % 2 else "not_satisfied",
                "outcome": "resolved",
                "decision": decision,
                "comment": "",
            },
            now=at(w.tick()),
        )
    elif op == "close" and case_ids:
        case_id = _pick(case_ids, which)
        outcome = _pick(OUTCOMES, choice)
        original = Case.get_by_id(case_ids[0]).tracking_code if case_id != case_ids[0] else None
        closer = w.official if choice % 2 else w.operator  # an official's close withdraws issued referrals
        closing.close_case(closer, case_id, outcome, "پایان کار", duplicate_of=original)
    elif op == "reopen" and case_ids:
        case_status.reopen_case(w.operator, _pick(case_ids, which), "شهروند دوباره تماس گرفت")
    elif op == "edit" and case_ids:
        case_id = _pick(case_ids, which)
        detail = cases.case_detail(case_id)
        changes = {
            "county_id": _pick(w.counties, choice),
            "category_id": _pick(w.categories, choice // 5),
            "agency_id": None if choice % 4 == 0 else _pick(w.agencies, choice // 3),
            "channel": ["phone", "in_person", "letter", "web"][choice % 4],
            "next_step": "guide" if choice % 3 == 0 else "refer",
        }
        case_edit.edit_case(w.operator, case_id, detail.version, changes)


def _same(a, b, path="") -> None:
    """Equal, floats to within a second's share of a day (the summary keeps whole seconds to close)."""
    if isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=2e-5), (path, a, b)
    elif isinstance(a, list | tuple) and isinstance(b, list | tuple):
        assert len(a) == len(b), (path, a, b)
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{path}[{i}]")
    elif isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), (path, a.keys(), b.keys())
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    else:
        assert a == b, (path, a, b)


REPORTS = [
    calls.by_request_type,
    calls.by_category,
    calls.by_county,
    calls.by_channel,
    calls.by_operator,
    calls.by_agency,
    calls.by_hour,
    calls.by_day,
    outcomes.by_outcome,
]


def report_figures(supervisor, periods: list[Period], today: dt.date) -> dict:
    """Every report's figures over `periods`, the monthly headline, the dashboard and the accountability report
    (tests/app/test_time_storage.py compares them across migration 36 too)."""
    out = {}
    for period in periods:
        for build in REPORTS:
            report = build(period)
            out[(build.__name__, period)] = (
                report.rows,
                report.total,
                [(c.labels, c.values) for c in report.charts],
            )
        out[("monthly", period)] = monthly.headline_values(supervisor, period)
    figures = dataclasses.asdict(dashboard.dashboard_figures(supervisor, today=today))
    figures.pop("made_at")
    out["dashboard"] = figures
    referred = [*periods, Period(BASE, BASE + dt.timedelta(days=90)), Period(day(2), day(4))]
    for period in referred:
        for when in (day(0), day(3), day(9), day(40)):  # what is due and overdue depends on the day
            report = accountability.accountability_report(supervisor, period.start, period.end, today=when)
            out[("accountability", period, when)] = dataclasses.asdict(report)
    return out


def _summary_rows(table: str = "case_summary") -> list[tuple]:
    """The summary's rows without their ids (a rebuild numbers them anew)."""
    return sorted(
        tuple(str(v) for v in row[1:]) for row in database.execute_sql(f"SELECT * FROM {table}").fetchall()
    )


@given(steps=st.lists(STEP, min_size=1, max_size=14))
@SETTINGS
def test_every_report_from_the_summary_equals_the_same_report_from_the_cases(
    steps, operator, official, supervisor, monkeypatch
):
    world = World(operator, official)
    for op, which, when, choice in steps:
        try:
            with database.atomic():  # a refused step leaves nothing behind, the summary included
                _step(world, monkeypatch, op, which, when, choice)
            event(f"{op} done")  # (--hypothesis-show-statistics shows how many of each ran)
        except ServiceError:
            event(f"{op} refused")
    first = Case.select(Case.created_at).order_by(Case.created_at).first()
    anchor = first.created_at.date() if first else BASE
    periods = [
        Period(dt.date(2020, 1, 1), dt.date(2027, 3, 1)),
        Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31)),  # summer time moved the clock that year
        month_of(anchor),
        Period(anchor, anchor),
    ]
    today = anchor + dt.timedelta(days=3)
    kept = report_figures(supervisor, periods, today)
    with case_summary.from_rows():
        counted = report_figures(supervisor, periods, today)
    _same(kept, counted)
    before = _summary_rows(), _summary_rows("accountability_summary")
    case_summary.rebuild()  # (the accountability summary too)
    assert (_summary_rows(), _summary_rows("accountability_summary")) == before


def test_the_migration_builds_the_same_summary(operator, official, supervisor, monkeypatch):
    """Migration 23 run on a database with cases gives the summary the services keep."""
    from app.migrations import m0023_case_summary

    world = World(operator, official)
    for i, when in enumerate([dt.datetime(2021, 6, 1, 20, 0), dt.datetime(2026, 3, 5, 7, 30)]):
        _step(world, monkeypatch, "register", 0, when, i)
    case_summary.rebuild()
    kept = _summary_rows()
    assert kept
    if not is_pg(database.obj):
        times_as_text(database.obj)  # the cases' times as migration 23 found them (text until migration 36)
    m0023_case_summary.apply(database.obj)
    assert _summary_rows() == kept


def test_the_migration_builds_the_same_accountability_summary(operator, official, monkeypatch):
    """Migration 25 run on a database with referrals gives the summary the services keep."""
    from app.migrations import m0025_accountability_summary

    world = World(operator, official)
    steps = [("register", 0, 1), ("register", 0, 3), ("order", 0, 0), ("order", 1, 1), ("order", 0, 2)]
    steps += [("answer", 0, 1), ("remind", 0, 0), ("callback", 0, 1)]
    for op, which, choice in steps:
        try:
            with database.atomic():
                _step(world, monkeypatch, op, which, dt.datetime(2026, 3, 5, 7, 30), choice)
        except ServiceError:
            pass
    kept = _summary_rows("accountability_summary")
    assert kept
    if not is_pg(database.obj):
        times_as_text(
            database.obj
        )  # the referrals' times as migration 25 found them (text until migration 36)
    m0025_accountability_summary.apply(database.obj)
    assert _summary_rows("accountability_summary") == kept


@pytest.fixture(autouse=True)
def _db(db):
    return db
