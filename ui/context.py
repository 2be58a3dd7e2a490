"""What every page is given: who is logged in, which database, and app-wide events."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from app.services.actor import Actor


class Events(QObject):
    """App-wide events pages listen to instead of reaching into each other."""

    case_changed = Signal(int)  # case id (registered or edited)
    referral_changed = Signal(int)
    data_changed = Signal()  # anything: reference data, settings, another PC's work
    open_case = Signal(int)  # ask the main window to show a case
    navigate = Signal(str)  # ask the main window to show a section by key


@dataclass
class AppContext:
    actor: Actor
    database_label: str
    database_url: str = ""
    events: Events = field(default_factory=Events)
