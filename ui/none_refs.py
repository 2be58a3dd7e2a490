"""A guard against a PySide6 6.12 bug on Python 3.11: each time C++ calls a Python override that returns None
(a table model's data() for a role it does not answer, as every model here does), one reference to None is
dropped. Painting the calls register once drops about 180; None starts with some 17,000, so after a hundred
repaints the interpreter aborts with «Fatal Python error: none_dealloc». From Python 3.12 None is immortal and
the bug is harmless.

`install(app)` keeps None's count topped up: now, and every two seconds on a timer. The references taken
are never given back, which is exactly what the bug needs (they stand for the ones it dropped)."""

from __future__ import annotations

import ctypes
import sys

RESERVE = 200_000  # far above what a few seconds of repainting can drop (about 180 a repaint)
INTERVAL_MS = 2_000
# None's reference count, PyObject's first field (ob_refcnt) before Python 3.12. It is raised with one write:
# taking the ~200,000 references one Py_IncRef call at a time cost 50-140 ms of every start (issue 17). Another
# thread changing the count between the read and the write (a thread switch inside the `+=`) only shifts it by
# those few references, which the reserve absorbs.
_refcount = ctypes.c_ssize_t.from_address(id(None))


def needed() -> bool:
    return sys.version_info < (3, 12)


def top_up(reserve: int = RESERVE) -> int:
    """Bring None's reference count back to `reserve`; returns how many references were added."""
    if not needed():
        return 0
    missing = reserve - sys.getrefcount(None)
    if missing <= 0:
        return 0
    _refcount.value += missing  # no memory is held for them
    return missing


def install(app) -> None:
    """Top up now and every INTERVAL_MS while the application runs."""
    if not needed() or getattr(app, "_none_refs_timer", None) is not None:
        return
    from PySide6.QtCore import QTimer

    top_up()
    timer = QTimer(app)
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(top_up)
    timer.start()
    app._none_refs_timer = timer
