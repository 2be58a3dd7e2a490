"""Registering a call: the minimal path every later capability builds on."""

import pytest

from app.domain.identifiers import is_valid_tracking_code
from app.models import Agency, Case, Citizen, Contact, County, RequestType
from app.services.cases import cases
from app.services.errors import ValidationError


def call(**over):
    data = {
        "caller_name": "علي رضايي",
        "national_code": "0499370899",
        "phone": "۰۹۱۲ ۳۴۵ ۶۷۸۹",
        "county_id": County.get(County.name == "تبریز").id,
        "request_type": "complaint",
        "category_id": 1,
        "subject": "قطعی آب",
        "description": "آب محله سه روز است قطع است.",
        "channel": "phone",
        "next_step": "refer",
        "agency_id": Agency.get(Agency.name == "شرکت آب و فاضلاب استان آذربایجان شرقی").id,  # refer names it
    }
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


@pytest.mark.parametrize(
    "field, value",
    [
        ("national_code", "0499370898"),
        ("phone", "12345"),
        ("subject", ""),
        ("county_id", 99999),
        ("request_type", "gossip"),
        ("description", "x" * 5000),
        ("caller_name", "نام\u202eمعکوس"),
    ],
)
def test_bad_field_is_named_and_nothing_saved(operator, field, value):
    with pytest.raises(ValidationError) as err:
        cases.register_call(operator, call(**{field: value}))
    assert field in err.value.errors
    assert Case.select().count() == 0 and Citizen.select().count() == 0
    assert RequestType.select().count() == 6


def test_guide_closes_the_case_on_the_spot_and_keeps_the_guidance(operator):
    info = cases.register_call(operator, call(next_step="guide", guidance="به سامانه ۱۳۷ راهنمایی شد."))
    case = Case.get_by_id(info.id)
    assert case.status == "guided" and case.outcome == "guided" and case.closed_at is not None
    assert Contact.get(Contact.case == case).note == "به سامانه 137 راهنمایی شد."


def test_hold_and_refer_stay_registered(operator):
    held = cases.register_call(operator, call(next_step="hold"))
    assert Case.get_by_id(held.id).status == "registered" and Case.get_by_id(held.id).next_step == "hold"


def test_follow_up_call_is_attached_to_the_open_case_without_a_new_code(operator):
    first = cases.register_call(operator, call())
    again = cases.register_call(
        operator, call(attach_to=first.id, channel="in_person", description="دوباره آمد")
    )
    assert again.follow_up and again.id == first.id and again.tracking_code == first.tracking_code
    assert Case.select().count() == 1
    kinds = [(c.kind, c.channel, c.note) for c in Contact.select().order_by(Contact.id)]
    assert kinds == [("initial", "phone", ""), ("follow_up", "in_person", "دوباره آمد")]


def test_follow_up_on_a_closed_case_is_refused_and_nothing_saved(operator):
    guided = cases.register_call(operator, call(next_step="guide"))
    with pytest.raises(ValidationError) as err:
        cases.register_call(operator, call(attach_to=guided.id))
    assert "attach_to" in err.value.errors
    with pytest.raises(ValidationError) as err:
        cases.register_call(operator, call(attach_to=987654))
    assert "attach_to" in err.value.errors
    assert Contact.select().count() == 1


@pytest.mark.parametrize(
    "field, value",
    [
        ("subject", "قطعیwater آب"),
        ("caller_name", "۱۲۳۴"),
        ("description", "بد\x07"),
        ("address", "x" * 301),
        ("channel", "fax"),
        ("next_step", "ignore"),
        ("agency_id", "abc"),
        ("category_id", None),
        ("caller_name", ["a"]),
        ("phone", {"n": 1}),
    ],
)
def test_more_bad_input_is_named(operator, field, value):
    with pytest.raises(ValidationError) as err:
        cases.register_call(operator, call(**{field: value}))
    assert field in err.value.errors and err.value.errors[field]
    assert Case.select().count() == 0


def test_either_phone_or_national_code_is_enough_but_one_is_needed(operator):
    cases.register_call(operator, call(national_code="", phone="041-3555 1234"))
    cases.register_call(operator, call(phone="", national_code="۰۴۹۹۳۷۰۸۹۹"))
    with pytest.raises(ValidationError) as err:
        cases.register_call(operator, call(phone="", national_code=""))
    assert "phone" in err.value.errors
    assert Citizen.get(Citizen.phone == "04135551234").full_name == "علی رضایی"


def test_find_by_tracking_code_catches_a_mistyped_digit(operator):
    from app.domain.identifiers import format_tracking_code
    from app.domain.text import to_persian_digits
    from app.services.errors import NotFound

    info = cases.register_call(operator, call())
    spoken = to_persian_digits(format_tracking_code(info.tracking_code))  # «۰۵۰۰-۰۰۱۶» as read aloud
    assert cases.find_by_tracking_code(spoken).id == info.id
    wrong = info.tracking_code[:-2] + str((int(info.tracking_code[-2]) + 1) % 10) + info.tracking_code[-1]
    with pytest.raises(ValidationError) as err:
        cases.find_by_tracking_code(wrong)
    assert "tracking_code" in err.value.errors and "اشتباه" in err.value.errors["tracking_code"]
    swapped = info.tracking_code[:3] + info.tracking_code[4] + info.tracking_code[3] + info.tracking_code[5:]
    if swapped != info.tracking_code:
        with pytest.raises(ValidationError):
            cases.find_by_tracking_code(swapped)
    from app.domain.identifiers import make_tracking_code

    with pytest.raises(NotFound):
        cases.find_by_tracking_code(make_tracking_code(99999, 1405))


def test_case_detail_has_names_and_labels(operator):
    info = cases.register_call(operator, call(agency_id=4, address="تبریز، ولیعصر"))
    detail = cases.case_detail(info.id)
    assert detail.caller_name == "علی رضایی" and detail.county_name == "تبریز" and detail.agency_name
    assert detail.status_label == "ثبت‌شده" and detail.channel_label == "تلفن ۱۱۱" and detail.editable
    assert detail.values()["request_type"] == "complaint" and detail.address == "تبریز، ولیعصر"
