"""`samad demo [--calls N]`: fill a database with realistic demo data."""

from __future__ import annotations

import argparse
import sys
import time

from app.cli.common import open_from_args
from app.services.actor import require
from app.services.admin.setup import init_database
from app.services.demo import run_demo
from app.services.demo.people import DEMO_PASSWORD


def register(sub) -> None:
    p = sub.add_parser(
        "demo", help="fill the database with realistic demo data (for trying the app and benchmarks)"
    )
    p.add_argument(
        "--calls",
        type=int,
        default=2000,
        help="how many cases to make, back from today at the center's rate (default 2000; millions work)",
    )
    p.add_argument("--rate", type=int, default=200, help="calls on an ordinary working day (default 200)")
    p.add_argument("--seed", type=int, default=1405, help="random seed, for repeatable data")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    if args.calls < 0 or args.rate < 1:
        print("samad: --calls must be 0 or more and --rate 1 or more", file=sys.stderr)
        return 2
    db = open_from_args(args, require_schema=False, login="if_accounts")
    if getattr(args, "actor", None) is not None:
        require(args.actor, "manage_settings")
    init_database(db, official_holidays=True)  # a new file is made ready; an initialised one is left as it is
    started = time.perf_counter()

    def progress(step, done, total):
        print(f"\r{step}: {done}/{total}", end="", file=sys.stderr, flush=True)

    summary = run_demo(
        calls=args.calls, rate=args.rate, seed=args.seed, progress=progress if sys.stderr.isatty() else None
    )
    print("", file=sys.stderr) if sys.stderr.isatty() else None
    print(", ".join(f"{k}: {v}" for k, v in summary.items()) + f" (in {time.perf_counter() - started:.1f} s)")
    print(f"Demo users log in with the password «{DEMO_PASSWORD}» (e.g. operator1, governor, supervisor).")
    return 0
