"""Four short free-text columns (referral.instruction and .cc, agency_response.text, contact.note) are stored on
SQLite one byte a Persian letter (app.domain.short_text, migration 40, issue 17) and read back as the exact text
written, through the services that write them; rows stored as text before migration 40 read as they are and the
migration converts them; PostgreSQL keeps its text. On SQLite and PostgreSQL."""

import json

import peewee
import pytest

from app import migrations
from app.domain import persian_bytes, short_text
from app.domain.compressed_text import CompressedTextError
from app.migrations import m0040_short_text_persian_bytes as m0040
from app.models import AgencyResponse, Contact, Referral
from app.services.cases import case_history, cases
from app.services.followup import followup
from app.services.letters import referrals
from tests.app.followup_helpers import answer, at, day, issue
from tests.app.letter_helpers import WATER, agency_id, order, register_case

TEXTS = [
    "",
    "بررسی و نتیجه اعلام شود.",
    "می\u200cخواهد پیگیری شود؛ «مسئول» پاسخ دهد…",  # ZWNJ, guillemets, an ellipsis
    "مسئله‌ی مؤسسه و رئیس: ءأإؤئ ۀ ة",  # hamza in every seat
    "كيك عربي يا فارسی کیک",  # Arabic kaf and yeh beside the Persian ones
    "Latin text only, 123",
    "ارقام ۱۲۳ و ١٢٣ و 123",  # Persian, Arabic-Indic and ASCII digits
    "آب قطع است 🙂 لطفاً 💧",
    "سطر اول\nسطر دوم\r\nسطر سوم\t.",
    json.dumps([{"name": "دفتر بازرسی استانداری", "purpose": "جهت اطلاع"}], ensure_ascii=False),
    "[]",
    "نامه " * 2000,
]
COLUMNS = (
    (Referral, "instruction"),
    (Referral, "cc"),
    (AgencyResponse, "text"),
    (Contact, "note"),
)


def _is_pg(db) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


def _stored(db, model, column: str, row_id: int):
    table = model._meta.table_name
    return db.execute_sql(f'SELECT "{column}" FROM "{table}" WHERE id = {db.param}', (row_id,)).fetchone()[0]


def _persian(text: str) -> bool:
    return sum(ch in persian_bytes.ALPHABET for ch in text) > 1


# --- the codec -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", TEXTS)
def test_codec_round_trip_and_the_shorter_form(text):
    packed = short_text.pack(text)
    assert short_text.unpack(packed) == text
    if isinstance(packed, bytes):
        assert packed[:1] == short_text.FORMAT_V1 == b"\x03"
        assert len(packed) < len(text.encode("utf-8"))
        assert short_text.unpack(bytearray(packed)) == short_text.unpack(memoryview(packed)) == text
    else:
        assert packed == text  # empty or mostly ASCII: kept as it is, no longer than UTF-8
    if _persian(text):
        assert isinstance(packed, bytes) and len(packed) <= 0.75 * len(text.encode("utf-8"))


def test_codec_reads_text_and_utf8_and_refuses_damage():
    text = TEXTS[2]
    assert short_text.unpack(text) == text  # a TEXT value (before migration 40; PostgreSQL)
    assert short_text.unpack(text.encode("utf-8")) == text  # a BLOB of UTF-8, written behind our back
    assert short_text.unpack(b"") == ""
    for damaged in (short_text.FORMAT_V1 + b"\xfe", short_text.FORMAT_V1 + b"\xff", b"\xc3("):
        with pytest.raises(CompressedTextError):
            short_text.unpack(damaged)


# --- through the services and the models -----------------------------------------------------------


def _rows(official, operator):
    """A referral (with its cc), an agency response and a follow-up contact, written by the services."""
    info = issue(official, operator, WATER, 0, 10)
    answer(operator, info.id, 2)
    referral = Referral.get_by_id(info.id)
    response = AgencyResponse.get(AgencyResponse.referral == referral.id)
    contact = Contact.select().where(Contact.case == referral.case_id).order_by(Contact.id.desc()).get()
    return {Referral: referral.id, AgencyResponse: response.id, Contact: contact.id}


def _check_stored(db, model, column, row_id, text):
    stored = _stored(db, model, column, row_id)
    if _is_pg(db):
        assert stored == text
    elif isinstance(short_text.pack(text), bytes):
        assert isinstance(stored, bytes) and stored[:1] == short_text.FORMAT_V1, (column, stored)
        assert len(stored) < len(text.encode("utf-8")) and stored == short_text.pack(text)
    else:
        assert stored == text


