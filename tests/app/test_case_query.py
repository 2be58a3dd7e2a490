"""The calls register: filters, sorting, free text (normalised, safe), totals and pages."""

import datetime as dt

import pytest

from app.domain import jalali
from app.models import Agency, Case, Category, County, User
from app.services.cases import case_query, cases
from app.services.cases.case_query import CaseFilter
from app.services.errors import ValidationError
from tests.app.call_data import call


@pytest.fixture
def some_cases(operator, supervisor):
    power = Category.get(Category.name == "برق").id
    marand = County.get(County.name == "مرند").id
    made = [
        cases.register_call(
            operator, call(caller_name="علی رضایی", subject="قطعی آب", description="قبض ۱۲۳۴۵ پرداخت شده")
        ),
        cases.register_call(
            operator,
            call(
                caller_name="زهرا كريمي",
                national_code="",
                phone="09141112233",
                subject="خاموشی برق",
                category_id=power,
                agency_id=None,
                next_step="hold",  # no agency: held for the official (a referral names its agency)
                request_type="request",
                county_id=marand,
                channel="web",
                description="برق کوچه از دیشب رفته است",
            ),
        ),
        cases.register_call(
            supervisor,
            call(
                caller_name="حسین نوروزی",
                national_code="",
                phone="09141112244",
                subject="می‌خواهم آب وصل شود",
                next_step="guide",
                request_type="question",
                description="",
            ),
        ),
    ]
    return made


def ids(rows):
    return [r.id for r in rows]


def test_everything_newest_first_with_total(some_cases):
    page = case_query.first_page()
    assert page.total == 3 and ids(page.rows) == [c.id for c in reversed(some_cases)]
    row = page.rows[-1]
    assert row.caller_name == "علی رضایی" and row.county_name == "تبریز" and row.request_type_name == "شکایت"
    assert row.operator_name == "کاربر operator1" and row.status_label == "ثبت‌شده" and row.agency_name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("علي", [0]),
        ("علی رضایی", [0]),
        ("رضا", [0]),
        ("كريمي", [1]),
        ("کریمی", [1]),
        ("۱۲۳۴۵", [0]),
        ("12345", [0]),
        ("خاموشي", [1]),
        ("میخواهم", [2]),
        ("می‌خواهم", [2]),
        ("می خواهم", [2]),
        ("آب", [0, 2]),
        ("ناموجود", []),
        ('"; DROP TABLE cases; --', []),
        ("AND OR NOT NEAR(", []),
        ("*", None),
        ('"', None),
        ("((((", None),
        ("\u202e\u0000", None),
        ("   ", None),
    ],
)
def test_free_text_over_name_subject_description(some_cases, text, expected):
    f = CaseFilter(text=text)
    found = set(ids(case_query.list_cases(f)))
    want = set(range(3)) if expected is None else set(expected)  # no searchable word: no text filter
    assert found == {some_cases[i].id for i in want}
    assert case_query.count_cases(f) == len(want)


def test_a_whole_tracking_code_or_phone_finds_its_cases(some_cases, operator):
    from app.domain.identifiers import format_tracking_code
    from app.domain.text import to_persian_digits

    first, second, third = some_cases
    third_phone = cases.case_detail(third.id).phone
    later = cases.register_call(
        operator, call(caller_name="حسین نوروزی", phone=third_phone, national_code="")
    )
    grouped = format_tracking_code(second.tracking_code)
    for text, expected in [
        (first.tracking_code, [first]),
        (to_persian_digits(grouped), [second]),  # as printed on the slip, in Persian digits
        (third_phone, [third, later]),  # every case of the caller with that phone
        ("۰۹۱۴ ۱۱۱ ۲۲۴۴", [third, later]),
        (third_phone[:-1], []),  # part of a phone is a word like any other: no case holds it
        (first.tracking_code + " آب", []),  # not a code alone: words, and no case's text holds the code
    ]:
        f = CaseFilter(text=text)
        assert set(ids(case_query.list_cases(f))) == {c.id for c in expected}, text
        assert case_query.count_cases(f) == len(expected), text
    # with another filter too
    f = CaseFilter(text=third_phone, request_type="question")
    assert ids(case_query.list_cases(f)) == [third.id] and case_query.count_cases(f) == 1


def test_each_filter(some_cases, operator):
    power = Category.get(Category.name == "برق").id
    marand = County.get(County.name == "مرند").id
    water_agency = Agency.get(Agency.name == "شرکت آب و فاضلاب استان آذربایجان شرقی").id
    checks = [
        (CaseFilter(request_type="request"), [1]),
        (CaseFilter(status="guided"), [2]),
        (CaseFilter(agency_id=water_agency), [0, 2]),
        (CaseFilter(county_id=marand), [1]),
        (CaseFilter(category_id=power), [1]),
        (CaseFilter(operator_id=operator.user_id), [0, 1]),
        (CaseFilter(channel="web"), [1]),
        (CaseFilter(channel="phone", text="آب"), [0, 2]),
        (CaseFilter(status="registered", county_id=marand, text="برق"), [1]),
        (CaseFilter(request_type="idea"), []),
    ]
    for f, expected in checks:
        assert set(ids(case_query.list_cases(f))) == {some_cases[i].id for i in expected}, f
        assert case_query.count_cases(f) == len(expected), f


