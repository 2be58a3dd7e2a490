"""The demo's letters, written once their numbers are final: in the order they were issued, within each Jalali year.

The referrals step takes serials for the referral letters and the follow-up step, later, for its reminders and
escalations, each from the same gapless counter: so a reminder of Farvardin got a serial after every referral
letter of Esfand. Neither step writes its letters: each holds them here (a `PendingLetter`: its row without
the content, and how to build the content), with ids taken ahead. This last step gives the serials the demo
took in each year back to its letters in issue order, then builds each letter's frozen content once, with its
final number (and the final numbers of the letters it names), and inserts it; then the rows that point at the
letters (reminders, escalations) and the audit entries that name letter numbers (held by the two steps, since
the audit trail is append-only), their provisional numbers replaced by the final ones.

Building each content once, after the numbers are final, halves the letter work: the steps used to write
every letter with its provisional number and this step rewrote almost all of them (unpacked, renumbered,
packed again, with the letters' freeze lifted meanwhile). A large demo builds the contents in forked
processes, the machine's other core, while this one reads the cases' facts and writes (see _write_letters).
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import multiprocessing
import re
from collections.abc import Callable
from dataclasses import dataclass

from app.db import database, is_postgres
from app.domain import letter_codec
from app.domain.numbering import format_number
from app.models import Letter
from app.services.admin import settings
from app.services.demo.calls import _insert, insert_audits  # the steps' one multi-row INSERT helper
from app.services.letters.letter_content import CaseFacts

PENDING = "numbered_audits"  # ctx.shared key: audit rows naming letter numbers, written by this step
LETTERS = "pending_letters"  # ctx.shared key: the PendingLetters, in id order
FIRSTS = "first_letters"  # ctx.shared key: {referral id: its pending referral letter}
ROWS = "letter_rows"  # ctx.shared key: [(model, fields, rows)] pointing at the letters, written after them
NEXT_ID = "next_letter_id"
CHUNK = 1000  # letters built and inserted per transaction
PARALLEL_FROM = 5 * CHUNK  # letters: fewer are built here (starting the processes would cost more)
WORKERS = 2  # processes building letters (the machine's cores)

# (final number, the final number of another letter by its id, the case's facts) -> the frozen content
ContentBuilder = Callable[[str, Callable[[int], str], CaseFacts], dict]


@dataclass(slots=True)
class PendingLetter:
    id: int
    year: int
    serial: int  # provisional: the serials of each year are given back in issue order
    number: str  # provisional (what the held audit entries name until this step)
    kind: str
    referral_id: int
    issued_at: dt.datetime
    issued_by: int
    follows: int | None
    case_id: int
    content: ContentBuilder


def hold_audit(ctx, row: tuple) -> None:
    """Keep an audit row that names a letter number until the numbers are final."""
    ctx.shared.setdefault(PENDING, []).append(row)


def hold_letter(ctx, letter: PendingLetter) -> None:
    ctx.shared.setdefault(LETTERS, []).append(letter)
    if letter.kind == "referral":
        ctx.shared.setdefault(FIRSTS, {})[letter.referral_id] = letter


def hold_rows(ctx, model, fields: list, rows: list[tuple]) -> None:
    """Rows that reference held letters (reminders, escalations): inserted right after the letters."""
    if rows:
        ctx.shared.setdefault(ROWS, []).append((model, fields, rows))


def new_letter_ids(ctx, count: int) -> list[int]:
    """Ids for `count` letters to be written by this step, in rising order. PostgreSQL: taken from the table's
    sequence (so nothing else can take them meanwhile); SQLite: after the highest id (SQLite gives a new row
    the highest id + 1, so a letter issued by another program while the demo runs could clash: the bulk demo
    is for a new database)."""
    if count <= 0:
        return []
    if is_postgres():
        rows = database.execute_sql(
            "SELECT nextval(pg_get_serial_sequence('letter', 'id')) FROM generate_series(1, %s)", (count,)
        ).fetchall()
        return sorted(r[0] for r in rows)
    first = ctx.shared.get(NEXT_ID)
    if first is None:
        first = (Letter.select(Letter.id).order_by(Letter.id.desc()).scalar() or 0) + 1
    ctx.shared[NEXT_ID] = first + count
    return list(range(first, first + count))


def number_pattern(fmt: str) -> re.Pattern:
    """A regex for every number the format makes (the year and serial fields as digit runs)."""
    sample = re.escape(format_number(fmt, 98765, 43210))
    digits = "[۰-۹]+"
    return re.compile(sample.replace("۹۸۷۶۵", digits).replace("۴۳۲۱۰", digits))


def final_numbers(letters: list[PendingLetter], fmt: str) -> dict[int, tuple[int, str]]:
    """{letter id: (serial, number)}: each year's serials given back to its letters in issue order."""
    by_year: dict[int, list[PendingLetter]] = {}
    for letter in letters:
        by_year.setdefault(letter.year, []).append(letter)
    out = {}
    for year, items in by_year.items():
        serials = sorted(x.serial for x in items)
        items.sort(key=lambda x: (x.issued_at, x.id))
        for serial, letter in zip(serials, items, strict=True):
            out[letter.id] = (serial, format_number(fmt, year, serial))
    return out