@pytest.mark.parametrize("text", TEXTS)
def test_every_column_round_trips_every_text(db, official, operator, text):
    ids = _rows(official, operator)
    for model, column in COLUMNS:
        model.update({getattr(model, column): text}).where(model.id == ids[model]).execute()
        assert getattr(model.get_by_id(ids[model]), column) == text
        assert model.select(getattr(model, column)).where(model.id == ids[model]).scalar() == text
        assert list(model.select(getattr(model, column)).where(model.id == ids[model]).dicts()) == [
            {column: text}
        ]
        _check_stored(db, model, column, ids[model], text)


SERVICE_TEXTS = [  # what the services accept (their glyph and mixed-script checks refuse emoji, mixed words)
    "بررسی و نتیجه اعلام شود.",
    "می\u200cخواهد مسئله‌ی مؤسسه و رئیس روشن شود؛ «فوری»",
    "پیگیری شماره ۱۲۳ و ١٢٣ و 123\nسطر دوم",
]


@pytest.mark.parametrize("text", SERVICE_TEXTS)
def test_the_services_store_and_read_back_each_column(db, official, operator, text):
    cc = [{"name": "دفتر بازرسی استانداری", "purpose": "جهت اطلاع"}]
    case_id = register_case(operator)
    info = referrals.issue_order(
        official,
        case_id,
        order(agency_ids=[agency_id(WATER)], due_date=day(10), instruction=text, cc=cc),
        now=at(0),
    )[0]
    r = Referral.get_by_id(info.id)
    clean = referrals.validate_order(r.case, order(instruction=text, cc=cc))
    assert r.instruction == clean["instruction"] and json.loads(r.cc) == cc
    assert followup.referral_summary(r.id).instruction == clean["instruction"]
    _check_stored(db, Referral, "instruction", r.id, r.instruction)
    _check_stored(db, Referral, "cc", r.id, r.cc)
    answer(operator, r.id, 2, text=text)
    response = AgencyResponse.get(AgencyResponse.referral == r.id)
    assert response.text == clean["instruction"]  # the same cleaning of a multi-line text
    _check_stored(db, AgencyResponse, "text", response.id, response.text)
    cases.add_contact(operator, case_id, {"channel": "phone", "description": text})
    contact = Contact.select().where(Contact.case == case_id).order_by(Contact.id.desc()).get()
    assert contact.note == clean["instruction"]
    assert any(e.detail == contact.note for e in case_history.contact_entries(case_id))
    _check_stored(db, Contact, "note", contact.id, contact.note)


# --- migration 40 ----------------------------------------------------------------------------------


def test_rows_stored_as_text_read_back_and_migration_40_converts_them(db, official, operator):
    ids = _rows(official, operator)
    texts = {(m, c): TEXTS[i + 1] for i, (m, c) in enumerate(COLUMNS)}
    texts[(Referral, "cc")] = TEXTS[9]
    p = db.param
    for (model, column), text in texts.items():  # as rows were stored before migration 40
        db.execute_sql(
            f'UPDATE "{model._meta.table_name}" SET "{column}" = {p} WHERE id = {p}', (text, ids[model])
        )
        assert getattr(model.get_by_id(ids[model]), column) == text
    with db.atomic():
        m0040.apply(db)
    for (model, column), text in texts.items():
        assert getattr(model.get_by_id(ids[model]), column) == text
        _check_stored(db, model, column, ids[model], text)
    if not _is_pg(db):
        before = db.connection().total_changes
        with db.atomic():
            m0040.apply(db)  # again: nothing left to convert
        assert db.connection().total_changes == before


