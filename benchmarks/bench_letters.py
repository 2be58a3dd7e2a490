"""Referral letters: rendering a stored letter to PDF (one, and a batch of 200), issuing an order
(rolled back, so the demo database is left as it was), and finding letters on a large database.

Target: under 50 ms to render one letter (median), including a batch of 200.
"""

from __future__ import annotations

import json
import random
import statistics
import time

from app.db import database, open_database
from app.models import Case, Letter, User
from app.services.actor import Actor
from app.services.letters import letters, referrals
from benchmarks.harness import Result, median_ms
from reports.letter import render_letter

RUNS = 31
BATCH = 200


class _Rollback(Exception):
    pass


def run(url: str, calls: int) -> list[Result]:
    open_database(url)
    rng = random.Random(4)
    ids = [row.id for row in Letter.select(Letter.id).order_by(Letter.id).namedtuples()]
    if not ids:
        return [Result("letters: no letters in the database (run samad demo)", 0.0, 0)]
    sample = [rng.choice(ids) for _ in range(RUNS + 2)]
    contents = {i: json.loads(Letter.get_by_id(i).content) for i in set(sample)}
    results = [
        Result(
            "render one letter (frozen content -> PDF)",
            median_ms(lambda i: render_letter(contents[sample[i]]), RUNS),
            RUNS,
            target_ms=50,
        ),
        Result(
            "letter PDF from the database (letter_pdf)",
            median_ms(lambda i: letters.letter_pdf(sample[i]), RUNS),
            RUNS,
            target_ms=50,
        ),
    ]
    batches = []
    for _ in range(3):
        chosen = rng.sample(ids, min(BATCH, len(ids)))
        start = time.perf_counter()
        letters.letters_pdfs(chosen)
        batches.append((time.perf_counter() - start) * 1000)
    batch = statistics.median(batches)
    size = min(BATCH, len(ids))
    results.append(
        Result(
            f"batch of {size} letters (letters_pdfs)",
            batch,
            3,
            note=f"= {batch / size:.1f} ms a letter (target 50)",
        )
    )
    results.append(Result(f"batch of {size}: one letter's share", batch / size, 3, target_ms=50))

    long_content = dict(
        contents[sample[0]], body=contents[sample[0]]["body"] + ("\n" + "متن بلند درخواست. " * 60) * 8
    )
    results.append(
        Result("render a long letter (3+ pages)", median_ms(lambda i: render_letter(long_content), 11), 11)
    )

    official = User.select().where(User.role == "official").first()
    case = Case.select().where(Case.status.in_(["registered", "referred"])).order_by(Case.id.desc()).first()
    if official and case:
        actor = Actor.from_user(official)
        agency = Letter.get_by_id(ids[-1]).referral.agency_id

        def issue(_i):
            try:
                with database.atomic():
                    referrals.issue_order(
                        actor, case.id, {"agency_ids": [agency], "instruction": "بررسی شود."}
                    )
                    raise _Rollback
            except _Rollback:
                pass

        results.append(Result("issue an order (one letter, rolled back)", median_ms(issue, 21), 21))
    results.append(
        Result(
            "letters list: newest 500 ids + first 200 rows",
            median_ms(lambda i: letters.letter_rows(letters.find_letter_ids(limit=500)[:200]), 11),
            11,
        )
    )
    results.append(
        Result(
            "letters list: search by citizen name",
            median_ms(lambda i: letters.list_letters(letters.LetterFilter(text="رضایی"), limit=200), 11),
            11,
            note=f"{len(ids)} letters, {calls} cases",
        )
    )
    return results
