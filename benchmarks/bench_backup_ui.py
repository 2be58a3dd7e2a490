"""A backup taken while the window is in use, as the person at the window feels it (offscreen Qt, the real main
window of the demo supervisor): the backup starts the way the settings tab's «پشتیبان‌گیری اکنون» starts it
(ui.admin.backup_settings.BackupTab.start_backup: `backup_to` in a worker thread), and meanwhile

- a 10 ms heartbeat timer on the interface thread records every gap between its ticks: the largest and the
  99th percentile are how long the window could not answer a key or a click (gaps that overlap one of the
  interactions below are left out: those are the interactions' own time, reported on their own);
- every second or so one real interaction: a phone number typed into the intake page's phone box (from the
  text to the caller recognised, on the interface thread, as in the app), or a word typed into the register's
  search box (from the text to the rows shown; the query runs in a worker). Both are reported after their
  typing pause, as bench_search_typing reports the register.

The same interactions are timed first with no backup running, for comparison. The backup file goes into
SAMAD_BENCH_BACKUP_DIR (default a temporary folder) and is deleted at the end.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result

HEARTBEAT_MS = 10
INTERACTION_EVERY_MS = 1000
WORDS = ("قطعی آب", "رضایی", "خاموشی", "آسفالت", "مستمری", "روشنایی", "فاضلاب", "یارانه")


def _over(stalls: list[float], seconds: float, limit_ms: float = 100) -> str:
    n = sum(1 for ms in stalls if ms > limit_ms)
    return f"{n} in {seconds:,.0f} s"


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0


class _Session:
    """The window, its intake and register pages, the heartbeat and the interactions' timings."""

    def __init__(self, app, window, intake, register, phones):
        from PySide6.QtCore import Qt, QTimer

        from ui.cases.calls_page import FILTER_PAUSE_MS
        from ui.cases.intake_page import LOOKUP_PAUSE_MS

        self.app, self.window, self.intake, self.register, self.phones = app, window, intake, register, phones
        self.pauses = {"phone": LOOKUP_PAUSE_MS, "search": FILTER_PAUSE_MS}
        self.gaps: list[tuple[float, float]] = []  # (start, end) of each heartbeat interval
        self.busy: list[tuple[float, float]] = []  # (start, end) of each interaction
        self.times: dict[str, list[float]] = {"phone": [], "search": []}
        self.pending: tuple[str, float] | None = None
        self.n = 0
        self.last = time.perf_counter()
        self.heartbeat = QTimer(interval=HEARTBEAT_MS)
        self.heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        self.heartbeat.timeout.connect(self._tick)
        self.intake.lookup_timer.timeout.connect(lambda: self._finished("phone"))  # after recognise()
        self.register.model.loaded.connect(lambda _total: self._finished("search"))

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((self.last, now))
        self.last = now

    def start_heartbeat(self) -> None:
        self.gaps.clear()
        self.busy.clear()
        self.last = time.perf_counter()
        self.heartbeat.start()

    def interact(self) -> None:
        """One interaction, alternating: a phone typed into intake, a word into the register's search."""
        if self.pending:
            return
        self.n += 1
        begun = time.perf_counter()
        if self.n % 2:
            self.window.show_section("intake")
            self.intake.form.phone.clear()
            self.pending = ("phone", time.perf_counter())
            self.intake.form.phone.setText(self.phones[self.n % len(self.phones)])
        else:
            self.window.show_section("calls")
            self.register.text.clear()  # the same word again would ask nothing (no textChanged)
            self.pending = ("search", time.perf_counter())
            self.register.text.setText(WORDS[self.n % len(WORDS)])
        self.busy.append((begun, time.perf_counter()))  # switching pages and the key: the interaction's too

    def _finished(self, kind: str) -> None:
        if not self.pending or self.pending[0] != kind:
            return
        self.window.repaint()  # the answer on screen
        end = time.perf_counter()
        started = self.pending[1]
        self.busy.append((started + self.pauses[kind] / 1000, end))
        self.times[kind].append((end - started) * 1000 - self.pauses[kind])
        self.pending = None

    def stalls(self, since: float = 0.0) -> list[tuple[float, float]]:
        """Heartbeat gaps that no interaction overlaps: (length in ms, seconds from `since` to its start)."""
        busy = sorted(self.busy)
        out, i = [], 0
        for start, end in self.gaps:  # both in time order: one pass
            while i < len(busy) and busy[i][1] <= start:
                i += 1
            if not (i < len(busy) and busy[i][0] < end):
                out.append(((end - start) * 1000, start - since))
        return out

    def wait_idle(self, limit_s: float = 60.0) -> None:
        end = time.perf_counter() + limit_s
        while (self.pending or self.register.model.loading) and time.perf_counter() < end:
            self.app.processEvents()
            time.sleep(0.001)


