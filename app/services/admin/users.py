"""Users: the first supervisor, accounts, login with lockout, password resets."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import peewee

from app.db import database
from app.domain.roles import ROLE_LABELS, Role
from app.domain.text import has_control_chars, normalize_line, to_persian_digits
from app.models import User, utcnow
from app.services.actor import SYSTEM, Actor, require
from app.services.admin import audit
from app.services.admin.passwords import hash_password, password_problem, verify_password
from app.services.cases import sort_ranks
from app.services.errors import (
    AccountLocked,
    AuthenticationFailed,
    Conflict,
    NotFound,
    ValidationError,
)

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
USERNAME_RE = re.compile(r"[a-z][a-z0-9_.-]{2,29}", re.ASCII)


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    title: str
    role: Role
    active: bool
    locked_until: dt.datetime | None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def _info(u: User) -> UserInfo:
    return UserInfo(u.id, u.username, u.full_name, u.title, Role(u.role), u.active, u.locked_until)


def has_users() -> bool:
    return User.select().exists()


HIDDEN_CHARACTERS = "نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."


def _validate(username: str, role: str, full_name: str, title: str, password: str) -> dict:
    errors = {}
    username = (username or "").strip().lower()
    if not USERNAME_RE.fullmatch(username):
        errors["username"] = "نام کاربری باید ۳ تا ۳۰ حرف لاتین کوچک، رقم یا _ . - باشد و با حرف شروع شود."
    try:
        role = Role(role)
    except ValueError:
        errors["role"] = "نقش باید یکی از کارشناس، مسئول، ناظر یا حساب خودکار باشد."
    for field, raw in (("full_name", full_name), ("title", title)):
        if isinstance(raw, str) and has_control_chars(raw):
            errors[field] = ("نام" if field == "full_name" else "عنوان") + " " + HIDDEN_CHARACTERS
    full_name = normalize_line(full_name or "")
    if "full_name" in errors:
        pass
    elif not full_name:
        errors["full_name"] = "نام و نام خانوادگی را بنویسید."
    elif len(full_name) > 120:
        errors["full_name"] = "نام بیش از ۱۲۰ نویسه است."
    title = normalize_line(title or "")
    if "title" in errors:
        pass
    elif len(title) > 150:
        errors["title"] = "عنوان بیش از ۱۵۰ نویسه است."
    if role == Role.OFFICIAL and not title and "role" not in errors:
        errors["title"] = "عنوان مسئول (که زیر نامه چاپ می‌شود) را بنویسید."
    problem = password_problem(password)
    if problem:
        errors["password"] = problem
    if errors:
        raise ValidationError(errors)
    return {"username": username, "role": role, "full_name": full_name, "title": title}


def _create(actor: Actor, username, role, full_name, title, password) -> UserInfo:
    values = _validate(username, role, full_name, title, password)
    if User.select().where(User.username == values["username"]).exists():
        raise ValidationError({"username": f"نام کاربری «{values['username']}» پیش‌تر ثبت شده است."})
    try:
        user = User.create(password_hash=hash_password(password), **values)
    except peewee.IntegrityError as exc:
        raise ValidationError({"username": f"نام کاربری «{values['username']}» پیش‌تر ثبت شده است."}) from exc
    sort_ranks.user_placed(user.id)  # its place in name order, for the register's sort (migration 35)
    audit.record(
        actor,
        "user.create",
        "user",
        user.id,
        username=user.username,
        role=str(user.role),
        full_name=user.full_name,
        title=user.title,
    )
    return _info(user)


def create_first_supervisor(username: str, full_name: str, password: str, title: str = "") -> UserInfo:
    """Only while the database has no user at all: the first start's account."""
    with database.atomic():
        if has_users():
            raise Conflict("حساب ناظر پیش‌تر ساخته شده است؛ با آن وارد شوید.")
        return _create(SYSTEM, username, Role.SUPERVISOR, full_name, title, password)


def create_user(
    actor: Actor, username: str, role: str, full_name: str, password: str, title: str = ""
) -> UserInfo:
    require(actor, "manage_users")
    with database.atomic():
        return _create(actor, username, role, full_name, title, password)


def list_users() -> list[UserInfo]:
    return [_info(u) for u in User.select().order_by(User.username)]


def _get(username: str) -> User:
    user = User.get_or_none(User.username == (username or "").strip().lower())
    if user is None:
        raise NotFound(f"کاربری با نام «{username}» نیست.")
    return user


def _locked_message(user: User, now: dt.datetime) -> AccountLocked:
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        return AccountLocked(
            f"این حساب به سبب گذرواژه‌های نادرست پیاپی تا {to_persian_digits(str(minutes))} دقیقه دیگر قفل است."
        )
    return AccountLocked(
        f"این حساب به سبب گذرواژه‌های نادرست پیاپی تا {to_persian_digits(str(LOCK_MINUTES))} دقیقه دیگر قفل است."
    )


def _refused(who: Actor, user_id: int | None, failure: Exception, **details) -> Exception:
    with database.atomic():
        audit.record(who, "user.login_failed", "user", user_id, **details)
    return failure


