"""Issued letters: finding and listing them, their frozen content, and their PDF (rendered only from that
content). The logo printed on a letter is kept by its hash, so a letter always prints with its own logo."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from app.db import is_postgres
from app.domain import jalali
from app.domain.status import LetterStatus, ReferralStatus
from app.domain.text import normalize_line, search_key, to_ascii_digits, to_persian_digits
from app.models import Agency, Case, Letter, Official, OfficialSession, Referral, Setting, User
from app.services.admin import settings as settings_service
from app.services.cases import case_search
from app.services.errors import NotFound, ValidationError
from reports.letter import Cancellation, render_letter

LOGO_KEY = "logo.{sha}"
CURRENT_LOGO_KEY = "logo.current"
MAX_LOGO_BYTES = 1_000_000
# PostgreSQL, words: up to this many matching cases their letters are gathered and sorted; a word more cases hold
# is left to the planner, which then walks the newest letters (their 200 come after a few thousand)
DENSE_MATCHES = 20_000


@dataclass(frozen=True)
class LetterFilter:
    date_from: dt.date | None = None  # issue date (Tehran), inclusive
    date_to: dt.date | None = None
    agency_id: int | None = None
    status: str | None = None  # issued, cancelled
    text: str = ""  # number, tracking code, citizen name, subject
    session_id: int | None = None
    case_id: int | None = None
    issued_by: int | None = None


@dataclass(frozen=True)
class LetterRow:
    id: int
    number: str
    issued_at: dt.datetime
    status: str
    agency_name: str
    case_id: int
    tracking_code: str
    citizen_name: str
    subject: str
    signer_name: str  # printed under the letter (its frozen content): the official who signed it
    due_date: dt.date
    priority: str
    referral_id: int
    session_id: int | None
    replaces_id: int | None
    cancel_reason: str
    issued_by_name: str = ""  # who pressed «صدور» (an operator, for a follow-up letter the head signs)


@dataclass(frozen=True)
class LetterDetail:
    row: LetterRow
    content: dict
    cancelled_at: dt.datetime | None
    replaced_by_ids: list[int] = field(default_factory=list)


def _local_start(day: dt.date) -> dt.datetime:
    """Naive UTC of midnight in Tehran at the start of `day`."""
    local = dt.datetime.combine(day, dt.time(0), tzinfo=jalali.TEHRAN)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _text(f: LetterFilter) -> tuple[str, str, bool]:
    """(the text, its digits, whether it is a letter number or a tracking code)."""
    text = normalize_line(f.text or "")
    digits = to_ascii_digits(text).replace(" ", "")
    return text, digits, bool(text) and digits.replace("/", "").replace("-", "").isdigit()


def _query(f: LetterFilter, matching: peewee.CTE | None = None):
    """The matching letters' ids; with `matching` (a CTE of case ids) the text is taken as matched by them."""
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise ValidationError({"date_to": "تاریخ پایان پیش از تاریخ آغاز است؛ بازه را درست کنید."})
    text, digits, number = _text(f)
    query = Letter.select(Letter.id).join(Referral)
    if matching is not None:
        query = query.join(matching, on=(Referral.case == matching.c.id)).switch(Referral)
        text = ""
    elif number or (text and case_search.needs_case_table(text)):
        # (words on SQLite are looked up by the referral's case id alone: the cases table is not read)
        query = query.join(Case).switch(Referral)
    if f.date_from:
        query = query.where(Letter.issued_at >= _local_start(f.date_from))
    if f.date_to:
        query = query.where(Letter.issued_at < _local_start(f.date_to + dt.timedelta(days=1)))
    if f.agency_id:
        query = query.where(Referral.agency == f.agency_id)
    if f.status:
        query = query.where(Letter.status == f.status)
    if f.session_id:
        query = query.where(Referral.session == f.session_id)
    if f.case_id:
        query = query.where(Referral.case == f.case_id)
    if f.issued_by:
        query = query.where(Letter.issued_by == f.issued_by)
    if number:
        query = query.where(
            (Letter.number == to_persian_digits(digits))
            | (Case.tracking_code == digits)
            | Letter.number.endswith(to_persian_digits(digits))
        )
    elif text:  # words of the citizen's name or the subject: the calls register's full-text search
        condition = case_search.text_condition(text, case_id=Referral.case)
        query = query.where(
            condition
            if condition is not None
            else case_search.case_key_expression().contains(search_key(text))
        )
    return query


