"""PostgreSQL: the PCs' application role works through the services but cannot get round the rules: no
DISABLE/DROP TRIGGER (not the owner), no TRUNCATE, no UPDATE or DELETE on the audit trail, no UPDATE of an
issued letter's frozen content. An issued letter is frozen on SQLite too (migration 16's trigger)."""

import time
import uuid

import peewee
import pytest

from app.db import close_database, make_database, open_database
from app.models import AuditEntry, Letter
from app.services.admin import audit, changes, pg_roles
from app.services.letters import referrals
from tests.app.letter_helpers import order, register_case
from tests.conftest import PG_URL, make_user

# Granting a role touches the database's own row (its ACL): two grants at once on two workers fail with
# "tuple concurrently updated", so every test that grants runs on one worker (pytest --dist loadgroup).
pytestmark = pytest.mark.xdist_group("pg_roles")

REFUSED = r"permission denied|must be owner"  # the privileges refuse, before any trigger has to


@pytest.fixture
def app_role(pg_schema_url):
    """An initialised schema (owned by the test's superuser) and a fresh application role; dropped after."""
    from app.services.admin.setup import init_database

    owner = open_database(pg_schema_url)
    init_database(owner)
    role = f"samad_app_{uuid.uuid4().hex[:10]}"
    assert pg_roles.grant_app_role(owner, role) is True
    schema = pg_schema_url.rsplit("schema=", 1)[1]
    base = PG_URL.split("://", 1)[1].split("@", 1)[1]
    yield owner, role, f"postgresql://{role}@{base}{'&' if '?' in base else '?'}schema={schema}"
    close_database()
    _drop_role(role)


def _drop_role(role: str) -> None:
    admin = make_database(PG_URL)
    for attempt in range(5):  # the database's catalog row may be «concurrently updated» (a vacuum, a GRANT)
        try:
            admin.execute_sql(f'DROP OWNED BY "{role}"')
            break
        except peewee.InternalError:
            if attempt == 4:
                raise
            time.sleep(0.1)
    admin.execute_sql(f'DROP ROLE IF EXISTS "{role}"')
    admin.close()


@pytest.mark.postgres
def test_the_application_role_works_but_cannot_bypass_the_rules(app_role):
    owner, role, app_url = app_role
    official, operator = make_user("official1", "official", title="معاون"), make_user("operator1", "operator")
    close_database()
    app = open_database(app_url)  # from here on, the PCs' connection
    assert app.execute_sql("SELECT current_user").fetchone()[0] == role
    info = referrals.issue_order(official, register_case(operator), order())[0]
    letter_id = Letter.get(Letter.number == info.letter_number).id
    referrals.cancel_letter(
        official, letter_id, "نشانی دستگاه نادرست بود"
    )  # updates the cancellation columns
    # every PC's change watcher reads the feed and prunes its commit order (migration 32)
    assert changes.since(changes.start()).empty and changes.prune() == 0
    first = AuditEntry.select(peewee.fn.MIN(AuditEntry.id)).scalar()
    attempts = [
        "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only",
        "ALTER TABLE audit_entry DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_entry_append_only ON audit_entry",
        "TRUNCATE audit_entry",
        f"UPDATE audit_entry SET action = 'forged' WHERE id = {first}",
        f"DELETE FROM audit_entry WHERE id = {first}",
        f"UPDATE letter SET content = '{{}}' WHERE id = {letter_id}",
        f"UPDATE letter SET number = 'x' WHERE id = {letter_id}",
        f"DELETE FROM letter WHERE id = {letter_id}",
        "CREATE TABLE sneaky (x int)",
        "DROP TABLE cases",
    ]
    for sql in attempts:
        with pytest.raises(peewee.DatabaseError, match=REFUSED) as refused, app.atomic():
            app.execute_sql(sql)
        assert "append-only" not in str(refused.value)
    assert audit.verify_chain(app).ok  # the chain is whole, and checkable from the application role


@pytest.mark.postgres
def test_a_new_init_regrants_and_refuses_a_bad_role(app_role):
    owner, role, _ = app_role
    assert pg_roles.app_roles(owner) == [role]
    from app.services.errors import ValidationError

    for bad in ("Robert'); --", owner.execute_sql("SELECT current_user").fetchone()[0]):
        with pytest.raises(ValidationError):
            pg_roles.grant_app_role(owner, bad)


def test_an_issued_letters_frozen_fields_refuse_an_update_on_any_database(db, official, operator):
    info = referrals.issue_order(official, register_case(operator), order())[0]
    letter = Letter.get(Letter.number == info.letter_number)
    for change in ({"content": "{}"}, {"number": "111/1/1"}, {"issued_by": operator.user_id}):
        with pytest.raises(peewee.DatabaseError, match="frozen"), db.atomic():
            Letter.update(**change).where(Letter.id == letter.id).execute()
    referrals.cancel_letter(official, letter.id, "اشتباه در نام دستگاه")
    assert Letter.get_by_id(letter.id).status == "cancelled"


@pytest.mark.postgres
def test_samad_init_app_role_from_the_command_line(pg_schema_url, capsys):
    from app.cli import main

    role = f"samad_app_{uuid.uuid4().hex[:10]}"
    try:
        assert main(["--database", pg_schema_url, "init", "--app-role", role]) == 0
        assert f"Application role {role} created" in capsys.readouterr().out
        db = open_database(pg_schema_url)
        assert pg_roles.app_roles(db) == [role]
    finally:
        close_database()
        _drop_role(
            role
        )  # with the fixture's retries: a clean-clone CI run met «tuple concurrently updated» here
