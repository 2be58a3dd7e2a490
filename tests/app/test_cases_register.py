"""Registering a call: the minimal path every later capability builds on."""
import pytest

from app.domain.identifiers import is_valid_tracking_code
from app.models import Case, Citizen, Contact, County, RequestType
from app.services import cases
from app.services.errors import ValidationError


def call(**over):
    data = {"caller_name": "علي رضايي", "national_code": "0499370899", "phone": "۰۹۱۲ ۳۴۵ ۶۷۸۹",
            "county_id": County.get(County.name == "تبریز").id, "request_type": "complaint",
            "category_id": 1, "subject": "قطعی آب", "description": "آب محله سه روز است قطع است.",
            "channel": "phone", "next_step": "refer"}
    data.update(over)
    return data


def test_register_gives_a_checked_tracking_code_and_normalises(operator):
    info = cases.register_call(operator, call())
    assert is_valid_tracking_code(info.tracking_code)
    case = Case.get_by_id(info.id)
    assert case.citizen.full_name == "علی رضایی" and case.citizen.phone == "09123456789"
    assert case.request_type.code == "complaint" and case.status == "registered"
    assert Contact.select().where(Contact.case == case).count() == 1


def test_codes_are_unique_and_consecutive(operator):
    codes = [cases.register_call(operator, call(subject=f"موضوع {i}")).tracking_code for i in range(5)]
    assert len(set(codes)) == 5
    assert [int(c[2:-1]) for c in codes] == list(range(int(codes[0][2:-1]), int(codes[0][2:-1]) + 5))
    assert Citizen.select().count() == 1  # the same caller, recognised by national code


@pytest.mark.parametrize("field, value", [
    ("national_code", "0499370898"), ("phone", "12345"), ("subject", ""), ("county_id", 99999),
    ("request_type", "gossip"), ("description", "x" * 5000), ("caller_name", "نام\u202eمعکوس"),
])
def test_bad_field_is_named_and_nothing_saved(operator, field, value):
    with pytest.raises(ValidationError) as err:
        cases.register_call(operator, call(**{field: value}))
    assert field in err.value.errors
    assert Case.select().count() == 0 and Citizen.select().count() == 0
    assert RequestType.select().count() == 6
