"""A realistic write workload for the crash, concurrency and soak runs.

It registers calls and (when the referrals service exists) issues referral letters through the real
services, and prints one line per CONFIRMED save only after the service has returned (its transaction
committed):

    CASE <case id> <tracking code>
    LETTER <letter id> <case id> <letter number>

so a parent that kills this process at any moment knows exactly what the program had confirmed.

    python -m benchmarks.workload URL WRITER COUNT [--letters] [--seed N]
"""

from __future__ import annotations

import argparse
import importlib
import random
import sys
from collections.abc import Callable, Iterable

from app.db import open_database
from app.models import Agency, Case, Category, County, RequestType, User
from app.services.actor import Actor
from app.services.admin import users
from app.services.admin.setup import init_database

PASSWORD = "correct horse 1"
OFFICIAL = "official1"


def writer_name(i: int) -> str:
    return f"writer{i}"


def national_code(n: int) -> str:
    """A valid national code made from the number n (its first nine digits, then the check digit)."""
    head = f"{(n * 7919 + 100000001) % 1_000_000_000:09d}"
    if len(set(head)) == 1:
        head = "12345678" + head[-1]
    s = sum(int(d) * (10 - i) for i, d in enumerate(head))
    r = s % 11
    return head + str(r if r < 2 else 11 - r)


def call_data(n: int, rng: random.Random) -> dict:
    counties = [c for (c,) in County.select(County.id).tuples()]
    categories = [c for (c,) in Category.select(Category.id).tuples()]
    codes = [c for (c,) in RequestType.select(RequestType.code).tuples()]
    agencies = [a for (a,) in Agency.select(Agency.id).where(Agency.active).tuples()]
    return {
        "caller_name": rng.choice(["علی رضایی", "مریم احمدی", "حسین محمدی", "زهرا کریمی"]) + f" {n}",
        "national_code": national_code(n),
        "phone": f"0914{n % 10_000_000:07d}",
        "county_id": rng.choice(counties),
        "category_id": rng.choice(categories),
        "request_type": rng.choice(codes),
        "subject": f"قطعی آب محله شماره {n}",
        "description": "آب محله سه روز است قطع است و پاسخی داده نشده.",
        "channel": "phone",
        "next_step": "refer",
        "agency_id": agencies[
            n % len(agencies)
        ],  # a referral names its agency (the random draws stay as they were)
    }


def prepare(url: str, writers: int = 4) -> None:
    """Schema, reference data, a supervisor, `writers` operators and one official (idempotent)."""
    init_database(open_database(url))
    prepare_current(writers)


def prepare_current(writers: int = 4) -> None:
    """The users of `prepare`, in the database already open."""
    if not users.has_users():
        users.create_first_supervisor("root", "ناظر نخست", PASSWORD)
    root = Actor.from_user(User.get(User.username == "root"))
    existing = {u.username for u in users.list_users()}
    for i in range(writers):
        if writer_name(i) not in existing:
            users.create_user(root, writer_name(i), "operator", f"کارشناس {i}", PASSWORD)
    if OFFICIAL not in existing:
        users.create_user(root, OFFICIAL, "official", "مسئول آزمون", PASSWORD, title="معاون استاندار")


def actor(username: str) -> Actor:
    return Actor.from_user(User.get(User.username == username))


def letter_issuer() -> Callable[[Actor, Actor, int], tuple[int, str]] | None:
    """issue(operator, official, case_id) -> (letter id, letter number), or None before the referrals service
    exists."""
    try:
        module = importlib.import_module("benchmarks.workload_letters")
    except ImportError:
        return None
    return module.issue if module.available() else None


def run_writer(url: str, name: str, count: int, letters: bool, seed: int, out=sys.stdout) -> None:
    """Start as the program does (create or upgrade the schema, the users this workload needs: a kill here
    is a kill during start-up), then register calls."""
    from app.services.cases import cases

    prepare(url, writers=int(name.removeprefix("writer")) + 1)
    rng = random.Random(seed)
    operator, official = actor(name), actor(OFFICIAL)
    issue = letter_issuer() if letters else None
    base = seed * 1_000_000
    for i in range(count):
        info = cases.register_call(operator, call_data(base + i, rng))
        print(f"CASE {info.id} {info.tracking_code}", file=out, flush=True)
        if issue and i % 2 == 0:
            letter_id, number = issue(operator, official, info.id)
            print(f"LETTER {letter_id} {info.id} {number}", file=out, flush=True)


