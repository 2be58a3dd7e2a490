"""`samad call add` (JSON, all or nothing, --keep-good) and `samad call show`, through main()."""

import io
import json
import sys

import pytest

from app.cli import main
from app.models import Case, Citizen, Contact
from app.services.cases import cases
from tests.app.call_data import call

pytestmark = pytest.mark.usefixtures("cli_login")  # commands log in as «root» (see conftest)


def run(database_url, args, stdin="", capsys=None):
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(["--database", database_url, *args])
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


GOOD = {
    "caller_name": "علي رضايي",
    "national_code": "0499370899",
    "phone": "09123456789",
    "county": "تبريز",
    "request_type": "شکایت",
    "category": "برق",
    "subject": "قطعی برق",
    "agency": "شرکت توزیع نیروی برق تبریز",
}
BAD = {
    "caller_name": "مینا",
    "phone": "12345",
    "county": "ناکجا",
    "request_type": "complaint",
    "category": "برق",
    "subject": "",
}


def test_one_object_prints_its_tracking_code(db, database_url, operator, capsys):
    code, out, err = run(database_url, ["call", "add", "-", "--as", "operator1"], json.dumps(GOOD), capsys)
    assert code == 0 and err == ""
    tracking = out.strip()
    case = Case.get(Case.tracking_code == tracking)
    assert case.agency.name == "شرکت توزیع نیروی برق تبریز" and case.county.name == "تبریز"
    assert case.operator.username == "operator1" and case.request_type.code == "complaint"


def test_one_bad_record_saves_none_and_names_it(db, database_url, operator, capsys, tmp_path):
    path = tmp_path / "calls.json"
    path.write_text(
        json.dumps([GOOD, GOOD, BAD, {**GOOD, "national_code": "1111111111"}], ensure_ascii=False),
        encoding="utf-8",
    )
    code, out, err = run(database_url, ["call", "add", str(path), "--as", "operator1"], capsys=capsys)
    assert code == 1 and out == ""
    assert "record 2: phone:" in err and "record 2: county:" in err and "record 2: subject:" in err
    assert "record 3: national_code:" in err and "nothing saved" in err
    assert Case.select().count() == 0 and Citizen.select().count() == 0


def test_keep_good_saves_the_good_ones(db, database_url, operator, capsys):
    code, out, err = run(
        database_url,
        ["call", "add", "--keep-good", "--as", "operator1"],
        json.dumps([GOOD, BAD, {**GOOD, "subject": "دومی"}]),
        capsys,
    )
    assert code == 1 and len(out.split()) == 2 and "record 1:" in err and "2 saved, 1 refused" in err
    assert Case.select().count() == 2


def test_attach_to_a_closed_case_rolls_the_whole_batch_back(db, database_url, operator, capsys):
    closed = cases.register_call(operator, call(next_step="guide"))
    code, out, err = run(
        database_url,
        ["call", "add", "--as", "operator1"],
        json.dumps([GOOD, {"attach_to": closed.id, "description": "باز هم"}]),
        capsys,
    )
    assert code == 1 and "record 1: attach_to:" in err
    assert Case.select().count() == 1 and Contact.select().count() == 1


def test_bad_json_and_missing_operator_are_refused(db, database_url, operator, capsys, monkeypatch):
    code, out, err = run(database_url, ["call", "add", "--as", "operator1"], "{not json", capsys)
    assert code == 1 and "JSON" in err
    monkeypatch.delenv("SAMAD_USER")
    code, out, err = run(database_url, ["call", "add"], json.dumps(GOOD), capsys)
    assert code == 1 and "--as" in err
    code, out, err = run(
        database_url, ["call", "add", "/no/such/file.json", "--as", "operator1"], capsys=capsys
    )
    assert code == 1
    assert Case.select().count() == 0


def test_show_prints_the_case_with_its_history(db, database_url, operator, capsys):
    info = cases.register_call(operator, call())
    cases.register_call(operator, call(attach_to=info.id, description="پیگیری"))
    code, out, err = run(database_url, ["call", "show", info.tracking_code], capsys=capsys)
    assert code == 0
    shown = json.loads(out)
    assert shown["tracking_code"] == info.tracking_code and shown["caller_name"] == "علی رضایی"
    kinds = [h["kind"] for h in shown["history"]]
    assert kinds.count("contact") == 2 and "change" in kinds
    assert shown["history"][0]["at_jalali"].startswith("14")
    bad = info.tracking_code[:-1] + str((int(info.tracking_code[-1]) + 1) % 10)
    code, out, err = run(database_url, ["call", "show", bad], capsys=capsys)
    assert code == 1 and "tracking_code" in err


@pytest.mark.parametrize("payload", ["[]", '[1, "x", null]', '"just a string"'])
def test_odd_json_shapes(db, database_url, operator, capsys, payload):
    code, out, err = run(database_url, ["call", "add", "--as", "operator1"], payload, capsys)
    assert Case.select().count() == 0
    assert code == 1  # an empty list too: refused with a sentence (issue 12), not a silent success
