"""Five wrong passwords lock an account even when they arrive at once: the try is
counted in the database before its password is checked, so parallel logins check at most five. Before,
each login read the count, checked the password and wrote count + 1: on PostgreSQL, 20 logins at once
checked 20 passwords."""

import json
import threading

from app.db import database
from app.models import AuditEntry, User
from app.services.admin import users
from app.services.errors import AccountLocked, AuthenticationFailed
from tests.conftest import TEST_PASSWORD

TRIES = 20


def _at_once(username: str, password: str) -> list[str]:
    barrier = threading.Barrier(TRIES)
    outcomes: list[str] = []

    def one():
        barrier.wait(timeout=60)
        try:
            users.login(username, password)
            outcomes.append("in")
        except AccountLocked:
            outcomes.append("locked")
        except AuthenticationFailed:
            outcomes.append("wrong")
        finally:
            database.close()  # this thread's own connection

    threads = [threading.Thread(target=one) for _ in range(TRIES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def test_parallel_wrong_passwords_check_at_most_five(operator):
    outcomes = _at_once("operator1", "wrong password")
    # a checked password leaves "locked" in the entry; a refusal without a check leaves a "reason"
    checked = sum(
        "reason" not in json.loads(e.details or "{}")
        for e in AuditEntry.select().where(AuditEntry.action == "user.login_failed")
    )
    assert checked == users.MAX_FAILED_LOGINS
    assert sorted(outcomes).count("wrong") == users.MAX_FAILED_LOGINS - 1
    assert outcomes.count("locked") == TRIES - users.MAX_FAILED_LOGINS + 1
    assert User.get(User.username == "operator1").locked_until is not None
    assert _at_once("operator1", TEST_PASSWORD) == ["locked"] * TRIES  # the right one waits the lock out too
