"""Persian text one byte a letter: a reversible spelling of any text as bytes, for compression.

UTF-8 spends two bytes on every Persian letter, and deflate cannot shorten text that short (an audit entry's
details, ~150 bytes) by building its own codes: so the text is spelled first with one byte for each of the
127 characters of ALPHABET (Persian and Arabic letters, marks and digits, the zero-width non-joiner, «»...),
ASCII as it is, and any other character as the byte 0xFF then its UTF-8 bytes (which never contain 0xFF).
`decode(encode(text)) == text` for every text (a lone surrogate, which UTF-8 cannot spell, is refused).

FROZEN: stored values (app.domain.audit_details, format 2) are spelled with this exact ALPHABET in this order
(tests pin its SHA-256). Another alphabet is another format.
"""

from __future__ import annotations

import codecs

ESCAPE = 0xFF
_RANGES = (
    (0x0621, 0x063A),  # hamza .. ghain
    (0x0640, 0x0655),  # tatweel, feh .. yeh, the short vowels and marks
    (0x06F0, 0x06F9),  # Persian digits
    (0x0660, 0x0669),  # Arabic-Indic digits
)
_SINGLE = (
    0x0670,
    0x067E,
    0x0686,
    0x0698,
    0x06A9,
    0x06AF,
    0x06CC,
    0x06C0,
    0x06BE,
    0x06C1,
    0x06C3,
    0x06D5,  # پ چ ژ ک گ ی ۀ
    0x066A,
    0x066B,
    0x066C,
    0x060C,
    0x061B,
    0x061F,  # ٪ ٫ ٬ ، ؛ ؟
    0x00AB,
    0x00BB,
    0x00A0,
    0x200C,
    0x200D,
    0x200E,
    0x200F,
    0x2013,
    0x2014,
    0x2026,  # « » nbsp zwnj zwj lrm rlm – — …
)
ALPHABET = "".join(chr(c) for lo, hi in _RANGES for c in range(lo, hi + 1)) + "".join(map(chr, _SINGLE))
assert len(ALPHABET) == len(set(ALPHABET)) <= 127
# byte -> character: ASCII as it is, 0x80 + i the alphabet's i-th character; the rest (0xFF, the escape,
# and any slot the alphabet leaves) spells nothing ("\ufffe" is charmap's "undefined")
_DECODING = "".join(chr(b) for b in range(0x80)) + ALPHABET + "\ufffe" * (0x80 - len(ALPHABET))
_ENCODING = codecs.charmap_build(_DECODING)
_ERRORS = "samad-persian-escape"


def _escape(exc: UnicodeEncodeError):
    chunk = exc.object[exc.start : exc.end]
    return b"".join(bytes([ESCAPE]) + ch.encode("utf-8") for ch in chunk), exc.end


codecs.register_error(_ERRORS, _escape)


def encode(text: str) -> bytes:
    return codecs.charmap_encode(text, _ERRORS, _ENCODING)[0]


def _utf8_length(lead: int) -> int:
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def decode(data: bytes) -> str:
    """The text `encode` spelled; ValueError (UnicodeDecodeError, or an escape cut short) for other bytes."""
    parts = data.split(bytes([ESCAPE]))
    out = [codecs.charmap_decode(parts[0], "strict", _DECODING)[0]]
    for part in parts[1:]:
        if not part:
            raise ValueError("an escape with no character after it")
        n = _utf8_length(part[0])
        out.append(part[:n].decode("utf-8"))
        out.append(codecs.charmap_decode(part[n:], "strict", _DECODING)[0])
    return "".join(out)
