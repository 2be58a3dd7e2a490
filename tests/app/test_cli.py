"""The `samad` command: every argument error is one sentence and a non-zero exit; data never half-changed."""

import io
import subprocess
import sys

import pytest

from app import __version__, cli
from app.db import close_database, open_database
from app.models import User


def run(capsys, monkeypatch, *argv, stdin: str | None = None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    close_database()
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def url(database_url):
    return database_url


def test_version_and_help(capsys, monkeypatch):
    assert run(capsys, monkeypatch, "--version")[:2] == (0, f"samad {__version__}\n")
    code, out, _ = run(capsys, monkeypatch, "--help")
    assert code == 0 and "init" in out and "user" in out and "--database" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["--colour"],
        ["user", "add"],
        ["user", "add", "x", "--role", "king", "--full-name", "y"],
    ],
)
def test_bad_arguments_exit_2_with_a_sentence(capsys, monkeypatch, argv):
    code, _, err = run(capsys, monkeypatch, *argv)
    assert code == 2
    assert "samad: error:" in err


def test_init_then_user_add_and_list(capsys, monkeypatch, url):
    code, out, _ = run(capsys, monkeypatch, "--database", url, "init")
    assert code == 0 and "schema version" in out
    code, out, _ = run(capsys, monkeypatch, "--database", url, "init")  # still no account: no login needed
    assert code == 0 and "nothing changed" in out
    first = [
        "--database",
        url,
        "user",
        "add",
        "root",
        "--role",
        "supervisor",
        "--full-name",
        "ناظر",
        "--password-stdin",
    ]
    assert (
        run(capsys, monkeypatch, *first, stdin="root password\n")[0] == 0
    )  # the first account, as at first start
    code, out, err = run(
        capsys,
        monkeypatch,
        "--database",
        url,
        "user",
        "add",
        "sara",
        "--role",
        "official",
        "--full-name",
        "سارا محمدی",
        "--title",
        "معاون استاندار",
        "--as",
        "root",
        "--password-stdin",
        stdin="root password\na long password\n",
    )  # the login's password, then the new one
    assert code == 0, err
    code, out, _ = run(
        capsys,
        monkeypatch,
        "--database",
        url,
        "user",
        "list",
        "--as",
        "root",
        "--password-stdin",
        stdin="root password\n",
    )
    assert "sara\tofficial\tactive\tسارا محمدی\tمعاون استاندار" in out
    code, out, err = run(capsys, monkeypatch, "--database", url, "init")
    assert code == 1 and "--as" in err  # now the database has accounts: only a supervisor upgrades it
    code, out, err = run(
        capsys,
        monkeypatch,
        "--database",
        url,
        "init",
        "--as",
        "sara",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert code == 1 and "اجازه" in err


def test_duplicate_and_short_password_refused_without_change(capsys, monkeypatch, url):
    run(capsys, monkeypatch, "--database", url, "init")
    assert (
        run(
            capsys,
            monkeypatch,
            "--database",
            url,
            "user",
            "add",
            "root",
            "--role",
            "supervisor",
            "--full-name",
            "ناظر",
            "--password-stdin",
            stdin="root password\n",
        )[0]
        == 0
    )
    args = [
        "--database",
        url,
        "user",
        "add",
        "ali",
        "--role",
        "operator",
        "--full-name",
        "علی",
        "--password-stdin",
        "--as",
        "root",
    ]
    assert run(capsys, monkeypatch, *args, stdin="root password\ngood password\n")[0] == 0
    code, _, err = run(capsys, monkeypatch, *args, stdin="root password\nanother password\n")
    assert code == 1 and "پیش‌تر ثبت شده" in err
    code, _, err = run(
        capsys,
        monkeypatch,
        "--database",
        url,
        "user",
        "add",
        "reza",
        "--role",
        "operator",
        "--full-name",
        "رضا",
        "--password-stdin",
        "--as",
        "root",
        stdin="root password\nshort\n",
    )
    assert code == 1 and "password" in err
    open_database(url)
    assert sorted(u.username for u in User.select()) == ["ali", "root"]


def test_commands_on_an_empty_database_ask_for_init(capsys, monkeypatch, tmp_path):
    code, _, err = run(capsys, monkeypatch, "--database", f"sqlite:///{tmp_path / 'new.db'}", "user", "list")
    assert code == 1 and "samad init" in err


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://root@localhost/x", "Unsupported database URL"),
        ("postgresql://nobody@127.0.0.1:1/none", "Cannot open the database"),
    ],
)
def test_bad_database_urls(capsys, monkeypatch, url, message):
    code, _, err = run(capsys, monkeypatch, "--database", url, "init")
    assert code == 1 and message in err
    assert err.count("\n") == 1  # one sentence, no traceback


def test_not_a_sqlite_file(capsys, monkeypatch, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello " * 50)
    code, _, err = run(capsys, monkeypatch, "--database", f"sqlite:///{notes}", "init")
    assert code == 1 and "not a SQLite database" in err
    assert notes.read_text() == "hello " * 50


def test_environment_variable_selects_the_database(capsys, monkeypatch, tmp_path):
    target = tmp_path / "env.db"
    monkeypatch.setenv("SAMAD_DATABASE_URL", f"sqlite:///{target}")
    code, out, _ = run(capsys, monkeypatch, "init")
    assert code == 0 and str(target) in out and target.exists()


def test_settings_file_selects_the_database(capsys, monkeypatch, tmp_path):
    from app import local_settings

    target = tmp_path / "configured.db"
    local_settings.save({"database_url": f"sqlite:///{target}"})
    try:
        code, out, _ = run(capsys, monkeypatch, "info")
        assert code == 0 and str(target) in out
    finally:
        local_settings.settings_file().unlink()


def test_python_dash_m_app_is_the_same_program():
    result = subprocess.run(
        [sys.executable, "-m", "app", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == f"samad {__version__}"
