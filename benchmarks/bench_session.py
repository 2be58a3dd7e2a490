"""The official's hour: the session screen (the panel with the official's desk: clock, queue, caller's file)
opening and refreshing on a large database with a queue of held callers, taking a caller up from the queue,
keeping the official's note, the preview of a batch of 20 letters (checked and rendered, nothing stored), the
issue of that batch, and rendering the issued batch for one print job. Everything the benchmark writes is
rolled back, so the demo database is left as it was."""

from __future__ import annotations

import os
import statistics
import time

from app.db import database, open_database
from app.models import Agency, Case, User
from app.services.actor import Actor
from app.services.letters import letters, referrals
from app.services.schedule import session_desk, sessions
from benchmarks.harness import Result, median_ms

BATCH = 20
HELD = 30  # callers held for the official while the screen is measured


class _Rollback(Exception):
    pass


def _drafts(operator: Actor, session_id: int) -> list[int]:
    agency = Agency.select().where(Agency.kind == "agency").first()
    open_cases = Case.select().where(Case.status == "registered").order_by(Case.id.desc()).limit(BATCH)
    ids = []
    for case in open_cases:
        ids += [
            r.id
            for r in referrals.prepare_draft(
                operator,
                case.id,
                {"agency_ids": [agency.id], "instruction": "بررسی شود."},
                session_id=session_id,
            )
        ]
    return ids


def run(url: str, calls: int) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.application import make_application
    from ui.context import AppContext
    from ui.schedule.session_panel import SessionPanel

    open_database(url)
    make_application()
    official_user = User.select().where((User.role == "official") & User.active).first()
    operator_user = User.select().where((User.role == "operator") & User.active).first()
    if official_user is None or operator_user is None:
        return [Result("session: no official or operator in the database (run samad demo)", 0.0, 0)]
    official, operator = Actor.from_user(official_user), Actor.from_user(operator_user)
    results: list[Result] = []
    previews, issues, renders = [], [], []
    try:
        with database.atomic():
            session = sessions.check_in(official, allow_parallel=True)
            held = _hold(HELD)
            context = AppContext(official, url, url)
            start = time.perf_counter()
            first = SessionPanel(context)  # the first in a process also loads the icon font
            results.append(
                Result("session screen: open, first in the process", (time.perf_counter() - start) * 1000, 1)
            )
            first.deleteLater()
            opens = []
            for _ in range(3):
                start = time.perf_counter()
                panel = SessionPanel(context)
                opens.append((time.perf_counter() - start) * 1000)
            results.append(Result("session screen: open (desk, queue, tabs)", statistics.median(opens), 3))
            results.append(Result("session screen: refresh", median_ms(lambda i: panel.reload(), 11), 11))
            queue = panel.desk.queue_model.rows
            results.append(
                Result(
                    f"desk: take up a caller ({len(queue)} in the queue)",
                    median_ms(lambda i: panel.desk.take(queue[i % len(queue)].case_id), 11),
                    11,
                )
            )
            with database.atomic() as savepoint:
                results.append(
                    Result(
                        "desk: keep the official's note (service)",
                        median_ms(
                            lambda i: session_desk.write_official_note(
                                official, session.id, held[i % len(held)], f"یادداشت {i}"
                            ),
                            11,
                        ),
                        11,
                    )
                )
                savepoint.rollback()
            for _ in range(3):
                with database.atomic() as savepoint:  # a savepoint per round: issue, measure, undo
                    drafts = _drafts(operator, session.id)
                    start = time.perf_counter()
                    for preview in referrals.preview_drafts(official, drafts):
                        preview.pdf()
                    previews.append((time.perf_counter() - start) * 1000)
                    start = time.perf_counter()
                    result = referrals.issue_drafts(official, drafts, session_id=session.id)
                    issues.append((time.perf_counter() - start) * 1000)
                    assert len(result.issued) == len(drafts), result.failed
                    start = time.perf_counter()
                    letters.letters_pdfs(sorted(i.letter_id for i in result.issued))
                    renders.append((time.perf_counter() - start) * 1000)
                    savepoint.rollback()
            panel.deleteLater()
            raise _Rollback
    except _Rollback:
        pass
    results.append(
        Result(f"preview a batch of {BATCH} letters (check + render)", statistics.median(previews), 3)
    )
    results.append(
        Result(f"issue that batch of {BATCH} (numbers, letters, audit)", statistics.median(issues), 3)
    )
    results.append(Result(f"render the issued {BATCH} for one print job", statistics.median(renders), 3))
    return results


def _hold(n: int) -> list[int]:
    """n open cases held for the official (inside the benchmark's transaction, rolled back)."""
    ids = [
        c.id
        for c in Case.select(Case.id).where(Case.status == "registered").order_by(Case.id.desc()).limit(n)
    ]
    Case.update(next_step="hold").where(Case.id.in_(ids)).execute()
    return ids
