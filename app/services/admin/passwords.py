"""Salted, slow password hashes (scrypt from the standard library)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from app.domain.text import to_persian_digits

N, R, P = 2**14, 8, 1
MIN_LENGTH = 8
_TEST_N = 2**4
_cost_n = N


def use_cheap_hashes_for_tests() -> None:
    """For the test suite only (tests/conftest.py): new hashes with a tiny scrypt cost, so the hundreds of
    fixture users do not each cost a full-strength hash. The program never calls this; stored hashes carry
    their own cost, so verifying works either way."""
    global _cost_n
    _cost_n = _TEST_N


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_cost_n, r=R, p=P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_cost_n}${R}${P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def password_problem(password: str) -> str | None:
    """A Persian sentence saying what is wrong with a new password, or None."""
    if not password or not password.strip():
        return "گذرواژه نباید خالی باشد."
    if len(password) < MIN_LENGTH:
        return f"گذرواژه باید دست‌کم {to_persian_digits(str(MIN_LENGTH))} نویسه باشد."
    return None
