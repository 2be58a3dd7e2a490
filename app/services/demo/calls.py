"""Demo citizens, cases, contacts and their audit entries: `samad demo --calls N`, fast for millions.

Rows are made exactly as register_call would make them (normalised text, precomputed search keys,
tracking codes with their check digit, one initial contact and one «case.register» audit entry per
case), but written with insert_many in chunks, each chunk in one transaction. Tracking serials are
taken per chunk from the same counter register_call uses, so later registrations continue after them.

Dates follow the center's week at its rate (RATE calls on a working day): busy Saturday to Wednesday
mornings, a short Thursday, nothing on Fridays and official holidays (loaded from the holidays library for
the period), and today so far; N calls reach back as many days as that rate needs.

What was made is left in ctx.shared["cases"] (a DemoCases) for later steps (referrals, follow-up).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
from array import array
from dataclasses import dataclass, field

from app.db import database, is_postgres
from app.domain import audit_details, jalali
from app.domain.audit_chain import entry_hash, stored
from app.domain.identifiers import make_tracking_code
from app.domain.status import CaseStatus, Channel, NextStep, Outcome
from app.domain.text import search_key
from app.models import (
    Agency,
    AuditEntry,
    Case,
    Category,
    Citizen,
    Contact,
    County,
    RequestType,
    TrackingCounter,
    User,
)
from app.models.base import SQLITE_STORED_OTHERWISE
from app.services.admin import audit, audit_chain
from app.services.cases.cases import text_search_key
from app.services.demo import audit_pipe
from app.services.demo import call_texts as T
from app.services.demo.audit_pipe import AuditPipe
from app.services.letters import holidays

CHUNK = 2000  # cases per transaction
BATCH = 500  # rows per INSERT statement
BULK_CACHE_KIB = -400_000  # SQLite page cache while loading (negative: KiB), about 400 MB

REQUEST_TYPE_WEIGHTS = {
    "complaint": 35,
    "request": 30,
    "question": 18,
    "criticism": 8,
    "suggestion": 6,
    "idea": 3,
}
CHANNEL_WEIGHTS = {Channel.PHONE: 82, Channel.IN_PERSON: 9, Channel.LETTER: 4, Channel.WEB: 5}
COUNTY_WEIGHTS = {
    "تبریز": 40,
    "مراغه": 6,
    "مرند": 5,
    "میانه": 5,
    "اهر": 4,
    "بناب": 3,
    "سراب": 3,
    "شبستر": 3,
    "ملکان": 2,
    "آذرشهر": 2,
    "عجب‌شیر": 2,
    "اسکو": 2,
    "هشترود": 2,
    "جلفا": 2,
    "بستان‌آباد": 2,
    "ورزقان": 1,
    "کلیبر": 1,
    "هریس": 2,
    "چاراویماق": 1,
    "خداآفرین": 1,
    "هوراند": 1,
}
# Python weekday (Monday = 0), times the rate: Saturday and Sunday are the busiest, Thursday a half day,
# Friday the weekly holiday (web submissions come in then, but they are read and registered on Saturday).
WEEKDAY_WEIGHTS = (1.0, 0.97, 0.95, 0.45, 0.0, 1.1, 1.05)
RATE = 200  # calls on an ordinary working day: the seed's center (East Azerbaijan, line 111)
HOUR_WEIGHTS = {
    7: 3,
    8: 9,
    9: 13,
    10: 14,
    11: 13,
    12: 10,
    13: 7,
    14: 3,
    15: 1,
    16: 1,
    17: 1,
    18: 1,
    19: 1,
    20: 1,
    21: 1,
}
THURSDAY_HOURS = {7: 3, 8: 9, 9: 12, 10: 12, 11: 9, 12: 4}
OUTCOME_WEIGHTS = {
    Outcome.RESOLVED: 62,
    Outcome.NOT_RESPONSIBLE: 10,
    Outcome.REJECTED_BY_LAW: 9,
    Outcome.UNREACHABLE: 9,
    Outcome.DUPLICATE: 4,
    Outcome.GUIDED: 6,
}
MOBILE_PREFIXES = ("0914",) * 8 + (
    "0912",
    "0919",
    "0935",
    "0936",
    "0937",
    "0938",
    "0939",
    "0901",
    "0902",
    "0903",
    "0930",
    "0933",
    "0990",
    "0921",
    "0922",
)
NATIONAL_PREFIXES = tuple(str(p) for p in range(136, 176))
REPEAT_CALLER = 0.22


@dataclass
class DemoCases:
    """Parallel columns, one entry per demo case, in time order."""

    ids: array = field(default_factory=lambda: array("q"))
    created: array = field(default_factory=lambda: array("d"))  # UTC, seconds since the epoch
    citizen_ids: array = field(default_factory=lambda: array("q"))
    agency_ids: array = field(default_factory=lambda: array("q"))  # 0 = none
    category_ids: array = field(default_factory=lambda: array("q"))
    county_ids: array = field(default_factory=lambda: array("q"))
    operator_ids: array = field(default_factory=lambda: array("q"))
    statuses: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    request_types: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def created_at(self, i: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.created[i], dt.UTC).replace(tzinfo=None)

    def with_status(self, *statuses: str) -> list[int]:
        """Indexes of the cases in these statuses (e.g. "referred", "answered")."""
        wanted = set(statuses)
        return [i for i, s in enumerate(self.statuses) if s in wanted]


def picker(rng, keys: list, weights: list):
    """A draw of one of the keys by weight: what `rng.choices(keys, weights)[0]` returns, from the same random
    number (the same bisection over the running sums, which are summed once here, not at every draw)."""
    cum = list(itertools.accumulate(weights))
    total, hi, random = cum[-1] + 0.0, len(keys) - 1, rng.random
    return lambda: keys[bisect.bisect(cum, random() * total, 0, hi)]


def _weighted(rng, weights: dict):
    return picker(rng, list(weights), list(weights.values()))


class _Reference:
    def __init__(self, ctx):
        self.counties = {c.name: c.id for c in County.select().where(County.active == True)}  # noqa: E712
        self.county_names = {v: k for k, v in self.counties.items()}
        self.county_weights = {cid: COUNTY_WEIGHTS.get(name, 1) for name, cid in self.counties.items()}
        self.categories = {c.name: c.id for c in Category.select().where(Category.active == True)}  # noqa: E712
        self.agencies = {a.name: a.id for a in Agency.select().where(Agency.active == True)}  # noqa: E712
        self.request_types = {r.code: r.id for r in RequestType.select().where(RequestType.active == True)}  # noqa: E712
        operator_ids = ctx.shared.get("operators") or [
            u.id
            for u in User.select().where((User.role == "operator") & (User.active == True))  # noqa: E712
        ]
        if not operator_ids:
            raise RuntimeError("demo calls need at least one operator (run the people step first)")
        self.operators = {u.id: u.username for u in User.select().where(User.id.in_(operator_ids))}
        self.operator_weights = {uid: 3 + (i % 3) for i, uid in enumerate(sorted(self.operators))}


def _day_fraction_before(now_local: dt.datetime) -> float:
    """The share of a working day's calls that come in before now (by the hour weights)."""
    total = sum(HOUR_WEIGHTS.values())
    done = sum(w for h, w in HOUR_WEIGHTS.items() if h < now_local.hour)
    this_hour = HOUR_WEIGHTS.get(now_local.hour, 0) * now_local.minute / 60
    return (done + this_hour) / total


