"""Running workload writers as child processes: killed at random moments (crash safety) or all at once
(concurrency). Shared by tests/app/test_crash_safety.py, test_concurrency.py and the soak/throughput runs."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Outcome:
    cases: dict[int, str] = field(default_factory=dict)
    letters: dict[int, tuple[str, int]] = field(default_factory=dict)
    kills: int = 0
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


def kill_repeatedly(
    url: str, kills: int, letters: bool, seed: int = 9, max_wait: float = 0.6, first_seed: int = 1
) -> Outcome:
    """Start a writer, let it confirm at least one save, wait a random moment, SIGKILL it; `kills` times."""
    rng = random.Random(seed)
    outcome = Outcome()
    started = time.perf_counter()
    for k in range(kills):
        proc = _start(url, "writer0", 1_000_000, letters, first_seed + k)
        first = proc.stdout.readline()  # blocks until the first confirmed save (or the writer's death)
        time.sleep(rng.uniform(0, max_wait))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            outcome.kills += 1
        rest, err = proc.communicate()
        if proc.returncode not in (-signal.SIGKILL,):
            outcome.errors.append(err.decode("utf-8", "replace")[-2000:])
        _collect(outcome, first + rest)
    outcome.seconds = time.perf_counter() - started
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
