"""The phone system's rings for the whole session: the receiver (local socket always, the HTTP listener when
this PC's setting turns it on), and what a ring does: it is recorded (rings.record_ring checks the number), the
window comes to the front with intake open, the phone filled and the caller panel showing the caller's cases.
`start(window, context)` is called once after login (ui.session_services); the window's close ends it."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from app.services.cases import ring_link, rings
from ui import formatting
from ui.cases.ring_receiver import RingReceiver


class IncomingCalls(QObject):
    def __init__(self, window, context, *, name: str | None = None, port: int | None = None):
        super().__init__(window)
        self.window = window
        self.context = context
        self.port_override = port  # tests: a free port instead of the setting's
        self.receiver = RingReceiver(self.take, self, name=name)
        self.last: rings.RingInfo | None = None
        context.events.changes.connect(lambda batch: batch.settings and self.apply_listener_setting())
        window.destroyed.connect(lambda *_: self.receiver.close())
        if hasattr(window, "logout_requested"):  # the next person's app opens its own receiver
            window.logout_requested.connect(self.close)

    def start(self) -> IncomingCalls:
        self.receiver.start_local()
        self.apply_listener_setting()
        return self

    def apply_listener_setting(self) -> bool:
        """Open or close the HTTP listener as this PC's setting says (it is re-read after a settings change)."""
        setting = ring_link.listener_settings()
        port = self.port_override if self.port_override is not None else setting.port
        if not setting.enabled:
            self.receiver.stop_http()
            return False
        if self.receiver.http is not None and self.port_override is None and self.receiver.http_port == port:
            return True
        return self.receiver.start_http(port)

    def take(self, number: str, line: str) -> str:
        ring = rings.record_ring(self.context.actor, number, line)
        self.last = ring
        self.pop(ring)
        return ring.number

    def pop(self, ring: rings.RingInfo) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        QApplication.alert(
            window
        )  # where the system keeps a background app from the front: the taskbar flashes
        page = window.show_section("intake")
        if page is not None:
            page.rings.take(ring)
        line = f" روی خط {formatting.ident(ring.line)}" if ring.line else ""
        window.statusBar().showMessage(f"تماس ورودی از {formatting.ident(ring.number)}{line}", 60_000)

    def close(self) -> None:
        self.receiver.close()


def start(window, context) -> IncomingCalls:
    calls = IncomingCalls(window, context).start()
    window.incoming_calls = calls
    return calls