def _load_holidays(first: dt.date, last: dt.date) -> set[dt.date]:
    for year in range(jalali.jalali_year(first), jalali.jalali_year(last) + 1):
        holidays.load_official_holidays(year)
    return holidays.holiday_dates(first, last)


def _days(rng, n: int, now_local: dt.datetime, rate: int) -> tuple[list[dt.date], list[float]]:
    """The days the n calls fall on, back from today, each with its expected number of calls: `rate` on a
    working day (about a half on Thursday), none on Fridays and official holidays, today's share so far."""
    last = now_local.date()
    mean = sum(WEEKDAY_WEIGHTS) / 6  # six days a week are worked
    first = last - dt.timedelta(days=int(n / (rate * mean) * 7 / 6 * 1.3) + 40)  # generous: holidays
    off = _load_holidays(first, last)
    days, weights, total = [], [], 0.0
    day = last
    while total < n and day >= first:
        weight = 0.0 if day in off else rate * WEEKDAY_WEIGHTS[day.weekday()] * rng.uniform(0.9, 1.1)
        if day == last:
            weight *= _day_fraction_before(now_local)
        if weight:
            days.append(day)
            weights.append(weight)
            total += weight
        day -= dt.timedelta(days=1)
    return days[::-1], weights[::-1]


def _times(rng, n: int, rate: int):
    """n (utc datetime, local datetime) pairs in time order."""
    now_utc = dt.datetime.now(dt.UTC)
    now_local = now_utc.astimezone(jalali.TEHRAN)
    days, weights = _days(rng, n, now_local, rate)
    per_day = [0] * len(days)
    for index in rng.choices(range(len(days)), weights=weights, k=n):
        per_day[index] += 1
    hours = list(HOUR_WEIGHTS)
    hour_w = [HOUR_WEIGHTS[h] for h in hours]
    thu_hours = list(THURSDAY_HOURS)
    thu_w = [THURSDAY_HOURS[h] for h in thu_hours]
    for day, count in zip(days, per_day, strict=True):
        if not count:
            continue
        chosen = rng.choices(
            thu_hours if day.weekday() == 3 else hours,
            weights=thu_w if day.weekday() == 3 else hour_w,
            k=count,
        )
        seconds = [
            h * 3600 + (1800 if h == 7 else 0) + rng.randrange(1800 if h == 7 else 3600) for h in chosen
        ]
        if day == now_local.date():
            limit = max(1, now_local.hour * 3600 + now_local.minute * 60 - 60)
            seconds = [s if s < limit else rng.randrange(limit) for s in seconds]
        seconds.sort()
        midnight = dt.datetime(day.year, day.month, day.day, tzinfo=jalali.TEHRAN)
        offset = midnight.utcoffset() or dt.timedelta(hours=3, minutes=30)
        base_utc = midnight.replace(tzinfo=None) - offset
        for s in seconds:
            delta = dt.timedelta(seconds=s, microseconds=rng.randrange(1_000_000))
            yield base_utc + delta, midnight.replace(tzinfo=None) + delta


