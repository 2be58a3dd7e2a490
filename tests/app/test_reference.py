"""Reference data editing: add, rename, retire; delete only what no record uses."""

import pytest

from app.models import County
from app.services.admin import reference
from app.services.cases import cases
from app.services.errors import Conflict, ValidationError


def test_add_rename_retire_reactivate(supervisor):
    item = reference.add_item(
        supervisor, "agency", "اداره کل  امور  عشایر", recipient="مدیرکل محترم امور عشایر"
    )
    assert item.name == "اداره کل امور عشایر"  # spaces normalised
    renamed = reference.rename_item(supervisor, "agency", item.id, "اداره کل امور عشایر استان")
    assert renamed.name == "اداره کل امور عشایر استان"
    assert not reference.set_active(supervisor, "agency", item.id, False).active
    assert item.id not in [i.id for i in reference.list_items("agency", active_only=True)]
    assert reference.set_active(supervisor, "agency", item.id, True).active


def test_duplicate_and_empty_names_refused(supervisor):
    with pytest.raises(ValidationError, match="پیش‌تر"):
        reference.add_item(supervisor, "county", "تبريز")  # Arabic yeh: the same name once normalised
    with pytest.raises(ValidationError, match="نام را بنویسید"):
        reference.add_item(supervisor, "category", "   ")


def test_used_entries_cannot_be_deleted_only_retired(supervisor, operator):
    tabriz = County.get(County.name == "تبریز")
    cases.register_call(
        operator,
        {
            "caller_name": "مینا کاظمی",
            "phone": "09141234567",
            "county_id": tabriz.id,
            "request_type": "request",
            "category_id": 1,
            "subject": "درخواست آسفالت",
        },
    )
    with pytest.raises(Conflict, match="بایگانی"):
        reference.delete_item(supervisor, "county", tabriz.id)
    assert County.get_or_none(County.id == tabriz.id)
    unused = reference.add_item(supervisor, "county", "شهرستان آزمایشی")
    reference.delete_item(supervisor, "county", unused.id)
    assert County.get_or_none(County.id == unused.id) is None


def test_retired_entry_cannot_be_chosen_for_a_new_call(supervisor, operator):
    tabriz = County.get(County.name == "تبریز")
    reference.set_active(supervisor, "county", tabriz.id, False)
    with pytest.raises(ValidationError) as err:
        cases.register_call(
            operator,
            {
                "caller_name": "مینا",
                "phone": "09141234567",
                "county_id": tabriz.id,
                "request_type": "request",
                "category_id": 1,
                "subject": "x",
            },
        )
    assert "county_id" in err.value.errors


def test_request_type_due_days_validated(supervisor):
    rt = reference.list_items("request_type")[0]
    assert reference.update_item(supervisor, "request_type", rt.id, due_days="۲۰").extra["due_days"] == 20
    with pytest.raises(ValidationError):
        reference.update_item(supervisor, "request_type", rt.id, due_days=0)
