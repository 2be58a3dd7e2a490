"""An audit entry's details are stored compressed (app.domain.audit_details, migration 30, issue 17) and read
back as the exact text written: the hash chain, which hashes that text, verifies across the migration with
the same head hash and checkpoint; an entry tampered with (before or after) is still named; entries stored
plain still read; and the text search, which can no longer be SQL, finds exactly what SQL's LIKE found on the
plain trail. On SQLite and PostgreSQL."""

import csv
import hashlib
import json
import random

import peewee
import pytest

from app import migrations
from app.db import open_database
from app.domain import audit_details, letter_codec, persian_bytes
from app.domain.audit_chain import GENESIS, entry_hash, stored
from app.domain.compressed_text import CompressedTextError
from app.migrations import m0030_audit_details_compressed as m0030
from app.models import AuditEntry
from app.services.admin import audit, audit_chain, audit_export, audit_text, changes
from app.services.admin.audit_export import AuditFilter
from tests.app.test_audit_hash_storage import _tamper
from tests.conftest import make_user

TEXTS = [
    "{}",
    '{"agency":"فرمانداری شهرستان تبریز","case_id":686,"due_date":"2026-01-06","from_draft":false,'
    '"instruction":"گزارش کامل موضوع","priority":"urgent"}',
    '{"comment":"کار نیمه\u200cتمام است","decision":"close","reached":true,"satisfaction":"partly"}',
    '{"a": "old spelling, with spaces", "b": [1, 2]}',
    '{"quote":"\\"x\\"\\\\n","emoji":"🙂","ar":"ك ي ۀ ة","digits":"۱۴۰۵/۰۹/۱۳"}',
    json.dumps({"long": "متن بلند " * 3000}, ensure_ascii=False),
]


def _is_pg(db) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


def _sql(db, sql: str, args=()):
    return db.execute_sql(sql.replace("%s", db.param), args)


# --- the codec -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", TEXTS)
def test_details_round_trip_byte_identical(text):
    packed = audit_details.pack(text)
    assert packed[:1] == audit_details.FORMAT_V1 and audit_details.is_packed(packed)
    for value in (packed, bytearray(packed), memoryview(packed)):
        assert audit_details.unpack(value).encode("utf-8") == text.encode("utf-8")


def test_plain_details_read_as_they_are_and_damage_is_refused():
    text = TEXTS[1]
    assert audit_details.unpack(text) == text  # a TEXT column before migration 30
    assert audit_details.unpack(text.encode("utf-8")) == text  # its bytes (PostgreSQL BYTEA)
    assert audit_details.unpack(b"") == audit_details.unpack("") == ""
    packed = audit_details.pack(text)
    for damaged in (packed[:-3], packed + b"x", b"\x07junk", letter_codec.pack(text)):
        with pytest.raises(CompressedTextError):
            audit_details.unpack(damaged)


def test_the_dictionary_is_frozen_and_keeps_to_the_programs_own_words():
    assert hashlib.sha256(audit_details.DICTIONARY_V1).hexdigest() == (
        "32233dd096adcd17b781120a9fe51f6550720a9ff5a16146afc9ee9ba9ea5e0d"
    )
    text = audit_details.DICTIONARY_V1.decode("utf-8")
    assert not any("\u0600" <= ch <= "\u06ff" for ch in text)  # no agency name, subject or instruction
    assert len(audit_details.DICTIONARY_V1) < 2048  # it and an entry fit in the 4 KB window


def test_details_compress_to_about_half():
    sizes = [(len(t.encode()), len(audit_details.pack(t))) for t in TEXTS[1:3]]
    assert all(packed < 0.7 * plain for plain, packed in sizes), sizes


