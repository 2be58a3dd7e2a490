"""Intake and the calls register: each operation through the service, beside the same work
done with the raw driver (sqlite3 / psycopg2, the same SQL a person would write by hand) as the floor.

Targets on a million cases: registering < 20 ms, caller and tracking-code lookups < 10 ms, free text
< 200 ms, the register's first page (total + 100 rows) < 300 ms.
"""

from __future__ import annotations

import random
import sqlite3

from app.db import SQLITE_PRAGMAS, database, is_postgres, open_database, parse_url, register_sqlite_functions
from app.domain.identifiers import make_tracking_code
from app.domain.jalali import jalali_year
from app.domain.search_text import fts5_match, parse_query, token_patterns
from app.models import Agency, Case, Citizen, User, utcnow
from app.models.base import stored_time
from app.services.actor import Actor
from app.services.cases import callers, case_query, cases
from app.services.cases.case_query import CaseFilter
from benchmarks.harness import Result, median_ms

RUNS = 31
TEXTS = ("قطعی آب", "رضایی", "خاموشی روشنایی", "مستمری")

REGISTER_SQL = [
    (
        "INSERT INTO citizen (full_name, name_key, national_code, phone, county_id, address, created_at, updated_at) "
        "VALUES (?, ?, NULL, ?, ?, '', ?, ?) RETURNING id"
    ),
    "INSERT INTO tracking_counter (year, last_serial) VALUES (?, 0) ON CONFLICT (year) DO NOTHING",
    "UPDATE tracking_counter SET last_serial = last_serial + 1 WHERE year = ? RETURNING last_serial",
    (
        "INSERT INTO cases (tracking_code, citizen_id, county_id, channel, request_type_id, category_id, agency_id, "
        "subject, description, search_key, next_step, status, operator_id, created_at, updated_at, version) "
        "VALUES (?, ?, ?, 'phone', ?, ?, NULL, ?, ?, ?, 'refer', 'registered', ?, ?, ?, 1) RETURNING id"
    ),
    "INSERT INTO contact (case_id, at, operator_id, channel, kind, note) VALUES (?, ?, ?, 'phone', 'initial', '')",
    (
        "INSERT INTO audit_entry (at, user_id, username, action, entity, entity_id, details) "
        "VALUES (?, ?, ?, 'case.register', 'case', ?, '{}')"
    ),
]
PAGE_SQL = (
    "SELECT c.id, c.tracking_code, c.created_at, c.subject, c.status, c.channel, z.full_name, z.phone, "
    "r.name, g.name, a.name, k.name, u.full_name FROM cases c JOIN citizen z ON z.id = c.citizen_id "
    "JOIN request_type r ON r.id = c.request_type_id JOIN category g ON g.id = c.category_id "
    'JOIN county k ON k.id = c.county_id JOIN "user" u ON u.id = c.operator_id '
    "LEFT JOIN agency a ON a.id = c.agency_id {where} ORDER BY c.id DESC LIMIT 100"
)
LOOKUP_SQL = [
    "SELECT id, full_name, national_code, phone, county_id, address FROM citizen WHERE {column} = ? LIMIT 10",
    (
        "SELECT c.id, c.tracking_code, c.created_at, c.subject, c.status, a.name, g.name FROM cases c "
        "JOIN category g ON g.id = c.category_id LEFT JOIN agency a ON a.id = c.agency_id "
        "WHERE c.citizen_id = ? ORDER BY c.created_at DESC, c.id DESC LIMIT 20"
    ),
    "SELECT COUNT(*) FROM cases WHERE citizen_id = ?",
]
DETAIL_SQL = (
    "SELECT c.*, z.full_name, z.national_code, z.phone, k.name, r.code, r.name, g.name, a.name, u.full_name "
    "FROM cases c JOIN citizen z ON z.id = c.citizen_id JOIN county k ON k.id = c.county_id "
    "JOIN request_type r ON r.id = c.request_type_id JOIN category g ON g.id = c.category_id "
    'JOIN "user" u ON u.id = c.operator_id LEFT JOIN agency a ON a.id = c.agency_id '
    "WHERE c.tracking_code = ?"
)


