"""`samad report KIND --from --to [--format] -o FILE` for the calls, outcomes, guidance and monthly kinds: files written whole, or refused
with one sentence naming the option, leaving no file."""

import csv
import io
import os

import pytest
from openpyxl import load_workbook

from app import cli
from app.cli.report import KINDS
from app.db import close_database
from tests.app import report_data
from tests.conftest import make_user
from tests.pdf_text import missing_words, words

pytestmark = pytest.mark.usefixtures("cli_login")  # commands log in as «root» (see conftest)

OUR_KINDS = [
    "calls-by-type",
    "calls-by-category",
    "calls-by-county",
    "calls-by-channel",
    "calls-by-operator",
    "calls-by-hour",
    "calls-by-day",
    "calls-by-agency",
    "outcomes",
    "guidance",
    "monthly",
]


@pytest.fixture
def url(database_url, db, supervisor, operator):
    report_data.build(operator, make_user("operator2", "operator"))
    return database_url


def run(capsys, url, *argv):
    try:
        code = cli.main(["--database", url, "report", *argv])
    except SystemExit as exc:
        code = exc.code
    close_database()
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_kind_is_registered():
    assert set(OUR_KINDS) <= set(KINDS) and {"agencies", "attendance"} <= set(KINDS)


@pytest.mark.parametrize("kind", OUR_KINDS)
def test_each_kind_prints_a_table(capsys, url, kind):
    code, out, err = run(capsys, url, kind, "--from", "1405/08/01", "--to", "۱۴۰۵/۰۸/۳۰")
    assert code == 0, err
    assert "1405-08-01_1405-08-30" in out and "جمع" in out or kind == "monthly"


def test_calls_by_county_text_figures(capsys, url):
    _, out, _ = run(capsys, url, "calls-by-county", "--from", "1405/08/01", "--to", "1405/08/30")
    assert "تبریز\t4\t66.7%\t1\t3\t1" in out.splitlines()


def test_files_in_each_format(capsys, url, tmp_path):
    pdf, xlsx, data = tmp_path / "type.pdf", tmp_path / "county.xlsx", tmp_path / "day.dat"
    assert (
        run(capsys, url, "calls-by-type", "--from", "1405/08/01", "--to", "1405/08/30", "-o", str(pdf))[0]
        == 0
    )
    assert not missing_words(words(pdf.read_bytes()), "تماس‌ها به تفکیک نوع درخواست سؤال و راهنمایی")
    assert (
        run(capsys, url, "calls-by-county", "--from", "1405/08/01", "--to", "1405/08/30", "-o", str(xlsx))[0]
        == 0
    )
    assert load_workbook(xlsx).active["A5"].value == "تبریز"
    code, out, _ = run(
        capsys,
        url,
        "calls-by-day",
        "--from",
        "1405/08/01",
        "--to",
        "1405/08/30",
        "--format",
        "csv",
        "-o",
        str(data),
    )
    assert code == 0 and str(data) in out
    rows = list(csv.reader(io.StringIO(data.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 32 and rows[1][:2] == ["2026-10-23", "1405/08/01"]


def test_monthly_pdf(capsys, url, tmp_path):
    target = tmp_path / "monthly.pdf"
    code, _, err = run(
        capsys, url, "monthly", "--from", "1405/08/01", "--to", "1405/08/30", "-o", str(target)
    )
    assert code == 0, err
    assert not missing_words(words(target.read_bytes()), "گزارش ماهانه مرکز ارتباطات مردمی به استاندار آبان")


@pytest.mark.parametrize(
    "dates, option, words_in_message",
    [
        (("1405/12/31", "1405/12/31"), "--from", "وجود ندارد"),
        (("1405/08/30", "1405/08/01"), "--to", "پیش از آغاز"),
        (("1405/08/01", "tomorrow"), "--to", "۱۴۰۵/۰۹/۰۸"),
    ],
)
def test_bad_periods_name_the_option_and_write_nothing(
    capsys, url, tmp_path, dates, option, words_in_message
):
    target = tmp_path / "out" / "r.pdf"
    target.parent.mkdir()
    code, _, err = run(capsys, url, "calls-by-type", "--from", dates[0], "--to", dates[1], "-o", str(target))
    assert code == 1 and f"samad: {option}:" in err and words_in_message in err
    assert not os.listdir(target.parent)


def test_unwritable_output_names_the_option(capsys, url, tmp_path):
    code, _, err = run(
        capsys,
        url,
        "calls-by-type",
        "--from",
        "1405/08/01",
        "--to",
        "1405/08/30",
        "-o",
        str(tmp_path / "missing" / "r.pdf"),
    )
    assert code == 1 and "samad: -o:" in err and "وجود ندارد" in err
    code, _, err = run(
        capsys,
        url,
        "calls-by-type",
        "--from",
        "1405/08/01",
        "--to",
        "1405/08/30",
        "-o",
        str(tmp_path / "r.docx"),
    )
    assert code == 1 and "samad: --format:" in err
    # the registry checks the path for every kind, agencies and attendance too
    for kind in ("agencies", "attendance"):
        code, _, err = run(
            capsys,
            url,
            kind,
            "--from",
            "1405/08/01",
            "--to",
            "1405/08/30",
            "-o",
            str(tmp_path / "missing" / "r.pdf"),
        )
        assert code == 1 and "samad: -o:" in err and not (tmp_path / "missing").exists()


def test_leap_day_is_a_date(capsys, url):
    code, out, err = run(capsys, url, "calls-by-type", "--from", "1403/12/30", "--to", "1403/12/30")
    assert code == 0 and "جمع\t0" in out, err


def test_rebuild_summaries_recounts_cases_written_past_the_services(capsys, url):
    """A case moved by hand (past the services) is counted where it now is once a supervisor runs
    `samad rebuild-summaries`; an operator may not run it."""
    from app.db import open_database
    from app.models import Case

    open_database(url)
    Case.update(created_at=report_data.at(8, 3, 10, 0)).where(
        Case.id == Case.select(Case.id).first().id
    ).execute()
    close_database()
    _, before, _ = run(capsys, url, "calls-by-day", "--from", "1405/08/03", "--to", "1405/08/03")
    try:
        code = cli.main(["--database", url, "rebuild-summaries"])
    except SystemExit as exc:
        code = exc.code
    close_database()
    assert code == 0 and "case summary rebuilt" in capsys.readouterr().out
    _, after, _ = run(capsys, url, "calls-by-day", "--from", "1405/08/03", "--to", "1405/08/03")
    assert before != after
    code = cli.main(["--database", url, "rebuild-summaries", "--as", "operator1"])
    close_database()
    assert code == 1
