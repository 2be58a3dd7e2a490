"""Persian text normalisation for stored text and search keys (see shared/PERSIAN.md)."""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_ASCII_DIGITS = "0123456789"

_TO_ASCII_DIGITS = str.maketrans(_PERSIAN_DIGITS + _ARABIC_DIGITS, _ASCII_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(_ASCII_DIGITS, _PERSIAN_DIGITS)

# Letters and invisible characters fixed in stored text.
_STORE_MAP: dict[int, str | None] = {
    ord("ي"): "ی",  # U+064A Arabic yeh
    ord("ى"): "ی",  # U+0649 alef maksura
    ord("ك"): "ک",  # U+0643 Arabic kaf
    0x0640: None,  # tatweel
    0x200B: None,  # zero width space
    0x200E: None,  # LRM
    0x200F: None,  # RLM
    0xFEFF: None,  # BOM / zero width no-break space
}
_STORE_MAP.update(
    {ord(k): v for k, v in zip(_PERSIAN_DIGITS + _ARABIC_DIGITS, _ASCII_DIGITS * 2, strict=True)}
)
_STORE_TABLE = str.maketrans(_STORE_MAP)

# Extra folding for search keys, applied after NFKD (so أ إ ؤ ئ ۀ arrive decomposed).
_SEARCH_MAP: dict[int, str | None] = dict(_STORE_MAP)
_SEARCH_MAP.update(
    {
        ord("ة"): "ه",  # teh marbuta
        0x06D5: "ه",  # ae (base of ۀ after decomposition)
        0x06C1: "ه",  # heh goal
        ord("ۀ"): "ه",
        ord("أ"): "ا",
        ord("إ"): "ا",
        ord("ؤ"): "و",
        ord("ئ"): "ی",
        ord(ZWNJ): " ",  # other format characters (Cf) are dropped in search_key
    }
)
# Harakat and hamza marks: U+064B..U+0652, U+0670, U+0654, U+0655.
_SEARCH_MAP.update({cp: None for cp in range(0x064B, 0x0653)})
_SEARCH_MAP.update({0x0670: None, 0x0654: None, 0x0655: None})
_SEARCH_TABLE = str.maketrans(_SEARCH_MAP)

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Horizontal white space: spaces, tabs and the Unicode space separators (not ZWNJ).
_HSPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
_ZWNJ_NEAR_SPACE = re.compile(ZWNJ + "(?= )|(?<= )" + ZWNJ)
_MANY_NEWLINES = re.compile(r"\n{3,}")
_ANY_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[\w\u200c\u200d\u0640\u064b-\u065f\u0670]+")

_BIDI_CONTROLS = frozenset((*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def to_ascii_digits(s: str) -> str:
    """Turn Persian (U+06F0..) and Arabic-Indic (U+0660..) digits into ASCII digits."""
    return s.translate(_TO_ASCII_DIGITS)


def to_persian_digits(s: str) -> str:
    """Turn ASCII digits into Persian digits; everything else is left as it is."""
    return s.translate(_TO_PERSIAN_DIGITS)


# A word typed in Latin letters with digits in it (SAMAD-42, ADSL2, v1.5): its digits stay as typed.
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-/]*[A-Za-z0-9]|[A-Za-z]")
_HAS_LATIN_LETTER = re.compile(r"[A-Za-z]")


def display_digits(s: str) -> str:
    """Digits as a reader of Persian text expects them: Persian digits, except inside a word typed with
    Latin letters (a product code «ADSL-27», a reference «SAMAD-42»), which is printed as typed."""
    out: list[str] = []
    end = 0
    for match in _LATIN_TOKEN.finditer(s):
        if _HAS_LATIN_LETTER.search(match.group()):
            out += [to_persian_digits(s[end : match.start()]), match.group()]
            end = match.end()
    out.append(to_persian_digits(s[end:]))
    return "".join(out)


FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def isolate(s: object) -> str:
    """A path, URL or Latin word to embed in a Persian sentence so it reads as typed: wrapped in FSI…PDI, it
    takes its direction from its own first letter and the sentence's right-to-left order cannot move its
    leading slash to the end («ذخیره شد: /home/…» shows /home/… as written). For display only: stored
    text never holds these marks (has_control_chars refuses them)."""
    return FSI + str(s) + PDI


def _clean_line(line: str) -> str:
    line = _HSPACE.sub(" ", line)
    line = _ZWNJ_RUN.sub(ZWNJ, line)
    line = _ZWNJ_NEAR_SPACE.sub("", line)
    line = _HSPACE.sub(" ", line)
    return line.strip(" " + ZWNJ)


def normalize_text(s: str) -> str:
    """Normalise text before it is stored: letters, digits, spaces, ZWNJ; newlines kept."""
    s = unicodedata.normalize("NFC", s.translate(_STORE_TABLE))
    s = _NEWLINES.sub("\n", s)
    s = "\n".join(_clean_line(line) for line in s.split("\n"))
    s = _MANY_NEWLINES.sub("\n\n", s)
    return s.strip("\n")


def normalize_line(s: str) -> str:
    """Like normalize_text, for one-line fields: every line break becomes a space."""
    return normalize_text(_NEWLINES.sub("\n", s).replace("\n", " "))


def _search_char(c: str) -> str:
    cat = unicodedata.category(c)
    if cat == "Cc":
        return " "
    return "" if cat == "Cf" else c


def search_key(s: str) -> str:
    """Fold text for searching; apply it to the indexed text and to the query alike."""
    s = normalize_line(s)
    s = unicodedata.normalize("NFKD", s).lower()
    s = s.translate(_SEARCH_TABLE)
    s = unicodedata.normalize("NFC", s).translate(_SEARCH_TABLE)
    s = "".join(_search_char(c) for c in s)
    return _ANY_SPACE.sub(" ", s).strip()


def has_control_chars(s: str, allow_newlines: bool = False) -> bool:
    """True if s holds C0/C1 control characters or bidi overrides/isolates.

    With allow_newlines, "\\n" and "\\t" are allowed (multi-line fields).
    """
    for c in s:
        cp = ord(c)
        if cp < 0x20 or 0x7F <= cp <= 0x9F:
            if allow_newlines and c in "\n\t":
                continue
            return True
        if cp in _BIDI_CONTROLS:
            return True
    return False


def _is_arabic_letter(c: str) -> bool:
    return c.isalpha() and unicodedata.name(c, "").startswith("ARABIC")


def _is_latin_letter(c: str) -> bool:
    return c.isalpha() and "LATIN" in unicodedata.name(c, "")


def is_mixed_script_word(word: str) -> bool:
    """True if word holds both Arabic-script letters and Latin letters, e.g. «سلامhello»."""
    return any(_is_arabic_letter(c) for c in word) and any(_is_latin_letter(c) for c in word)


def has_mixed_script(s: str) -> bool:
    """True if any single word of s mixes Arabic-script and Latin letters (garbled input)."""
    return any(is_mixed_script_word(m.group()) for m in _WORD.finditer(s))
