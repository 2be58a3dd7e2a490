"""`samad` logs a person in before it acts: wrong password, locked account, unknown user, a role that may not
run the command, a password file others can read: one sentence, exit 1, nothing changed, the attempt audited
(never the password). Scripts use a service account whose password sits in an owner-only file."""

import json

import pytest

from app.db import close_database, open_database
from app.models import AuditEntry, User
from app.services.admin import audit, users
from app.services.errors import AuthenticationFailed
from tests.app.letter_helpers import order, register_case
from tests.app.test_cli import run as cli_run
from tests.conftest import TEST_PASSWORD


def run(capsys, monkeypatch, url, *argv, stdin=None):
    return cli_run(capsys, monkeypatch, "--database", url, *argv, stdin=stdin or "")


@pytest.fixture
def url(database_url, db, supervisor, operator, official):
    close_database()
    return database_url


def entries(url, action):
    open_database(url)
    rows = [
        (e.username, json.loads(e.details))
        for e in AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id)
    ]
    close_database()
    return rows


def test_without_a_login_only_harmless_commands_run(capsys, monkeypatch, url):
    assert run(capsys, monkeypatch, url, "info")[0] == 0
    for argv in (["user", "list"], ["letter", "list"], ["audit", "verify"], ["backup"]):
        code, out, err = run(capsys, monkeypatch, url, *argv)
        assert code == 1 and "--as" in err and err.count("\n") == 1, argv


def test_wrong_password_is_refused_and_audited_without_the_password(capsys, monkeypatch, url):
    code, out, err = run(
        capsys,
        monkeypatch,
        url,
        "user",
        "list",
        "--as",
        "root",
        "--password-stdin",
        stdin="not my password\n",
    )
    assert code == 1 and out == "" and "نادرست" in err and err.count("\n") == 1
    failed = entries(url, "user.login_failed")
    assert failed and failed[-1] == ("root", {"locked": False, "via": "cli"})
    open_database(url)
    assert "not my password" not in "".join(e.details for e in AuditEntry.select())
    close_database()


def test_unknown_user_is_refused_and_audited(capsys, monkeypatch, url):
    code, _, err = run(
        capsys, monkeypatch, url, "letter", "list", "--as", "nobody", "--password-stdin", stdin="x\n"
    )
    assert code == 1 and "نادرست" in err
    assert entries(url, "user.login_failed")[-1] == ("nobody", {"reason": "unknown", "via": "cli"})


def test_five_wrong_passwords_lock_the_account_as_in_the_window(capsys, monkeypatch, url):
    for _ in range(users.MAX_FAILED_LOGINS):
        run(
            capsys,
            monkeypatch,
            url,
            "letter",
            "list",
            "--as",
            "operator1",
            "--password-stdin",
            stdin="guess 1234\n",
        )
    code, _, err = run(
        capsys,
        monkeypatch,
        url,
        "letter",
        "list",
        "--as",
        "operator1",
        "--password-stdin",
        stdin=TEST_PASSWORD + "\n",
    )
    assert code == 1 and "قفل" in err
    open_database(url)
    with pytest.raises(AuthenticationFailed):  # the window sees the same lock
        users.login("operator1", TEST_PASSWORD)
    close_database()


@pytest.mark.parametrize(
    "argv",
    [
        ["user", "add", "eve", "--role", "supervisor", "--full-name", "ایو"],
        ["user", "reset-password", "root"],
        ["audit", "export", "audit.csv"],
        ["audit", "verify"],
        ["backup", "backup.db"],
        ["kb", "reindex"],
        ["migrate-to", "sqlite:///other.db"],
    ],
)
def test_an_operator_cannot_do_what_the_window_forbids(capsys, monkeypatch, url, tmp_path, argv):
    work = tmp_path / "out"
    work.mkdir()
    monkeypatch.chdir(work)
    open_database(url)
    before = AuditEntry.select().count()
    close_database()
    code, out, err = run(
        capsys,
        monkeypatch,
        url,
        *argv,
        "--as",
        "operator1",
        "--password-stdin",
        stdin=f"{TEST_PASSWORD}\nnew password 12\n",
    )
    assert code == 1 and "اجازه" in err and err.count("\n") == 1, err
    assert not list(work.iterdir())  # no file written
    refused = entries(url, "cli.refused")
    assert refused[-1][0] == "operator1" and refused[-1][1]["command"].startswith(argv[0])
    open_database(url)
    # only the login and the refusal were added
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)][before:] == [
        "user.login",
        "cli.refused",
    ]
    assert User.select().count() == 3
    close_database()


