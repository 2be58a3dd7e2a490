"""`samad demo` calls: realistic and varied, valid identifiers, what the services would have written, and
tracking serials that later registrations continue from."""

import datetime as dt
from collections import Counter

import pytest

from app import db as app_db
from app.domain import jalali
from app.domain.identifiers import is_valid_national_code, is_valid_phone, is_valid_tracking_code
from app.models import AuditEntry, Case, Citizen, Contact
from app.services.cases import case_query, case_search, cases
from app.services.demo import DemoContext, people
from app.services.demo import calls as demo_calls
from tests.app.call_data import call
from tests.conftest import DATABASE_KINDS, shared_database

# Its module-scoped data is built once: all of this file runs on one test worker (pytest --dist loadgroup).
pytestmark = pytest.mark.xdist_group("test_demo_calls")

N = 1500


def make(n=N, seed=11):
    ctx = DemoContext(calls=n, rate=2, seed=seed)  # a quiet center: two years
    people.run(ctx)
    summary = demo_calls.run(ctx)
    return ctx, summary


@pytest.fixture(scope="module", params=DATABASE_KINDS)
def demo_database(request, tmp_path_factory):
    """The demo's N calls, built once per kind of database for the read-only tests below."""
    with shared_database(request, request.param, tmp_path_factory.mktemp("demo")) as url:
        built = make()
        app_db.close_database()
        yield url, built


@pytest.fixture
def demo(demo_database):
    url, built = demo_database
    app_db.open_database(url)
    yield built
    app_db.close_database()


def test_counts_and_what_the_services_would_write(demo):
    ctx, summary = demo
    assert summary["cases"] == N == Case.select().count() == len(ctx.shared["cases"])
    assert summary["citizens"] == Citizen.select().count() < N  # some callers call again
    assert Contact.select().where(Contact.kind == "initial").count() == N
    assert Contact.select().where(Contact.kind == "follow_up").count() > 0
    assert AuditEntry.select().where(AuditEntry.action == "case.register").count() == N
    keys = dict(Case.select(Case.id, case_search.case_key_expression()).tuples())
    for case in Case.select().order_by(Case.id).limit(200):
        key = cases.case_search_key(case.citizen.full_name, case.subject, case.description)
        assert keys[case.id] == key  # the column (PostgreSQL) or the function of the row (SQLite)
        assert case.search_key == cases.stored_search_key(case.caller_name, case.subject, case.description)
        assert case.updated_at >= case.created_at and (case.closed_at is None) == (
            case.status not in ("closed", "guided")
        )
    assert case_query.count_cases(case_query.CaseFilter(text="آب")) > 0  # the full-text index is in step


def test_identifiers_are_valid_and_unique(demo):
    codes = [c for (c,) in Case.select(Case.tracking_code).tuples()]
    assert len(set(codes)) == N and all(is_valid_tracking_code(c) for c in codes)
    national = [
        n
        for (n,) in Citizen.select(Citizen.national_code).where(Citizen.national_code.is_null(False)).tuples()
    ]
    assert len(set(national)) == len(national) > N // 2 and all(is_valid_national_code(n) for n in national)
    phones = [p for (p,) in Citizen.select(Citizen.phone).where(Citizen.phone.is_null(False)).tuples()]
    assert all(is_valid_phone(p) for p in phones) and any(p.startswith("041") for p in phones)


def test_variety_of_types_places_agencies_statuses_and_names(demo):
    rows = list(
        Case.select(
            Case.request_type,
            Case.county,
            Case.agency,
            Case.category,
            Case.status,
            Case.channel,
            Case.subject,
        ).tuples()
    )
    assert len({r[0] for r in rows}) == 6  # every request type
    assert (
        len({r[1] for r in rows}) >= 18
        and len({r[2] for r in rows}) >= 35
        and len({r[3] for r in rows}) == 21
    )
    assert {r[4] for r in rows} >= {"guided", "referred", "answered", "closed"}
    assert {r[5] for r in rows} == {"phone", "in_person", "letter", "web"}
    assert len({r[6] for r in rows}) > 150
    names = Counter(c.full_name for c in Citizen.select())
    assert len(names) > N // 2


def test_dates_spread_over_the_years_like_a_working_week(demo):
    local = [jalali.to_local(c) for (c,) in Case.select(Case.created_at).tuples()]
    assert min(local).date() < jalali.today_local() - dt.timedelta(days=600)
    assert max(local) <= dt.datetime.now(jalali.TEHRAN)
    assert len({d.date() for d in local}) > 400
    weekdays = Counter(d.weekday() for d in local)
    assert weekdays[4] < 0.05 * N  # Friday
    assert weekdays[5] > weekdays[3]  # Saturday busier than Thursday
    office = sum(1 for d in local if 7 <= d.hour < 15)
    assert office > 0.85 * N
    assert Counter(jalali.jalali_year(d) for d in local).most_common(1)[0][1] < N  # more than one year


def test_later_registrations_continue_the_tracking_serials(db, operator):
    make(n=300)
    year = jalali.jalali_year(jalali.now_utc())
    this_year = [c for (c,) in Case.select(Case.tracking_code).tuples() if c[:2] == f"{year % 100:02d}"]
    new = cases.register_call(operator, call())
    assert int(new.tracking_code[2:-1]) == max(int(c[2:-1]) for c in this_year) + 1 if this_year else True
    ctx, _ = make(n=200, seed=12)  # a second run adds, never collides
    assert Case.select().count() == 501
    assert len({c for (c,) in Case.select(Case.tracking_code).tuples()}) == 501


def test_zero_calls_is_fine(db):
    ctx = DemoContext(calls=0)
    people.run(ctx)
    assert demo_calls.run(ctx) == {"cases": 0} and len(ctx.shared["cases"]) == 0