def _newest_of_matching_cases(f: LetterFilter, limit: int | None) -> list[int] | None:
    """PostgreSQL, words: the letters of the matching cases, gathered whole and then sorted, or None where this
    does not apply (SQLite, no words, a number) or the words are in more than DENSE_MATCHES cases.

    Left to itself the planner may walk the letters newest first and look up each one's case: it guesses how
    many letters match, and the newest letters are not spread evenly over the cases (at 300,000 cases, a common
    surname's 200 took 92,000 letters and 500 ms, where its 3,087 cases' 3,367 letters take 14 ms). The two
    materialized CTEs fix the order: the cases from the index, then their referrals' and letters' ids from
    theirs, then the sort. Whether the words are that common is the planner's estimate (the tokens' statistics:
    3,259 for 3,087 cases), and the query checks the true count before any letter is looked up."""
    text, _, number = _text(f)
    if not is_postgres() or number:
        return None
    condition = case_search.text_condition(text, by_tokens=True)
    if condition is None or case_search.planned_matches(condition) > DENSE_MATCHES:
        return None
    matching = (
        Case.select(Case.id).where(condition).limit(DENSE_MATCHES + 1).cte("matching", materialized=True)
    )
    cases = peewee.Select([matching], [peewee.fn.COUNT(peewee.SQL("*"))])  # of the query's own CTE
    # (too many cases: no letter is looked up, PostgreSQL tests this once before the joins)
    found = (
        _query(f, matching)
        .select(Letter.id, Letter.issued_at)
        .where(cases <= DENSE_MATCHES)
        .cte("found", materialized=True)
    )
    query = (
        found.select_from(found.c.id)
        .with_cte(matching, found)
        .order_by(found.c.issued_at.desc(), found.c.id.desc())
    )
    if limit:
        query = query.limit(limit)
    ids = [row[0] for row in Case._meta.database.execute(query).fetchall()]
    if not ids and Case._meta.database.execute(cases.with_cte(matching)).fetchone()[0] > DENSE_MATCHES:
        return None
    return ids


def find_letter_ids(f: LetterFilter = LetterFilter(), limit: int | None = None) -> list[int]:
    """Ids of the matching letters, newest first (a table model fetches their rows lazily)."""
    ids = _newest_of_matching_cases(f, limit)
    if ids is not None:
        return ids
    query = _query(f).order_by(Letter.issued_at.desc(), Letter.id.desc())
    if limit:
        query = query.limit(limit)
    # the driver's rows: peewee's conversion of each doubled the time of a common surname's 11,000 letters
    return [row[0] for row in Letter._meta.database.execute(query).fetchall()]


def letter_rows(ids: list[int]) -> list[LetterRow]:
    """The rows of these letters, in the order given: only the columns a row shows (not every field of the
    letter, its referral, case, agency and signer as model objects, which cost five times as much for a
    page), and the signer's name as frozen beside the content (migration 33; unpacking each content for it
    was a third of a page's time at a million cases)."""
    if not ids:
        return []
    issuer = User.alias()
    query = (
        Letter.select(
            Letter.id,
            Letter.number,
            Letter.issued_at,
            Letter.status,
            Agency.name,
            Case.id,
            Case.tracking_code,
            Case.caller_name,
            Case.subject,
            Letter.signer_name,
            Referral.due_date,
            Referral.priority,
            Referral.id,
            Referral.session,
            Letter.replaces,
            Letter.cancel_reason,
            issuer.full_name,
        )
        .join(Referral)
        .join(Case)
        .switch(Referral)
        .join(Agency)
        .switch(Letter)
        .join(issuer, on=(Letter.issued_by == issuer.id))
        .where(Letter.id.in_(peewee.SQL(f"({', '.join(str(int(i)) for i in ids)})")))
    )
    # the driver's rows, only the two dates converted (peewee's per-column conversion of 17 columns cost
    # as much as the query)
    found = [
        (*row[:2], _datetime(row[2]), *row[3:10], _date(row[10]), *row[11:])
        for row in Letter._meta.database.execute(query).fetchall()
    ]
    unnamed = [row[0] for row in found if not row[9]]  # written without the column: read the content
    signers = (
        dict(Letter.select(Letter.id, Letter.content).where(Letter.id.in_(unnamed)).tuples())
        if unnamed
        else {}
    )
    rows = {}
    for row in found:
        signer_name = row[9] or (
            json.loads(signers[row[0]]).get("signer_name", "") if row[0] in signers else ""
        )
        rows[row[0]] = LetterRow(*row[:9], signer_name or row[16], *row[10:])
    return [rows[i] for i in ids if i in rows]


def _datetime(value) -> dt.datetime:
    return Letter.issued_at.python_value(value)  # SQLite's integer microseconds (migration 36)


def _date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def list_letters(f: LetterFilter = LetterFilter(), limit: int = 500) -> list[LetterRow]:
    return letter_rows(find_letter_ids(f, limit))


