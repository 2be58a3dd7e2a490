"""The errors services raise. Every message is one Persian sentence a person can act on."""

from __future__ import annotations

from app.db import BUSY_MESSAGE, is_busy  # noqa: F401 - for the interface: a busy database is one sentence


class ServiceError(Exception):
    """Base of every refusal by a service; `str(e)` is the Persian message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(ServiceError):
    """Bad input. `errors` maps a field name to its message; the first one is the main message."""

    def __init__(self, errors: dict[str, str] | str, field: str | None = None):
        if isinstance(errors, str):
            errors = {field or "": errors}
        self.errors = dict(errors)
        self.field = next(iter(self.errors))
        super().__init__(self.errors[self.field])


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    """Someone else changed the record meanwhile (optimistic locking), or a state forbids the change."""

    def __init__(self, message: str, current: dict | None = None):
        super().__init__(message)
        self.current = current


class AuthenticationFailed(ServiceError):
    pass


class AccountLocked(AuthenticationFailed):
    pass
