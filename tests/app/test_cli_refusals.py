"""The command line never fails half-way or creates what it refuses (issue 12, point 9): each input below is
refused with one sentence on stderr and a non-zero exit, before anything is written: no row in any table, no
file or folder, no empty database file.

Seen failing before the checks: `letter issue --pdf-dir` into a file's path committed the letter, then a
traceback; a JSON list nested 5,000 deep was «unexpected error»; an empty list exited 0 having done nothing;
`call find` on a mistyped path created its folder; `samad init` turned another program's SQLite file into
ours; `migrate-to` copied into a target holding another table; `report attendance -o x.pdf` wrote a text table."""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path

import pytest

from app import cli
from app.db import close_database, open_database, parse_url
from app.models import AuditEntry, Case
from app.services.admin import transfer
from tests.app.letter_helpers import register_case
from tests.app.test_setup import table_counts
from tests.conftest import make_user

pytestmark = pytest.mark.usefixtures("cli_login")  # commands log in as «root» (see conftest)


def run(capsys, argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    close_database()
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def center(database_url, db, supervisor, operator, official, tmp_path):
    """A database with one case (its tracking code), and an empty folder to watch for stray files."""
    tracking = Case.get_by_id(register_case(operator)).tracking_code
    close_database()
    watched = tmp_path / "watched"
    watched.mkdir()
    (watched / "a-file").write_text("x")
    return database_url, tracking, watched


def _snapshot(url: str, watched: Path):
    """Rows in every table but the audit trail, the trail's actions other than logging in, the files."""
    db = open_database(url)
    counts = table_counts(db)
    counts.pop("audit_entry")
    counts.pop("audit_commit", None)  # PostgreSQL: one row per audited transaction
    actions = [a for (a,) in AuditEntry.select(AuditEntry.action).tuples() if a not in LOGIN]
    close_database()
    return counts, actions, sorted(str(p.relative_to(watched)) for p in watched.rglob("*"))


LOGIN = {"user.login", "cli.refused"}  # the person running the command logs in, a refusal may be recorded


DEEP = "[" * 5000 + "]" * 5000

# name -> argv after --database URL ({w}: the watched folder, {t}: the case's tracking code), standard input
REFUSED = {
    "letter issue --pdf-dir into a file's path": (
        [
            "letter",
            "issue",
            "--case",
            "{t}",
            "--agency",
            "1",
            "--instruction",
            "بررسی",
            "--pdf-dir",
            "{w}/a-file/x",
        ],
        None,
    ),
    "call add: JSON nested too deep": (["call", "add", "-", "--as", "root"], DEEP),
    "call add: an empty list": (["call", "add", "-", "--as", "root"], "[]"),
    "call add: a record nested too deep": (
        ["call", "add", "-", "--as", "root"],
        '[{"caller_name": ' + DEEP + "}]",
    ),
    "letter issue --agency 999…9": (
        ["letter", "issue", "--case", "{t}", "--agency", "9" * 30, "--instruction", "بررسی"],
        None,
    ),
    "kb search --agency 999…9": (["kb", "search", "آب", "--agency", "9" * 30], None),
    "letter list --limit 0": (["letter", "list", "--limit", "0"], None),
    "audit search --limit -5": (["audit", "search", "--limit", "-5"], None),
    "call find --limit 999…9": (["call", "find", "--limit", "9" * 25], None),
    "letter list: --to before --from": (
        ["letter", "list", "--from", "1405/09/10", "--to", "1405/09/01"],
        None,
    ),
    "holiday list --year -1": (["holiday", "list", "--year", "-1"], None),
    "schedule export into a missing folder": (
        ["schedule", "export", "--from", "1405/09/01", "--to", "1405/09/10", "-o", "{w}/missing/s.pdf"],
        None,
    ),
    "schedule export into a file's path": (
        ["schedule", "export", "--from", "1405/09/01", "--to", "1405/09/10", "-o", "{w}/a-file/s.pdf"],
        None,
    ),
    "report into a missing folder": (
        ["report", "attendance", "--from", "1405/09/01", "--to", "1405/09/10", "-o", "{w}/missing/r.pdf"],
        None,
    ),
    "audit export into a missing folder": (["audit", "export", "{w}/missing/a.csv"], None),
}


# Refused before the database is read: argument and path checks, the same on both databases (run on SQLite)
BEFORE_READING = {
    "kb search --agency 999…9",
    "letter list --limit 0",
    "audit search --limit -5",
    "call find --limit 999…9",
    "holiday list --year -1",
    "schedule export into a missing folder",
    "schedule export into a file's path",
    "report into a missing folder",
    "audit export into a missing folder",
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_with_one_sentence_and_nothing_written(name, database_url, request, capsys, monkeypatch):
    if name in BEFORE_READING and not parse_url(database_url).is_sqlite:
        pytest.skip("refused before the database is read: checked on SQLite")
    center = request.getfixturevalue("center")
    url, tracking, watched = center
    argv, stdin = REFUSED[name]
    argv = [a.replace("{w}", str(watched)).replace("{t}", tracking) for a in argv]
    before = _snapshot(url, watched)
    code, out, err = run(capsys, ["--database", url, *argv], stdin, monkeypatch)
    assert code not in (0, None), (name, out)
    assert "Traceback" not in err and "پیش‌بینی‌نشده" not in err, err
    lines = [line for line in err.strip().splitlines() if line.startswith("samad")]
    assert len(lines) == 1, err  # argparse adds its usage line above the sentence
    assert out == ""  # no number or code shown for something not done
    assert _snapshot(url, watched) == before


def test_a_mistyped_database_path_creates_nothing(tmp_path, capsys):
    code, _, err = run(capsys, ["--database", f"sqlite:///{tmp_path}/typo/center.db", "call", "find"])
    assert code == 1 and err.count("\n") == 1 and "samad init" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_database_file_the_user_cannot_read_is_one_sentence(sqlite_db, tmp_path, capsys):
    path = parse_url(sqlite_db.database if "://" in sqlite_db.database else f"sqlite:///{sqlite_db.database}")
    close_database()
    Path(path.path).chmod(0)
    code, _, err = run(capsys, ["--database", f"sqlite:///{path.path}", "call", "find"])
    assert code == 1 and err.count("\n") == 1 and "خواندنی" in err


def _foreign_sqlite(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('another program')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_init_refuses_a_sqlite_file_of_another_program(tmp_path, capsys):
    file = tmp_path / "other.db"
    before = _foreign_sqlite(file)
    code, out, err = run(capsys, ["--database", f"sqlite:///{file}", "init"])
    assert code == 1 and err.count("\n") == 1 and "notes" in err, err
    assert file.read_bytes() == before  # not even switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


@pytest.mark.postgres
def test_init_refuses_a_postgresql_schema_holding_other_tables(pg_schema_url, capsys):
    db = open_database(pg_schema_url)
    db.execute_sql("CREATE TABLE notes (x TEXT)")
    close_database()
    code, _, err = run(capsys, ["--database", pg_schema_url, "init"])
    assert code == 1 and "notes" in err
    db = open_database(pg_schema_url)
    assert db.get_tables() == ["notes"]


def test_migrate_to_refuses_a_target_holding_any_table(database_url, supervisor, tmp_path, capsys):
    source = database_url
    close_database()
    target = tmp_path / "target.db"
    before = _foreign_sqlite(target)
    code, out, err = run(capsys, ["--database", source, "migrate-to", f"sqlite:///{target}"])
    assert code == 1 and "notes" in err and "Traceback" not in err
    assert target.read_bytes() == before


def test_migrate_to_a_missing_folder_creates_nothing(database_url, supervisor, tmp_path, capsys):
    source = database_url
    close_database()
    code, _, err = run(capsys, ["--database", source, "migrate-to", f"sqlite:///{tmp_path}/typo/t.db"])
    assert code == 1 and not (tmp_path / "typo").exists()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_target(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'target.db'}"
    return request.getfixturevalue("pg_schema_url")


def test_a_mismatch_leaves_the_target_empty_again(sqlite_db, empty_target, monkeypatch, capsys):
    """A copy that does not verify must not stay where someone could point the PCs at it."""
    source = f"sqlite:///{sqlite_db.database}"
    make_user("root", "supervisor")
    close_database()
    real = transfer.table_fingerprint

    def altered(db, model):  # the copy of one table reads back different (a broken disk, a faulty driver)
        rows, checksum = real(db, model)
        is_target = parse_url(source).path not in str(getattr(db, "database", ""))
        return (rows, "0" * 64) if is_target and model._meta.table_name == "cases" else (rows, checksum)

    monkeypatch.setattr(transfer, "table_fingerprint", altered)
    code, out, err = run(capsys, ["--database", source, "migrate-to", empty_target])
    assert code == 1 and "MISMATCH" in out, out + err
    target = open_database(empty_target)
    assert target.get_tables() == []
    close_database()
    monkeypatch.setattr(transfer, "table_fingerprint", real)  # and the copy can then be made again
    code, out, err = run(capsys, ["--database", source, "migrate-to", empty_target])
    assert code == 0, err


@pytest.mark.parametrize("kind", ["attendance", "agencies"])
@pytest.mark.parametrize("suffix,magic", [("pdf", b"%PDF"), ("xlsx", b"PK\x03\x04"), ("csv", None)])
def test_report_without_format_writes_the_files_format(kind, suffix, magic, sqlite_db, tmp_path, capsys):
    url = f"sqlite:///{sqlite_db.database}"
    make_user("root", "supervisor")
    close_database()
    out_file = tmp_path / f"report.{suffix}"
    code, _, err = run(
        capsys,
        [
            "--database",
            url,
            "report",
            kind,
            "--from",
            "1405/09/01",
            "--to",
            "1405/09/10",
            "-o",
            str(out_file),
        ],
    )
    assert code == 0, err
    data = out_file.read_bytes()
    if magic:
        assert data.startswith(magic)
    else:
        assert "," in data.decode("utf-8-sig").splitlines()[0]