def test_upgrade_runs_migration_40_on_an_old_database(db, official, operator):
    """A database at version 39 whose rows are text: upgrade converts them; the empty note and «[]» stay text."""
    ids = _rows(official, operator)
    p = db.param
    db.execute_sql(
        f"UPDATE referral SET instruction = {p}, cc = {p} WHERE id = {p}", (TEXTS[3], "[]", ids[Referral])
    )
    db.execute_sql(f"UPDATE contact SET note = {p}", ("",))
    db.execute_sql(f"UPDATE agency_response SET text = {p}", (TEXTS[4],))
    db.execute_sql(f"DELETE FROM schema_version WHERE version = {p}", (m0040.VERSION,))
    assert m0040.VERSION in migrations.upgrade(db)
    referral = Referral.get_by_id(ids[Referral])
    assert (referral.instruction, referral.cc) == (TEXTS[3], "[]")
    assert {c.note for c in Contact.select()} == {""}
    assert {r.text for r in AgencyResponse.select()} == {TEXTS[4]}
    if not _is_pg(db):
        kinds = dict(
            db.execute_sql(
                f"SELECT typeof(instruction), typeof(cc) FROM referral WHERE id = {p}", (ids[Referral],)
            ).fetchall()
        )
        assert kinds == {"blob": "text"}
        assert {r[0] for r in db.execute_sql("SELECT DISTINCT typeof(note) FROM contact")} == {"text"}
        assert {r[0] for r in db.execute_sql("SELECT DISTINCT typeof(text) FROM agency_response")} == {"blob"}


# --- the demo's raw writers ------------------------------------------------------------------------


def test_the_demos_rows_are_stored_as_the_models_field_stores_them(db, supervisor):
    """The demo's INSERTs bypass the fields: each of its values must be what the field would store, and read
    back as one of the demo's own texts (not packed twice, not left UTF-8 on SQLite)."""
    import importlib

    from app.domain.letters import READY_INSTRUCTIONS
    from app.services.demo import DemoContext, call_texts
    from app.services.demo.followup import RESPONSE_TEXTS
    from app.services.demo.referrals import EXTRA_INSTRUCTIONS

    ctx = DemoContext(calls=400, rate=1, seed=11)
    for step in ("people", "calls", "referrals", "followup", "numbering"):
        importlib.import_module(f"app.services.demo.{step}").run(ctx)
    known = {
        (Referral, "instruction"): set(READY_INSTRUCTIONS) | set(EXTRA_INSTRUCTIONS),
        (AgencyResponse, "text"): {t for texts in RESPONSE_TEXTS.values() for t in texts},
        (Contact, "note"): {"", *call_texts.GUIDANCE_NOTES, *call_texts.FOLLOW_UP_NOTES},
    }
    for model, column in COLUMNS:
        field = getattr(model, column)
        rows = list(model.select(model.id, field).tuples())
        assert rows, column
        table = model._meta.table_name
        stored = dict(db.execute_sql(f'SELECT id, "{column}" FROM "{table}"').fetchall())
        packed = 0
        for row_id, text in rows:
            assert isinstance(text, str)
            if (model, column) in known:
                assert text in known[(model, column)], (column, text)
            else:
                assert isinstance(json.loads(text), list)
            expected = text if _is_pg(db) else short_text.pack(text)
            assert stored[row_id] == expected, (column, row_id)
            packed += isinstance(stored[row_id], bytes)
        assert _is_pg(db) or packed, f"no {column} of the demo is stored packed"


# --- samad migrate-to --------------------------------------------------------------------------------


@pytest.mark.postgres
def test_migrate_to_postgresql_and_back_keeps_every_text(tmp_path, pg_schema_url):
    from app.db import close_database, open_database
    from app.services.actor import SYSTEM
    from app.services.admin import transfer
    from app.services.demo import run_demo
    from benchmarks import workload

    source = f"sqlite:///{tmp_path / 'source.db'}"
    workload.prepare(source, writers=1)
    run_demo(calls=60, rate=1)
    written = {}
    for (model, column), start in zip(COLUMNS, (1, 9, 2, 3), strict=True):
        ids = [i for (i,) in model.select(model.id).order_by(model.id).tuples()]
        assert ids, column
        for row_id, text in zip(ids, TEXTS[start:] + TEXTS[:start], strict=False):
            model.update({getattr(model, column): text}).where(model.id == row_id).execute()
            written[(model, column, row_id)] = text
    close_database()
    back = f"sqlite:///{tmp_path / 'back.db'}"
    for src, target in ((source, pg_schema_url), (pg_schema_url, back)):
        report = transfer.migrate(SYSTEM, src, target)
        assert report.ok, [t for t in report.tables if not t.ok]
        db = open_database(target)
        for (model, column, row_id), text in written.items():
            assert getattr(model.get_by_id(row_id), column) == text
            _check_stored(db, model, column, row_id, text)
        close_database()