def test_persian_bytes_spell_any_text_back_exactly():
    rnd = random.Random(17)
    spans = [(0, 0x80), (0x80, 0x100), (0x600, 0x700), (0x2000, 0x2030), (0x100, 0xD800), (0xE000, 0x110000)]
    texts = [*TEXTS, "", "\xff\xfe\x80", "\ufffe", "ك ي ۀ ة ﻻ", "a\u200cb"]
    for _ in range(3000):
        texts.append("".join(chr(rnd.randrange(*rnd.choice(spans))) for _ in range(rnd.randrange(0, 40))))
    for text in texts:
        spelled = persian_bytes.encode(text)
        assert persian_bytes.decode(spelled) == text, repr(text)
        assert audit_details.unpack(audit_details.pack(text)) == text, repr(text)
    assert len(persian_bytes.encode("تبریز\u200cها ۱۴۰۵")) == len("تبریز\u200cها ۱۴۰۵")  # one byte a letter
    assert hashlib.sha256(persian_bytes.ALPHABET.encode("utf-8")).hexdigest() == (
        "46dbfeb021b6bfcc3c2651ca2ae07942a8352caaa034de312d06ff6b2fe94f89"
    )
    for damaged in (b"\x80\xff", b"\xff\xe0", b"\xfe"):
        with pytest.raises(ValueError):
            persian_bytes.decode(damaged)


# --- in the database -----------------------------------------------------------------------------


def test_recorded_details_are_stored_compressed_and_read_back_exactly(db):
    root = make_user("root", "supervisor")
    details = {"agency": "فرمانداری شهرستان تبریز", "case_id": 7, "note": 'خط\n"دوم"', "ok": True}
    entry = audit.record(root, "referral.issue", "referral", 3, **details)
    raw = _sql(db, "SELECT details FROM audit_entry WHERE id = %s", (entry.id,)).fetchone()[0]
    assert audit_details.is_packed(raw)
    assert AuditEntry.get_by_id(entry.id).details == audit.details_text(details)
    assert audit.history("referral", 3)[-1].details == details
    assert audit.verify_chain(db).ok


