"""Who is logged in where: one row per window session (user, machine, started, last heartbeat).

The window starts a session after its login, beats every HEARTBEAT_SECONDS, and finishes it on «خروج از حساب»
or when the program closes. A supervisor sees the open sessions (a session that has not beaten for
STALE_SECONDS is shown as not answering: the PC was switched off or lost the network) and can end one: the
ended PC's window learns it at its next beat (heartbeat() returns False) and goes back to the login screen,
so the person at that PC must log in again. Ending is in the audit trail; the heartbeats are not (they change
nothing a person did).

On PostgreSQL every PC writes the same table; on SQLite the sessions are those of the PCs sharing the file
(normally one), and the rules are the same.
"""

from __future__ import annotations

import datetime as dt
import platform
from dataclasses import dataclass

from app.db import database
from app.models import LoginSession, User, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.errors import Conflict, NotFound, ValidationError

HEARTBEAT_SECONDS = 30
STALE_SECONDS = 3 * HEARTBEAT_SECONDS
END_REASONS = ("logout", "quit", "ended")


@dataclass(frozen=True)
class SessionRow:
    id: int
    username: str
    full_name: str
    role: str
    machine: str
    started_at: dt.datetime  # naive UTC
    last_seen_at: dt.datetime
    answering: bool  # beat within STALE_SECONDS


def machine_name() -> str:
    """This PC's name as the network knows it (what a supervisor recognises)."""
    return (platform.node() or "?")[:120]


def start(actor: Actor, machine: str | None = None, now: dt.datetime | None = None) -> int:
    """A window session of `actor` begins on this PC; returns its id (kept by the window for its beats)."""
    if actor.user_id is None:
        raise ValidationError({"user": "نشست فقط برای کاربری که وارد شده است باز می‌شود."})
    now = now or utcnow()
    with database.atomic():
        return LoginSession.create(
            user=actor.user_id,
            machine=(machine or machine_name())[:120],
            started_at=now,
            last_seen_at=now,
            end_reason="",
        ).id


def heartbeat(session_id: int, now: dt.datetime | None = None) -> bool:
    """The session is still in use. False when it was ended (by a supervisor) or is unknown: the window must
    then go back to the login."""
    with database.atomic():
        beaten = (
            LoginSession.update(last_seen_at=now or utcnow())
            .where((LoginSession.id == session_id) & LoginSession.ended_at.is_null())
            .execute()
        )
    return beaten == 1


def is_open(session_id: int) -> bool:
    return (
        LoginSession.select()
        .where((LoginSession.id == session_id) & LoginSession.ended_at.is_null())
        .exists()
    )


def finish(session_id: int | None, reason: str = "logout", now: dt.datetime | None = None) -> None:
    """The person logged out or closed the program (an already ended session stays as it was)."""
    if session_id is None:
        return
    if reason not in END_REASONS:
        raise ValueError(reason)
    with database.atomic():
        LoginSession.update(ended_at=now or utcnow(), end_reason=reason).where(
            (LoginSession.id == session_id) & LoginSession.ended_at.is_null()
        ).execute()


def open_sessions(actor: Actor, now: dt.datetime | None = None) -> list[SessionRow]:
    """The sessions not ended, newest first, for the supervisor's «نشست‌ها» tab."""
    require(actor, "manage_users")
    now = now or utcnow()
    rows = (
        LoginSession.select(LoginSession, User)
        .join(User, on=(LoginSession.user == User.id))
        .where(LoginSession.ended_at.is_null())
        .order_by(LoginSession.started_at.desc(), LoginSession.id.desc())
    )
    return [
        SessionRow(
            s.id,
            s.user.username,
            s.user.full_name,
            s.user.role,
            s.machine,
            s.started_at,
            s.last_seen_at,
            (now - s.last_seen_at).total_seconds() <= STALE_SECONDS,
        )
        for s in rows
    ]


def end_session(
    actor: Actor, session_id: int, *, own_session_id: int | None = None, now: dt.datetime | None = None
) -> SessionRow:
    """A supervisor ends another person's session: that PC's window returns to the login at its next beat.
    Recorded in the audit trail (who ended whose session on which machine)."""
    require(actor, "manage_users")
    if own_session_id is not None and session_id == own_session_id:
        raise ValidationError({"session": "نشست خودتان را با «خروج از حساب» ببندید."})
    now = now or utcnow()
    with database.atomic():
        session = LoginSession.get_or_none(LoginSession.id == session_id)
        if session is None:
            raise NotFound("چنین نشستی نیست.")
        ended = (
            LoginSession.update(ended_at=now, ended_by=actor.user_id, end_reason="ended")
            .where((LoginSession.id == session_id) & LoginSession.ended_at.is_null())
            .execute()
        )
        if ended != 1:
            raise Conflict("این نشست پیش‌تر بسته شده است؛ فهرست را تازه کنید.")
        user = session.user
        audit.record(
            actor,
            "user.end_session",
            "user",
            user.id,
            username=user.username,
            machine=session.machine,
            started_at=session.started_at,
        )
    return SessionRow(
        session.id,
        user.username,
        user.full_name,
        user.role,
        session.machine,
        session.started_at,
        session.last_seen_at,
        False,
    )
