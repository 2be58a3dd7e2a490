"""The ring log: each call the phone system announced (`samad call ring`, or the optional listener), kept with
its time, number, line, the user whose app it reached and the case registered from it. «تماس‌های امروز» reads
it, so a caller whose ring led to no case can be called back.

The caller's number is checked here, once, for every way in (the command line before it sends, the app when a
ring arrives by the local socket or by HTTP): Persian or Latin digits, separators and a leading + allowed; an
Iranian mobile or landline number is stored in the form the intake form uses (09…), anything else (a local
number without its area code, an internal extension) as its digits."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from peewee import JOIN

from app.db import database
from app.domain import jalali
from app.domain.identifiers import is_valid_phone, normalize_phone
from app.domain.period import local_midnight_utc
from app.domain.text import to_ascii_digits, to_persian_digits
from app.models import Case, Ring, User
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.errors import NotFound, ValidationError

MIN_DIGITS, MAX_DIGITS = 3, 15  # an internal extension … the longest international number (E.164)
MAX_LINE = 20
_SEPARATORS = frozenset(" \t\u00a0-\u2010\u2011\u2012\u2013\u2014\u2015\u2212_().")
_DIGITS = re.compile(r"\+?[0-9]+", re.ASCII)
_LINE = re.compile(r"[0-9A-Za-z_.+\-]*", re.ASCII)


def clean_number(text: str | None) -> str:
    """The caller's number as stored, or ValidationError({"number": Persian message})."""
    compact = "".join(
        c for c in to_ascii_digits(text or "") if c not in _SEPARATORS and unicodedata.category(c) != "Cf"
    )
    if not any(c.isdigit() for c in compact):  # nothing, or "anonymous", "unknown": a withheld number
        raise ValidationError({"number": "شماره تماس‌گیرنده نیامده است (شاید شماره پنهان بوده است)."})
    if not _DIGITS.fullmatch(compact):
        raise ValidationError({"number": "شماره تماس‌گیرنده باید فقط رقم باشد (رقم فارسی یا لاتین)."})
    digits = len(compact.lstrip("+"))
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise ValidationError(
            {
                "number": to_persian_digits(
                    f"شماره تماس‌گیرنده باید {MIN_DIGITS} تا {MAX_DIGITS} رقم باشد، نه {digits} رقم."
                )
            }
        )
    return normalize_phone(compact) if is_valid_phone(compact) else compact


def clean_line(text: str | None) -> str:
    """The line (the number dialled, e.g. 111, or the PBX's trunk name), or ValidationError({"line": …})."""
    line = to_ascii_digits(text or "").strip()
    if len(line) > MAX_LINE or not _LINE.fullmatch(line):
        raise ValidationError(
            {"line": to_persian_digits(f"خط باید حداکثر {MAX_LINE} نویسهٔ لاتین یا رقم باشد، بی‌فاصله.")}
        )
    return line


@dataclass(frozen=True)
class RingInfo:
    id: int
    at: dt.datetime  # naive UTC
    number: str
    line: str
    user_id: int
    user_name: str
    case_id: int | None
    tracking_code: str | None

    @property
    def registered(self) -> bool:
        """A case was registered (or followed up) from this ring."""
        return self.case_id is not None


def _info(ring_id: int) -> RingInfo:
    rows = _query().where(Ring.id == ring_id)
    found = [_row(r) for r in rows]
    if not found:
        raise NotFound("این تماس ورودی پیدا نشد.")
    return found[0]


def _query():
    return (
        Ring.select(Ring, User.full_name.alias("user_name"), Case.tracking_code.alias("tracking_code"))
        .join(User, on=(Ring.user == User.id))
        .switch(Ring)
        .join(Case, JOIN.LEFT_OUTER, on=(Ring.case == Case.id))
        .objects()  # flat rows: the joined columns beside the ring's own ids
    )


def _row(r: Ring) -> RingInfo:
    return RingInfo(r.id, r.at, r.number, r.line, r.user_id, r.user_name, r.case_id, r.tracking_code)


def record_ring(actor: Actor, number: str, line: str = "") -> RingInfo:
    """Keep one ring that reached `actor`'s app (the number and line are checked first)."""
    require(actor, "register_call")
    clean = clean_number(number)
    clean_l = clean_line(line)
    with database.atomic():
        ring = Ring.create(number=clean, line=clean_l, user=actor.user_id)
        audit.record(actor, "ring.record", "ring", ring.id, line=clean_l)
    return _info(ring.id)


def link_case(actor: Actor, ring_id: int, case_id: int) -> RingInfo:
    """The case registered (or followed up) from this ring. A ring keeps the first case linked to it. The same
    caller's earlier rings of that day still waiting (they rang off and rang again) are answered by it too."""
    require(actor, "register_call")
    with database.atomic():
        ring = Ring.get_or_none(Ring.id == ring_id)
        if ring is None:
            raise NotFound("این تماس ورودی پیدا نشد.")
        if not Case.select().where(Case.id == case_id).exists():
            raise NotFound("پرونده پیدا نشد.")
        if ring.case_id is None:
            since, _ = _day_bounds(jalali.to_local(ring.at).date())
            same_caller_waiting = (
                (Ring.number == ring.number) & (Ring.at >= since) & (Ring.at <= ring.at) & Ring.case.is_null()
            )
            linked = [r.id for r in Ring.select(Ring.id).where((Ring.id == ring_id) | same_caller_waiting)]
            Ring.update(case=case_id).where(Ring.id.in_(linked) & Ring.case.is_null()).execute()
            audit.record(actor, "ring.link", "ring", ring_id, case_id=case_id, rings=sorted(linked))
    return _info(ring_id)


def _day_bounds(day: dt.date | None) -> tuple[dt.datetime, dt.datetime]:
    day = day or jalali.today_local()
    return local_midnight_utc(day), local_midnight_utc(day + dt.timedelta(days=1))


def rings_of_day(day: dt.date | None = None, *, waiting_only: bool = False) -> list[RingInfo]:
    """The rings of a Tehran day (default today), newest first; `waiting_only`: those no case came from."""
    since, until = _day_bounds(day)
    query = _query().where((Ring.at >= since) & (Ring.at < until))
    if waiting_only:
        query = query.where(Ring.case.is_null())
    return [_row(r) for r in query.order_by(Ring.at.desc(), Ring.id.desc())]


def waiting_count(day: dt.date | None = None) -> int:
    """How many of the day's rings led to no case yet."""
    since, until = _day_bounds(day)
    return Ring.select().where((Ring.at >= since) & (Ring.at < until) & Ring.case.is_null()).count()