class Raw:
    """The floor: the same statements through the bare driver, '?' placeholders in the text above."""

    def __init__(self, url: str):
        parsed = parse_url(url)
        self.pg = not parsed.is_sqlite
        if self.pg:
            import psycopg2

            self.conn = psycopg2.connect(
                dbname=parsed.name,
                host=parsed.host,
                port=parsed.port or 5432,
                user=parsed.user or None,
                password=parsed.password or None,
                options=f"-csearch_path={parsed.schema}" if parsed.schema else None,
            )
        else:
            self.conn = sqlite3.connect(parsed.path, isolation_level=None)
            register_sqlite_functions(self.conn)  # the full-text triggers compute a case's key (migration 37)
            for name, value in SQLITE_PRAGMAS:  # the same settings the app's connection has
                self.conn.execute(f"PRAGMA {name}={value}")

    def sql(self, text: str) -> str:
        return text.replace("?", "%s") if self.pg else text

    def all(self, text: str, params=()):
        cur = self.conn.cursor()
        cur.execute(self.sql(text), params)
        rows = cur.fetchall() if cur.description else []
        cur.close()
        return rows

    def begin(self):
        if self.pg:
            return
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self):
        self.conn.commit() if self.pg else self.conn.execute("COMMIT")


def _samples(rng: random.Random):
    phones = [
        p
        for (p,) in Citizen.select(Citizen.phone)
        .where(Citizen.phone.is_null(False))
        .order_by(Citizen.id.desc())
        .limit(5000)
        .tuples()
    ]
    codes = [
        c
        for (c,) in Citizen.select(Citizen.national_code)
        .where(Citizen.national_code.is_null(False))
        .order_by(Citizen.id.desc())
        .limit(5000)
        .tuples()
    ]
    top = Case.select(Case.id).order_by(Case.id.desc()).limit(1).scalar() or 1
    tracking = [
        t
        for (t,) in Case.select(Case.tracking_code)
        .where(Case.id.in_([rng.randint(1, top) for _ in range(500)]))
        .tuples()
    ]
    return rng.sample(phones, min(len(phones), 200)), rng.sample(codes, min(len(codes), 200)), tracking


