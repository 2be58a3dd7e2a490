"""Salted, slow password hashes (scrypt from the standard library)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from app.domain.text import to_persian_digits

N, R, P = 2**14, 8, 1
MIN_LENGTH = 8


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${N}${R}${P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected))
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
