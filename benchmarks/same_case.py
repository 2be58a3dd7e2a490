"""Two PCs acting on one case at the same moment.

For each pair, two processes wait on one barrier and then both act on the same case: cancel the case's
two letters (cancel/cancel), record both agencies' answers (answer/answer), answer one referral while the
other's letter is cancelled (answer/cancel), or close the case at the call back while its «not
responsible» answer is re-routed (callback/reroute), or an official closes the case while one of its
agencies' answers is recorded (close/answer: the close always goes through; the answer either lands first and
its referral stays answered, or is refused because the referral was withdrawn; every withdrawn referral has
its withdrawal letter). Afterwards every case must stand as its referrals
say (`wrong_statuses`), and no process may have met anything but a polite refusal.

    python -m benchmarks.same_case URL [--pairs N] [--kinds cancel/cancel,...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import sys
import traceback
from dataclasses import dataclass, field

from app.db import close_database, open_database
from app.domain import jalali
from app.domain.followup import derived_status
from app.models import Agency, Case, Letter, Referral
from benchmarks import workload

KINDS = ("cancel/cancel", "answer/answer", "answer/cancel", "callback/reroute", "close/answer")
WATER = "شرکت آب و فاضلاب استان آذربایجان شرقی"
POWER = "شرکت توزیع نیروی برق تبریز"
GAS = "شرکت گاز استان آذربایجان شرقی"


def _agency(name: str) -> int:
    return Agency.get(Agency.name == name).id


def _due(days: int) -> dt.date:
    return jalali.today_local() + dt.timedelta(days=days)


def _answer_data(result: str = "done") -> dict:
    return {
        "agency_letter_number": "۲۳۴/۵۶",
        "agency_letter_date": jalali.today_local(),
        "text": "موضوع بررسی شد.",
        "result": result,
    }


def prepare_pairs(kind: str, pairs: int, seed: int = 1) -> list[dict]:
    """`pairs` cases ready for `kind` (in the database already open); each item names what each side acts on."""
    import random

    from app.services.cases import cases
    from app.services.followup import followup
    from app.services.letters import referrals

    rng = random.Random(seed)
    operator, official = workload.actor(workload.writer_name(0)), workload.actor(workload.OFFICIAL)
    items = []
    for i in range(pairs):
        case_id = cases.register_call(operator, workload.call_data(seed * 100_000 + i, rng)).id
        if kind == "callback/reroute":
            (ref,) = referrals.issue_order(
                official,
                case_id,
                {"agency_ids": [_agency(POWER)], "instruction": "بررسی شود.", "due_date": _due(10)},
            )
            followup.record_response(operator, ref.id, _answer_data("not_responsible"))
            items.append({"case": case_id, "referral": ref.id})
            continue
        a, b = referrals.issue_order(
            official,
            case_id,
            {
                "agency_ids": [_agency(WATER), _agency(POWER)],
                "instruction": "بررسی شود.",
                "due_date": _due(10),
            },
        )
        items.append({"case": case_id, "referrals": [a.id, b.id], "letters": [a.letter_id, b.letter_id]})
    return items


def _act(kind: str, side: int, item: dict, operator, official) -> None:
    from app.services.followup import callbacks, followup
    from app.services.letters import referrals

    if kind == "cancel/cancel":
        referrals.cancel_letter(official, item["letters"][side], "نامه اشتباه صادر شد.")
    elif kind == "answer/answer":
        followup.record_response(operator, item["referrals"][side], _answer_data())
    elif kind == "answer/cancel":
        if side == 0:
            followup.record_response(operator, item["referrals"][0], _answer_data())
        else:
            referrals.cancel_letter(official, item["letters"][1], "نامه اشتباه صادر شد.")
    elif kind == "close/answer":
        from app.services.followup import closing

        if side == 0:
            closing.close_case(official, item["case"], "withdrawn", "شهروند درخواست را پس گرفت.")
        else:
            followup.record_response(operator, item["referrals"][0], _answer_data())
    elif side == 0:
        callbacks.record_callback(
            operator,
            item["case"],
            {"reached": True, "satisfaction": "satisfied", "decision": "close", "outcome": "resolved"},
        )
    else:
        followup.reroute(official, item["referral"], {"agency_id": _agency(GAS), "due_date": _due(20)})


def side(url: str, kind: str, number: int, items: list[dict], barrier, results) -> None:
    """One process of each pair: for every item, wait for the other side, then act at the same moment."""
    from app.services.errors import Conflict, NotFound, ValidationError

    open_database(url)
    operator = workload.actor(workload.writer_name(1 + number))
    official = workload.actor(workload.OFFICIAL)
    outcome = []
    for item in items:
        barrier.wait(timeout=120)
        try:
            _act(kind, number, item, operator, official)
            outcome.append("ok")
        except (Conflict, ValidationError, NotFound) as exc:
            outcome.append(f"refused: {getattr(exc, 'message', exc)}")
        except Exception:  # reported to the parent as what a user would have seen
            outcome.append("error: " + traceback.format_exc(limit=3))
    close_database()
    results.put((number, outcome))


@dataclass
class PairOutcome:
    kind: str
    items: list[dict]
    sides: dict[int, list[str]] = field(default_factory=dict)

    @property
    def errors(self) -> list[str]:
        return [o for outs in self.sides.values() for o in outs if o.startswith("error")]


def race(url: str, kind: str, items: list[dict]) -> PairOutcome:
    """Both sides of every pair in `items`, as two processes meeting at a barrier before each pair."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=side, args=(url, kind, n, items, barrier, results)) for n in (0, 1)]
    for p in procs:
        p.start()
    outcome = PairOutcome(kind, items)
    for _ in procs:
        number, outs = results.get(timeout=600)
        outcome.sides[number] = outs
    for p in procs:
        p.join(timeout=60)
    return outcome