def normalize_number(text: str) -> str:
    """A letter number as stored (Persian digits), from what a person typed (Latin or Persian digits)."""
    return to_persian_digits(to_ascii_digits(normalize_line(text or "")).replace(" ", ""))


def find_by_number(number: str) -> int:
    letter = Letter.get_or_none(Letter.number == normalize_number(number))
    if letter is None:
        raise NotFound(f"نامه‌ای با شماره «{normalize_number(number)}» نیست.")
    return letter.id


def _letter(letter_id: int) -> Letter:
    letter = Letter.get_or_none(Letter.id == letter_id)
    if letter is None:
        raise NotFound("این نامه پیدا نشد.")
    return letter


def get_letter(letter_id: int) -> LetterDetail:
    letter = _letter(letter_id)
    rows = letter_rows([letter.id])
    replaced_by = [r.id for r in Letter.select(Letter.id).where(Letter.replaces == letter.id)]
    return LetterDetail(rows[0], json.loads(letter.content), letter.cancelled_at, replaced_by)


def letter_pdf(letter_id: int) -> bytes:
    """The letter's PDF from its frozen content; a cancelled letter is marked «باطل شد»."""
    letter = _letter(letter_id)
    content = json.loads(letter.content)
    cancellation = None
    if letter.status == LetterStatus.CANCELLED:
        cancellation = Cancellation(jalali.format_jalali(letter.cancelled_at), letter.cancel_reason)
    return render_letter(content, logo=stored_logo(content.get("logo_sha256", "")), cancellation=cancellation)


def letters_pdfs(letter_ids: list[int], progress=None) -> list[tuple[str, bytes]]:
    """(number, PDF) of each letter, for a batch; `progress(done, total)` is called after each."""
    out = []
    for done, letter_id in enumerate(letter_ids, 1):
        out.append((_letter(letter_id).number, letter_pdf(letter_id)))
        if progress:
            progress(done, len(letter_ids))
    return out


# --- the logo -------------------------------------------------------------------------------------


def stored_logo(sha: str) -> bytes | None:
    if not sha:
        return None
    row = Setting.get_or_none(Setting.key == LOGO_KEY.format(sha=sha))
    return base64.b64decode(row.value) if row else None


def _readable_image(data: bytes) -> bool:
    from io import BytesIO

    from reportlab.lib.utils import ImageReader

    try:
        ImageReader(BytesIO(data)).getSize()
    except Exception:  # reportlab/PIL raise many kinds for a file that is not an image
        return False
    return True


def logo_for_issue() -> str:
    """The hash of the logo to print on a letter issued now, stored in the database once (call inside the
    issuing transaction). The file named in the settings is read when this PC can; otherwise the last
    logo any PC stored is used, so every PC prints the same letterhead."""
    path = settings_service.get("logo_path").strip()
    if not path:
        return ""
    data = None
    try:
        file = Path(path)
        if file.is_file() and file.stat().st_size <= MAX_LOGO_BYTES:
            data = file.read_bytes()
    except OSError:
        data = None
    if data is None or not _readable_image(data):
        current = Setting.get_or_none(Setting.key == CURRENT_LOGO_KEY)
        return current.value if current else ""
    sha = hashlib.sha256(data).hexdigest()
    key = LOGO_KEY.format(sha=sha)
    if not Setting.select().where(Setting.key == key).exists():
        Setting.create(key=key, value=base64.b64encode(data).decode("ascii"))
    Setting.insert(key=CURRENT_LOGO_KEY, value=sha).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: sha}
    ).execute()
    return sha


# --- sessions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionChoice:
    id: int
    official_name: str
    checked_in_at: dt.datetime
    drafts: int
    letters: int


def session_choices(limit: int = 50) -> list[SessionChoice]:
    """Recent officials' sessions that have drafts or letters, newest first (for batch issue and print)."""
    counts = (
        Referral.select(Referral.session, Referral.status, peewee.fn.COUNT(Referral.id).alias("n"))
        .where(
            Referral.session.is_null(False)
            & Referral.status.in_([ReferralStatus.DRAFT, ReferralStatus.ISSUED, ReferralStatus.ANSWERED])
        )
        .group_by(Referral.session, Referral.status)
    )
    per_session: dict[int, list[int]] = {}
    for row in counts.namedtuples():
        drafts_letters = per_session.setdefault(row.session, [0, 0])
        drafts_letters[0 if row.status == ReferralStatus.DRAFT else 1] += row.n
    if not per_session:
        return []
    sessions = (
        OfficialSession.select(OfficialSession, Official)
        .join(Official)
        .where(OfficialSession.id.in_(list(per_session)))
        .order_by(OfficialSession.checked_in_at.desc())
        .limit(limit)
    )
    return [SessionChoice(s.id, s.official.full_name, s.checked_in_at, *per_session[s.id]) for s in sessions]
