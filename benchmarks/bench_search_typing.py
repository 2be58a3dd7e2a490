"""Search as you type in the calls register, as the operator feels it (offscreen Qt, the real page): a text is
typed one key at a time, 120 ms apart; the query waits for a 250 ms pause after the last key, runs off the
interface thread, and the first page of rows is painted. Four kinds of text, each typed 8 times (another one
each time, cleared between, so no run reuses the previous answer), chosen from the database itself:

- a common word (the most frequent words of recent subjects and names: thousands of matches at a million),
- a rare word (a word of those that the fewest cases hold),
- a tracking code (in Persian digits, as read from the slip),
- a phone (a caller's, in Persian digits).

For each kind: one key press (the interface's work per key while typing: the pause timer restarts), the
last key to the rows on screen, and the issue's figure: from the pause's end (the query sent) to the rows on
screen (first page's query + model reset + first paint; target 100 ms), with its two parts; the count of all
matches follows in the background. "On screen" is the end of the event-loop pass in which the table's viewport
painted after the rows arrived (an event filter sees the paint).

PySide6 6.12 on Python 3.11 drops one reference to None each time C++ calls a Python override that returns
None (a table model's data() for a role it does not answer, as every model here does): after a few thousand
such calls the interpreter aborts with «Fatal Python error: none_dealloc». make_application installs the
guard (ui/none_refs.py) that keeps None topped up; without it this benchmark died on its third word.
"""

from __future__ import annotations

import os
import random
import statistics
import time

from benchmarks.harness import Result, watch_paints

KEY_GAP_S = 0.120  # a quick typist: well under the pause, so only the last key's timer fires
RUNS = 8  # per kind, after one warm-up
SAMPLE = 400  # recent cases whose words are candidates for the common and rare word


def _texts(runs: int) -> dict[str, list[str]]:
    """Texts to type for each kind, from the open database."""
    from app.domain.text import to_persian_digits
    from app.models import Case, Citizen
    from app.services.cases.case_search import count_matches

    recent = Case.select(Case.subject, Case.caller_name).order_by(Case.id.desc()).limit(SAMPLE)
    candidates = sorted(
        {w for c in recent for w in f"{c.subject} {c.caller_name}".split() if len(w) > 3 and w.isalpha()}
    )
    counted = sorted((count_matches(w) or 0, w) for w in candidates)
    counted = [(n, w) for n, w in counted if n]
    rng = random.Random(14)
    codes = [c.tracking_code for c in Case.select(Case.tracking_code).order_by(Case.id.desc()).limit(500)]
    phones = [
        c.phone
        for c in Citizen.select(Citizen.phone)
        .where(Citizen.phone.is_null(False))
        .order_by(Citizen.id.desc())
        .limit(500)
    ]
    return {
        "common word": [w for _, w in counted[-runs:]],
        "rare word": [w for _, w in counted[:runs]],
        "tracking code": [to_persian_digits(c) for c in rng.sample(codes, runs)],
        "phone": [to_persian_digits(p) for p in rng.sample(phones, runs)],
    }


def run(url: str, calls: int) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.db import close_database, open_database
    from app.models import Case, User
    from app.services.actor import Actor
    from ui.application import make_application
    from ui.cases.calls_page import FILTER_PAUSE_MS, CallsRegisterPage
    from ui.context import AppContext

    app = make_application(["samad-bench"])
    open_database(url)
    cases = Case.select().count()
    texts = _texts(RUNS + 1)
    actor = Actor.from_user(User.select().where(User.role == "operator").first())
    page = CallsRegisterPage(AppContext(actor, url, url))
    page.resize(1366 - 174, 700)  # the register beside the section list on a 1366-pixel screen
    page.show()
    shown: list[float] = []  # the first rows arrived (the model was reset; the count follows)
    asked: list[float] = []  # the pause ended and the query was sent
    paints: list[float] = []  # the viewport painted

    watch_paints(page.table.viewport(), paints)
    page.model.rows_shown.connect(lambda _rows: shown.append(time.perf_counter()))
    page.timer.timeout.connect(lambda: asked.append(time.perf_counter()))

    def wait_painted(limit_s: float = 60.0) -> float:
        """Run the event loop until the first rows are painted and the count is in; the time the pass in
        which the rows painted ended."""
        end = time.perf_counter() + limit_s
        painted = None
        while time.perf_counter() < end:
            app.processEvents()
            now = time.perf_counter()
            if painted is None and shown and paints and paints[-1] > shown[-1]:
                painted = now
            if painted is not None and not page.model.loading and not page.timer.isActive():
                return painted
            time.sleep(0.0005)
        raise TimeoutError("the register did not show the rows")

    def clear() -> None:
        """Back to every case, as the clear button does, and wait until it is shown."""
        shown.clear()
        page.text.blockSignals(True)
        page.text.clear()
        page.text.blockSignals(False)
        page.apply_filters()
        wait_painted()

    clear()
    results: list[Result] = []
    for kind, chosen in texts.items():
        per_key, whole, after_pause, query, paint, totals = [], [], [], [], [], []
        for i, text in enumerate(chosen):
            clear()
            shown.clear()
            asked.clear()
            paints.clear()
            for n in range(1, len(text) + 1):
                typed = time.perf_counter()
                page.text.setText(text[:n])  # what each key press sends
                app.processEvents()
                if i:
                    per_key.append((time.perf_counter() - typed) * 1000)
                deadline = typed + KEY_GAP_S
                while time.perf_counter() < deadline and n < len(text):
                    app.processEvents()
                    time.sleep(0.002)
            painted = wait_painted()
            if not i:  # warm-up
                continue
            whole.append((painted - typed) * 1000)
            after_pause.append((painted - asked[-1]) * 1000)
            query.append((shown[-1] - asked[-1]) * 1000)
            paint.append((painted - shown[-1]) * 1000)
            totals.append(page.model.total)
        note = f"(matches: {min(totals):,}–{max(totals):,} of {cases:,} cases)"
        results += [
            Result(f"search, {kind}: one key press", statistics.median(per_key), len(per_key)),
            Result(f"search, {kind}: last key to rows", statistics.median(whole), len(whole), note=note),
            Result(
                f"search, {kind}: pause end to rows",
                statistics.median(after_pause),
                len(after_pause),
                target_ms=100,
                note=f"(pause {FILTER_PAUSE_MS} ms)",
            ),
            Result(f"search, {kind}:   query (off the UI)", statistics.median(query), len(query)),
            Result(f"search, {kind}:   reset + paint", statistics.median(paint), len(paint)),
        ]
    page.close()
    page.deleteLater()
    app.processEvents()
    close_database()
    return results