def login(username: str, password: str, now: dt.datetime | None = None, *, via: str = "window") -> Actor:
    """Check the password; five failures in a row lock the account for 15 minutes. `via` is "window" or
    "cli": a service account (a script's) cannot open the window. A failed attempt is audited (never the
    password), an unknown name too.

    Each try is counted in the database BEFORE its password is checked, by one conditional UPDATE (only while
    fewer than five are counted and the account is not locked), so logins from many PCs at once check at
    most five passwords: the others are refused as locked without a check. A right password sets the count
    back to zero; the fifth wrong one locks the account.
    """
    now = now or utcnow()
    wrong = AuthenticationFailed("نام کاربری یا گذرواژه نادرست است.")
    typed = (username or "").strip().lower()
    extra = {} if via == "window" else {"via": via}
    user = User.get_or_none(User.username == typed)
    if user is None or not user.active or (via == "window" and user.role == Role.SERVICE):
        who = Actor(None, typed[:50], "", Role.OPERATOR) if user is None else Actor.from_user(user)
        raise _refused(
            who,
            None if user is None else user.id,
            wrong,
            reason="unknown" if user is None else "not_allowed",
            **extra,
        )
    if user.locked_until and user.locked_until > now:
        raise _refused(Actor.from_user(user), user.id, _locked_message(user, now), reason="locked", **extra)
    with database.atomic():
        reserved = (
            User.update(failed_logins=User.failed_logins + 1)
            .where(
                (User.id == user.id)
                & (User.active == True)  # noqa: E712
                & (User.failed_logins < MAX_FAILED_LOGINS)
                & (User.locked_until.is_null() | (User.locked_until <= now))
            )
            .execute()
        )
    if not reserved:
        current = User.get_by_id(user.id)
        raise _refused(
            Actor.from_user(user),
            user.id,
            wrong if not current.active else _locked_message(current, now),
            reason="locked",
            **extra,
        )
    right = verify_password(password or "", user.password_hash)
    with database.atomic():
        if right:
            User.update(failed_logins=0, locked_until=None, last_login_at=now).where(
                User.id == user.id
            ).execute()
            audit.record(Actor.from_user(user), "user.login", "user", user.id, **extra)
            failure = None
        else:
            locked = (
                User.update(failed_logins=0, locked_until=now + dt.timedelta(minutes=LOCK_MINUTES))
                .where((User.id == user.id) & (User.failed_logins >= MAX_FAILED_LOGINS))
                .execute()
                == 1
            )
            audit.record(Actor.from_user(user), "user.login_failed", "user", user.id, locked=locked, **extra)
            failure = (
                AccountLocked(
                    f"پنج بار گذرواژه نادرست وارد شد؛ حساب تا {to_persian_digits(str(LOCK_MINUTES))} دقیقه قفل شد."
                )
                if locked
                else wrong
            )
    if failure:
        raise failure
    return Actor.from_user(User.get_by_id(user.id))


def logout(actor: Actor) -> None:
    """The window's «خروج از حساب»: the session ends (recorded, so the trail shows who was at the PC when)."""
    if actor.user_id is None:
        return
    with database.atomic():
        audit.record(actor, "user.logout", "user", actor.user_id)


def reset_password(actor: Actor, username: str, new_password: str) -> None:
    require(actor, "manage_users")
    problem = password_problem(new_password)
    if problem:
        raise ValidationError({"password": problem})
    with database.atomic():
        user = _get(username)
        User.update(password_hash=hash_password(new_password), failed_logins=0, locked_until=None).where(
            User.id == user.id
        ).execute()
        audit.record(actor, "user.reset_password", "user", user.id, username=user.username)


def change_own_password(actor: Actor, old_password: str, new_password: str) -> None:
    with database.atomic():
        user = User.get_by_id(actor.user_id)
        if not verify_password(old_password, user.password_hash):
            raise ValidationError({"old_password": "گذرواژه کنونی نادرست است."})
        problem = password_problem(new_password)
        if problem:
            raise ValidationError({"password": problem})
        User.update(password_hash=hash_password(new_password)).where(User.id == user.id).execute()
        audit.record(actor, "user.change_password", "user", user.id)


def update_user(
    actor: Actor,
    username: str,
    *,
    full_name: str | None = None,
    title: str | None = None,
    role: str | None = None,
    active: bool | None = None,
) -> UserInfo:
    require(actor, "manage_users")
    with database.atomic():
        user = _get(username)
        before = {"full_name": user.full_name, "title": user.title, "role": user.role, "active": user.active}
        after = dict(before)
        for field, raw in (("full_name", full_name), ("title", title)):
            if isinstance(raw, str) and has_control_chars(raw):
                raise ValidationError(
                    {field: ("نام" if field == "full_name" else "عنوان") + " " + HIDDEN_CHARACTERS}
                )
        if full_name is not None:
            after["full_name"] = normalize_line(full_name)
            if not after["full_name"]:
                raise ValidationError({"full_name": "نام و نام خانوادگی را بنویسید."})
        if len(after["full_name"]) > 120:
            raise ValidationError({"full_name": "نام بیش از ۱۲۰ نویسه است."})
        if title is not None:
            after["title"] = normalize_line(title)
            if len(after["title"]) > 150:
                raise ValidationError({"title": "عنوان بیش از ۱۵۰ نویسه است."})
        if role is not None:
            try:
                after["role"] = str(Role(role))
            except ValueError as exc:
                raise ValidationError({"role": "نقش باید یکی از کارشناس، مسئول یا ناظر باشد."}) from exc
        if active is not None:
            after["active"] = bool(active)
        if after["role"] == Role.OFFICIAL and not after["title"]:
            raise ValidationError({"title": "عنوان مسئول (که زیر نامه چاپ می‌شود) را بنویسید."})
        if user.id == actor.user_id and (after["role"] != Role.SUPERVISOR or not after["active"]):
            raise ValidationError({"role": "نمی‌توانید نقش ناظر یا فعال بودن حساب خودتان را بردارید."})
        User.update(**after).where(User.id == user.id).execute()
        if (
            after["full_name"] != before["full_name"]
        ):  # its new place in name order, and its cases' (migration 35)
            sort_ranks.user_placed(user.id)
        audit.record(actor, "user.update", "user", user.id, changes=audit.changes(before, after))
        return _info(User.get_by_id(user.id))
