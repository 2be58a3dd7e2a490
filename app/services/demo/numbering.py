"""The demo's letter numbers in the order the letters were issued, within each Jalali year.

The referrals step numbers the referral letters and the follow-up step, later, its reminders and
escalations, each from the same gapless counter: so a reminder of Farvardin got a number after every referral
letter of Esfand. This last step gives the serials the demo took in each year back to its letters in issue
order, and writes the numbers into each letter's frozen content and into the audit entries that name them
(those entries were held back by the two steps, since the audit trail is append-only).
"""

from __future__ import annotations

import re

from app.db import database, is_postgres
from app.domain import letter_codec
from app.domain.numbering import format_number
from app.migrations import m0016_letter_frozen as letter_frozen
from app.models import Letter
from app.services.admin import settings
from app.services.demo.bulk import update_many
from app.services.demo.calls import insert_audits

PENDING = "numbered_audits"  # ctx.shared key: audit rows naming letter numbers, written by this step
FIRST = "letters_before"
CHUNK = 500  # letters read and rewritten at a time  # ctx.shared key: the highest letter id before the demo made its letters


def hold_audit(ctx, row: tuple) -> None:
    """Keep an audit row that names a letter number until the numbers are final."""
    ctx.shared.setdefault(PENDING, []).append(row)


def remember_first_letter(ctx) -> None:
    if FIRST not in ctx.shared:
        last = Letter.select(Letter.id).order_by(Letter.id.desc()).first()
        ctx.shared[FIRST] = last.id if last else 0


def number_pattern(fmt: str) -> re.Pattern:
    """A regex for every number the format makes (the year and serial fields as digit runs)."""
    sample = re.escape(format_number(fmt, 98765, 43210))
    digits = "[۰-۹]+"
    return re.compile(sample.replace("۹۸۷۶۵", digits).replace("۴۳۲۱۰", digits))


def _new_numbers(first_id: int, fmt: str) -> dict[int, tuple[str, int, str]]:
    """{letter id: (old number, new serial, new number)} for the demo's letters whose serial moves."""
    by_year: dict[int, list[tuple]] = {}
    for row in (
        Letter.select(Letter.id, Letter.year, Letter.serial, Letter.number, Letter.issued_at)
        .where(Letter.id > first_id)
        .tuples()
    ):
        by_year.setdefault(row[1], []).append(row)
    out = {}
    for year, rows in by_year.items():
        serials = sorted(r[2] for r in rows)
        for serial, (letter_id, _, old_serial, old_number, _) in zip(
            serials, sorted(rows, key=lambda r: (r[4], r[0])), strict=True
        ):
            if serial != old_serial:
                out[letter_id] = (old_number, serial, format_number(fmt, year, serial))
    return out


def run(ctx) -> dict:
    first_id = ctx.shared.get(FIRST)
    pending = ctx.shared.pop(PENDING, [])
    fmt = settings.get("letter_number_format")
    moves = _new_numbers(first_id, fmt) if first_id is not None else {}
    mapping = {old: new for old, _, new in moves.values()}
    pattern = number_pattern(fmt)

    def renumber(text: str) -> str:
        return pattern.sub(lambda m: mapping.get(m.group(0), m.group(0)), text) if mapping else text

    table = Letter._meta.table_name
    p = database.param
    with database.atomic():
        if moves:
            # The demo writes its letters before it knows their issue order; an issued letter is frozen
            # (migration 16), so the freeze is lifted for the renumbering only, inside this transaction.
            database.execute_sql(
                "DROP TRIGGER IF EXISTS letter_frozen" + (" ON letter" if is_postgres() else "")
            )
            ids = list(moves)
            # out of the way first: number and (year, serial) are unique
            update_many(
                f'UPDATE "{table}" SET number = {p}, serial = {p} WHERE id = {p}',
                [(f"~{i}", -i, i) for i in ids],
            )
            for start in range(0, len(ids), CHUNK):  # a block at a time: contents are a few KB each
                contents = dict(
                    Letter.select(Letter.id, Letter.content)
                    .where(Letter.id.in_(ids[start : start + CHUNK]))
                    .tuples()
                )
                update_many(
                    f'UPDATE "{table}" SET number = {p}, serial = {p}, content = {p} WHERE id = {p}',
                    [
                        (moves[i][2], moves[i][1], letter_codec.pack(renumber(content)), i)
                        for i, content in contents.items()
                    ],
                )
            # letters that were not moved may still name one that was (a reminder's «پیرو» line)
            for letter_id, content in (
                Letter.select(Letter.id, Letter.content)
                .where((Letter.id > first_id) & (Letter.kind != "referral"))
                .tuples()
            ):
                changed = renumber(content)
                if letter_id not in moves and changed != content:
                    Letter.update(content=changed).where(Letter.id == letter_id).execute()
            letter_frozen.apply(database.obj)  # frozen again before anything else can write
        rows = [(*row[:6], renumber(row[6])) for row in pending]
        rows.sort(key=lambda row: row[0])
        insert_audits(rows)
    return {"letters_renumbered": len(moves)}
