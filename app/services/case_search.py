"""Free text over cases (caller's name, subject, description): one function, two databases.

What the user typed is folded with app.domain.text.search_key (so «علي» finds «علی», Persian digits
find ASCII ones, ZWNJ counts as a space) and split into words; a case matches when every word starts
a word of its search key. Only letters and digits reach the query, so quotes, operators or symbols
typed by the user can never break it.

SQLite: the FTS5 table case_fts (migration 3), each word a quoted prefix query.
PostgreSQL: a regular expression per word, "(^| )word", served by the pg_trgm GIN index (search keys
hold words separated by single spaces, see key_words).
"""
from __future__ import annotations

import unicodedata

import peewee

from app.db import is_postgres
from app.domain.text import search_key
from app.models import Case

MAX_WORDS = 8
MAX_TEXT = 200


def _is_word_char(c: str) -> bool:
    # unicode61's token characters: letters, numbers and private-use characters.
    return unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Co"


def key_words(key: str) -> str:
    """A folded text with everything but letters and digits turned into single spaces: what a case's
    search key stores, so that on PostgreSQL "a word starts here" is simply "after a space"."""
    return " ".join("".join(c if _is_word_char(c) else " " for c in key).split())


def search_words(text: str) -> list[str]:
    """The words free text looks for (folded, de-duplicated, at most MAX_WORDS)."""
    if not isinstance(text, str):
        return []
    words = key_words(search_key(text[:MAX_TEXT])).split()
    return list(dict.fromkeys(words))[:MAX_WORDS]


def fts5_query(words: list[str]) -> str:
    """A MATCH expression: every word as a quoted prefix (the words hold letters and digits only)."""
    return " ".join(f'"{w}"*' for w in words)


def text_condition(text: str) -> peewee.Expression | None:
    """A condition on Case for free text, or None when the text holds no word to look for."""
    words = search_words(text)
    if not words:
        return None
    if is_postgres():
        # pg_trgm's GIN index serves the regular expressions; a word only holds letters and digits.
        condition = None
        for word in words:
            term = Case.search_key.regexp(f"(^| ){word}")
            condition = term if condition is None else condition & term
        return condition
    return Case.id.in_(peewee.SQL("(SELECT rowid FROM case_fts WHERE case_fts MATCH ?)", [fts5_query(words)]))


def count_matches(text: str) -> int | None:
    """How many cases the text alone matches, straight from the index (SQLite); None where the
    database has no such shortcut (PostgreSQL counts through the condition)."""
    words = search_words(text)
    if not words or is_postgres():
        return None
    return Case._meta.database.execute_sql("SELECT COUNT(*) FROM case_fts WHERE case_fts MATCH ?",
                                           (fts5_query(words),)).fetchone()[0]
