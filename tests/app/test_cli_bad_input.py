"""Bad input at the command line's login, one table of cases: a wrong password, a locked account, a role that
may not run the command, an unknown user. Each: one sentence on stderr, exit 1, nothing on stdout, no data
changed (cases, referrals, letters, their numbers, users), and the attempt in the audit trail without the
password typed."""

import json

import pytest

from app.db import close_database, open_database
from app.models import AuditEntry, Case, Letter, LetterCounter, Referral, User
from app.services.letters import referrals
from tests.app.letter_helpers import order, register_case
from tests.app.test_cli import run as cli_run
from tests.conftest import TEST_PASSWORD

SECRET = "Tr0ub4dor&3-typed"


@pytest.fixture
def url(database_url, db, supervisor, operator, official):
    case_id = register_case(operator)
    referrals.issue_order(official, case_id, order())
    ISSUE[3] = Case.get_by_id(case_id).tracking_code  # a real case: only the role stands in the way
    close_database()
    return database_url


def data(url):
    open_database(url)
    try:
        return {
            "cases": Case.select().count(),
            "referrals": Referral.select().count(),
            "letters": [(x.number, x.status) for x in Letter.select().order_by(Letter.id)],
            "counters": [(c.year, c.last_serial) for c in LetterCounter.select()],
            "users": [
                (u.username, u.role, u.active, u.password_hash) for u in User.select().order_by(User.id)
            ],
        }
    finally:
        close_database()


def lock(capsys, monkeypatch, url):
    for _ in range(5):
        cli_run(
            capsys,
            monkeypatch,
            "--database",
            url,
            "user",
            "list",
            "--as",
            "operator1",
            "--password-stdin",
            stdin="no\n",
        )


ISSUE = [
    "letter",
    "issue",
    "--case",
    "X",
    "--agency",
    "شرکت توزیع نیروی برق تبریز",
    "--instruction",
    "بررسی شود",
]
CASES = {
    # name: (user, password, argv, setup, words in the sentence, audit action, audit reason)
    "wrong password": ("root", SECRET, ["user", "list"], None, "نادرست", "user.login_failed"),
    "locked account": ("operator1", TEST_PASSWORD, ["letter", "list"], lock, "قفل", "user.login_failed"),
    "role not allowed": ("operator1", TEST_PASSWORD, ISSUE, None, "اجازه", "cli.refused"),
    "unknown user": ("nobody", SECRET, ["letter", "list"], None, "نادرست", "user.login_failed"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_login_input_is_one_sentence_changes_nothing_and_is_audited(capsys, monkeypatch, url, case):
    user, password, argv, setup, words, action = CASES[case]
    if setup:
        setup(capsys, monkeypatch, url)
    before = data(url)
    open_database(url)
    first_new = AuditEntry.select().count()
    close_database()
    code, out, err = cli_run(
        capsys, monkeypatch, "--database", url, *argv, "--as", user, "--password-stdin", stdin=password + "\n"
    )
    assert code == 1 and out == "", (case, out)
    assert err.count("\n") == 1 and words in err, (case, err)
    assert data(url) == before, case
    open_database(url)
    added = list(AuditEntry.select().order_by(AuditEntry.id).offset(first_new))
    close_database()
    assert added and added[-1].action == action and added[-1].username == user, case
    assert json.loads(added[-1].details).get("via") == "cli" or action == "cli.refused"
    assert not any(password in e.details for e in added) or password == TEST_PASSWORD
    assert not any(SECRET in e.details for e in added)