class _People:
    """New citizens with valid, unique national codes and phones."""

    def __init__(self, rng, ref: _Reference):
        self.rng = rng
        self.ref = ref
        self.codes = {
            c
            for (c,) in Citizen.select(Citizen.national_code)
            .where(Citizen.national_code.is_null(False))
            .tuples()
        }
        self.phones: set[str] = set()
        self.name_keys: dict[str, str] = {}
        self.county = _weighted(rng, ref.county_weights)

    def national_code(self) -> str:
        rng = self.rng
        while True:
            body = rng.choice(NATIONAL_PREFIXES) + f"{rng.randrange(10**6):06d}"
            r = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
            code = body + str(r if r < 2 else 11 - r)
            if code not in self.codes and len(set(code)) > 1:
                self.codes.add(code)
                return code

    def phone(self) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.85:
                number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
            else:
                number = "041" + rng.choice("3345") + f"{rng.randrange(10**7):07d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def make(self, now: dt.datetime) -> dict:
        rng = self.rng
        first = rng.choice(T.FEMALE_NAMES if rng.random() < 0.42 else T.MALE_NAMES)
        name = f"{first} {rng.choice(T.LAST_NAMES)}"
        name_key = self.name_keys.get(name)
        if name_key is None:
            name_key = self.name_keys[name] = search_key(name)  # names repeat: each key made once
        has_code = rng.random() < 0.85
        county = self.county()
        place = rng.choice(T.TABRIZ_PLACES if self.ref.county_names[county] == "تبریز" else T.TOWN_PLACES)
        return {
            "full_name": name,
            "name_key": name_key,
            "national_code": self.national_code() if has_code else None,
            "phone": self.phone() if (not has_code or rng.random() < 0.95) else None,
            "county": county,
            "address": f"{self.ref.county_names[county]}، {place}" if rng.random() < 0.6 else "",
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }


def _fill_values(rng, county_name: str) -> dict:
    """One case's words for the templates: its subject and description name the same place and span."""
    place = rng.choice(T.TABRIZ_PLACES if county_name == "تبریز" else T.TOWN_PLACES)
    return {
        "place": place,
        "days": rng.randint(2, 12),
        "weeks": rng.randint(2, 8),
        "months": rng.randint(2, 14),
        "number": rng.randint(2, 9),
        "item": rng.choice(T.ITEMS),
        "county": county_name,
    }


