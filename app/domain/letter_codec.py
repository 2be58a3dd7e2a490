"""How a letter's frozen content (its JSON text, every field as printed) is stored: compressed.

`pack` is the one way any writer turns the text into the stored value (the Letter model's content field calls
it, and so does every raw INSERT or UPDATE of the column: the demo's); `unpack` gives the exact same text
back, so a reprint renders the same content and so the same PDF, byte for byte.

Stored forms (app.domain.compressed_text, the machinery shared with the audit trail's details):
- format 2 (what `pack` writes since issue 17's persian spelling): the byte 0x05, then a zlib stream of the
  text spelled by app.domain.persian_bytes, compressed against DICTIONARY_V1 spelled the same way.
- format 1: the byte 0x01, then a zlib stream compressed against app.domain.letter_dictionary.DICTIONARY_V1.
- uncompressed: the JSON text itself (an object, so it begins with «{»), as every letter before migration 26
  was stored: as TEXT on SQLite, and on PostgreSQL as its UTF-8 bytes once the column became BYTEA.
Migration 26 converts the uncompressed rows; unpack still reads both, so a row missed or copied in from an
older database prints all the same.

FROZEN: formats 1 and 2 are what existing letters are. A new compression is a new format byte, read beside this one.
"""

from __future__ import annotations

from app.domain import persian_bytes
from app.domain.compressed_text import CompressedTextError, TextCodec
from app.domain.letter_dictionary import DICTIONARY_V1

FORMAT_V1 = b"\x01"
FORMAT_V2 = b"\x05"
# Measured on 4,814 demo letters (3.0 KB of JSON each on average): level 6 stores 329 bytes at about 80 µs
# a letter; level 9 saves under one byte for twice the time, level 3 stores 354 bytes.
LEVEL = 6
LETTER_CONTENT_V1 = TextCodec("letter content", FORMAT_V1, DICTIONARY_V1, LEVEL)
# Format 2 (issue 17): the text and the same dictionary spelled one byte a Persian letter
# (app.domain.persian_bytes) before deflate: on 3,000 demo letters 315 bytes a letter instead of 354, and
# faster (69 µs against 87: less to deflate). Letters written in format 1 stay so and read as before.
LETTER_CONTENT = TextCodec(
    "letter content",
    FORMAT_V2,
    persian_bytes.encode(DICTIONARY_V1.decode("utf-8")),
    LEVEL,
    encode=persian_bytes.encode,
    decode=persian_bytes.decode,
    older=(LETTER_CONTENT_V1,),
)

LetterContentError = CompressedTextError  # a stored content in none of the known forms: never printed
pack = LETTER_CONTENT.pack  # the stored value of a letter's content text (format 2, byte 0x05)
unpack = LETTER_CONTENT.unpack  # the content text of a stored value, in any of the forms above
is_packed = LETTER_CONTENT.is_packed
