"""Correcting a case until it is referred: optimistic locking and old/new values in the audit trail."""

import json

import pytest

from app import wiring
from app.models import AuditEntry, Case, Category, Citizen, County, Referral
from app.services.cases import case_edit, cases
from app.services.errors import Conflict, ValidationError
from tests.app.call_data import call


def test_edit_saves_audits_old_and_new_and_bumps_the_version(operator):
    info = cases.register_call(operator, call())
    detail = cases.case_detail(info.id)
    marand = County.get(County.name == "مرند").id
    after = case_edit.edit_case(
        operator, info.id, detail.version, {"subject": "قطعي آب شرب", "county_id": marand}
    )
    assert (
        after.version == detail.version + 1 and after.subject == "قطعی آب شرب" and after.county_name == "مرند"
    )
    entry = AuditEntry.select().where(AuditEntry.action == "case.edit").get()
    details = json.loads(entry.details)
    assert details["changes"]["subject"] == ["قطعی آب", "قطعی آب شرب"]
    assert details["changes"]["county_id"] == [detail.county_id, marand]
    assert details["shown"]["county_id"] == ["تبریز", "مرند"]
    assert entry.username == "operator1" and entry.entity_id == str(info.id)
    history = [e for e in wiring.case_timeline(info.id) if e.title == "ویرایش پرونده"]
    assert "تبریز" in history[0].detail and "مرند" in history[0].detail


def test_stale_version_is_a_conflict_with_the_current_values_and_saves_nothing(operator, supervisor):
    info = cases.register_call(operator, call())
    version = cases.case_detail(info.id).version
    case_edit.edit_case(supervisor, info.id, version, {"subject": "موضوع ناظر"})
    with pytest.raises(Conflict) as err:
        case_edit.edit_case(operator, info.id, version, {"description": "شرح کارشناس"})
    assert err.value.current["subject"] == "موضوع ناظر" and err.value.current["version"] == version + 1
    assert "تغییر کرده" in err.value.message
    case = Case.get_by_id(info.id)
    assert case.description == "آب محله سه روز است قطع است." and case.version == version + 1
    assert AuditEntry.select().where(AuditEntry.action == "case.edit").count() == 1


def test_bad_edit_is_named_and_nothing_saved(operator):
    info = cases.register_call(operator, call())
    version = cases.case_detail(info.id).version
    with pytest.raises(ValidationError) as err:
        case_edit.edit_case(operator, info.id, version, {"phone": "123", "subject": ""})
    assert set(err.value.errors) == {"phone", "subject"}
    with pytest.raises(ValidationError) as err:
        case_edit.edit_case(operator, info.id, version, {"tracking_code": "1"})
    assert "tracking_code" in err.value.errors
    assert Case.get_by_id(info.id).version == version


def test_no_edit_after_referral(operator):
    info = cases.register_call(operator, call())
    Case.update(status="referred").where(Case.id == info.id).execute()
    assert not cases.case_detail(info.id).editable
    with pytest.raises(Conflict):
        case_edit.edit_case(operator, info.id, 1, {"subject": "دیر"})


def test_issued_referral_freezes_even_a_registered_case(operator):
    info = cases.register_call(operator, call())
    Referral.create(
        case=info.id,
        agency=cases.case_detail(info.id).agency_id,
        instruction="بررسی شود",
        due_date="2026-12-10",
        status="issued",
        prepared_by=operator.user_id,
    )
    assert not cases.case_detail(info.id).editable


def test_changing_next_step_to_guide_closes_and_back_reopens(operator):
    info = cases.register_call(operator, call())
    d = case_edit.edit_case(operator, info.id, 1, {"next_step": "guide"})
    assert d.status == "guided" and d.outcome == "guided" and d.closed_at and d.editable
    d = case_edit.edit_case(operator, info.id, d.version, {"next_step": "refer"})
    assert d.status == "registered" and d.outcome is None and d.closed_at is None


def test_caller_correction_fixes_the_person_and_this_case_only(operator):
    """The citizen record is corrected; another case keeps the name its call gave, and is found under it
    (a case shows what its call said)."""
    from app.services.cases import case_query

    info = cases.register_call(operator, call(caller_name="علی رضائی"))
    other = cases.register_call(operator, call(subject="فاضلاب"))
    case_edit.edit_case(operator, info.id, 1, {"caller_name": "علی رضایی‌نژاد", "address": "مرند"})
    citizen = Citizen.get_by_id(cases.case_detail(other.id).citizen_id)
    assert citizen.full_name == "علی رضایی‌نژاد" and citizen.address == "مرند"
    assert cases.case_detail(other.id).caller_name == "علی رضایی"
    found = case_query.list_cases(case_query.CaseFilter(text="رضایی نژاد"))
    assert {r.id for r in found} == {info.id}


def test_national_code_of_another_person_moves_the_case_to_them(operator):
    mina = cases.register_call(operator, call(caller_name="مینا کریمی", national_code="0010350829", phone=""))
    wrong = cases.register_call(operator, call())
    moved = case_edit.edit_case(
        operator, wrong.id, 1, {"national_code": "0010350829", "caller_name": "مینا کریمی"}
    )
    assert moved.citizen_id == cases.case_detail(mina.id).citizen_id


def test_retired_reference_value_can_stay_on_an_edited_case(operator, supervisor):
    from app.services.admin import reference

    info = cases.register_call(operator, call())
    category = Category.get(Category.name == "آب و فاضلاب")
    reference.set_active(supervisor, "category", category.id, False)
    d = case_edit.edit_case(operator, info.id, 1, {"subject": "قطعی آب ادامه دارد"})
    assert d.category_id == category.id and d.version == 2
    with pytest.raises(ValidationError) as err:
        cases.register_call(operator, call())  # a new case cannot use the retired category
    assert "category_id" in err.value.errors
