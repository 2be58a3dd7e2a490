"""The command line refuses numbers out of range with one sentence, before anything is read or written:
`--limit 0`, a negative limit, `--agency 999…9`, `holiday list --year -1`."""

import pytest

from app.cli import main

pytestmark = pytest.mark.usefixtures("cli_login")  # `samad` logs the fixture supervisor in


@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "search", "--limit", "0"],
        ["letter", "list", "--limit", "-5"],
        ["letter", "list", "--limit", "99999999999999999999"],
        ["kb", "search", "آب", "--agency", "9999999999999999999999999"],
        ["holiday", "list", "--year", "-1"],
    ],
)
def test_a_number_out_of_range_is_one_sentence(argv, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'never.db'}"
    with pytest.raises(SystemExit) as stop:
        main(["--database", url, *argv])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "samad: error: argument" in err
    assert not (tmp_path / "never.db").exists()  # nothing created by a refused command


def test_a_reversed_date_range_is_one_sentence(db, supervisor, database_url, capsys):
    assert (
        main(["--database", database_url, "letter", "list", "--from", "1405/09/10", "--to", "1405/09/01"])
        == 1
    )
    assert capsys.readouterr().err.strip().splitlines() == [
        "samad: date_to: تاریخ پایان پیش از تاریخ آغاز است؛ بازه را درست کنید."
    ]