def confirmed(output: str) -> tuple[dict[int, str], dict[int, tuple[str, int]]]:
    """{case id: tracking code}, {letter id: (number, case id)} from a writer's output (a last line cut off
    by a kill, without its newline, is not counted)."""
    found_cases, found_letters = {}, {}
    for line in output.split("\n")[:-1]:
        parts = line.split(" ", 3)
        if len(parts) == 3 and parts[0] == "CASE":
            found_cases[int(parts[1])] = parts[2]
        elif len(parts) == 4 and parts[0] == "LETTER":
            found_letters[int(parts[1])] = (parts[3], int(parts[2]))
    return found_cases, found_letters


def check_database(
    url: str, cases_seen: dict[int, str], letters_seen: dict, codes_seen: Iterable[str] = ()
) -> list[str]:
    """Problems found (empty = all good): integrity, the schema complete (a kill during start-up), every
    confirmed case there (by id from the services, by tracking code from `samad call add`), every committed case
    complete, numbering gapless."""
    from app import migrations
    from app.db import is_postgres
    from app.domain.identifiers import is_valid_tracking_code
    from app.models import AuditEntry, Citizen, Contact, Letter, LetterCounter, TrackingCounter

    db = open_database(url)
    problems = []
    if not is_postgres(db):
        result = [r[0] for r in db.execute_sql("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            problems.append(f"integrity_check: {result[:3]}")
    if migrations.applied_versions(db) != {m.VERSION for m in migrations.migrations()}:
        problems.append(f"schema incomplete: {sorted(migrations.applied_versions(db))}")
    rows = {c.id: c for c in Case.select()}
    for case_id, code in cases_seen.items():
        case = rows.get(case_id)
        if case is None:
            problems.append(f"confirmed case {code} is missing")
        elif case.tracking_code != code:
            problems.append(f"case {case_id} has {case.tracking_code}, {code} was confirmed")
    present = {c.tracking_code for c in rows.values()}
    problems += [f"confirmed case {code} (samad) is missing" for code in codes_seen if code not in present]
    # Every case committed is complete, confirmed or not (a kill between two transactions of one registration
    # would leave a case without its contact or audit entry): its citizen, its first contact, its audit entry
    # and the caller's details as given.
    citizens = {c for (c,) in Citizen.select(Citizen.id).tuples()}
    contacted = {c for (c,) in Contact.select(Contact.case).tuples()}
    audited = {
        int(e)
        for (e,) in AuditEntry.select(AuditEntry.entity_id)
        .where((AuditEntry.entity == "case") & (AuditEntry.action == "case.register"))
        .tuples()
    }
    for case_id, case in rows.items():
        code = case.tracking_code
        if case.citizen_id not in citizens:
            problems.append(f"case {code} has no citizen")
        if case_id not in contacted:
            problems.append(f"case {code} has no contact")
        if case_id not in audited:
            problems.append(f"case {code} has no audit entry")
        if not case.caller_name:
            problems.append(f"case {code} has no caller's name")
    codes = [c.tracking_code for c in rows.values()]
    if len(set(codes)) != len(codes):
        problems.append("duplicate tracking codes")
    if not all(is_valid_tracking_code(c) for c in codes):
        problems.append("invalid tracking code")
    by_year: dict[int, list[int]] = {}
    for c in codes:
        by_year.setdefault(int(c[:2]), []).append(int(c[2:-1]))
    counters = {t.year % 100: t.last_serial for t in TrackingCounter.select()}
    for year in sorted(set(by_year) | set(counters)):
        problems += _gapless(f"tracking ({year})", by_year.get(year, []), counters.get(year, 0))
    letter_rows = {x.id: x for x in Letter.select()}
    for letter_id, (number, _) in letters_seen.items():
        if letter_id not in letter_rows or letter_rows[letter_id].number != number:
            problems.append(f"confirmed letter {number} is missing")
    letters_by_year: dict[int, list[int]] = {}
    for x in letter_rows.values():
        letters_by_year.setdefault(x.year, []).append(x.serial)
    letter_counters = {c.year: c.last_serial for c in LetterCounter.select()}
    for year in sorted(set(letters_by_year) | set(letter_counters)):
        problems += _gapless(f"letter ({year})", letters_by_year.get(year, []), letter_counters.get(year, 0))
    return problems


def _gapless(what: str, serials: list[int], counter_total: int) -> list[str]:
    if len(set(serials)) != len(serials):
        return [f"duplicate {what} serials"]
    if serials and sorted(serials) != list(range(1, len(serials) + 1)):
        missing = sorted(set(range(1, max(serials) + 1)) - set(serials))[:5]
        return [f"{what} numbering has gaps: {missing}"]
    if counter_total != len(serials):
        return [f"{what} counter says {counter_total}, {len(serials)} numbers are used"]
    return []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.workload")
    parser.add_argument("url")
    parser.add_argument("writer")
    parser.add_argument("count", type=int)
    parser.add_argument("--letters", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    run_writer(args.url, args.writer, args.count, args.letters, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
