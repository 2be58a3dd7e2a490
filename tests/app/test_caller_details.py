"""A caller's details on a case are what that call said: a later call by the same
person with another name or phone changes the citizen record (versioned, audited with old and new values),
never what an earlier case shows or is found under; an upgraded database keeps the details it held."""

import json

import peewee

from app import migrations
from app.models import AuditEntry, Case, Citizen, Contact
from app.services.cases import case_edit, cases
from app.services.cases.case_query import CaseFilter, list_cases
from app.services.letters import letter_content
from app.services.schedule import sessions
from tests.app.call_data import call
from tests.app.test_case_fts import BEFORE_37

FIRST, SECOND = "مریم احمدی", "مریم احمدی‌نژاد"


def _two_calls(operator):
    first = cases.register_call(
        operator, call(caller_name=FIRST, phone="09141111111", address="مراغه، کوچه یکم")
    )
    second = cases.register_call(
        operator, call(caller_name=SECOND, phone="09142222222", address="تبریز، ولیعصر", subject="خاموشی برق")
    )
    return first, second


def _texts(rows):
    return {r.id: r.caller_name for r in rows}


def test_a_new_call_never_rewrites_an_earlier_case(operator):
    first, second = _two_calls(operator)
    assert first.citizen_id == second.citizen_id  # the same national code: the same person
    shown = cases.case_detail(first.id)
    assert (shown.caller_name, shown.phone, shown.address) == (FIRST, "09141111111", "مراغه، کوچه یکم")
    assert cases.case_detail(second.id).caller_name == SECOND
    assert _texts(list_cases(CaseFilter()))[first.id] == FIRST
    facts = letter_content.case_facts(Case.get_by_id(first.id))
    assert (facts.citizen_name, facts.phone) == (FIRST, "09141111111")
    assert [c.caller_name for c in Contact.select().where(Contact.case == first.id)] == [FIRST]


def test_citizen_changes_are_versioned_and_audited_with_old_and_new_values(operator):
    first, _ = _two_calls(operator)
    citizen = Citizen.get_by_id(first.citizen_id)
    assert (citizen.full_name, citizen.phone, citizen.version) == (SECOND, "09142222222", 2)
    entry = AuditEntry.get(
        (AuditEntry.action == "citizen.update") & (AuditEntry.entity_id == str(citizen.id))
    )
    details = json.loads(entry.details)
    assert details["changes"]["full_name"] == [FIRST, SECOND]
    assert details["changes"]["phone"] == ["09141111111", "09142222222"]
    assert details["version"] == [1, 2]
    # the same details again change nothing and add no entry
    cases.register_call(operator, call(caller_name=SECOND, phone="09142222222", address="تبریز، ولیعصر"))
    assert Citizen.get_by_id(citizen.id).version == 2
    assert AuditEntry.select().where(AuditEntry.action == "citizen.update").count() == 1


def test_search_finds_each_case_under_the_name_it_shows(operator):
    first, second = _two_calls(operator)
    assert [r.id for r in list_cases(CaseFilter(text="احمدی‌نژاد"))] == [second.id]
    found = list_cases(CaseFilter(text="مریم احمدی"))
    assert {r.id for r in found} >= {first.id}
    assert _texts(found)[first.id] == FIRST


def test_correcting_one_case_leaves_the_others_as_they_were(operator):
    first, second = _two_calls(operator)
    detail = cases.case_detail(second.id)
    case_edit.edit_case(operator, second.id, detail.version, {"caller_name": "مریم احمدی‌نژادی"})
    assert cases.case_detail(first.id).caller_name == FIRST
    assert cases.case_detail(second.id).caller_name == "مریم احمدی‌نژادی"
    assert [r.id for r in list_cases(CaseFilter(text="احمدی‌نژادی"))] == [second.id]
    assert Citizen.get_by_id(first.citizen_id).version == 3


def test_a_follow_up_contact_keeps_who_called_this_time(operator):
    first, _ = _two_calls(operator)
    cases.add_contact(
        operator, first.id, {"caller_name": "رضا احمدی", "phone": "09143333333", "description": "پسرش زنگ زد"}
    )
    contact = Contact.select().where(Contact.kind == "follow_up").get()
    assert (contact.caller_name, contact.caller_phone) == ("رضا احمدی", "09143333333")
    assert cases.case_detail(first.id).caller_name == FIRST


def _drop_caller_columns(db):
    """The database as version 12 left it: no caller columns, no citizen version (and SQLite's case search as it
    was before version 37, whose triggers name the caller's name)."""
    if not isinstance(db, peewee.PostgresqlDatabase):
        for sql in BEFORE_37:
            db.execute_sql(sql)
        db.execute_sql("DELETE FROM schema_version WHERE version = 37")
    db.execute_sql("DROP INDEX cases_caller_name_id")
    for table, columns in (
        ("cases", ("caller_name", "caller_national_code", "caller_phone", "caller_address")),
        ("contact", ("caller_name", "caller_phone")),
        ("citizen", ("version",)),
    ):
        for column in columns:
            db.execute_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    db.execute_sql("DELETE FROM schema_version WHERE version = 13")


def test_the_migration_keeps_the_details_existing_cases_show(db, operator):
    info = cases.register_call(operator, call(caller_name=FIRST, phone="09141111111", address="مراغه"))
    sessions.held_cases()  # a reader of caller details works before and after
    _drop_caller_columns(db)
    assert 13 in migrations.upgrade(db)
    shown = cases.case_detail(info.id)
    assert (shown.caller_name, shown.phone, shown.national_code, shown.address) == (
        FIRST,
        "09141111111",
        "0499370899",
        "مراغه",
    )
    assert Contact.get(Contact.case == info.id).caller_name == FIRST
    assert Citizen.get_by_id(info.citizen_id).version == 1
    assert [r.id for r in list_cases(CaseFilter(text=FIRST))] == [info.id]
