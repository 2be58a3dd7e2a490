"""Accounts: hashing, first supervisor, lockout, resets, and roles enforced in the service layer."""

import datetime as dt
import subprocess
import sys

import pytest

from app.models import User, utcnow
from app.services.admin import reference, settings, users
from app.services.admin.passwords import hash_password, verify_password
from app.services.errors import (
    AccountLocked,
    AuthenticationFailed,
    Conflict,
    PermissionDenied,
    ValidationError,
)
from tests.conftest import TEST_PASSWORD


def test_password_hash_is_salted_and_slow():
    # The program's own strength, in a fresh interpreter (the suite turns on cheap hashes in conftest.py).
    code = (
        "from app.services.admin.passwords import hash_password, verify_password\n"
        "a, b = hash_password('secret-pass'), hash_password('secret-pass')\n"
        "assert verify_password('secret-pass', a) and not verify_password('secret-pasS', a)\n"
        "print(a); print(b)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    a, b = out.split()
    assert a != b and a.startswith("scrypt$16384$8$1$")
    assert "secret-pass" not in a
    assert verify_password("secret-pass", a) and verify_password("secret-pass", b)
    assert not verify_password("secret-pasS", a)
    assert not verify_password("x", "garbage")


def test_cheap_test_hashes_still_verify_only_the_right_password():
    cheap = hash_password("secret-pass")
    assert cheap.startswith("scrypt$16$") and cheap != hash_password("secret-pass")
    assert verify_password("secret-pass", cheap) and not verify_password("secret-pasS", cheap)


def test_first_supervisor_only_once(db):
    assert not users.has_users()
    info = users.create_first_supervisor("Admin", "ناظر مرکز", TEST_PASSWORD)
    assert info.username == "admin" and info.role == "supervisor"
    with pytest.raises(Conflict):
        users.create_first_supervisor("second", "دیگری", TEST_PASSWORD)
    assert User.select().count() == 1


@pytest.mark.parametrize("password, message", [("", "خالی"), ("short", "دست‌کم")])
def test_empty_or_short_password_refused(db, password, message):
    with pytest.raises(ValidationError, match=message) as err:
        users.create_first_supervisor("admin", "ناظر", password)
    assert err.value.field == "password"
    assert User.select().count() == 0


def test_duplicate_username_refused(supervisor):
    users.create_user(supervisor, "ali", "operator", "علی رضایی", TEST_PASSWORD)
    with pytest.raises(ValidationError, match="پیش‌تر ثبت شده") as err:
        users.create_user(supervisor, "ALI", "operator", "علی دیگر", TEST_PASSWORD)
    assert err.value.field == "username"
    assert User.select().where(User.username == "ali").count() == 1


def test_official_needs_a_title(supervisor):
    with pytest.raises(ValidationError) as err:
        users.create_user(supervisor, "gov", "official", "استاندار", TEST_PASSWORD)
    assert err.value.field == "title"


def test_five_wrong_passwords_lock_for_fifteen_minutes(operator):
    now = utcnow()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            users.login("operator1", "wrong password", now=now)
    with pytest.raises(AccountLocked):
        users.login("operator1", "wrong password", now=now)
    # even the right password is refused while locked
    with pytest.raises(AccountLocked, match="قفل") as locked:
        users.login("operator1", TEST_PASSWORD, now=now + dt.timedelta(minutes=14))
    assert "۲ دقیقه" in locked.value.message  # Persian digits in the sentence
    assert users.login("operator1", TEST_PASSWORD, now=now + dt.timedelta(minutes=16)).username == "operator1"


def test_successful_login_resets_the_count(operator):
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            users.login("operator1", "nope nope")
    users.login("operator1", TEST_PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            users.login("operator1", "nope nope")
    assert users.login("operator1", TEST_PASSWORD)


def test_supervisor_reset_unlocks(supervisor, operator):
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            users.login("operator1", "bad password")
    users.reset_password(supervisor, "operator1", "new password 2")
    assert users.login("operator1", "new password 2").role == "operator"


@pytest.mark.parametrize(
    "call",
    [
        lambda a: users.create_user(a, "x1y", "operator", "نام", TEST_PASSWORD),
        lambda a: users.reset_password(a, "root", "another pass 1"),
        lambda a: settings.update(a, {"center_name": "مرکز دیگر"}),
        lambda a: reference.add_item(a, "county", "شهرستان تازه"),
        lambda a: reference.set_active(a, "category", 1, False),
    ],
)
def test_operator_is_refused_supervisor_services(operator, call):
    before = User.select().count()
    with pytest.raises(PermissionDenied, match="اجازه"):
        call(operator)
    assert User.select().count() == before
    assert settings.get("center_name") != "مرکز دیگر"


def test_cannot_demote_yourself(supervisor):
    with pytest.raises(ValidationError):
        users.update_user(supervisor, "root", role="operator")


def test_a_short_password_is_told_in_persian_digits():
    from app.services.admin.passwords import password_problem

    assert "دست‌کم ۸ نویسه" in password_problem("short")