def test_jalali_date_range_is_by_tehran_day(operator):
    a = cases.register_call(operator, call(subject="دیروز"))
    b = cases.register_call(operator, call(subject="امروز"))
    # 1405/09/07 23:50 Tehran = 20:20 UTC; 1405/09/08 00:10 Tehran = 20:40 UTC
    Case.update(created_at=dt.datetime(2026, 11, 28, 20, 20)).where(Case.id == a.id).execute()
    Case.update(created_at=dt.datetime(2026, 11, 28, 20, 40)).where(Case.id == b.id).execute()
    day = jalali.from_jalali(1405, 9, 8)
    assert ids(case_query.list_cases(CaseFilter(date_from=day, date_to=day))) == [b.id]
    assert ids(case_query.list_cases(CaseFilter(date_to=day - dt.timedelta(days=1)))) == [a.id]
    assert case_query.count_cases(CaseFilter(date_from=day - dt.timedelta(days=1), date_to=day)) == 2
    with pytest.raises(ValidationError) as err:
        case_query.count_cases(CaseFilter(date_from=day, date_to=day - dt.timedelta(days=1)))
    assert "date_to" in err.value.errors


@pytest.mark.parametrize("sort", sorted(case_query.SORTS))
def test_sorting_and_keyset_pages_match_offset_pages(operator, sort):
    for i in range(23):
        cases.register_call(
            operator,
            call(
                caller_name=f"شهروند {'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی'[i]}",
                national_code="",
                phone=f"0914{i:07d}",
                subject=f"موضوع {i % 5}",
                channel=["phone", "web", "letter"][i % 3],
            ),
        )
    for descending in (True, False):
        everything = case_query.list_cases(sort=sort, descending=descending, limit=1000)
        assert len(everything) == 23
        keyset, after = [], None
        while True:
            page = case_query.list_cases(sort=sort, descending=descending, after=after, limit=5)
            if not page:
                break
            keyset += page
            after = page[-1].key
        by_offset = [
            r
            for start in range(0, 23, 5)
            for r in case_query.list_cases(sort=sort, descending=descending, offset=start, limit=5)
        ]
        assert ids(keyset) == ids(everything) == ids(by_offset)
        keys = [r.key for r in everything]
        assert keys == sorted(keys, reverse=descending) and len(set(keys)) == 23


def test_free_text_pages_in_case_order_by_keyset_and_offset(operator):
    """Free text alone in case order reads only a page's worth of matches from the end of the index: every
    page must still be exactly the matching cases in order, by keyset and by offset, both ways."""
    made = [
        cases.register_call(operator, call(national_code="", phone=f"0914{i:07d}", subject=f"موضوع {i % 3}"))
        for i in range(14)
    ]
    matching = [c.id for c in made if c.subject == "موضوع 1"]  # «1» is a word of these subjects only
    f = CaseFilter(text="1")
    assert case_query.count_cases(f) == len(matching) == 5
    for descending, sort in ((True, "registered"), (False, "registered"), (True, "tracking_code")):
        want = sorted(matching, reverse=descending)
        keyset, sizes, after = [], [], None
        while page := case_query.list_cases(f, sort=sort, descending=descending, after=after, limit=2):
            keyset += ids(page)
            sizes.append(len(page))
            after = page[-1].key
        assert sizes == [2, 2, 1]  # full pages: the model asks for the next page only after a full one
        by_offset = [
            i
            for start in range(0, 6, 2)
            for i in ids(case_query.list_cases(f, sort=sort, descending=descending, offset=start, limit=2))
        ]
        assert keyset == want == by_offset, (descending, sort)


def test_sort_by_name_is_alphabetical(some_cases):
    names = [r.caller_name for r in case_query.list_cases(sort="caller_name", descending=False)]
    assert names == ["حسین نوروزی", "زهرا کریمی", "علی رضایی"]


@pytest.mark.parametrize(
    "bad",
    [
        CaseFilter(status="lost"),
        CaseFilter(channel="pigeon"),
        CaseFilter(agency_id="x"),
        CaseFilter(county_id=10**30),
        CaseFilter(date_from="1405/01/01"),
        CaseFilter(text=42),
    ],
)
def test_hostile_filters_are_refused_by_name(db, bad):
    with pytest.raises(ValidationError):
        case_query.count_cases(bad)


def test_bad_paging_is_refused(db):
    for kwargs in (
        {"sort": "password"},
        {"limit": 0},
        {"limit": 10**6},
        {"offset": -1},
        {"after": (1, 2, 3)},
        {"after": "x"},
    ):
        with pytest.raises(ValidationError):
            case_query.list_cases(**kwargs)
    assert User.select().count() >= 0