def _plain_trail(db, rows: list[tuple]) -> list[int]:
    """Entries as releases before migration 30 wrote them (plain JSON text), linked into the chain; ids."""
    last = db.execute_sql(
        "SELECT seq, entry_hash FROM audit_entry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    seq, prev = (last[0], audit_chain.hex_of(last[1])) if last else (0, GENESIS)
    ids = []
    with db.atomic():
        for i, (username, action, entity, entity_id, details) in enumerate(rows):
            seq += 1
            at = f"2026-11-{1 + i % 28:02d} 10:00:00.{i:06d}"
            digest = entry_hash(seq, prev, at, None, username, action, entity, entity_id, details)
            _sql(
                db,
                "INSERT INTO audit_entry (at, user_id, username, action, entity, entity_id, details, seq, "
                "entry_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (at, None, username, action, entity, entity_id, details, seq, stored(digest)),
            )
            ids.append(_sql(db, "SELECT id FROM audit_entry WHERE seq = %s", (seq,)).fetchone()[0])
            prev = digest
    return ids


WORDS = ["تبریز", "مرند", "Tabriz", "tabriz", "برق", "آب", "x1", "فوری"]


def _rows(n: int) -> list[tuple]:
    rows = []
    for i in range(n):
        word, other = WORDS[i % len(WORDS)], WORDS[(i * 3 + 1) % len(WORDS)]
        action = ("case.register", "referral.issue", "case.status", "letter.issue")[i % 4]
        details = {"agency": f"اداره {word}", "case_id": i, "note": f"{other} {i}"}
        if i % 5 == 0:  # as entries before issue 17 spelled them
            text = json.dumps(details, ensure_ascii=False, sort_keys=True)
        else:
            text = audit.details_text(details)
        rows.append((("operator1", "operator2")[i % 2], action, "case", str(i % 37), text))
    return rows


def _database_at_29(url: str):
    db = open_database(url)
    migrations.upgrade(db, target=m0030.VERSION - 1)
    assert {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}["details"] == "text"
    return db


SEARCHES = ["تبریز", "tabriz", "TABRIZ", "برق 1", "case.reg", "12", "7", "x1", "نیست", '"note":"آب']


def _like_reference(db, text: str, action_prefix: str = "", *, actions=True, order="id DESC") -> list[int]:
    """What the search found before migration 30: SQL's LIKE (ILIKE on PostgreSQL, as peewee's contains)
    over the plain details, or the entity id, or (the export's) the action."""
    like = "ILIKE" if _is_pg(db) else "LIKE"
    where = f"(details {like} %s OR entity_id = %s" + (f" OR action {like} %s)" if actions else ")")
    args = [f"%{text}%", text] + ([f"%{text}%"] if actions else [])
    if action_prefix:
        where += " AND action LIKE %s"
        args.append(action_prefix + "%")
    return [r[0] for r in _sql(db, f"SELECT id FROM audit_entry WHERE {where} ORDER BY {order}", args)]


def test_migration_keeps_the_chain_reads_old_entries_and_search_finds_the_same(database_url, tmp_path):
    db = _database_at_29(database_url)
    ids = _plain_trail(db, _rows(300))
    expected_text = {
        i: t for i, t in zip(ids, [r[4] for r in _rows(300)], strict=True)
    }  # the exact texts written
    head = audit.verify_chain(db)
    assert head.ok, head.problems
    cp_seq = head.head_seq - 40
    cp_hash = audit_chain.hex_of(
        _sql(db, "SELECT entry_hash FROM audit_entry WHERE seq = %s", (cp_seq,)).fetchone()[0]
    )
    reference = {
        (text, prefix): _like_reference(db, text, prefix) for text in SEARCHES for prefix in ("", "case.")
    }
    assert any(reference.values()) and not all(reference.values())
    by_time = {text: _like_reference(db, text, actions=False, order="at DESC, id DESC") for text in SEARCHES}

    assert m0030.VERSION in migrations.upgrade(db)
    kind = {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}["details"]
    assert kind in ("blob", "bytea")
    stored_values = dict(_sql(db, "SELECT id, details FROM audit_entry").fetchall())
    assert all(audit_details.is_packed(v) for v in stored_values.values())
    read = {e.id: e.details for e in AuditEntry.select().where(AuditEntry.id.in_(ids))}
    assert {i: t.encode() for i, t in read.items()} == {i: t.encode() for i, t in expected_text.items()}
    after = audit.verify_chain(db, checkpoint=(cp_seq, cp_hash[:16]))
    assert after.ok, after.problems
    assert (after.entries, after.head_seq, after.head_hash) == (head.entries, head.head_seq, head.head_hash)

    supervisor = make_user("root", "supervisor")  # its own entries come after: left out below
    old = set(stored_values)
    for (text, prefix), found in reference.items():
        f = AuditFilter(text=text, action=prefix)
        assert [r.id for r in audit_export.page(supervisor, f, limit=5000) if r.id in old] == found, (
            text,
            prefix,
        )
        assert audit_export.count(supervisor, f) == len(found) + len(
            [r for r in audit_export.page(supervisor, f, limit=5000) if r.id not in old]
        )
        # the audit page's one scan: the same count and, newest first, the same first page
        total, first = audit_export.count_and_page(supervisor, f, 7)
        assert total == audit_export.count(supervisor, f)
        assert [r.id for r in first] == [r.id for r in audit_export.page(supervisor, f, limit=7)], (
            text,
            prefix,
        )
    stopped = []

    def stop(done, total):  # a cancelled background task's progress raises: the scan ends there
        stopped.append(done)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        audit_export.count_and_page(supervisor, AuditFilter(text="تبریز"), 7, stop)
    assert stopped == [0]
    with pytest.raises(KeyboardInterrupt):  # a text found nowhere, the long scan a cancel is for, stops too
        audit_export.count_and_page(supervisor, AuditFilter(text="هیچ‌جا-نیست"), 7, stop)
    assert stopped == [0, 0]
    for text, found in by_time.items():
        assert [r.id for r in audit.search(supervisor, text=text, limit=5000) if r.id in old] == found, text
    # pages that follow the last row shown add up to the whole answer, in order
    f = AuditFilter(text="تبریز")
    pages, last = [], None
    while True:
        page = audit_export.page(supervisor, f, limit=7, before_id=last)
        if not page:
            break
        pages += [r.id for r in page if r.id in old]
        last = page[-1].id
    assert pages == reference[("تبریز", "")]
    # the export writes the same entries, oldest first, with the details as they were
    file = tmp_path / "audit.csv"
    assert audit_export.export(supervisor, f, file) == len(reference[("تبریز", "")])
    with file.open(encoding="utf-8-sig") as fh:
        lines = list(csv.reader(fh))[1:]
    assert [int(line[0]) for line in lines] == reference[("تبریز", "")][::-1]
    for line in lines:  # shown in words (app.services.admin.audit_text), from the details as they were
        entry = AuditEntry.get_by_id(int(line[0]))
        details = json.loads(expected_text[entry.id])
        assert line[6] == audit_text.summary(entry.action, entry.entity, details, marks=False)
    assert migrations.upgrade(db) == [] and m0030.apply(db) is None  # again: nothing to do


def test_tampering_before_or_after_the_migration_is_named(database_url):
    db = _database_at_29(database_url)
    ids = _plain_trail(db, _rows(12))
    _tamper(
        db,
        [
            ("UPDATE audit_entry SET details = %s WHERE id = %s", ('{"forged":1}', ids[2])),
            ("UPDATE audit_entry SET details = %s WHERE id = %s", ("not json", ids[3])),  # kept as it is
        ],
    )
    before = [("changed", ids[2]), ("changed", ids[3])]
    assert [(p.kind, p.entry_id) for p in audit.verify_chain(db).problems] == before
    migrations.upgrade(db)
    assert [(p.kind, p.entry_id) for p in audit.verify_chain(db).problems] == before
    assert not audit_details.is_packed(
        _sql(db, "SELECT details FROM audit_entry WHERE id = %s", (ids[3],)).fetchone()[0]
    )

    other = audit_details.pack('{"forged":2}')
    packed = bytes(_sql(db, "SELECT details FROM audit_entry WHERE id = %s", (ids[6],)).fetchone()[0])
    damaged = packed[:-2] + bytes([packed[-2] ^ 0xFF]) + packed[-1:]
    _tamper(
        db,
        [
            (
                "UPDATE audit_entry SET details = %s WHERE id = %s",
                (other, ids[5]),
            ),  # re-compressed other text
            (
                "UPDATE audit_entry SET details = %s WHERE id = %s",
                (damaged, ids[6]),
            ),  # bytes that no longer inflate
            ("UPDATE audit_entry SET details = %s WHERE id = %s", (b"\x07?", ids[8])),  # an unknown form
        ],
    )
    assert [(p.kind, p.entry_id) for p in audit.verify_chain(db).problems] == [
        ("changed", ids[2]),
        ("changed", ids[3]),
        ("changed", ids[5]),
        ("changed", ids[6]),
        ("changed", ids[8]),
    ]


def test_an_entry_stored_plain_after_the_migration_still_reads_and_verifies(db):
    make_user("root", "supervisor")
    details = '{"case_id":5,"copied":"از پایگاهی قدیمی"}'
    (id_,) = _plain_trail(db, [("old", "case.edit", "case", "5", details)])
    assert not audit_details.is_packed(
        _sql(db, "SELECT details FROM audit_entry WHERE id = %s", (id_,)).fetchone()[0]
    )
    assert AuditEntry.get_by_id(id_).details == details
    assert audit.verify_chain(db).ok
    assert changes.since(changes.Cursor(id_ - 1)).case_ids == {5}


def test_the_change_feed_reads_compressed_details(db, operator):
    """On PostgreSQL the feed reads the trail with raw SQL: the case a referral's entry names (in its
    details) is still delivered."""
    cursor = changes.start()
    with db.atomic():
        audit.record(operator, "referral.response", "referral", None, case_id=41, referral_id=None)
    batch = changes.since(cursor)
    assert 41 in batch.case_ids