def _status(rng, outcome_of, next_step: str, age_days: float, created: dt.datetime, now: dt.datetime):
    """(status, outcome, closed_at) as the case would stand today."""
    if next_step == NextStep.GUIDE:
        return CaseStatus.GUIDED, Outcome.GUIDED, created + dt.timedelta(minutes=rng.randint(3, 15))
    if next_step == NextStep.HOLD and age_days < 3:
        return CaseStatus.REGISTERED, None, None
    r = rng.random()
    if age_days < 2:
        status = CaseStatus.REGISTERED if r < 0.6 else CaseStatus.REFERRED
    elif age_days < 30:
        status = CaseStatus.REFERRED if r < 0.55 else CaseStatus.ANSWERED if r < 0.8 else CaseStatus.CLOSED
    else:
        status = CaseStatus.CLOSED if r < 0.85 else CaseStatus.ANSWERED if r < 0.9 else CaseStatus.REFERRED
    if status != CaseStatus.CLOSED:
        return status, None, None
    outcome = outcome_of()  # by OUTCOME_WEIGHTS
    closed = min(now, created + dt.timedelta(days=rng.randint(3, min(60, max(3, int(age_days))))))
    return status, outcome, closed


def _reserve_serials(year_counts: dict[int, int]) -> dict[int, int]:
    """The first serial of each year's block, taken from the tracking counter (inside the chunk's transaction)."""
    first = {}
    p = database.param
    for year, count in year_counts.items():
        database.execute_sql(
            f'INSERT INTO "{TrackingCounter._meta.table_name}" (year, last_serial) '
            f"VALUES ({p}, 0) ON CONFLICT (year) DO NOTHING",
            (year,),
        )
        last = database.execute_sql(
            f'UPDATE "{TrackingCounter._meta.table_name}" SET last_serial = last_serial + {p} '
            f"WHERE year = {p} RETURNING last_serial",
            (count, year),
        ).fetchone()[0]
        first[year] = last - count + 1
    return first


_SQL_CACHE: dict[tuple, str] = {}


def stored_values(fields: list, rows: list[tuple]) -> list[tuple]:
    """`rows` (values for `fields`, in order) with each value of a field that SQLite keeps otherwise (a time, an
    audit entry's words and id, a short text: base.SQLITE_STORED_OTHERWISE) as the field stores it, through the
    field's db_value, where sqlite3 would write the value as given. PostgreSQL takes them as they are."""
    converted = [(i, f.db_value) for i, f in enumerate(fields) if isinstance(f, SQLITE_STORED_OTHERWISE)]
    if not converted or is_postgres():
        return rows
    out = []
    for row in rows:
        row = list(row)
        for i, convert in converted:
            row[i] = convert(row[i])
        out.append(tuple(row))
    return out


def _insert(model, fields: list, rows: list[tuple], returning=None) -> list:
    """Multi-row INSERTs of BATCH rows (one prepared text per size: peewee's query builder would cost more
    than the database itself at millions of rows). Returns the `returning` columns' rows, in order."""
    out = []
    table = model._meta.table_name
    rows = stored_values(fields, rows)
    for start in range(0, len(rows), BATCH):
        part = rows[start : start + BATCH]
        key = (database.param, table, len(part), tuple(f.column_name for f in fields), bool(returning))
        sql = _SQL_CACHE.get(key)
        if sql is None:
            row_sql = "(" + ", ".join([database.param] * len(fields)) + ")"
            sql = (
                f'INSERT INTO "{table}" ('
                + ", ".join(f'"{f.column_name}"' for f in fields)
                + ") VALUES "
                + ", ".join([row_sql] * len(part))
            )
            if returning:
                sql += " RETURNING " + ", ".join(f'"{f.column_name}"' for f in returning)
            sql = _SQL_CACHE[key] = sql
        cursor = database.execute_sql(sql, [value for row in part for value in row])
        if returning:
            out.extend(cursor.fetchall())
    return out


