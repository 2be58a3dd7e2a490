"""An audit entry's action and entity («case.register», «case») as small numbers (issue 17, migration 38).

SQLite keeps each as the number of its word in WORDS (one byte in the row and in the action index where the text
took 5-25), PostgreSQL as text (its size target is met): app.models.base.WordField converts at the boundary, so
the program reads and writes the words. A word not in WORDS (an action added later and not listed yet, or one
written behind the program's back) is kept as its text and reads back as it was, so nothing is refused or lost.

The chain hashes the words, never the numbers: every hash and checkpoint stays valid, and a number that is no
word's reads as its digits, so its entry fails to verify rather than read as something else.

FROZEN: a word's number is what the stored rows are. Append new words at the end; never reorder, rename or
remove one (tests/app/test_audit_words.py pins the list as it was released).
"""

from __future__ import annotations

WORDS: tuple[str, ...] = (
    # entities (app.domain.audit_labels.ENTITY_LABELS as of migration 38)
    "agency",
    "article",
    "audit",
    "backup",
    "case",
    "category",
    "citizen",
    "cli",
    "county",
    "database",
    "export",
    "holiday",
    "letter",
    "letters",
    "official",
    "reference",
    "referral",
    "request_type",
    "ring",
    "schedule",
    "session",
    "settings",
    "slot",
    "user",
    # actions (every audit.record(...) in the program as of migration 38)
    "agency.add",
    "agency.delete",
    "agency.rename",
    "agency.update",
    "article.create",
    "article.import",
    "audit.triggers_restored",
    "audit.verify",
    "case.callback",
    "case.contact",
    "case.edit",
    "case.guide",
    "case.official_note",
    "case.register",
    "case.status",
    "category.add",
    "category.delete",
    "category.rename",
    "category.update",
    "citizen.update",
    "cli.refused",
    "county.add",
    "county.delete",
    "county.rename",
    "county.update",
    "database.migrate",
    "holiday.add",
    "holiday.remove",
    "holiday.seed",
    "letter.cancel",
    "letter.issue",
    "official.create",
    "official.delete",
    "official.reactivate",
    "official.update",
    "reference.seed",
    "referral.correct",
    "referral.discard",
    "referral.draft",
    "referral.escalate",
    "referral.followup_discard",
    "referral.followup_draft",
    "referral.issue",
    "referral.reminder",
    "referral.reroute",
    "referral.response",
    "referral.withdraw",
    "request_type.add",
    "request_type.delete",
    "request_type.rename",
    "request_type.update",
    "ring.link",
    "ring.record",
    "schedule.close_past",
    "schedule.generate",
    "session.check_in",
    "session.check_out",
    "session.hold",
    "session.take_up_case",
    "settings.update",
    "slot.add",
    "slot.cancel",
    "slot.move",
    "slot.outcome",
    "slot.reassign",
    "slot.swap",
    "user.change_password",
    "user.create",
    "user.end_session",
    "user.login",
    "user.login_failed",
    "user.logout",
    "user.reset_password",
    "user.update",
)

CODE_OF: dict[str, int] = {word: number for number, word in enumerate(WORDS, start=1)}
WORD_OF: dict[int, str] = {number: word for word, number in CODE_OF.items()}


def stored_word(word):
    """What SQLite keeps for `word`: its number, or the value itself (None, a word not listed, a number)."""
    return CODE_OF.get(word, word) if isinstance(word, str) else word


def word(stored) -> str | None:
    """The word a stored value stands for: a number's word (an unknown number as its digits), text as it is."""
    if isinstance(stored, int) and not isinstance(stored, bool):
        return WORD_OF.get(stored, str(stored))
    return stored


def numbers_starting(prefix: str) -> list[int]:
    """The numbers of the listed words that begin with `prefix` («case.» → every case action's)."""
    return [number for word, number in CODE_OF.items() if word.startswith(prefix)]


def stored_entity_id(value):
    """What SQLite keeps for an entity id (text): the integer it spells when spelled plainly («75310»: 3 bytes
    for 5, and 4 for a million's 7), else the value as it is («007», «+5», «PC-07», None), so reading it back as
    text (str of the integer) always gives the same text (migration 38)."""
    if isinstance(value, str) and 0 < len(value) <= 18 and value.isascii() and value.isdigit():
        if value == "0" or value[0] != "0":
            return int(value)
    return value
