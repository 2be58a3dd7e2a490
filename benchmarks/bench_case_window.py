"""Opening a case from the calls register, as the operator feels it (offscreen Qt, the real page): from the
double-click on a row to the case window on screen with its timeline painted. Two kinds of case: a new one
(the register's first rows, a short history) and a closed one (referred, answered, called back: the longest
timelines the demo makes). Each window is closed before the next opens, as an operator would.

"On screen" is the end of the event-loop pass in which the timeline's list painted (an event filter sees
the paint)."""

from __future__ import annotations

import os
import statistics
import time

from benchmarks.harness import Result, watch_paints

RUNS = 10  # per kind, after one warm-up


def run(url: str, calls: int) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.db import close_database, open_database
    from app.models import Case, User
    from app.services.actor import Actor
    from ui.application import make_application
    from ui.cases import case_dialog
    from ui.cases.calls_page import CallsRegisterPage
    from ui.context import AppContext
    from ui.widgets import choice_combo

    app = make_application(["samad-bench"])
    open_database(url)
    cases = Case.select().count()
    actor = Actor.from_user(User.select().where(User.role == "operator").first())
    page = CallsRegisterPage(AppContext(actor, url, url))
    page.resize(1366 - 174, 700)
    page.show()
    paints: list[float] = []

    def settle() -> None:
        while page.model.loading or page.timer.isActive():
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()

    def open_row(row: int) -> tuple[float, int]:
        """Double-click the row; (ms until the window's timeline painted, its lines)."""
        paints.clear()
        index = page.model.index(row, 2)
        started = time.perf_counter()
        page.table.doubleClicked.emit(index)
        dialog = case_dialog._open_dialogs[page.model.case_id(row)]
        watch_paints(dialog.history.tree.viewport(), paints)
        while not paints:
            app.processEvents()
        ms = (time.perf_counter() - started) * 1000
        lines = dialog.history.count()
        dialog.reject()
        app.processEvents()
        return ms, lines

    results = []
    for kind, status in (("a new case", None), ("a closed case", "closed")):
        choice_combo.set_value(page.status, status)
        page.apply_filters()
        settle()
        times, lines = [], []
        for row in range(RUNS + 1):
            ms, count = open_row(row)
            if row:  # the first is a warm-up
                times.append(ms)
                lines.append(count)
        results.append(
            Result(
                f"case window: double-click to shown, {kind}",
                statistics.median(times),
                len(times),
                note=f"(timeline lines: {min(lines)}–{max(lines)}; {cases:,} cases)",
            )
        )
    page.close()
    page.deleteLater()
    app.processEvents()
    close_database()
    return results
