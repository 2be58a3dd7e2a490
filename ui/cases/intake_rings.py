"""Rings in the intake page: the caller's number put in the phone box when the phone system rings (or when the
operator calls a waiting caller back from «تماس‌های امروز»), and the case saved next linked to that ring.

`install(page, head)` adds the «تماس‌های امروز» button (with how many of today's rings still have no case) to
the page's header and returns the helper; the main window's ring receiver calls `take(ring)`."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from app import logs
from app.domain.text import to_persian_digits
from app.services.cases import rings
from app.services.errors import ServiceError
from ui import formatting, theme


class IntakeRings(QObject):
    def __init__(self, page, head):
        super().__init__(page)
        self.page = page
        self.pending: rings.RingInfo | None = None  # the ring the next saved case is linked to
        self._taking = False
        self.button = QPushButton(theme.icon("fa5s.phone-volume"), "", objectName="todays_rings")
        self.button.setToolTip("زنگ‌های امروز و تماس‌گیرندگانی که هنوز پرونده‌ای ندارند")
        self.button.clicked.connect(self.show_list)
        head.addWidget(self.button)
        page.call_registered.connect(self._registered)
        page.form_cleared.connect(self._cleared)
        self.refresh_count()

    def refresh_count(self) -> None:
        try:
            waiting = rings.waiting_count()
        except Exception as exc:  # a count in a button never stops intake
            logs.log.warning("the waiting rings were not counted: %s", exc)
            waiting = 0
        text = "تماس‌های امروز"
        self.button.setText(f"{text} ({formatting.number(waiting)} بی‌پرونده)" if waiting else text)

    def take(self, ring: rings.RingInfo) -> None:
        """A call rings (or is called back): a half-typed call is set aside (Esc's «بازگرداندن» brings it back),
        the number goes in the phone box and the caller's earlier cases show at once."""
        page = self.page
        self._taking = True
        try:
            if page.has_typed_data():
                page.discard()
            else:
                page.clear_form(keep_result=True)
        finally:
            self._taking = False
        page._restoring = True  # the number is not "the next call typed": «بازگرداندن» stays offered
        try:
            page.form.phone.setText(to_persian_digits(ring.number))
        finally:
            page._restoring = False
        page.recognise()
        page.focus_first()
        self.pending = ring
        self.refresh_count()

    def show_list(self):
        from ui.cases.todays_rings_dialog import TodaysRingsDialog

        dialog = TodaysRingsDialog(self.page.context, self.page)
        dialog.call_back.connect(self.take)
        dialog.finished.connect(lambda _=0: self.refresh_count())
        dialog.open()
        return dialog

    def _registered(self, case) -> None:
        ring, self.pending = self.pending, None
        if ring is None:
            return
        try:
            rings.link_case(self.page.context.actor, ring.id, case.id)
        except ServiceError as exc:
            logs.log.warning("ring %s not linked to case %s: %s", ring.id, case.id, exc)
        self.refresh_count()

    def _cleared(self) -> None:
        if not self._taking:  # Esc or a new call: the ring's caller was not registered from this form
            self.pending = None
            self.refresh_count()  # other PCs' rings and callbacks too, once per call


def install(page, head) -> IntakeRings:
    return IntakeRings(page, head)
