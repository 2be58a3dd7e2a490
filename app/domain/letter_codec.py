"""How a letter's frozen content (its JSON text, every field as printed) is stored: compressed.

`pack` is the one way any writer turns the text into the stored value (the Letter model's content field calls
it, and so does every raw INSERT or UPDATE of the column: the demo's); `unpack` gives the exact same text
back, so a reprint renders the same content and so the same PDF, byte for byte.

Stored forms (app.domain.compressed_text, the machinery shared with the audit trail's details):
- format 1: the byte 0x01, then a zlib stream compressed against app.domain.letter_dictionary.DICTIONARY_V1.
- uncompressed: the JSON text itself (an object, so it begins with «{»), as every letter before migration 26
  was stored: as TEXT on SQLite, and on PostgreSQL as its UTF-8 bytes once the column became BYTEA.
Migration 26 converts the uncompressed rows; unpack still reads both, so a row missed or copied in from an
older database prints all the same.

FROZEN: format 1 is what existing letters are. A new compression is a new format byte, read beside this one.
"""

from __future__ import annotations

from app.domain.compressed_text import CompressedTextError, TextCodec
from app.domain.letter_dictionary import DICTIONARY_V1

FORMAT_V1 = b"\x01"
# Measured on 4,814 demo letters (3.0 KB of JSON each on average): level 6 stores 329 bytes at about 80 µs
# a letter; level 9 saves under one byte for twice the time, level 3 stores 354 bytes.
LEVEL = 6
LETTER_CONTENT = TextCodec("letter content", FORMAT_V1, DICTIONARY_V1, LEVEL)

LetterContentError = CompressedTextError  # a stored content in none of the known forms: never printed
pack = LETTER_CONTENT.pack  # the stored value of a letter's content text (format 1)
unpack = LETTER_CONTENT.unpack  # the content text of a stored value, in any of the forms above
is_packed = LETTER_CONTENT.is_packed
