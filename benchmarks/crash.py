"""Running workload writers as child processes: killed at random moments (crash safety) or all at once
(concurrency). Shared by tests/app/test_crash_safety.py, test_concurrency.py and the soak/throughput runs."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Outcome:
    cases: dict[int, str] = field(default_factory=dict)
    letters: dict[int, tuple[str, int]] = field(default_factory=dict)
    codes: set[str] = field(default_factory=set)  # tracking codes `samad call add` printed
    kills: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # kills by kind: services, start-up, samad
    runs: dict[str, int] = field(default_factory=dict)  # writers started, by kind
    errors: list[str] = field(default_factory=list)  # stderr of writers that failed by themselves
    seconds: float = 0.0


def _start(url: str, writer: str, count: int, letters: bool, seed: int) -> subprocess.Popen:
    args = [sys.executable, "-m", "benchmarks.workload", url, writer, str(count), "--seed", str(seed)]
    if letters:
        args.append("--letters")
    return subprocess.Popen(
        args,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )


def _collect(outcome: Outcome, output: bytes) -> None:
    from benchmarks.workload import confirmed

    cases, letters = confirmed(output.decode("utf-8", "replace"))
    outcome.cases.update(cases)
    outcome.letters.update(letters)


SAMAD_RECORDS = 3  # cases one `samad call add` registers (one transaction)


def _start_samad(url: str, folder: Path, k: int) -> subprocess.Popen:
    """`samad call add FILE --as writer0` with a few new calls, as a script on an operator's PC would run it."""
    from benchmarks import workload

    password = folder / "password"
    if not password.exists():
        password.write_text(workload.PASSWORD + "\n", encoding="utf-8")
        password.chmod(0o600)
    calls = folder / f"calls-{k}.json"
    calls.write_text(json.dumps(_samad_records(url, k), ensure_ascii=False), encoding="utf-8")
    env = dict(
        os.environ,
        PYTHONUNBUFFERED="1",
        SAMAD_USER="writer0",
        SAMAD_PASSWORD_FILE=str(password),
        SAMAD_DATA_DIR=str(folder),
        SAMAD_CONFIG_DIR=str(folder),
    )
    args = [sys.executable, "-m", "app", "--database", url, "call", "add", str(calls), "--as", "writer0"]
    return subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env
    )


_REFERENCE: dict[str, list[dict]] = {}  # per database: its reference ids are its own (PostgreSQL's
# sequences move on in a seed a kill rolled back, so another database's ids may not exist in this one)


def _samad_records(url: str, k: int) -> list[dict]:
    import random as _random

    from app.db import close_database, open_database
    from benchmarks import workload

    if url not in _REFERENCE:
        open_database(url)
        try:
            _REFERENCE[url] = [workload.call_data(n, _random.Random(n)) for n in range(20)]
        finally:
            close_database()
    rng = _random.Random(k)
    records = []
    for i in range(SAMAD_RECORDS):
        n = 900_000_000 + k * 10 + i  # other national codes than the service writers'
        record = dict(rng.choice(_REFERENCE[url]), national_code=workload.national_code(n))
        record["subject"] = f"تماس از خط فرمان {k}-{i}"
        records.append(record)
    return records


def prepared(url: str) -> bool:
    """The database has its schema and the workload's users (a `samad` run needs writer0)."""
    from app.db import close_database, open_database

    try:
        db = open_database(url)
        return "user" in db.get_tables() and bool(
            db.execute_sql("SELECT 1 FROM " + '"user"' + " WHERE username = 'writer0'").fetchone()
        )
    except Exception:
        return False
    finally:
        close_database()


def kill_repeatedly(
    url: str,
    kills: int,
    letters: bool,
    seed: int = 9,
    max_wait: float = 0.6,
    first_seed: int = 1,
    startup_share: float = 0.25,
    samad_share: float = 0.25,
    startup_wait: float = 3.0,
    samad_wait: float | None = None,
    samad_window: float = 1.2,
) -> Outcome:
    """SIGKILL a writer `kills` times, at a random moment each time, of one of three kinds:
    - services: a workload writer (benchmarks/workload.py) killed a random moment after its first confirmed save;
    - start-up: the same writer killed a random moment after it was started, often before it saved anything
      (opening the database, migrating a new one, creating its users);
    - samad: `samad call add FILE` registering a few calls, killed a random moment after it was started (its
      start-up included) within `samad_wait` seconds; by default the first such run goes to its end and
      `samad_window` times its duration is the window (so on a busy machine the kills still cover the whole command).
    Kills until `kills` writers were killed. The first kill on a new database is always a start-up kill. A writer that ends by itself with an error is
    reported in `errors`."""
    rng, kinds = random.Random(seed), random.Random(seed + 1)  # the kinds drawn do not depend on the waits
    outcome = Outcome()
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="samad-crash-"))
    ready = prepared(url)
    to_first_save: float | None = None  # a writer's start-up, measured: launch to its first confirmed save
    k = 0
    while outcome.kills < kills and k < 3 * kills:  # a `samad call add` that finished first is not a kill
        k += 1
        roll = kinds.random()
        kind = "start-up" if not ready or roll < startup_share else "services"
        if ready and startup_share <= roll < startup_share + samad_share:
            kind = "samad"
        outcome.runs[kind] = outcome.runs.get(kind, 0) + 1
        launched = time.perf_counter()
        first = b""
        if kind == "samad":
            proc = _start_samad(url, folder, first_seed + k)
            if samad_wait is None:  # calibrate: this run is not killed
                proc.wait()
                samad_wait = samad_window * (time.perf_counter() - launched)
            else:
                time.sleep(rng.uniform(0, samad_wait))
        else:
            proc = _start(url, "writer0", 1_000_000, letters, first_seed + k)
            if kind == "start-up":
                # within the measured start-up (a busy machine starts slowly), else a window that grows
                # until a start-up gets through
                window = 1.2 * to_first_save if to_first_save else startup_wait
                time.sleep(rng.uniform(0, window))
            else:
                first = (
                    proc.stdout.readline()
                )  # blocks until the first confirmed save (or the writer's death)
                if first and to_first_save is None:
                    to_first_save = time.perf_counter() - launched
                time.sleep(rng.uniform(0, max_wait))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            outcome.kills += 1
            outcome.kinds[kind] = outcome.kinds.get(kind, 0) + 1
        rest, err = proc.communicate()
        if proc.returncode not in (-signal.SIGKILL, 0) or (kind != "samad" and proc.returncode == 0):
            outcome.errors.append(f"{kind}: " + err.decode("utf-8", "replace")[-2000:])
        if kind == "samad":
            text = (first + rest).decode("utf-8", "replace")
            outcome.codes.update(line for line in text.split("\n")[:-1] if line.strip())
        else:
            _collect(outcome, first + rest)
        if not ready:
            ready = prepared(url)
            startup_wait *= 1 if ready else 1.5
    outcome.seconds = time.perf_counter() - started
    shutil.rmtree(folder, ignore_errors=True)
    return outcome


def run_concurrently(url: str, writers: int, count: int, letters: bool, first_seed: int = 100) -> Outcome:
    """`writers` processes, each registering `count` cases (and issuing letters), all at once."""
    outcome = Outcome()
    started = time.perf_counter()
    procs = [_start(url, f"writer{i}", count, letters, first_seed + i) for i in range(writers)]
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0 or err.strip():
            outcome.errors.append(err.decode("utf-8", "replace")[-2000:])
        _collect(outcome, out)
    outcome.seconds = time.perf_counter() - started
    return outcome
