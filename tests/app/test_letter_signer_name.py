"""Each letter's signer's name is kept beside its frozen content (migration 33), so the letters list reads it
without unpacking the content: written at issue, copied out of the content of letters issued before, frozen
like the rest of the letter, and read from the content for a letter written without it. Both databases."""

import json

import peewee
import pytest

from app.db import database, is_postgres
from app.migrations import m0033_letter_signer_name
from app.models import Letter
from app.services.letters import letters, referrals
from tests.app.letter_helpers import order, register_case


@pytest.fixture
def issued(official, operator):
    return referrals.issue_order(official, register_case(operator), order())[0]


def _signer_in_content(letter_id: int) -> str:
    return json.loads(Letter.get_by_id(letter_id).content)["signer_name"]


def _stored_name(letter_id: int):
    p = database.param
    return database.execute_sql(f"SELECT signer_name FROM letter WHERE id = {p}", (letter_id,)).fetchone()[0]


def test_an_issued_letter_keeps_its_signers_name_beside_the_content(issued, official):
    assert _stored_name(issued.letter_id) == _signer_in_content(issued.letter_id) == official.full_name
    (row,) = letters.letter_rows([issued.letter_id])
    assert row.signer_name == official.full_name


def test_the_name_is_frozen_with_the_letter(issued):
    with pytest.raises(peewee.DatabaseError), database.atomic():
        Letter.update(signer_name="کسی دیگر").where(Letter.id == issued.letter_id).execute()
    assert _stored_name(issued.letter_id) == _signer_in_content(issued.letter_id)


def _forget_names(db: peewee.Database) -> None:
    """Every letter as version 32 stored it: no name beside the content (the freeze lifted to write that)."""
    if is_postgres():
        db.execute_sql("ALTER TABLE letter DISABLE TRIGGER letter_frozen")
        db.execute_sql("UPDATE letter SET signer_name = NULL")
        db.execute_sql("ALTER TABLE letter ENABLE TRIGGER letter_frozen")
    else:
        db.execute_sql("DROP TRIGGER letter_frozen")
        db.execute_sql("UPDATE letter SET signer_name = NULL")


def test_a_letter_without_the_name_lists_the_name_printed_on_it(issued, official, operator):
    """A letter written without the column (by an older program, or copied in) shows its content's signer,
    not the name of whoever pressed «صدور»."""
    db = database.obj
    with db.atomic():
        _forget_names(db)
    assert _stored_name(issued.letter_id) is None
    (row,) = letters.letter_rows([issued.letter_id])
    assert row.signer_name == _signer_in_content(issued.letter_id) == official.full_name


def test_migration_33_copies_each_name_out_of_the_content_and_freezes_it(
    issued, official, operator, monkeypatch
):
    monkeypatch.setattr(m0033_letter_signer_name, "BATCH", 2)  # several batches
    more = [referrals.issue_order(official, register_case(operator), order())[0].letter_id for _ in range(4)]
    ids = [issued.letter_id, *more]
    db = database.obj
    with db.atomic():
        _forget_names(db)
    assert {_stored_name(i) for i in ids} == {None}
    with db.atomic():
        m0033_letter_signer_name.apply(db)
    assert [_stored_name(i) for i in ids] == [_signer_in_content(i) for i in ids] == [official.full_name] * 5
    with pytest.raises(peewee.DatabaseError), db.atomic():
        Letter.update(signer_name="کسی دیگر").where(Letter.id == ids[0]).execute()
    with db.atomic():  # run twice: nothing changes, nothing fails
        m0033_letter_signer_name.apply(db)
    assert [_stored_name(i) for i in ids] == [official.full_name] * 5
