"""Search tokens for full-text indexes: one rule for the indexed text and for the query.

The one Persian folding and tokenizing rule of the program: the knowledge base and the calls register
both index exactly the tokens made here and both turn what a user typed into a `Query` here, on both
databases (SQLite FTS5 sees the tokens as space-separated words; PostgreSQL gets them as a tsvector
literal for articles and as a space-separated key matched by regular expressions for cases), so a query
finds the same texts in either index on either database.

The rule (see docs/readme/issue7.md):
- A *run* is a stretch of letters, digits and combining marks; anything else separates runs.
- Each run is folded with `app.domain.text.search_key` (ي/ی, ك/ک, digits to ASCII, harakat and tatweel
  dropped, lower case) and then loses every remaining combining mark (آ→ا, é→e). What is left, split on
  anything that is not a letter or digit, gives the tokens.
- A half-space (ZWNJ) separates tokens, and the tokens it joins are ALSO indexed as one solid token:
  «می‌خواهم» is indexed as «می», «خواهم» and «میخواهم». A detached affix written with a plain space
  («می خواهم», «کتاب ها») is joined the same way. So «می‌خواهم», «می خواهم» and «میخواهم» all find
  each other: a compound in the query is searched as its solid form OR as the phrase of its parts.
- Words of the query must all be present (AND); a word of three or more letters also matches longer
  words it begins (prefix), numbers match exactly. Tokens joined by punctuation («۱۲۳۴۵/۱۰۰») form a
  phrase. Quotes, operators and symbols in what a user types are never syntax: they only separate words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app.domain.text import ZWNJ, search_key

MAX_TOKEN = 60  # longer tokens are cut (PostgreSQL refuses lexemes over 2 KB)
MAX_QUERY_CHARS = 400
MAX_TERMS = 16
MIN_PREFIX = 3

PREFIXES = frozenset({"می", "نمی"})
SUFFIXES = frozenset(
    {
        "ها",
        "های",
        "هایی",
        "هایم",
        "هایت",
        "هایش",
        "هایمان",
        "هایتان",
        "هایشان",
        "تر",
        "ترین",
        "ای",
        "اند",
        "ام",
        "ایم",
        "اید",
    }
)
STOPWORDS = frozenset(
    """و در به از که این آن را با است برای تا یا هم نیز اما اگر بر چه هر شود شده
    می نمی ها های ای یک دو بود باشد کرد کند کنید کنم کرده شد نه ما من شما او آنها ایشان خود دیگر
    همه چون پس بی بین روی زیر باید ولی لطفا سلام ممنون خیلی چند چرا کجا چطور آیا اینکه آنکه""".split()
)

_RUN = re.compile(
    r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200d\u200e\u200f\u2060"
    r"\ufeff\ue000-\uf8ff]+"
)
_SPACES = re.compile(r"[ \t\n\r\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def _is_token_char(c: str) -> bool:
    cat = unicodedata.category(c)
    return cat[0] in "LN" or cat == "Co"


@lru_cache(maxsize=100_000)
def fold_run(run: str) -> tuple[str, ...]:
    """The tokens of one run of word characters (usually exactly one)."""
    s = unicodedata.normalize("NFKD", search_key(run))
    out, current = [], []
    for c in s:
        if _is_token_char(c):
            current.append(c)
        elif unicodedata.category(c)[0] != "M" and current:
            out.append("".join(current)[:MAX_TOKEN])
            current = []
    if current:
        out.append("".join(current)[:MAX_TOKEN])
    return tuple(out)


@dataclass(frozen=True)
class Word:
    """One run of the original text: where it is, its tokens, and how it is joined to the one before."""

    start: int
    end: int
    tokens: tuple[str, ...]
    glue: str  # "" (separate word), "zwnj", "affix" (detached affix) or "punct" (same chunk, punctuation)


def words(text: str) -> list[Word]:
    """The runs of text with their tokens; `glue` tells how each run is joined to the previous one."""
    result: list[Word] = []
    last_end = 0
    previous: tuple[str, ...] = ()
    for m in _RUN.finditer(text):
        tokens = fold_run(m.group())
        if not tokens:
            continue
        glue = ""
        if result:
            sep = text[last_end : m.start()]
            if sep and not sep.strip(ZWNJ):
                glue = "zwnj"
            elif sep.isspace():
                if previous[-1] in PREFIXES or tokens[0] in SUFFIXES:
                    glue = "affix"
            elif sep and not any(c.isspace() for c in sep):
                glue = "punct"
        result.append(Word(m.start(), m.end(), tokens, glue))
        last_end, previous = m.end(), tokens
    return result


def _chains(ws: list[Word]) -> list[tuple[int, int]]:
    """Index ranges [i, j) of runs glued by half-spaces or detached affixes (two runs or more)."""
    chains, start = [], 0
    for i in range(1, len(ws) + 1):
        if i == len(ws) or ws[i].glue not in ("zwnj", "affix"):
            if i - start > 1:
                chains.append((start, i))
            start = i
    return chains


def _joined(ws: list[Word], i: int, j: int) -> str:
    return "".join(t for w in ws[i:j] for t in w.tokens)[:MAX_TOKEN]


def document_tokens(text: str) -> list[str]:
    """The tokens to index for text: every token in order, then the solid forms of its compounds."""
    ws = words(text)
    tokens = [t for w in ws for t in w.tokens]
    tokens.extend(_joined(ws, i, j) for i, j in _chains(ws))
    return tokens


def document(text: str) -> str:
    """document_tokens as one space-separated string (what FTS5 indexes and titles are compared by)."""
    return " ".join(document_tokens(text))


# --- queries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    tokens: tuple[str, ...]
    prefix: bool  # the last token also matches longer words it begins


@dataclass(frozen=True)
class Term:
    """One word of the query: any of its alternatives may match (a compound: solid form or phrase)."""

    alternatives: tuple[Phrase, ...]


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    text: str  # the folded query, for comparing with a title's document

    @property
    def empty(self) -> bool:
        return not self.terms

    def highlight_tokens(self) -> tuple[tuple[str, bool], ...]:
        """(token, prefix) pairs to mark in text; prefix only on the last token of a phrase."""
        seen: dict[str, bool] = {}
        for term in self.terms:
            for phrase in term.alternatives:
                for k, token in enumerate(phrase.tokens):
                    prefix = phrase.prefix and k == len(phrase.tokens) - 1
                    seen[token] = seen.get(token, False) or prefix
        return tuple(seen.items())


def _prefixable(token: str) -> bool:
    return len(token) >= MIN_PREFIX and not token.isdigit()


def _term(group: list[Word]) -> Term:
    plain = tuple(t for w in group for t in w.tokens)
    alternatives = [Phrase(plain, _prefixable(plain[-1]))]
    if any(w.glue in ("zwnj", "affix") for w in group[1:]):
        parts: list[str] = []
        start = 0
        for i in range(1, len(group) + 1):
            if i == len(group) or group[i].glue not in ("zwnj", "affix"):
                if i - start > 1:
                    parts.append(_joined(group, start, i))
                else:
                    parts.extend(group[start].tokens)
                start = i
        solid = Phrase(tuple(parts), _prefixable(parts[-1]))
        if solid != alternatives[0]:
            alternatives.insert(0, solid)
    return Term(tuple(alternatives))


def parse_query(
    text: str,
    *,
    any_word: bool = False,
    drop_stopwords: bool = False,
    max_terms: int = MAX_TERMS,
    prefix: bool = True,
) -> Query:
    """What a person typed, as terms. Never fails: symbols and quotes only separate words.

    With any_word (suggestions from a description) every token is its own term, stopwords can be
    dropped, and the caller ORs the terms; prefix=False makes every word match whole words only.
    """
    ws = words((text or "")[:MAX_QUERY_CHARS])
    terms: list[Term] = []
    seen: set[Term] = set()
    if any_word:
        candidates = []
        for i, j in _chains(ws):
            candidates.append(_joined(ws, i, j))
        candidates = [t for w in ws for t in w.tokens] + candidates
        for token in candidates:
            if drop_stopwords and (token in STOPWORDS or len(token) < 2):
                continue
            term = Term((Phrase((token,), prefix and _prefixable(token)),))
            if term not in seen:
                seen.add(term)
                terms.append(term)
    else:
        group: list[Word] = []
        for w in ws + [None]:
            if w is None or (group and not w.glue):
                if group:
                    term = _term(group)
                    if term not in seen:
                        seen.add(term)
                        terms.append(term)
                group = []
            if w is not None:
                group.append(w)
    return Query(tuple(terms[:max_terms]), document(text or ""))


# --- highlighting --------------------------------------------------------------------------------


def _matcher(query: Query):
    wanted = query.highlight_tokens()
    exact = frozenset(w for w, _ in wanted)
    prefixes = tuple(w for w, prefix in wanted if prefix)
    return lambda token: token in exact or (bool(prefixes) and token.startswith(prefixes))


def highlight_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Character ranges of text that match the query's words (merged, in order)."""
    if query.empty or not text:
        return []
    matches = _matcher(query)
    ws = words(text)
    spans = [(w.start, w.end) for w in ws if any(matches(t) for t in w.tokens)]
    for i, j in _chains(ws):
        if matches(_joined(ws, i, j)):
            spans.append((ws[i].start, ws[j - 1].end))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class Snippet:
    """Plain text (never markup) and the ranges in it to show bold."""

    text: str
    spans: tuple[tuple[int, int], ...]


