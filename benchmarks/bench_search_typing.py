"""Search as you type in the calls register, as the operator feels it (offscreen Qt, the real page): a word
is typed one letter at a time, 120 ms apart; the query waits for a 250 ms pause after the last key, runs off
the interface thread, and the first page of rows is on screen. Measured from the last key to the rows being
shown, and the part after the pause (the issue's target: rows within 100 ms after the pause).

Each run types another word (and clears between), so no run reuses the previous answer.

PySide6 6.12 on Python 3.11 drops one reference to None each time C++ calls a Python override that returns
None (a table model's data() for a role it does not answer, as every model here does): after a few thousand
such calls the interpreter aborts with «Fatal Python error: none_dealloc». make_application installs the
guard (ui/none_refs.py) that keeps None topped up; without it this benchmark died on its third word.
"""

from __future__ import annotations

import os
import statistics
import time

from benchmarks.harness import Result

WORDS = ("قطعی آب", "رضایی", "خاموشی", "آسفالت", "مستمری", "روشنایی", "فاضلاب", "یارانه")
KEY_GAP_S = 0.120  # a quick typist: well under the pause, so only the last key's timer fires
RUNS = 15


def run(url: str, calls: int) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.db import close_database, open_database
    from app.models import User
    from app.services.actor import Actor
    from ui.application import make_application
    from ui.cases.calls_page import FILTER_PAUSE_MS, CallsRegisterPage
    from ui.context import AppContext

    app = make_application(["samad-bench"])
    open_database(url)
    actor = Actor.from_user(User.select().where(User.role == "operator").first())
    page = CallsRegisterPage(AppContext(actor, url, url))
    page.resize(1366 - 174, 700)
    page.show()
    shown: list[float] = []
    asked: list[float] = []  # when the pause ended and the query was sent
    page.model.loaded.connect(lambda _total: shown.append(time.perf_counter()))
    page.timer.timeout.connect(lambda: asked.append(time.perf_counter()))

    def wait_loaded(limit_s: float = 60.0) -> None:
        end = time.perf_counter() + limit_s
        while (page.model.loading or page.timer.isActive()) and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()  # the rows painted
        page.table.viewport().repaint()

    wait_loaded()
    after_pause, whole, totals, query, pause, paint = [], [], [], [], [], []
    for i in range(RUNS + 2):
        word = WORDS[i % len(WORDS)]
        page.text.clear()
        wait_loaded()
        for n in range(1, len(word) + 1):
            page.text.setText(word[:n])  # what each key press sends
            typed = time.perf_counter()
            deadline = typed + KEY_GAP_S
            while time.perf_counter() < deadline and n < len(word):
                app.processEvents()
                time.sleep(0.002)
        shown.clear()
        asked.clear()
        wait_loaded()  # ends with the rows painted
        if i < 2 or not shown:  # warm-up
            continue
        painted = time.perf_counter()
        total_ms = (painted - typed) * 1000
        paint.append((painted - shown[-1]) * 1000)
        whole.append(total_ms)
        after_pause.append(total_ms - FILTER_PAUSE_MS)
        if asked:
            query.append((shown[-1] - asked[-1]) * 1000)
            pause.append((asked[-1] - typed) * 1000)
        totals.append(page.model.total)
    page.close()
    page.deleteLater()
    app.processEvents()
    close_database()
    note = f"(matches per word: {min(totals):,}–{max(totals):,})"
    return [
        Result("search as you type: last key to rows", statistics.median(whole), len(whole), note=note),
        Result("search as you type: last key to query sent", statistics.median(pause), len(pause)),
        Result("search as you type: query sent to rows back", statistics.median(query), len(query)),
        Result("search as you type: rows back to painted", statistics.median(paint), len(paint)),
        Result(
            "search as you type: rows after the pause",
            statistics.median(after_pause),
            len(after_pause),
            target_ms=100,
        ),
    ]
