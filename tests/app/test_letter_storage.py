"""A letter's frozen content is stored compressed (app.domain.letter_codec) and a reprint stays byte-identical:
for a letter stored compressed, for one stored as plain text before migration 26, and for both after migration
26 converted the plain ones. On SQLite and PostgreSQL."""

import hashlib
import json

import peewee
import pytest

from app.db import database, is_postgres
from app.domain import letter_codec
from app.domain.letter_dictionary import DICTIONARY_V1
from app.migrations import m0026_compact_storage
from app.models import Letter
from app.services.letters import letters, referrals
from tests.app.letter_helpers import order, register_case


def test_the_dictionary_never_changes():
    """Every letter stored in format 1 needs these exact bytes to be read again."""
    assert hashlib.sha256(DICTIONARY_V1).hexdigest() == (
        "7d9fcedf0b051bd923a67f6bf72b0eef488e6eb6b225ecf3782b0d64a3d81fab"
    )


def test_pack_gives_back_the_same_text_in_every_stored_form():
    text = json.dumps({"body": "احتراماً، شکایت شهروند\u200cها", "n": 1}, ensure_ascii=False, sort_keys=True)
    packed = letter_codec.pack(text)
    assert packed[:1] == letter_codec.FORMAT_V2
    first = letter_codec.LETTER_CONTENT_V1.pack(text)  # as letters were stored before format 2
    assert first[:1] == letter_codec.FORMAT_V1 and letter_codec.is_packed(first)
    for stored in (packed, memoryview(packed), first, memoryview(first), text, text.encode("utf-8")):
        assert letter_codec.unpack(stored) == text


def test_format_2_is_smaller_than_format_1_for_persian_letters(issued):
    text = Letter.get_by_id(issued.letter_id).content
    assert len(letter_codec.pack(text)) < len(letter_codec.LETTER_CONTENT_V1.pack(text)) * 0.95


def test_a_damaged_content_is_refused_not_misread():
    packed = letter_codec.pack('{"a": "b"}')
    with pytest.raises(letter_codec.LetterContentError):
        letter_codec.unpack(packed[:-3])
    with pytest.raises(letter_codec.LetterContentError):
        letter_codec.unpack(b"\x07junk")


def _stored(letter_id: int):
    value = database.execute_sql(f"SELECT content FROM letter WHERE id = {database.param}", (letter_id,))
    return value.fetchone()[0]


def _old_copy(letter_id: int, stored=None) -> int:
    """Another letter with the same content stored as it was before migration 26 (plain JSON text; on
    PostgreSQL the UTF-8 bytes the column type change leaves), or as `stored` of the content text."""
    letter = Letter.get_by_id(letter_id)
    plain = letter.content.encode("utf-8") if is_postgres() else letter.content
    if stored is not None:
        plain = stored(letter.content)
    p = database.param
    cursor = database.execute_sql(
        "INSERT INTO letter (number, year, serial, kind, referral_id, issued_at, issued_by_id, content, status, "
        f"cancel_reason) VALUES ({', '.join([p] * 10)})" + (" RETURNING id" if is_postgres() else ""),
        ("old-1", letter.year, 99999, letter.kind, letter.referral_id, letter.issued_at, letter.issued_by_id)
        + (plain, "issued", ""),
    )
    return cursor.fetchone()[0] if is_postgres() else cursor.lastrowid


@pytest.fixture
def issued(official, operator):
    return referrals.issue_order(official, register_case(operator), order())[0]


def test_an_issued_letter_is_stored_compressed_and_reads_back_as_issued(issued):
    stored = _stored(issued.letter_id)
    assert letter_codec.is_packed(stored)
    text = Letter.get_by_id(issued.letter_id).content
    assert json.loads(text)["number"] and len(bytes(stored)) * 4 < len(text.encode("utf-8"))


def test_a_letter_stored_in_format_1_prints_the_same_bytes(issued):
    old = _old_copy(issued.letter_id, letter_codec.LETTER_CONTENT_V1.pack)
    assert bytes(_stored(old))[:1] == letter_codec.FORMAT_V1
    assert bytes(_stored(issued.letter_id))[:1] == letter_codec.FORMAT_V2
    assert Letter.get_by_id(old).content == Letter.get_by_id(issued.letter_id).content
    assert letters.letter_pdf(old) == letters.letter_pdf(issued.letter_id)


def test_an_old_uncompressed_letter_prints_the_same_bytes(issued):
    old = _old_copy(issued.letter_id)
    assert not letter_codec.is_packed(_stored(old))
    assert Letter.get_by_id(old).content == Letter.get_by_id(issued.letter_id).content
    assert letters.letter_pdf(old) == letters.letter_pdf(issued.letter_id)


def _back_to_version_25(db: peewee.Database) -> None:
    """Every letter as version 25 stored it: plain text (on PostgreSQL in a TEXT column again)."""
    rows = db.execute_sql("SELECT id, content FROM letter").fetchall()
    p = db.param
    if is_postgres():
        db.execute_sql("ALTER TABLE letter DISABLE TRIGGER letter_frozen")
        db.execute_sql("ALTER TABLE letter ALTER COLUMN content TYPE TEXT USING encode(content, 'hex')")
    else:
        db.execute_sql("DROP TRIGGER letter_frozen")
    db.cursor().executemany(
        f"UPDATE letter SET content = {p} WHERE id = {p}", [(letter_codec.unpack(c), i) for i, c in rows]
    )
    if is_postgres():
        db.execute_sql("ALTER TABLE letter ENABLE TRIGGER letter_frozen")
    else:
        from app.migrations import m0016_letter_frozen

        m0016_letter_frozen.apply(db)


def test_migration_26_compresses_old_letters_and_every_reprint_is_unchanged(issued, operator, official):
    second = referrals.issue_order(official, register_case(operator), order())[0]
    ids = [issued.letter_id, second.letter_id]
    pdfs = {i: letters.letter_pdf(i) for i in ids}
    texts = {i: Letter.get_by_id(i).content for i in ids}
    db = database.obj
    with db.atomic():
        _back_to_version_25(db)
    assert not any(letter_codec.is_packed(_stored(i)) for i in ids)
    with db.atomic():
        m0026_compact_storage.apply(db)
    assert all(letter_codec.is_packed(_stored(i)) for i in ids)
    assert {i: Letter.get_by_id(i).content for i in ids} == texts
    assert {i: letters.letter_pdf(i) for i in ids} == pdfs
    # the freeze is back: the content can no longer be changed
    with pytest.raises(peewee.DatabaseError), db.atomic():
        Letter.update(content="{}").where(Letter.id == ids[0]).execute()
