"""Who is acting: the logged-in user as a plain value, and the role check every service makes."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.roles import PERMISSION_LABELS, Role, allowed
from app.services.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    full_name: str
    role: Role
    title: str = ""

    @classmethod
    def from_user(cls, user) -> Actor:
        return cls(user.id, user.username, user.full_name, Role(user.role), user.title)


# The program itself, for `samad init` and migrations (never a logged-in person).
SYSTEM = Actor(None, "system", "سامانه", Role.SUPERVISOR)


def require(actor: Actor, permission: str) -> None:
    if actor is None or not allowed(actor.role, permission):
        label = PERMISSION_LABELS.get(permission, permission)
        raise PermissionDenied(f"شما اجازه {label} را ندارید.")