def test_a_password_file_others_can_read_is_refused(capsys, monkeypatch, url, tmp_path):
    file = tmp_path / "pw"
    file.write_text(TEST_PASSWORD + "\n")
    file.chmod(0o644)
    code, _, err = run(
        capsys, monkeypatch, url, "letter", "list", "--as", "root", "--password-file", str(file)
    )
    assert code == 1 and "chmod 600" in err
    file.chmod(0o600)
    assert (
        run(capsys, monkeypatch, url, "letter", "list", "--as", "root", "--password-file", str(file))[0] == 0
    )


def test_the_service_account_backs_up_and_verifies_but_reads_no_case(capsys, monkeypatch, url, tmp_path):
    pw = tmp_path / "backup-password"
    pw.write_text("service password 1\n")
    pw.chmod(0o600)
    code, _, err = run(
        capsys,
        monkeypatch,
        url,
        "user",
        "add",
        "nightly",
        "--role",
        "service",
        "--full-name",
        "پشتیبان شبانه",
        "--as",
        "root",
        "--password-stdin",
        stdin=f"{TEST_PASSWORD}\nservice password 1\n",
    )
    assert code == 0, err
    monkeypatch.setenv("SAMAD_USER", "nightly")
    monkeypatch.setenv("SAMAD_PASSWORD_FILE", str(pw))
    code, out, err = run(capsys, monkeypatch, url, "backup", str(tmp_path / "b.db"))
    assert code == 0, err
    code, out, err = run(capsys, monkeypatch, url, "audit", "verify")
    assert code == 0 and "سالم" in out, err
    code, _, err = run(capsys, monkeypatch, url, "letter", "list")
    assert code == 1 and "اجازه" in err
    open_database(url)
    with pytest.raises(AuthenticationFailed):  # a script's account never opens the window
        users.login("nightly", "service password 1")
    close_database()


def test_letter_pdf_and_list_are_recorded_as_exports(capsys, monkeypatch, url, tmp_path, official, operator):
    from app.services.letters import referrals

    open_database(url)
    info = referrals.issue_order(official, register_case(operator), order())[0]
    close_database()
    base = ["--as", "operator1", "--password-stdin"]
    assert (
        run(
            capsys,
            monkeypatch,
            url,
            "letter",
            "pdf",
            info.letter_number,
            "-o",
            str(tmp_path / "l.pdf"),
            *base,
            stdin=TEST_PASSWORD + "\n",
        )[0]
        == 0
    )
    assert run(capsys, monkeypatch, url, "letter", "list", *base, stdin=TEST_PASSWORD + "\n")[0] == 0
    exports = entries(url, "export.letter_pdf") + entries(url, "export.letter_list")
    assert [(who, d["what"]) for who, d in exports] == [
        ("operator1", "letter_pdf"),
        ("operator1", "letter_list"),
    ]


def test_init_upgrades_an_older_database_for_its_supervisor_only(capsys, monkeypatch, tmp_path):
    from app import migrations
    from app.migrations import m0015_audit_chain
    from app.services.admin.passwords import hash_password

    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = open_database(url)
    migrations.upgrade(db, target=m0015_audit_chain.VERSION - 1)  # a release before the hash chain
    before = migrations.current_version(db)
    for name, role in (("root", "supervisor"), ("ali", "operator")):
        db.execute_sql(
            'INSERT INTO "user" (username, full_name, title, role, password_hash, active, failed_logins, '
            "created_at) VALUES (?, ?, '', ?, ?, 1, 0, '2026-01-01 00:00:00')",
            (name, name, role, hash_password(TEST_PASSWORD)),
        )
    close_database()
    code, _, err = run(
        capsys, monkeypatch, url, "init", "--as", "ali", "--password-stdin", stdin=TEST_PASSWORD + "\n"
    )
    assert code == 1 and "ناظر" in err
    code, _, err = run(
        capsys, monkeypatch, url, "init", "--as", "root", "--password-stdin", stdin="wrong one\n"
    )
    assert code == 1 and "نادرست" in err
    assert migrations.current_version(open_database(url)) == before  # nothing changed
    close_database()
    code, out, err = run(
        capsys, monkeypatch, url, "init", "--as", "root", "--password-stdin", stdin=TEST_PASSWORD + "\n"
    )
    assert code == 0, err
    db = open_database(url)
    assert migrations.current_version(db) == migrations.latest_version()
    assert AuditEntry.select().where(AuditEntry.action == "user.login").count() == 1
    assert audit.verify_chain(db).ok
    close_database()