LETTER_FIELDS = [
    Letter.id,
    Letter.number,
    Letter.year,
    Letter.serial,
    Letter.kind,
    Letter.referral,
    Letter.issued_at,
    Letter.issued_by,
    Letter.content,
    Letter.signer_name,
    Letter.status,
    Letter.cancel_reason,
    Letter.follows,
]


def _write(rows: list[tuple]) -> None:
    with database.atomic():
        _insert(Letter, LETTER_FIELDS, rows)


# What the forked builders read: (the held letters, {letter id: its final number}), set before they start
_JOB: tuple[list[PendingLetter], dict[int, str]] | None = None


def _build(start: int, stop: int, facts: dict[int, CaseFacts]) -> list:
    """The insert rows (LETTER_FIELDS order) of letters[start:stop]: each content built with its final number,
    as JSON, compressed. Touches no database (it may run in a forked process)."""
    letters, numbers = _JOB
    number_of = numbers.__getitem__
    pack, dumps = letter_codec.pack, json.dumps
    rows = []
    for x in letters[start:stop]:
        number = numbers[x.id]
        content = x.content(number, number_of, facts[x.case_id])
        text = dumps(content, ensure_ascii=False, sort_keys=True)
        rows.append(
            (
                x.id,
                number,
                x.year,
                x.serial,
                x.kind,
                x.referral_id,
                x.issued_at,
                x.issued_by,
                pack(text),
                content.get("signer_name") or None,
                "issued",
                "",
                x.follows,
            )
        )
    return rows


def _write_letters(ctx, letters: list[PendingLetter], numbers: dict[int, str]) -> None:
    """Build and insert the letters a block at a time. A large demo builds them in WORKERS forked processes
    (building and compressing the contents is most of the work, and needs no database), while this process
    reads each block's case facts and writes the blocks in id order."""
    from app.services.demo.referrals import facts_by_case

    global _JOB
    _JOB = (letters, numbers)
    blocks = [(start, min(start + CHUNK, len(letters))) for start in range(0, len(letters), CHUNK)]

    def facts(start: int, stop: int) -> dict[int, CaseFacts]:
        by_case = facts_by_case(list({x.case_id for x in letters[start:stop]}))
        return {case_id: f for case_id, (f, _) in by_case.items()}

    try:
        if len(letters) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            for start, stop in blocks:
                _write(_build(start, stop, facts(start, stop)))
                ctx.report("letters", stop, len(letters))
            return
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            waiting: collections.deque = collections.deque()

            def write_oldest() -> None:
                done, result = waiting.popleft()
                _write(result.get())
                ctx.report("letters", done, len(letters))

            for start, stop in blocks:
                waiting.append((stop, pool.apply_async(_build, (start, stop, facts(start, stop)))))
                if len(waiting) > WORKERS:
                    write_oldest()
            while waiting:
                write_oldest()
    finally:
        _JOB = None


def run(ctx) -> dict:
    letters: list[PendingLetter] = ctx.shared.pop(LETTERS, [])
    ctx.shared.pop(FIRSTS, None)
    held_rows = ctx.shared.pop(ROWS, [])
    pending = ctx.shared.pop(PENDING, [])
    fmt = settings.get("letter_number_format")
    final = final_numbers(letters, fmt)
    mapping = {x.number: final[x.id][1] for x in letters if x.number != final[x.id][1]}
    numbers = {letter_id: number for letter_id, (_, number) in final.items()}
    # a follow-up letter may follow a referral letter of an earlier demo, already stored
    earlier = sorted({x.follows for x in letters if x.follows is not None and x.follows not in numbers})
    for start in range(0, len(earlier), CHUNK):
        ids = earlier[start : start + CHUNK]
        numbers.update(Letter.select(Letter.id, Letter.number).where(Letter.id.in_(ids)).tuples())
    for x in letters:  # the final serial
        x.serial = final[x.id][0]
    _write_letters(ctx, letters, numbers)
    pattern = number_pattern(fmt)

    def renumber(text: str) -> str:
        return pattern.sub(lambda m: mapping.get(m.group(0), m.group(0)), text) if mapping else text

    with database.atomic():
        for model, fields, rows in held_rows:
            _insert(model, fields, rows)
        rows = [(*row[:6], renumber(row[6])) for row in pending]
        rows.sort(key=lambda row: row[0])
        insert_audits(rows)
    return {"letters_renumbered": len(mapping)}
