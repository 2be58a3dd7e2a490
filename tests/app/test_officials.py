"""Officials: who sits in the center, their agency, and the account they sign letters with."""

import datetime as dt

import pytest

from app.models import Official
from app.services.admin import audit
from app.services.errors import Conflict, PermissionDenied, ValidationError
from app.services.schedule import officials, schedule
from tests.app.schedule_data import agency_id, azar
from tests.conftest import make_user


def test_create_links_an_official_account_and_normalises(supervisor, official):
    info = officials.create_official(
        supervisor,
        {
            "full_name": "  رحيم   علیزاده ",
            "title": "معاون سیاسی، امنیتی و اجتماعی استاندار",
            "agency_id": agency_id("استانداری آذربایجان شرقی"),
            "phone": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
            "username": "official1",
        },
    )
    assert info.full_name == "رحیم علیزاده" and info.phone == "09121234567"
    assert info.username == "official1" and info.agency_name == "استانداری آذربایجان شرقی"
    assert officials.official_for_user(official.user_id).id == info.id
    assert audit.history("official", info.id)[0].action == "official.create"


@pytest.mark.parametrize(
    "field, value",
    [
        ("full_name", ""),
        ("title", ""),
        ("agency_id", 999999),
        ("phone", "123"),
        ("username", "nobody"),
        ("username", "root"),  # a supervisor account cannot sign as an official
        ("full_name", "نام\u202eمعکوس"),
    ],
)
def test_bad_field_is_named_and_nothing_saved(supervisor, field, value):
    data = {"full_name": "اکبر محمدی", "title": "مدیرکل", "agency_id": None, "phone": "", "username": ""}
    data[field] = value
    with pytest.raises(ValidationError) as err:
        officials.create_official(supervisor, data)
    assert field in err.value.errors
    assert Official.select().count() == 0


def test_one_account_belongs_to_one_official(supervisor, official):
    first = officials.create_official(
        supervisor, {"full_name": "الف", "title": "معاون", "username": "official1"}
    )
    with pytest.raises(ValidationError) as err:
        officials.create_official(supervisor, {"full_name": "ب", "title": "معاون", "username": "official1"})
    assert "الف" in err.value.errors["username"]
    # Editing the same official keeps its own account without complaint.
    edited = officials.update_official(
        supervisor, first.id, {"full_name": "الف ب", "title": "معاون اول", "username": "official1"}
    )
    assert edited.full_name == "الف ب"
    changes = audit.history("official", first.id)[-1].details["changes"]
    assert changes == {"full_name": ["الف", "الف ب"], "title": ["معاون", "معاون اول"]}


def test_retire_and_delete_rules(supervisor):
    info = officials.create_official(supervisor, {"full_name": "الف", "title": "مدیرکل"})
    schedule.add_slot(supervisor, info.id, azar(1), dt.time(10), dt.time(11))
    with pytest.raises(Conflict):
        officials.delete_official(supervisor, info.id)
    assert not officials.set_active(supervisor, info.id, False).active
    assert [o.id for o in officials.list_officials(active_only=True)] == []
    spare = officials.create_official(supervisor, {"full_name": "ب", "title": "مدیرکل"})
    officials.delete_official(supervisor, spare.id)
    assert [o.full_name for o in officials.list_officials()] == ["الف"]


def test_only_the_supervisor_manages_officials(supervisor):
    operator = make_user("operator2", "operator")
    with pytest.raises(PermissionDenied):
        officials.create_official(operator, {"full_name": "الف", "title": "مدیرکل"})