def run(url: str, calls: int) -> list[Result]:
    open_database(url)
    rng = random.Random(3)
    actor = Actor.from_user(User.get(User.username == "operator1"))
    phones, codes, tracking = _samples(rng)
    raw = Raw(url)
    county, category, rt = 1, 1, 4
    agency = Agency.select(Agency.id).order_by(Agency.id).limit(1).scalar()  # a referral names its agency
    results: list[Result] = []
    base = rng.randrange(10**6)

    def register(i):
        cases.register_call(
            actor,
            {
                "caller_name": "شهروند آزمایشی",
                "phone": f"0914{(base + i) % 10**7:07d}",
                "county_id": county,
                "request_type": "complaint",
                "category_id": category,
                "subject": "قطعی آب در محله",
                "description": "آب محله دو روز است قطع است.",
                "channel": "phone",
                "next_step": "refer",
                "agency_id": agency,
            },
        )

    def register_raw(i):
        at = utcnow()
        year = jalali_year(at)
        now = stored_time(database, at)  # as every time column stores it (SQLite: integer microseconds)
        raw.begin()
        citizen = raw.all(
            REGISTER_SQL[0],
            ("شهروند آزمایشی", "شهروند ازمایشی", f"0913{(base + i) % 10**7:07d}", county, now, now),
        )[0][0]
        raw.all(REGISTER_SQL[1], (year,))
        serial = raw.all(REGISTER_SQL[2], (year,))[0][0]
        case_id = raw.all(
            REGISTER_SQL[3],
            (
                make_tracking_code(serial, year),
                citizen,
                county,
                rt,
                category,
                "قطعی آب در محله",
                "آب محله دو روز است قطع است.",
                # the key is the column on PostgreSQL; SQLite's trigger computes it (migration 37)
                "شهروند ازمایشی قطعی اب در محله اب محله دو روز است قطع است." if raw.pg else "",
                actor.user_id,
                now,
                now,
            ),
        )[0][0]
        raw.all(REGISTER_SQL[4], (case_id, now, actor.user_id))
        raw.all(REGISTER_SQL[5], (now, actor.user_id, actor.username, str(case_id)))
        raw.commit()

    results.append(
        Result("register one case", median_ms(register, RUNS), RUNS, median_ms(register_raw, RUNS), 20)
    )

    def lookup_raw(column, values):
        def run_one(i):
            people = raw.all(LOOKUP_SQL[0].format(column=column), (values[i % len(values)],))
            for person in people:
                raw.all(LOOKUP_SQL[1], (person[0],))
                raw.all(LOOKUP_SQL[2], (person[0],))

        return run_one

    results.append(
        Result(
            "caller lookup by phone",
            median_ms(lambda i: callers.lookup_caller(phone=phones[i % len(phones)]), RUNS),
            RUNS,
            median_ms(lookup_raw("phone", phones), RUNS),
            10,
        )
    )
    results.append(
        Result(
            "caller lookup by national code",
            median_ms(lambda i: callers.lookup_caller(national_code=codes[i % len(codes)]), RUNS),
            RUNS,
            median_ms(lookup_raw("national_code", codes), RUNS),
            10,
        )
    )
    results.append(
        Result(
            "find a case by tracking code (with detail)",
            median_ms(lambda i: cases.find_by_tracking_code(tracking[i % len(tracking)]), RUNS),
            RUNS,
            median_ms(lambda i: raw.all(DETAIL_SQL, (tracking[i % len(tracking)],)), RUNS),
            10,
        )
    )

    def text_raw(i):
        query = parse_query(TEXTS[i % len(TEXTS)])
        if raw.pg:
            params = token_patterns(query)
            cond = " AND ".join("c.search_key ~ ?" for _ in params)
            raw.all(f"SELECT COUNT(*) FROM cases c WHERE {cond}", params)
        else:
            cond = "c.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)"
            params = [fts5_match(query)]
            raw.all("SELECT COUNT(*) FROM case_fts WHERE case_fts MATCH ?", params)
        raw.all(PAGE_SQL.format(where="WHERE " + cond), params)

    for text in TEXTS[:2]:
        total = case_query.count_cases(CaseFilter(text=text))
        results.append(
            Result(
                f"free text «{text}»: total + first page",
                median_ms(lambda i, t=text: case_query.first_page(CaseFilter(text=t)), RUNS),
                RUNS,
                median_ms(lambda i, t=text: text_raw(TEXTS.index(t)), RUNS),
                200,
                note=f"{total} matches",
            )
        )

    def page_raw(i):
        raw.all("SELECT COUNT(*) FROM cases")
        raw.all(PAGE_SQL.format(where=""))

    results.append(
        Result(
            "register first page (total + 100 rows)",
            median_ms(lambda i: case_query.first_page(), RUNS),
            RUNS,
            median_ms(page_raw, RUNS),
            300,
        )
    )
    agency = Case.select(Case.agency).where(Case.agency.is_null(False)).limit(1).scalar()
    results.append(
        Result(
            "register first page, one agency",
            median_ms(lambda i: case_query.first_page(CaseFilter(agency_id=agency)), 11),
            11,
            note="informative",
        )
    )
    deep = case_query.list_cases(offset=500_000 if calls > 500_000 else calls // 2, limit=1)
    if deep:
        results.append(
            Result(
                "register page 100 rows deep in the list (keyset)",
                median_ms(lambda i: case_query.list_cases(after=deep[0].key), 11),
                11,
                note="informative",
            )
        )
    results.append(
        Result(
            "register sorted by caller name (first page)",
            median_ms(lambda i: case_query.list_cases(sort="caller_name", descending=False), 5),
            5,
            note="informative: walks the citizens' name index",
        )
    )
    results.append(
        Result(
            "register sorted by agency (first page)",
            median_ms(lambda i: case_query.list_cases(sort="agency", descending=False), 3),
            3,
            note="walks (agency_rank, id): the agency's sort rank kept on the case (migration 35)",
        )
    )
    if is_postgres():
        raw.conn.close()
    return results
