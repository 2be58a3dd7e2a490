"""An audit entry's details as a person reads them: a Persian name for each key and each value shown the way
the rest of the program shows it (Jalali dates in Tehran time, Persian digits, statuses and other chosen
values by their labels, «—» for nothing, «بله/خیر» for yes and no). The audit page, its export and the
`samad audit` command all show details through here.

Only the showing changes: the stored JSON, which the hash chain covers, stays as the services wrote it. A key
this program does not know (written by another version) is shown under its own name, never dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from app.domain import jalali, status
from app.domain.attendance import SLOT_STATUS_LABELS
from app.domain.audit_labels import ENTITY_LABELS, EXPORT_LABELS, detail_label
from app.domain.followup import DECISION_LABELS, RESULT_LABELS, SATISFACTION_LABELS
from app.domain.letters import PRIORITY_LABELS
from app.domain.roles import ROLE_LABELS
from app.domain.text import FSI, PDI, display_digits, isolate, to_persian_digits
from app.services.cases.timeline import LETTER_KINDS
from app.services.knowledge.knowledge import KIND_LABELS as ARTICLE_KINDS

NOTHING = "—"
YES, NO = "بله", "خیر"
MOVE = " ← "  # old ← new: read right to left, the old value comes first
SEPARATOR = "، "

FORMAT_LABELS = {
    "csv": "سی‌اس‌وی",
    "xlsx": "اکسل",
    "pdf": "پی‌دی‌اف",
    "txt": "متن ساده",
    "docx": "ورد",
    "dump": "پشتیبان پستگرس",
    "sqlite": "پشتیبان اس‌کیو‌لایت",
}
VIA_LABELS = {"cli": "خط فرمان", "window": "پنجره برنامه"}
DESTINATIONS = {"stdout": "صفحه خط فرمان"}  # a command that printed what it exported
LOGIN_REFUSALS = {
    "unknown": "نام کاربری ناشناخته",
    "not_allowed": "این حساب از این راه وارد نمی‌شود",
    "locked": "حساب قفل است",
    "inactive": "حساب غیرفعال است",
}
OFFICIAL_DECISIONS = {
    "note": "یادداشت",
    "guide": "راهنمایی و بستن پرونده",
    "hold": "نگه‌داشتن برای پیگیری",
    "order": "دستور ارجاع",
}
DISCARD_REASONS = {"not chosen when issued": "هنگام صدور برگزیده نشد"}

# Values a service chose from a fixed list, by (action or entity, key); the first found is used.
_CHOICES: dict[tuple[str, str], dict] = {
    ("case", "status"): status.STATUS_LABELS,
    ("case", "outcome"): status.OUTCOME_LABELS,
    ("referral", "status"): status.REFERRAL_STATUS_LABELS,
    ("letter", "status"): status.LETTER_STATUS_LABELS,
    ("slot", "status"): SLOT_STATUS_LABELS,
    ("slot", "outcome"): SLOT_STATUS_LABELS,
    ("article", "kind"): ARTICLE_KINDS,
    ("letter", "kind"): LETTER_KINDS,
    ("referral", "kind"): LETTER_KINDS,
    ("case.callback", "decision"): DECISION_LABELS,
    ("case.official_note", "decision"): OFFICIAL_DECISIONS,
    ("user.login_failed", "reason"): LOGIN_REFUSALS,
    ("referral.discard", "reason"): DISCARD_REASONS,
    ("", "channel"): status.CHANNEL_LABELS,
    ("", "next_step"): status.NEXT_STEP_LABELS,
    ("", "outcome"): status.OUTCOME_LABELS,
    ("", "priority"): PRIORITY_LABELS,
    ("", "result"): RESULT_LABELS,
    ("", "satisfaction"): SATISFACTION_LABELS,
    ("", "slot_status"): SLOT_STATUS_LABELS,
    ("", "role"): ROLE_LABELS,
    ("", "format"): FORMAT_LABELS,
    ("", "via"): VIA_LABELS,
    ("", "destination"): DESTINATIONS,
}
# Values written as they were typed or found (paths, user names, machine names): shown as they are, isolated
# so a left-to-right path keeps its order inside the Persian line.
AS_TYPED = frozenset(
    {
        "file",
        "destination",
        "kept_aside",
        "source",
        "machine",
        "username",
        "signer",
        "followup_signer",
        "logo_path",
    }
)
# Counts, grouped by thousands (۱٬۲۳۴); other numbers (ids, years, versions) are shown digit by digit.
COUNTS = frozenset(
    {
        "rows",
        "entries",
        "bytes",
        "size",
        "imported",
        "refused",
        "created",
        "removed",
        "absent",
        "added",
        "letters",
    }
)
# Keys shown first, in this order (what the entry is about); the others follow in the stored order.
FIRST = (
    "what",
    "tracking_code",
    "number",
    "title",
    "name",
    "full_name",
    "subject",
    "agency",
    "official",
    "status",
    "outcome",
    "result",
    "decision",
)
# Keys shown through another: a case edit's "shown" holds its changes' values in words.
HIDDEN = frozenset({"shown"})

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([+-][0-9:]+|Z)?", re.ASCII
)
_TIME = re.compile(r"([0-9]{2}):([0-9]{2})(:[0-9]{2}(\.[0-9]+)?)?", re.ASCII)


@dataclass(frozen=True)
class DetailLine:
    label: str
    text: str

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"


def _choices(action: str, entity: str, key: str) -> dict | None:
    for scope in (action, entity, action.partition(".")[0], ""):
        found = _CHOICES.get((scope, key))
        if found is not None:
            return found
    return None


def _number(key: str, value: int | float) -> str:
    if key in COUNTS:
        text = f"{value:,}".replace(",", "٬")
    else:
        text = str(value)
    return to_persian_digits(text.replace(".", "٫"))


def _copies(value: str) -> str:
    """A letter's copies as the order stores them (JSON: [{"name": ..., "purpose": ...}])."""
    try:
        copies = json.loads(value)
        text = SEPARATOR.join(f"{c['name']} {c.get('purpose') or ''}".strip() for c in copies)
    except (ValueError, TypeError, KeyError):
        return display_digits(value)
    return display_digits(text) or NOTHING


