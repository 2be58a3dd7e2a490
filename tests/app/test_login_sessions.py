"""Who is logged in where: a window session starts at login, beats, and ends at log-out; a supervisor sees
the open ones (with the machine) and ends one, which that PC's next heartbeat reports (the window then goes
back to the login). On PostgreSQL the application role, which the PCs use, can do all of it."""

import datetime as dt
import json

import pytest

from app.models import AuditEntry, LoginSession
from app.services.admin import login_sessions
from app.services.errors import Conflict, PermissionDenied, ValidationError
from tests.app.test_pg_roles import app_role  # noqa: F401  (the PostgreSQL application-role fixture)

# Granting a role touches the database's own row (its ACL): two grants at once on two workers fail with
# "tuple concurrently updated", so every test that grants runs on one worker (pytest --dist loadgroup).
pytestmark = pytest.mark.xdist_group("pg_roles")

T0 = dt.datetime(2026, 12, 3, 8, 0)


def test_a_session_is_listed_with_its_machine_until_logout(supervisor, operator):
    mine = login_sessions.start(supervisor, "PC-SUPERVISOR", now=T0)
    theirs = login_sessions.start(operator, "PC-07", now=T0 + dt.timedelta(minutes=1))
    rows = login_sessions.open_sessions(supervisor, now=T0 + dt.timedelta(minutes=1))
    assert [(r.username, r.machine) for r in rows] == [("operator1", "PC-07"), ("root", "PC-SUPERVISOR")]
    assert all(r.answering for r in rows)
    # no beat for longer than STALE_SECONDS: still open, shown as not answering
    later = T0 + dt.timedelta(minutes=10)
    assert login_sessions.heartbeat(mine, now=later) is True
    rows = {r.id: r for r in login_sessions.open_sessions(supervisor, now=later)}
    assert rows[mine].answering and not rows[theirs].answering
    login_sessions.finish(theirs, "logout", now=later)
    assert [r.id for r in login_sessions.open_sessions(supervisor, now=later)] == [mine]
    assert login_sessions.heartbeat(theirs) is False  # a logged-out session beats no more
    assert LoginSession.get_by_id(theirs).end_reason == "logout"


def test_a_supervisor_ends_a_session_and_that_pc_learns_it_at_its_next_beat(supervisor, operator):
    mine = login_sessions.start(supervisor, "PC-SUPERVISOR")
    theirs = login_sessions.start(operator, "PC-07")
    assert login_sessions.heartbeat(theirs) is True
    ended = login_sessions.end_session(supervisor, theirs, own_session_id=mine)
    assert ended.username == "operator1" and ended.machine == "PC-07"
    assert login_sessions.heartbeat(theirs) is False and not login_sessions.is_open(theirs)
    row = LoginSession.get_by_id(theirs)
    assert row.end_reason == "ended" and row.ended_by_id == supervisor.user_id
    entry = AuditEntry.select().where(AuditEntry.action == "user.end_session").get()
    assert entry.username == "root" and json.loads(entry.details)["machine"] == "PC-07"
    with pytest.raises(Conflict):  # ended once only
        login_sessions.end_session(supervisor, theirs)
    # the person logs in again at that PC: a new session, which beats
    again = login_sessions.start(operator, "PC-07")
    assert login_sessions.heartbeat(again) is True


def test_only_a_supervisor_sees_or_ends_sessions_and_not_their_own(supervisor, operator, official):
    mine = login_sessions.start(supervisor, "PC-SUPERVISOR")
    theirs = login_sessions.start(operator, "PC-07")
    before = AuditEntry.select().count()
    for who in (operator, official):
        with pytest.raises(PermissionDenied):
            login_sessions.open_sessions(who)
        with pytest.raises(PermissionDenied):
            login_sessions.end_session(who, mine)
    with pytest.raises(ValidationError, match="خروج از حساب"):
        login_sessions.end_session(supervisor, mine, own_session_id=mine)
    assert login_sessions.is_open(mine) and login_sessions.is_open(theirs)
    assert AuditEntry.select().count() == before  # nothing changed, nothing recorded


@pytest.mark.postgres
def test_the_application_role_keeps_sessions(app_role):  # noqa: F811
    from app.db import close_database, open_database
    from tests.conftest import make_user

    _owner, _role, app_url = app_role
    supervisor, operator = make_user("root", "supervisor"), make_user("operator1", "operator")
    close_database()
    open_database(app_url)
    theirs = login_sessions.start(operator, "PC-07")
    assert login_sessions.heartbeat(theirs)
    login_sessions.end_session(supervisor, theirs)
    assert not login_sessions.heartbeat(theirs)
