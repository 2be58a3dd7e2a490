"""What every page is given: who is logged in, which database, and app-wide events."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from app.services.actor import Actor
from app.services.admin import changes


class Events(QObject):
    """App-wide events pages listen to instead of reaching into each other.

    `changes` is the one change feed: every batch of changes, from this PC's dialogs (`announce`) and from
    other PCs (ui.change_watcher), arrives as one `app.services.admin.changes.ChangeBatch` naming the cases,
    referrals and letters that changed and whether settings did. A page listens through
    ui.change_debounce.ChangeDebouncer and decides what to reload.
    """

    changes = Signal(object)  # ChangeBatch
    open_case = Signal(int)  # ask the main window to show a case
    navigate = Signal(str)  # ask the main window to show a section by key

    def announce(
        self, *, cases=(), referrals=(), letters=(), settings: bool = False, other: bool = False
    ) -> None:
        """Tell the open pages what this PC just saved (one batch)."""
        self.changes.emit(
            changes.announce(
                cases=cases, referrals=referrals, letters=letters, settings=settings, other=other
            )
        )


@dataclass
class AppContext:
    actor: Actor
    database_label: str
    database_url: str = ""
    session_id: int | None = None  # this window's row in login_session (app.services.admin.login_sessions)
    events: Events = field(default_factory=Events)
