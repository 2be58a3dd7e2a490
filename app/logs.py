"""The log file a supporter reads: `logs/samad.log` in the data folder, rotated at 1 MB, five old files kept.

What goes in: errors with their tracebacks, warnings, operations slower than a second (`timed`), start-up
timings and the database in use (its redacted URL). What never goes in: passwords (a `password=...`, a URL's
password) and national codes or phone numbers in full; `RedactingFilter` masks them in every message and
traceback before a handler writes it.

`setup_logging()` is called once by each entry point (the `samad` command, the desktop app); it is safe to
call again. `install_exception_hooks(report)` sends every uncaught exception, on any thread, to the log and
then to `report(exc, details)`, which the window uses to show its crash dialog.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

from app import paths

LOGGER_NAME = "samad"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
SLOW_SECONDS = 1.0
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

log = logging.getLogger(LOGGER_NAME)

_DIGIT = "[0-9\u06f0-\u06f9\u0660-\u0669]"
# Ten digits or more in a row (a national code, a mobile or landline number with its area code, a card
# number), or a mobile number written in groups: 0914 123 4567, +98 914-123-4567.
_LONG_NUMBER = re.compile(rf"(?<!{_DIGIT}){_DIGIT}{{10,}}(?!{_DIGIT})")
_GROUPED_MOBILE = re.compile(
    rf"(?<!{_DIGIT})(?:\+98|0098|0)?[ -]?9{_DIGIT}{{2}}[ -]{_DIGIT}{{3}}[ -]?{_DIGIT}{{4}}"
    rf"(?!{_DIGIT})"
)
_PASSWORD_PAIR = re.compile(
    r"""(?i)(["']?(?:password|passwd|pwd|secret|kennwort|رمز(?:\s?عبور)?)["']?\s*[:=]\s*)"""
    r"""("[^"]*"|'[^']*'|\S+)"""
)
_URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@/\s]+@")
MASK = "***"


def _mask_digits(match: re.Match) -> str:
    text = match.group(0)
    digits = [i for i, ch in enumerate(text) if re.fullmatch(_DIGIT, ch)]
    keep = set(digits[-2:])  # the last two digits help a supporter tell two callers apart
    return "".join(ch if i in keep or i not in digits else "*" for i, ch in enumerate(text))


def redact(text: str) -> str:
    """`text` with passwords removed and national codes and phone numbers masked (all but two digits)."""
    if not text:
        return text
    text = _URL_PASSWORD.sub(lambda m: m.group(1) + MASK + "@", text)
    text = _PASSWORD_PAIR.sub(lambda m: m.group(1) + MASK, text)
    text = _GROUPED_MOBILE.sub(_mask_digits, text)
    return _LONG_NUMBER.sub(_mask_digits, text)


class RedactingFilter(logging.Filter):
    """Masks the rendered message, and the traceback, of every record before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string still gets logged, as its template
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def log_dir() -> Path:
    return paths.data_dir() / "logs"


def log_file() -> Path:
    return log_dir() / "samad.log"


_handler: logging.Handler | None = None


def setup_logging(level: int = logging.INFO) -> Path:
    """Attach the rotating file handler to the `samad` logger (once per log file) and return the file's path.
    If the data folder cannot be written, logging goes to standard error instead; the program still runs."""
    global _handler
    target = log_file()
    if _handler is not None and Path(getattr(_handler, "baseFilename", "")) == target.resolve():
        return target
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
    except OSError as exc:
        handler = logging.StreamHandler(sys.stderr)
        print(f"samad: cannot write the log file {target}: {exc.strerror}", file=sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactingFilter())
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = True  # pytest's caplog and any embedding program still see the records
    _handler = handler
    return target


def flush() -> None:
    if _handler is not None:
        _handler.flush()


def logger(name: str) -> logging.Logger:
    """A child of the `samad` logger (`logger("ui.worker")` is `samad.ui.worker`)."""
    return log.getChild(name)


@contextlib.contextmanager
def timed(what: str, threshold: float = SLOW_SECONDS) -> Iterator[None]:
    """Log a warning when the block takes longer than `threshold` seconds (failure or not)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        if elapsed > threshold:
            log.warning("slow: %s took %.2f s", what, elapsed)


_STARTED = time.perf_counter()


def startup_step(step: str) -> None:
    """Note how long after the program started `step` was reached (the start-up timings)."""
    log.info("start-up: %s at %.2f s", step, time.perf_counter() - _STARTED)


def database_in_use(redacted_url: str) -> None:
    log.info("database: %s", redacted_url)


# --- uncaught exceptions ------------------------------------------------------------------------------

Reporter = Callable[[BaseException, str], None]  # (the exception, its masked details) -> shown to the person
_reporter: Reporter | None = None


def format_details(exc_type, exc, tb) -> str:
    """Version, platform and the traceback: what «کپی جزئیات» copies and the log holds (masked)."""
    import platform

    from app import __version__

    text = "".join(traceback.format_exception(exc_type, exc, tb))
    return redact(
        f"Samad Desk {__version__}, Python {platform.python_version()}, {platform.platform()}\n{text}"
    )


def report_exception(exc: BaseException, where: str = "") -> None:
    """Log `exc` with its traceback and hand it to the reporter (the crash dialog) when one is installed."""
    details = format_details(type(exc), exc, exc.__traceback__)
    log.error(
        "uncaught exception%s", f" in {where}" if where else "", exc_info=(type(exc), exc, exc.__traceback__)
    )
    flush()
    if _reporter is not None:
        try:
            _reporter(exc, details)
        except Exception:  # the dialog itself failed: the log already has the first error
            log.exception("the crash reporter failed")


def _sys_hook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report_exception(exc.with_traceback(tb) if exc is not None else exc_type())


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "a thread"
    report_exception(args.exc_value or args.exc_type(), where=f"thread {name}")


def install_exception_hooks(reporter: Reporter | None = None) -> None:
    """Every uncaught exception (the main thread, Qt slots, other threads) is logged and then reported."""
    global _reporter
    _reporter = reporter
    sys.excepthook = _sys_hook
    threading.excepthook = _thread_hook