CASE_FIELDS = [
    Case.tracking_code,
    Case.citizen,
    Case.county,
    Case.channel,
    Case.request_type,
    Case.category,
    Case.agency,
    Case.subject,
    Case.description,
    Case.search_key,
    Case.next_step,
    Case.status,
    Case.outcome,
    Case.operator,
    Case.created_at,
    Case.updated_at,
    Case.closed_at,
    Case.version,
    Case.caller_name,
    Case.caller_national_code,
    Case.caller_phone,
    Case.caller_address,
]
CITIZEN_FIELDS = [
    Citizen.full_name,
    Citizen.name_key,
    Citizen.national_code,
    Citizen.phone,
    Citizen.county,
    Citizen.address,
    Citizen.created_at,
    Citizen.updated_at,
    Citizen.version,
]
CONTACT_FIELDS = [
    Contact.case,
    Contact.at,
    Contact.operator,
    Contact.channel,
    Contact.kind,
    Contact.note,
    Contact.caller_name,
    Contact.caller_phone,
]
AUDIT_FIELDS = [
    AuditEntry.at,
    AuditEntry.user,
    AuditEntry.username,
    AuditEntry.action,
    AuditEntry.entity,
    AuditEntry.entity_id,
    AuditEntry.details,
]

CHAIN_FIELDS = [*AUDIT_FIELDS, AuditEntry.seq, AuditEntry.entry_hash]


def link_audits(rows: list[tuple], seq: int, prev: str) -> tuple[list[tuple], int, str]:
    """The demo's audit rows (AUDIT_FIELDS order; details as stored, or a dict to store) as audit.record would
    link them into the hash chain from (seq, previous hash): each gets the next seq and its hash over the
    previous one's (stored as bytes). Returns (CHAIN_FIELDS rows, the next seq, the last hash). Needs no
    database (it may run in a forked process: audit_pipe). The hash covers the details' text; the column holds
    them compressed, as the model's field stores them (app.domain.audit_details, migration 30)."""
    linked = []
    details_text, pack = audit.details_text, audit_details.pack
    for at, user, username, action, entity, entity_id, details in rows:
        if not isinstance(details, str):
            details = details_text(details)
        digest = entry_hash(seq, prev, at, user, username, action, entity, entity_id, details)
        linked.append((at, user, username, action, entity, entity_id, pack(details), seq, stored(digest)))
        seq, prev = seq + 1, digest
    return linked, seq, prev


_PIPE: AuditPipe | None = None  # while a large step runs: its rows are linked by a forked process
PIPE_FROM = 5000  # calls: a smaller demo links its rows here (starting the process would cost more)


def insert_audits(rows: list[tuple]) -> None:
    """Append the demo's audit rows (see link_audits) linked into the hash chain, so a demo database's trail
    verifies like one the services wrote (unlinked rows read as "added outside the program"). Inside
    `audits_linked_aside` the rows are linked by a forked process and written a little later."""
    if not rows:
        return
    if _PIPE is not None:
        _PIPE.submit(rows)
        return
    seq, prev = audit_chain.next_link(database.obj)
    _write_linked(link_audits(rows, seq, prev)[0])


def _chain_head() -> tuple[int, str]:
    return audit_chain.next_link(database.obj)


def _write_linked(linked: list[tuple]) -> None:
    """Every demo audit row goes in here (its time, action, entity and entity id stored as the model's fields
    store them: _insert's stored_values)."""
    _insert(AuditEntry, CHAIN_FIELDS, linked)


@contextlib.contextmanager
def audits_linked_aside(ctx):
    """A large step's audit rows linked into the chain by a forked process (audit_pipe) while the step goes on,
    and every one written by the end of the block."""
    global _PIPE
    if ctx.calls < PIPE_FROM or _PIPE is not None or not audit_pipe.available():
        yield
        return
    _PIPE = pipe = AuditPipe(link_audits, _write_linked, _chain_head)
    try:
        yield
        with database.atomic():
            pipe.flush()
    finally:
        _PIPE = None
        pipe.close()


