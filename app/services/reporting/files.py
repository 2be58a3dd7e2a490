"""Writing an export: the whole file or nothing. The bytes are made first, written to a temporary file
beside the target and renamed over it, so a failure never leaves a half-written file behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from app import private_files
from app.domain.text import isolate
from app.services.errors import ValidationError

REASONS = {
    errno.EACCES: "اجازه نوشتن نیست",
    errno.EPERM: "اجازه نوشتن نیست",
    errno.ENOSPC: "جا روی دیسک نمانده است",
    errno.EROFS: "دیسک فقط‌خواندنی است",
    errno.ENOENT: "چنین مسیری نیست",
    errno.EDQUOT: "سهمیه دیسک پر است",
    errno.ENAMETOOLONG: "نام پرونده بیش از اندازه بلند است",
}


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def reason(exc: OSError) -> str:
    """Why a write failed, in Persian when the reason is a common one."""
    return REASONS.get(exc.errno, exc.strerror or str(exc))


def check_target(path: Path | str, field: str = "output") -> Path:
    """The target path if a file can be written there; a clear Persian message otherwise."""
    text = str(path or "").strip()
    if not text:
        raise _refuse(field, "مسیر پرونده خروجی را بدهید.")
    target = Path(text).expanduser()
    if target.is_dir():
        raise _refuse(field, f"«{isolate(target)}» یک پوشه است؛ نام پرونده را هم بدهید.")
    folder = target.parent if str(target.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise _refuse(field, f"«{isolate(folder)}» پرونده است، نه پوشه.")
    if not folder.is_dir():
        raise _refuse(field, f"پوشه «{isolate(folder)}» وجود ندارد.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _refuse(field, f"در پوشه «{isolate(folder)}» اجازه نوشتن نیست.")
    if target.exists() and not os.access(target, os.W_OK):
        raise _refuse(field, f"پرونده «{isolate(target)}» فقط‌خواندنی است.")
    return target


def write_atomic(path: Path | str, data: bytes, field: str = "output") -> Path:
    """Write `data` to `path` all at once (temporary file, then rename). Returns the path written."""
    target = check_target(path, field)
    try:
        private_files.write_private(target, data)  # exports carry citizens' data: their owner only
    except private_files.FolderNotWritable as exc:
        raise _refuse(field, f"در پوشه «{isolate(target.parent)}» نمی‌توان نوشت: {reason(exc)}.") from exc
    except OSError as exc:
        raise _refuse(field, f"پرونده «{isolate(target)}» نوشته نشد: {reason(exc)}.") from exc
    return target