def _login(url: str):
    from app.models import User
    from app.services.actor import Actor
    from app.services.admin import users
    from app.services.demo.people import DEMO_PASSWORD

    try:
        return users.login("supervisor", DEMO_PASSWORD)  # as the person does (writes a login row)
    except Exception:  # another database's supervisor: act as the first one
        return Actor.from_user(User.select().where(User.role == "supervisor").first())


def run(url: str, calls: int) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from app.db import close_database, parse_url
    from app.models import Citizen
    from ui.admin.backup_settings import BackupTab
    from ui.application import database_label, make_application, open_and_prepare
    from ui.context import AppContext
    from ui.main_window import MainWindow

    app = make_application(["samad-bench"])
    open_and_prepare(url)
    actor = _login(url)
    window = MainWindow(AppContext(actor, database_label(url), url))
    window.resize(1366, 768)
    window.show()
    intake = window.show_section("intake")
    register = window.show_section("calls")
    app.processEvents()
    phones = [c.phone for c in Citizen.select(Citizen.phone).where(Citizen.phone.is_null(False)).limit(40)]
    session = _Session(app, window, intake, register, phones or ["09141234567"])
    session.wait_idle()

    def drive(seconds: float) -> None:  # the event loop runs; an interaction every second
        loop = QEventLoop()
        every = QTimer(interval=INTERACTION_EVERY_MS)
        every.timeout.connect(session.interact)
        every.start()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        every.stop()
        session.wait_idle()

    drive(2)  # warm-up: the pages' first queries
    session.times = {"phone": [], "search": []}
    session.start_heartbeat()
    baseline = float(os.environ.get("SAMAD_BENCH_BASELINE_S", "10"))
    drive(baseline)  # as long as the backup, for a fair control
    before = {k: list(v) for k, v in session.times.items()}
    before_stalls = [ms for ms, _ in session.stalls()]

    parsed = parse_url(url)
    folder = Path(os.environ.get("SAMAD_BENCH_BACKUP_DIR") or tempfile.mkdtemp(prefix="samad-bench-backup-"))
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / ("bench-backup.db" if parsed.is_sqlite else "bench-backup.dump")
    tab = BackupTab(window.context, window)
    outcome: dict = {}
    session.times = {"phone": [], "search": []}
    session.n = 0
    loop = QEventLoop()
    every = QTimer(interval=INTERACTION_EVERY_MS)
    every.timeout.connect(session.interact)
    session.start_heartbeat()
    started = time.perf_counter()
    tab.start_backup(str(file))
    tab.task.signals.done.connect(lambda info: (outcome.update(info=info), loop.quit()))
    tab.task.signals.failed.connect(lambda exc: (outcome.update(error=exc), loop.quit()))
    every.start()
    loop.exec()
    seconds = time.perf_counter() - started
    every.stop()
    session.heartbeat.stop()
    session.wait_idle()
    timed = session.stalls(started)
    during_stalls = [ms for ms, _ in timed]
    worst = ", ".join(f"{ms:,.0f} ms at {at:,.1f} s" for ms, at in sorted(timed, reverse=True)[:3])
    size = file.stat().st_size if file.exists() else 0
    for leftover in (file, file.with_name(file.name + ".partial")):
        leftover.unlink(missing_ok=True)
    tab.deleteLater()
    window.close()
    window.deleteLater()
    app.processEvents()
    close_database()
    if "error" in outcome:
        return [Result(f"backup with the window in use: FAILED ({outcome['error']})", seconds * 1000, 1)]

    def interaction(kind: str, label: str) -> list[Result]:
        out = []
        for when, values in (("no backup", before[kind]), ("in backup", session.times[kind])):
            if values:
                out.append(
                    Result(
                        f"{label}, {when}",
                        statistics.median(values),
                        len(values),
                        note=f"max {max(values):,.0f} ms",
                    )
                )
        return out

    mb = size / 2**20
    return [
        Result(
            "backup with the window in use",
            seconds,
            1,
            unit="s",
            note=f"{mb:,.0f} MB, {mb / seconds:,.1f} MB/s",
        ),
        Result(
            "window stall during backup: largest",
            max(during_stalls, default=0.0),
            len(during_stalls),
            target_ms=100,
            note=f"(no backup: {max(before_stalls, default=0.0):,.0f} ms); worst: {worst}; "
            f"over 100 ms: {_over(during_stalls, seconds)} (no backup: {_over(before_stalls, baseline)})",
        ),
        Result(
            "window stall during backup: 99th pct",
            _p99(during_stalls),
            len(during_stalls),
            note=f"(no backup: {_p99(before_stalls):,.0f} ms; heartbeat {HEARTBEAT_MS} ms)",
        ),
        *interaction("phone", "intake: phone to caller recognised"),
        *interaction("search", "register: word to rows shown"),
    ]