def wrong_statuses(outcome: PairOutcome) -> list[str]:
    """Each case of the run whose status is not what its referrals (and the two actions) say it must be."""
    wrong = []
    for n, item in enumerate(outcome.items):
        case = Case.get_by_id(item["case"])
        refs = list(Referral.select().where(Referral.case == case.id))
        live = [r for r in refs if r.status == "issued" or (r.status == "draft" and r.rerouted_from_id)]
        ok = [outcome.sides[s][n] == "ok" for s in (0, 1)]
        if case.status == "closed":
            problem = f"closed with {len(live)} referral(s) still waiting" if live else ""
        else:
            expected = derived_status(case.status, [(r.status, r.rerouted_from_id is not None) for r in refs])
            problem = "" if expected == case.status else f"{case.status}, its referrals say {expected}"
        if not problem and outcome.kind == "close/answer":
            problem = _close_answer_problem(case, refs, ok)
        elif not problem and outcome.kind != "callback/reroute" and not all(ok):
            problem = f"refused although nothing else touched the same letter or referral: {outcome.sides}"
        if not problem and outcome.kind == "callback/reroute" and all(ok):
            problem = "both the close and the re-route were accepted"
        if not problem and outcome.kind in ("cancel/cancel",):
            cancelled = (
                Letter.select().where(Letter.id.in_(item["letters"]) & (Letter.status == "cancelled")).count()
            )
            problem = "" if cancelled == 2 else f"{cancelled} of 2 letters cancelled"
        if problem:
            wrong.append(f"{outcome.kind} case {case.id}: {problem}")
    return wrong


def _close_answer_problem(case: Case, refs: list[Referral], ok: list[bool]) -> str:
    if not ok[0] or case.status != "closed":
        return f"the close was refused or undone (status {case.status})"
    withdrawn = [r.id for r in refs if r.status == "withdrawn"]
    answered = [r.id for r in refs if r.status == "answered"]
    if len(withdrawn) + len(answered) != len(refs):
        return f"referrals left {[r.status for r in refs]}"
    if ok[1] != (len(answered) == 1):
        return f"the answer was {'accepted' if ok[1] else 'refused'} but {len(answered)} referral(s) answered"
    letters = (
        Letter.select().where((Letter.kind == "withdrawal") & Letter.referral.in_(withdrawn or [0])).count()
    )
    return "" if letters == len(withdrawn) else f"{letters} withdrawal letters for {len(withdrawn)} withdrawn"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args(argv)
    workload.prepare(args.url, writers=3)
    total = 0
    for seed, kind in enumerate(args.kinds.split(","), start=1):
        items = prepare_pairs(kind, args.pairs, seed=seed)
        close_database()
        outcome = race(args.url, kind, items)
        open_database(args.url)
        wrong = wrong_statuses(outcome)
        total += len(wrong) + len(outcome.errors)
        print(f"{kind}: {len(items)} pairs, {len(wrong)} wrong statuses, {len(outcome.errors)} errors")
        for line in [*wrong, *outcome.errors][:5]:
            print("  " + line.splitlines()[0])
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
