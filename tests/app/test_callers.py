"""Recognising a caller as the phone or national code is typed, and pointing out a likely duplicate."""

from app.models import Agency, Case, Category
from app.services.cases import callers, cases
from tests.app.call_data import call


def test_earlier_cases_by_phone_and_by_national_code(operator):
    first = cases.register_call(operator, call(subject="قطعی آب"))
    second = cases.register_call(operator, call(subject="فشار آب", next_step="guide"))
    cases.register_call(operator, call(caller_name="مینا کریمی", national_code="", phone="09141112233"))
    by_phone = callers.lookup_caller(phone="۰۹۱۲-۳۴۵-۶۷۸۹")
    assert len(by_phone) == 1
    match = by_phone[0]
    assert match.full_name == "علی رضایی" and match.national_code == "0499370899" and match.case_count == 2
    assert [c.tracking_code for c in match.cases] == [second.tracking_code, first.tracking_code]
    assert [c.id for c in match.open_cases] == [first.id]
    assert match.cases[0].status_label == "راهنمایی و مختومه" and match.cases[1].agency_name
    by_code = callers.lookup_caller(national_code="0499370899")
    assert by_code[0].citizen_id == match.citizen_id and by_code[0].matched_by == "national_code"


def test_incomplete_or_unknown_input_finds_nobody(operator):
    cases.register_call(operator, call())
    assert callers.lookup_caller(phone="0912345") == []
    assert callers.lookup_caller(national_code="04993708") == []  # a prefix is not a code
    assert callers.lookup_caller(phone="09140000000") == []
    assert callers.lookup_caller() == []
    assert callers.lookup_caller(phone="'; DROP TABLE cases; --") == []
    assert Case.select().count() == 1


def test_family_sharing_a_phone_are_listed_separately(operator):
    cases.register_call(operator, call(national_code="", phone="09141234567", caller_name="رضا احمدی"))
    cases.register_call(operator, call(national_code="", phone="09141234567", caller_name="مریم احمدی"))
    names = sorted(m.full_name for m in callers.lookup_caller(phone="09141234567"))
    assert names == ["رضا احمدی", "مریم احمدی"]


def test_likely_duplicate_same_caller_same_agency_or_category_still_open(operator):
    water = Category.get(Category.name == "آب و فاضلاب").id
    power = Category.get(Category.name == "برق").id
    power_agency = Agency.get(Agency.name == "شرکت توزیع نیروی برق تبریز").id
    open_case = cases.register_call(operator, call())
    cases.register_call(
        operator, call(next_step="guide", category_id=power, agency_id=power_agency)
    )  # closed
    same_category = callers.likely_duplicates(call(agency_id=None))
    assert [c.id for c in same_category] == [open_case.id]
    same_agency = callers.likely_duplicates(call(category_id=power))
    assert [c.id for c in same_agency] == [open_case.id]
    assert (
        callers.likely_duplicates(call(category_id=power, agency_id=power_agency)) == []
    )  # that one is closed
    assert callers.likely_duplicates(call(national_code="", phone="09149990000")) == []  # another caller
    assert callers.likely_duplicates(call(national_code="", phone="09123456789"))[0].id == open_case.id
    assert callers.likely_duplicates({"category_id": water}) == []
    assert callers.likely_duplicates("nonsense") == []
