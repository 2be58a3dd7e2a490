"""`samad letter ...` and `samad holiday ...` go through the services and refuse bad input in one sentence."""

import io
import sys

import pytest

from app import cli
from app.db import close_database, open_database
from app.domain.text import to_ascii_digits
from app.models import Case, Letter
from app.services.letters import letters, referrals
from tests import pdf_text
from tests.app.letter_helpers import order, register_case

pytestmark = pytest.mark.usefixtures("cli_login")  # commands log in as «root» (see conftest)


def run(capsys, *argv):
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    close_database()
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def issued(database_url, db, official, operator):
    case_id = register_case(operator)
    info = referrals.issue_order(official, case_id, order())[0]
    tracking = Case.get_by_id(case_id).tracking_code
    close_database()
    return database_url, info, tracking


def test_letter_pdf_with_latin_or_persian_digits(capsys, tmp_path, issued):
    url, info, _ = issued
    out_file = tmp_path / "letter.pdf"
    code, out, err = run(
        capsys, "--database", url, "letter", "pdf", to_ascii_digits(info.letter_number), "-o", str(out_file)
    )
    assert code == 0, err
    first = out_file.read_bytes()
    assert pdf_text.has_phrase(first, to_ascii_digits(info.letter_number))
    code, _, err = run(capsys, "--database", url, "letter", "pdf", info.letter_number, "-o", str(out_file))
    assert code == 0 and out_file.read_bytes() == first  # the same bytes on every print
    code, _, err = run(capsys, "--database", url, "letter", "pdf", "111/1300/99999", "-o", str(out_file))
    assert code == 1 and "نامه‌ای با شماره" in err


def test_letter_list_with_filters(capsys, issued):
    url, info, tracking = issued
    code, out, err = run(capsys, "--database", url, "letter", "list")
    assert code == 0, err
    assert out.count("\n") == 1 and info.letter_number in out and tracking in out
    code, out, _ = run(capsys, "--database", url, "letter", "list", "--status", "cancelled")
    assert code == 0 and out == ""
    code, out, _ = run(
        capsys, "--database", url, "letter", "list", "--from", "1300/01/01", "--to", "1300/01/02"
    )
    assert code == 0 and out == ""
    code, out, _ = run(capsys, "--database", url, "letter", "list", "--agency", "آب و فاضلاب", "--json")
    assert code == 0 and '"status": "issued"' in out
    code, _, err = run(capsys, "--database", url, "letter", "list", "--from", "1405/13/01")
    assert code == 1 and "--from" in err


def test_letter_issue_and_cancel_as_an_official(capsys, tmp_path, issued):
    url, info, tracking = issued
    code, out, err = run(
        capsys,
        "--database",
        url,
        "letter",
        "issue",
        "--case",
        tracking,
        "--agency",
        "شرکت توزیع نیروی برق تبریز",
        "--instruction",
        "بررسی شود",
        "--urgent",
        "--cc",
        "فرمانداری شهرستان تبریز:جهت اطلاع",
        "--pdf-dir",
        str(tmp_path),
        "--as",
        "official1",
    )
    assert code == 0, err
    number = out.split("\t")[0]
    assert to_ascii_digits(number).endswith("/00002") and len(list(tmp_path.glob("*.pdf"))) == 1
    code, _, err = run(
        capsys,
        "--database",
        url,
        "letter",
        "issue",
        "--case",
        tracking,
        "--agency",
        "1",
        "--instruction",
        "بررسی شود",
        "--as",
        "operator1",
    )
    assert code == 1 and "اجازه" in err
    code, _, err = run(
        capsys,
        "--database",
        url,
        "letter",
        "issue",
        "--case",
        tracking,
        "--agency",
        "1",
        "--instruction",
        " ",
        "--as",
        "official1",
    )
    assert code == 1 and "instruction" in err
    code, out, err = run(
        capsys, "--database", url, "letter", "cancel", number, "--reason", "آزمایش", "--as", "official1"
    )
    assert code == 0, err
    open_database(url)
    assert Letter.get(Letter.number == number).status == "cancelled"
    assert letters.find_by_number(number)
    close_database()


def test_holidays_from_the_command_line(capsys, issued):
    url, _, _ = issued
    code, out, err = run(capsys, "--database", url, "holiday", "add", "1406/01/01", "عید نوروز")
    assert code == 0, err
    code, out, _ = run(capsys, "--database", url, "holiday", "list", "--year", "1406")
    assert code == 0 and "1406/01/01" in out and "عید نوروز" in out
    code, _, err = run(capsys, "--database", url, "holiday", "add", "1406/01/01", "دوباره")
    assert code == 1 and "date" in err
    code, out, _ = run(capsys, "--database", url, "holiday", "remove", "۱۴۰۶/۰۱/۰۱")
    assert code == 0
    code, out, _ = run(capsys, "--database", url, "holiday", "list")
    assert out == ""


def test_stdin_is_not_needed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert cli.build_parser().parse_args(["letter", "list"]).func