ELLIPSIS = "…"


def make_snippet(text: str, query: Query, width: int = 180) -> Snippet:
    """The part of text around the most matches, on one line, with its matched ranges."""
    flat = _SPACES.sub(lambda m: " " * len(m.group()), text or "")  # same length, one line
    spans = highlight_spans(flat, query)
    if not spans:
        start, end = 0, min(len(flat), width)
    else:
        best, best_count = spans[0][0], 0
        for s, _ in spans[:200]:
            count = sum(1 for a, b in spans if s <= a and b <= s + width)
            if count > best_count:
                best, best_count = s, count
        start = max(0, best - width // 4)
        end = min(len(flat), start + width)
        start = max(0, min(start, end - width))
    if start > 0:
        cut = flat.find(" ", start, start + 20)
        start = cut + 1 if cut >= 0 else start
    if end < len(flat):
        cut = flat.rfind(" ", end - 20, end)
        end = cut if cut > start else end
    body = flat[start:end]
    lead = len(body) - len(body.lstrip(" "))
    body = body.strip(" ")
    shift = -start - lead
    out = [(a + shift, b + shift) for a, b in spans if a >= start + lead and b <= start + lead + len(body)]
    squeezed, mapped = _squeeze(body, out)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(flat) else ""
    n = len(prefix)
    return Snippet(prefix + squeezed + suffix, tuple((a + n, b + n) for a, b in mapped))


def _squeeze(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Collapse runs of spaces to one, moving the spans with the text."""
    keep = [i for i, c in enumerate(text) if not (c == " " and i > 0 and text[i - 1] == " ")]
    index = {old: new for new, old in enumerate(keep)}
    squeezed = "".join(text[i] for i in keep)

    def at(i: int) -> int:
        while i not in index and i < len(text):
            i += 1
        return index.get(i, len(squeezed))

    return squeezed, [(at(a), at(b - 1) + 1) for a, b in spans]


def combine(*queries: Query, max_terms: int = MAX_TERMS) -> Query:
    """The terms of several queries (first ones first, without repeats), e.g. a subject and a description."""
    terms: list[Term] = []
    seen: set[str] = set()
    for query in queries:
        for term in query.terms:
            key = " ".join(" ".join(p.tokens) for p in term.alternatives)
            if key not in seen:
                seen.add(key)
                terms.append(term)
    return Query(tuple(terms[:max_terms]), " ".join(q.text for q in queries if q.text))


# --- what the indexes store and match (both databases, both indexes) ------------------------------


def case_key(*texts: str) -> str:
    """A case's search key (caller's name, subject, description): each text's document, space-separated.
    The key holds letters and digits separated by single spaces, so "a token starts here" is "after a
    space" (PostgreSQL) and FTS5's unicode61 tokenizer reads back exactly these tokens (SQLite)."""
    return " ".join(d for d in map(document, texts) if d)


CASE_KEY_SQL = (
    "samad_case_search_key"  # the SQL function of case_columns_key on every SQLite connection (app.db)
)


@lru_cache(maxsize=16_384)
def _document_cached(text: str) -> str:
    return document(text)


def case_columns_key(caller_name: str | None, subject: str | None, description: str | None) -> str:
    """case_key of a case's columns, as SQLite's samad_case_search_key computes it for the full-text index
    (migration 37: the key is no longer stored in the row). Each text's document is cached, since names and
    subjects repeat. tests/app/test_case_fts.py pins its output: SQLite's contentless index can only delete the
    key it was given, so a change here needs a migration that rebuilds case_fts."""
    return " ".join(d for d in (_document_cached(t) for t in (caller_name, subject, description) if t) if d)


def _fts5_phrase(p: Phrase, positions: bool = True) -> str:
    if positions or len(p.tokens) == 1:
        return '"' + " ".join(p.tokens) + '"' + ("*" if p.prefix else "")
    last = len(p.tokens) - 1
    return (
        "("
        + " AND ".join(f'"{t}"' + ("*" if p.prefix and i == last else "") for i, t in enumerate(p.tokens))
        + ")"
    )


def has_phrase(query: Query) -> bool:
    """Whether a term may match as several words together (a compound typed either way: «کتاب ها»)."""
    return any(len(p.tokens) > 1 for term in query.terms for p in term.alternatives)


def fts5_match(query: Query, op: str = " AND ", column: str | None = None, *, positions: bool = True) -> str:
    """An FTS5 MATCH expression for the query (tokens hold letters and digits only: no escaping needed).
    `op` joins the terms (" OR " for suggestions); `column` limits it to one column. Without `positions` (an
    index that keeps none: case_fts, migration 41) a phrase asks only that its words are all there, anywhere:
    `token_patterns` then says whether together."""
    parts = []
    for term in query.terms:
        alts = [_fts5_phrase(p, positions) for p in term.alternatives]
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    expr = op.join(parts)
    return "{" + column + "} : (" + expr + ")" if column else expr


def token_patterns(query: Query) -> list[str]:
    """One regular expression per term, true when a space-separated token string (a case's search key,
    an article's folded title) holds it: the PostgreSQL side of fts5_match. Every pattern must match."""
    patterns = []
    for term in query.terms:
        alternatives = [
            "(^| )" + " ".join(p.tokens) + ("" if p.prefix else "( |$)") for p in term.alternatives
        ]
        patterns.append("|".join(f"({a})" for a in alternatives))
    return patterns


def term_tsquery(term: Term) -> tuple[str, bool]:
    """A term as a PostgreSQL tsquery over a token string's tokens taken as lexemes (no positions), and whether
    it is exact: a one-token alternative is («tok» is a token, «tok:*» a token begins with it, as its
    token_patterns expression says); a phrase asks only that its tokens are there, in any order, so the term's
    expression must still decide."""
    alternatives, exact = [], True
    for p in term.alternatives:
        last = len(p.tokens) - 1
        lexemes = [
            f"'{pg_quote(t)}'" + (":*" if p.prefix and i == last else "") for i, t in enumerate(p.tokens)
        ]
        alternatives.append("(" + " & ".join(lexemes) + ")")
        exact = exact and len(p.tokens) == 1
    return "(" + " | ".join(alternatives) + ")", exact


# --- the knowledge base's index rows ---------------------------------------------------------------

POSITION_MAX, POSITIONS_PER_TOKEN = 16383, 250  # PostgreSQL's limits for a tsvector


def pg_quote(token: str) -> str:
    """A token inside a tsvector or tsquery literal."""
    return token.replace("\\", "\\\\").replace("'", "''")


def tsvector_literal(*weighted: tuple[str, list[str]]) -> str:
    """A PostgreSQL tsvector literal of (weight, tokens) fields, in order, with a gap between fields so a
    phrase never runs from one field into the next."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, tokens in weighted:
        for token in tokens:
            pos += 1
            listed = positions.setdefault(token, [])
            if len(listed) < POSITIONS_PER_TOKEN and pos <= POSITION_MAX:
                listed.append(f"{pos}{weight}")
        pos += 5
    return " ".join(f"'{pg_quote(t)}'" + (":" + ",".join(p) if p else "") for t, p in positions.items())


def article_meta(number: str, issuer: str, agency_name: str) -> str:
    """The searchable details of an article besides title and body: circular number, issuer, agency."""
    return "\n".join((number or "", issuer or "", agency_name or ""))


@dataclass(frozen=True)
class ArticleIndexRow:
    """What the knowledge base's index holds for one article (FTS5 columns, or a title and a tsvector)."""

    title_doc: str
    body_doc: str
    meta_doc: str
    vector: str  # title at weight A, meta at C, body at B

    @property
    def search_key(self) -> str:
        return f"{self.title_doc}\n{self.meta_doc}"


def article_index_row(title: str, body: str, meta: str = "") -> ArticleIndexRow:
    title_tokens, body_tokens, meta_tokens = (
        document_tokens(title),
        document_tokens(body),
        document_tokens(meta),
    )
    return ArticleIndexRow(
        " ".join(title_tokens),
        " ".join(body_tokens),
        " ".join(meta_tokens),
        tsvector_literal(("A", title_tokens), ("C", meta_tokens), ("B", body_tokens)),
    )