def _text(key: str, value: str, choices: dict | None) -> str:
    if choices is not None and value in choices:
        return choices[value] or NOTHING
    if key == "cc":
        return _copies(value)
    if key in AS_TYPED:
        return isolate(value)
    if _DATE.fullmatch(value):
        try:
            return jalali.format_jalali(dt.date.fromisoformat(value))
        except ValueError:
            pass
    if _DATETIME.fullmatch(value):
        try:
            return jalali.format_jalali_datetime(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            pass
    time = _TIME.fullmatch(value)
    if time:
        return to_persian_digits(f"{time.group(1)}:{time.group(2)}")
    return display_digits(value)


def value_text(key: str, value, *, action: str = "", entity: str = "") -> str:
    """One value of a details key in words (a list: each item; a pair of a move: old ← new)."""
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int | float):
        return _number(key, value)
    if isinstance(value, str):
        return _text(key, value, _choices(action, entity, key))
    if isinstance(value, dict):
        return SEPARATOR.join(
            f"{ENTITY_LABELS.get(k) or detail_label(k)}: {value_text(k, v, action=action, entity=entity)}"
            for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        if key == "triggers":
            return to_persian_digits(str(len(value)))
        if key in ("status", "version") and len(value) == 2:
            return _move(key, value, action=action, entity=entity)
        return SEPARATOR.join(value_text(key, v, action=action, entity=entity) for v in value)
    return display_digits(str(value))


def _move(key: str, pair, *, action: str, entity: str, quoted: bool = False) -> str:
    def one(value) -> str:
        text = value_text(key, value, action=action, entity=entity)
        return f"«{text}»" if quoted and isinstance(value, str) and text != NOTHING else text

    if pair[0] == pair[1]:  # e.g. a case edit that left the status as it was
        return one(pair[1])
    return one(pair[0]) + MOVE + one(pair[1])


def _what(what: str) -> str:
    head, _, kind = what.partition(".")
    if head == "report" and kind:
        from app.wiring import REPORTS_BY_KEY  # the list of reports (imports the services that build them)

        report = REPORTS_BY_KEY.get(kind)
        title = report.title if report else display_digits(kind)
        return f"{EXPORT_LABELS['report']} «{title}»"
    return EXPORT_LABELS.get(what) or display_digits(what)


def _field_labels(entity: str) -> dict[str, str]:
    if entity in ("case", "citizen"):
        from app.services.cases.cases import FIELD_LABELS

        return FIELD_LABELS
    if entity == "settings":
        from app.services.admin.settings import LABELS

        return LABELS
    return {}


def _change_lines(changes: dict, shown: dict, *, action: str, entity: str) -> list[DetailLine]:
    names = _field_labels(entity)
    lines = []
    for field, pair in changes.items():
        label = names.get(field) or detail_label(field)
        if isinstance(pair, list | tuple) and len(pair) == 2:
            words = shown.get(field)
            if isinstance(words, list | tuple) and len(words) == 2:
                pair = words
            text = _move(field, pair, action=action, entity=entity, quoted=True)
        else:
            text = value_text(field, pair, action=action, entity=entity)
        lines.append(DetailLine(label, text))
    return lines


def detail_lines(action: str, entity: str, details: dict) -> list[DetailLine]:
    """Each key of an entry's details with its value, in the stored (alphabetical) order; the fields of a
    "changes" entry each on a line of its own, old ← new."""
    shown = details.get("shown") if isinstance(details.get("shown"), dict) else {}
    lines: list[DetailLine] = []
    order = {key: i for i, key in enumerate(FIRST)}
    for key, value in sorted(details.items(), key=lambda item: order.get(item[0], len(order))):
        if key in HIDDEN and shown:
            continue
        if key == "changes" and isinstance(value, dict):
            lines += _change_lines(value, shown, action=action, entity=entity)
        elif key == "what":
            lines.append(DetailLine(detail_label(key), _what(str(value))))
        else:
            lines.append(DetailLine(detail_label(key), value_text(key, value, action=action, entity=entity)))
    return lines


def summary(action: str, entity: str, details: dict, limit: int | None = None, *, marks: bool = True) -> str:
    """The details on one line («label: value، label: value»), cut to `limit` characters with «…». Without
    `marks`, the values shown as typed lose their invisible isolating marks (a file, a terminal: text that is
    copied on, not laid out by Qt). A key with no value («جایگزین نامه: —» on every first letter) is left out of
    the line; the full text keeps it."""
    text = SEPARATOR.join(str(line) for line in detail_lines(action, entity, details) if line.text != NOTHING)
    if not marks:
        text = text.replace(FSI, "").replace(PDI, "")
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def full_text(action: str, entity: str, details: dict) -> str:
    """The details one per line (a tooltip, a cell with room)."""
    return "\n".join(str(line) for line in detail_lines(action, entity, details))
