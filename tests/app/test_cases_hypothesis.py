"""Random and hostile input to validation, registration and the register's queries: nothing but a
ValidationError ever comes out, and a refused call leaves no trace."""

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.domain import jalali
from app.models import AuditEntry, Case, Citizen, Contact
from app.services.cases import callers, case_query, cases
from app.services.cases.case_query import CaseFilter
from app.services.errors import ValidationError
from tests.app.call_data import call

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "\u200c",
        "\u202e\u202d",
        "\x00",
        "\r\n",
        "'; DROP TABLE cases; --",
        '"',
        "*",
        "NEAR(",
        "%",
        "_",
        "\\",
        "علي",
        "ك",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "٠٩١٢٣٤٥٦٧٨٩",
        "x" * 5000,
        "\ufeff",
        "\U0001f600",
        "سلامhello",
        "AND",
    ]
)
TEXT = st.one_of(st.text(max_size=300), HOSTILE)
VALUE = st.one_of(
    TEXT,
    st.none(),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
)
FIELDS = [
    "caller_name",
    "national_code",
    "phone",
    "county_id",
    "address",
    "channel",
    "request_type",
    "category_id",
    "subject",
    "description",
    "agency_id",
    "next_step",
    "guidance",
    "attach_to",
]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def counts():
    return (
        Case.select().count(),
        Citizen.select().count(),
        Contact.select().count(),
        AuditEntry.select().count(),
    )


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=len(FIELDS)))
def test_validate_call_only_ever_raises_validation_error(db, data):
    try:
        clean = cases.validate_call(data)
    except ValidationError as exc:
        assert exc.errors and all(isinstance(m, str) and m for m in exc.errors.values())
    else:
        assert clean["caller_name"] and clean["subject"]


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=4))
@example({"attach_to": -(2**63) - 1})  # once overflowed the database driver instead of being refused
def test_register_call_saves_all_or_nothing(operator, changes):
    before = counts()
    try:
        info = cases.register_call(operator, call(**changes))
    except ValidationError:
        assert counts() == before
    else:
        after = counts()
        if info.follow_up:
            assert after[0] == before[0] and after[2] == before[2] + 1
        else:
            # the case's audit entry, and one more when the call changed the citizen record (versioned)
            assert (
                after[0] == before[0] + 1
                and after[2] == before[2] + 1
                and after[3] in (before[3] + 1, before[3] + 2)
            )
            assert Case.get_by_id(info.id).subject == cases.case_detail(info.id).subject


@SETTINGS
@given(
    text=TEXT,
    ids=st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), min_size=5, max_size=5),
    status=st.one_of(st.none(), st.sampled_from(["registered", "closed", "bogus"])),
    sort=st.sampled_from(sorted(case_query.SORTS) + ["nope"]),
    descending=st.booleans(),
    offset=st.integers(-5, 50),
    days=st.one_of(st.none(), st.integers(-400, 400)),
)
def test_register_query_never_breaks(operator, text, ids, status, sort, descending, offset, days):
    if Case.select().count() == 0:
        cases.register_call(operator, call())
        cases.register_call(
            operator, call(caller_name="زهرا كريمي", subject="برق", national_code="", phone="09141112233")
        )
    start = jalali.today_local() + dt.timedelta(days=days) if days is not None else None
    f = CaseFilter(
        text=text,
        agency_id=ids[0],
        county_id=ids[1],
        category_id=ids[2],
        operator_id=ids[3],
        citizen_id=ids[4],
        status=status,
        date_from=start,
    )
    try:
        total = case_query.count_cases(f)
        rows = case_query.list_cases(f, sort=sort, descending=descending, offset=offset, limit=50)
    except ValidationError as exc:
        assert exc.errors
    else:
        assert total >= len(rows) and len(rows) <= 50


@SETTINGS
@given(phone=TEXT, code=TEXT)
def test_caller_lookup_never_breaks(db, phone, code):
    assert isinstance(callers.lookup_caller(phone=phone, national_code=code), list)
    assert isinstance(
        callers.likely_duplicates({"phone": phone, "national_code": code, "category_id": code}), list
    )


@SETTINGS
@given(code=TEXT)
def test_find_by_tracking_code_refuses_cleanly(db, code):
    from app.services.errors import NotFound

    try:
        cases.find_by_tracking_code(code)
    except (ValidationError, NotFound):
        pass
