"""The demo's audit rows linked into the hash chain by a forked process while the step goes on generating.

Linking a row (its details as stored, the chain's canonical encoding, SHA-256 over the previous hash) costs
more than writing it, and at 5.7 rows a case it was a tenth of a million-case demo, all in the one process
that also writes (SQLite has a single writer) while the machine's other core waited for the letters. Here
the rows of each call go to one forked process that keeps the chain's (seq, previous hash) and sends the
linked rows back in order; the step writes them when they are ready (a block or two later, in whatever
transaction it is in then) and, at its end, all that is left. One process, fed in order, so the chain is
the one the rows would have had written one call at a time: the seq of every block returned is checked.

The chain's head is read once, when the step starts: like every bulk demo step, this is for a new database
that no one else writes meanwhile (a service's entry between two blocks would be linked to the wrong entry).
"""

from __future__ import annotations

import collections
import multiprocessing
from collections.abc import Callable

# Linked rows, the next seq and the last hash: (rows, seq, previous hash) -> (linked, seq, hash)
Link = Callable[[list[tuple], int, str], tuple[list[tuple], int, str]]

_CHAIN: list | None = None  # in the forked process: [link, next seq, previous hash]


def _start(link: Link, seq: int, prev: str) -> None:
    global _CHAIN
    _CHAIN = [link, seq, prev]


def _link(rows: list[tuple]) -> tuple[int, list[tuple[str, bytes]]]:
    """(the first seq, each row's (details as stored, hash)): only what the rows sent lack, sent back."""
    link, seq, prev = _CHAIN
    linked, _CHAIN[1], _CHAIN[2] = link(rows, seq, prev)
    return seq, [(row[6], row[8]) for row in linked]


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class AuditPipe:
    """submit(rows) in chain order; write(linked rows) is called with each block, in the same order. head() gives
    the chain's (next seq, last hash): read at the first block (a step may first write entries through the
    services, e.g. the holidays it loads) and checked before each block is written."""

    def __init__(self, link: Link, write: Callable[[list[tuple]], None], head: Callable[[], tuple[int, str]]):
        self.link, self.write, self.head = link, write, head
        self.next_seq = None
        self.waiting: collections.deque = collections.deque()
        self.pool = None

    def submit(self, rows: list[tuple]) -> None:
        if self.pool is None:
            self.next_seq, prev = self.head()
            self.pool = multiprocessing.get_context("fork").Pool(
                1, initializer=_start, initargs=(self.link, self.next_seq, prev)
            )
        self.waiting.append((rows, self.pool.apply_async(_link, (rows,))))
        while self.waiting and self.waiting[0][1].ready():
            self._write_oldest()

    def flush(self) -> None:
        while self.waiting:
            self._write_oldest()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def _write_oldest(self) -> None:
        rows, result = self.waiting.popleft()
        seq, links = result.get()
        if seq != self.next_seq or self.head()[0] != seq:  # a restarted process; an entry written meanwhile
            raise RuntimeError(f"demo audit chain: a block linked from seq {seq} does not follow the chain")
        self.next_seq += len(links)
        self.write(
            [
                (*row[:6], details, number, digest)
                for number, (row, (details, digest)) in enumerate(zip(rows, links, strict=True), seq)
            ]
        )