class _Generator:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = rng = ctx.rng
        self.ref = ref = _Reference(ctx)
        self.people = _People(rng, ref)
        self.request_type = _weighted(
            rng, {k: v for k, v in REQUEST_TYPE_WEIGHTS.items() if k in ref.request_types}
        )
        self.channel = _weighted(rng, CHANNEL_WEIGHTS)
        self.operator = _weighted(rng, ref.operator_weights)
        self.categories = [
            (name, cid, T.CATEGORIES.get(name))
            for name, cid in ref.categories.items()
            if name in T.CATEGORIES
        ]
        self.matters = {name: T.matters(name) for name, _, _ in self.categories}
        self.category = picker(
            rng,
            self.categories,
            [
                8 if name in ("آب و فاضلاب", "برق", "امور شهری و شهرداری") else 3
                for name, _, _ in self.categories
            ],
        )
        self.outcome = _weighted(rng, OUTCOME_WEIGHTS)
        self.years: dict[dt.date, int] = {}  # Jalali year of each local date
        # (id, county id, name, national code, phone, address) of every demo citizen so far
        self.citizens: list[tuple[int, int, str, str | None, str | None, str]] = []
        self.out = DemoCases()
        self.now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.keys: dict[str, str] = {}  # text -> its search key part (names and filled templates repeat)
        self.postgres = is_postgres()  # SQLite computes the key in its full-text trigger (migration 37)

    def search_key(self, *texts: str) -> str:
        """app.services.cases.cases.stored_search_key, with each part computed once."""
        if not self.postgres:
            return ""
        parts = []
        for text in texts:
            key = self.keys.get(text)
            if key is None:
                key = self.keys[text] = text_search_key(text)
            if key:
                parts.append(key)
        return " ".join(parts)

    def case(self, created: dt.datetime, local: dt.datetime) -> dict:
        rng = self.rng
        name, category_id, texts = self.category()
        rt = self.request_type()
        off_hours = local.weekday() == 4 or not 7 <= local.hour < 15
        channel = Channel.WEB if off_hours else self.channel()
        if rt == "question":
            next_step = NextStep.GUIDE if rng.random() < 0.75 else NextStep.REFER
        else:
            next_step = (
                NextStep.GUIDE
                if rng.random() < 0.15
                else NextStep.HOLD
                if rng.random() < 0.08
                else NextStep.REFER
            )
        year = self.years.get(local.date())
        if year is None:
            year = self.years[local.date()] = jalali.jalali_year(local.date())
        return {
            "category": category_id,
            "texts": texts,
            "matter": rng.choice(self.matters[name]),
            "request_type": rt,
            "channel": channel,
            "next_step": next_step,
            "created": created,
            "year": year,
        }

    def agency(self, texts, county_name: str, next_step: str) -> int | None:
        if next_step == NextStep.GUIDE and self.rng.random() < 0.5:
            return None
        name = self.rng.choice(texts["agencies"]).format(county=county_name)
        if name == "شرکت توزیع نیروی برق تبریز" and county_name != "تبریز":
            name = "شرکت توزیع نیروی برق استان آذربایجان شرقی"
        if name == "شهرداری تبریز" and county_name != "تبریز":
            name = f"فرمانداری شهرستان {county_name}"
        return self.ref.agencies.get(name)

    def chunk(self, times: list[tuple[dt.datetime, dt.datetime]]) -> int:
        rng, ref = self.rng, self.ref
        drafts = [self.case(created, local) for created, local in times]
        new_people = []
        for d in drafts:
            known = len(self.citizens) + len(new_people)
            d["citizen"] = None
            if known and rng.random() < REPEAT_CALLER:  # someone who called before (recently, mostly)
                k = rng.randrange(max(0, known - 50000), known)
                if k < len(self.citizens):
                    d["citizen"] = self.citizens[k]
                else:
                    d["person"] = k - len(self.citizens)
            else:
                d["person"] = len(new_people)
                new_people.append(self.people.make(d["created"]))
        years: dict[int, int] = {}
        for d in drafts:
            years[d["year"]] = years.get(d["year"], 0) + 1
        with database.atomic():
            ids = [
                row[0]
                for row in _insert(
                    Citizen, CITIZEN_FIELDS, [tuple(p.values()) for p in new_people], returning=[Citizen.id]
                )
            ]
            made = [
                (cid, p["county"], p["full_name"], p["national_code"], p["phone"], p["address"])
                for cid, p in zip(ids, new_people, strict=True)
            ]
            self.citizens.extend(made)
            serial = _reserve_serials(years)
            case_rows, meta = [], []
            for d in drafts:
                citizen_id, county_id, caller, caller_code, caller_phone, caller_address = (
                    d["citizen"] or made[d["person"]]
                )
                county_name = ref.county_names[county_id]
                texts = d["texts"]
                subject_template, description_template = d["matter"]
                values = _fill_values(rng, county_name)
                subject = subject_template.format(**values)
                description = description_template.format(**values)
                code = make_tracking_code(serial[d["year"]], d["year"])
                serial[d["year"]] += 1
                created = d["created"]
                age = (self.now - created).total_seconds() / 86400
                status, outcome, closed = _status(rng, self.outcome, d["next_step"], age, created, self.now)
                agency = self.agency(texts, county_name, d["next_step"])
                operator = self.operator()
                case_rows.append(
                    (
                        code,
                        citizen_id,
                        county_id,
                        str(d["channel"]),
                        ref.request_types[d["request_type"]],
                        d["category"],
                        agency,
                        subject,
                        description,
                        self.search_key(caller, subject, description),
                        str(d["next_step"]),
                        str(status),
                        outcome and str(outcome),
                        operator,
                        created,
                        closed or created,
                        closed,
                        1,
                        caller,
                        caller_code,
                        caller_phone,
                        caller_address,
                    )
                )
                meta.append(
                    (
                        code,
                        citizen_id,
                        county_id,
                        agency,
                        operator,
                        status,
                        subject,
                        d,
                        closed,
                        caller,
                        caller_phone,
                    )
                )
            returned = dict(
                (code, cid)
                for cid, code in _insert(
                    Case, CASE_FIELDS, case_rows, returning=[Case.id, Case.tracking_code]
                )
            )
            contacts, audits = [], []
            for (
                code,
                citizen_id,
                county_id,
                agency,
                operator,
                status,
                subject,
                d,
                closed,
                caller,
                phone,
            ) in meta:
                case_id = returned[code]
                created = d["created"]
                note = rng.choice(T.GUIDANCE_NOTES) if d["next_step"] == NextStep.GUIDE else ""
                contacts.append(
                    (case_id, created, operator, str(d["channel"]), "initial", note, caller, phone)
                )
                if status != CaseStatus.GUIDED and rng.random() < 0.12:
                    end = closed or self.now
                    span = max(60, int((end - created).total_seconds()))
                    for _ in range(rng.randint(1, 2)):
                        at = created + dt.timedelta(seconds=rng.randrange(60, span + 1))
                        contacts.append(
                            (
                                case_id,
                                at,
                                self.operator(),
                                "phone",
                                "follow_up",
                                rng.choice(T.FOLLOW_UP_NOTES),
                                caller,
                                phone,
                            )
                        )
                details = {  # encoded by link_audits
                    "next_step": str(d["next_step"]),
                    "status": "guided" if d["next_step"] == NextStep.GUIDE else "registered",
                    "subject": subject,
                    "tracking_code": code,
                }
                audits.append(
                    (
                        created,
                        operator,
                        ref.operators[operator],
                        "case.register",
                        "case",
                        str(case_id),
                        details,
                    )
                )
                out = self.out
                out.ids.append(case_id)
                out.created.append(created.replace(tzinfo=dt.UTC).timestamp())
                out.citizen_ids.append(citizen_id)
                out.agency_ids.append(agency or 0)
                out.category_ids.append(d["category"])
                out.county_ids.append(county_id)
                out.operator_ids.append(operator)
                out.statuses.append(str(status))
                out.next_steps.append(str(d["next_step"]))
                out.request_types.append(d["request_type"])
            _insert(Contact, CONTACT_FIELDS, contacts)
            insert_audits(audits)
        return len(drafts)


def run(ctx) -> dict:
    if ctx.calls <= 0:
        ctx.shared["cases"] = DemoCases()
        return {"cases": 0}
    generator = _Generator(ctx)
    done = 0
    batch: list = []
    citizens_before = Citizen.select().count()
    with _big_cache(), audits_linked_aside(ctx):
        for pair in _times(ctx.rng, ctx.calls, ctx.rate):
            batch.append(pair)
            if len(batch) == CHUNK:
                done += generator.chunk(batch)
                batch = []
                ctx.report("calls", done, ctx.calls)
        if batch:
            done += generator.chunk(batch)
            ctx.report("calls", done, ctx.calls)
    if is_postgres():  # fresh statistics, so the planner sees a million cases, not an empty table
        database.execute_sql("ANALYZE citizen, cases, contact, audit_entry")
    ctx.shared["cases"] = generator.out
    return {"citizens": Citizen.select().count() - citizens_before, "cases": done}


@contextlib.contextmanager
def _big_cache():
    """SQLite: a larger page cache while the indexes grow by millions of rows (this connection only)."""
    if is_postgres():
        yield
        return
    before = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    database.execute_sql(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(before)}")
