"""How a letter's frozen content (its JSON text, every field as printed) is stored: compressed.

`pack` is the one way any writer turns the text into the stored value (the Letter model's content field calls
it, and so does every raw INSERT or UPDATE of the column: the demo's); `unpack` gives the exact same text
back, so a reprint renders the same content and so the same PDF, byte for byte.

Stored forms, told apart by the first byte:
- format 1: the byte 0x01, then a zlib stream compressed against app.domain.letter_dictionary.DICTIONARY_V1.
- uncompressed: the JSON text itself (an object, so it begins with «{»), as every letter before migration 26
  was stored: as TEXT on SQLite, and on PostgreSQL as its UTF-8 bytes once the column became BYTEA.
Migration 26 converts the uncompressed rows; unpack still reads both, so a row missed or copied in from an
older database prints all the same.

FROZEN: format 1 is what existing letters are. A new compression is a new format byte, read beside this one.
"""

from __future__ import annotations

import zlib

from app.domain.letter_dictionary import DICTIONARY_V1

FORMAT_V1 = b"\x01"
# Measured on 4,814 demo letters (3.0 KB of JSON each on average): level 6 stores 329 bytes at about 80 µs
# a letter; level 9 saves under one byte for twice the time, level 3 stores 354 bytes.
LEVEL = 6


class LetterContentError(ValueError):
    """A stored content in none of the known forms (a damaged row): never printed as something else."""


def pack(text: str) -> bytes:
    """The stored value of a letter's content text (format 1)."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, DICTIONARY_V1)
    return FORMAT_V1 + packer.compress(text.encode("utf-8")) + packer.flush()


def unpack(value: bytes | bytearray | memoryview | str) -> str:
    """The content text of a stored value, in any of the forms above."""
    if isinstance(value, str):
        return value  # uncompressed, read from a TEXT column
    data = bytes(value)
    if data[:1] == FORMAT_V1:
        unpacker = zlib.decompressobj(15, DICTIONARY_V1)
        try:
            text = unpacker.decompress(data[1:]) + unpacker.flush()
        except zlib.error as exc:
            raise LetterContentError(f"damaged letter content: {exc}") from exc
        if not unpacker.eof:
            raise LetterContentError("damaged letter content: the compressed text is cut short")
        return text.decode("utf-8")
    if data[:1] == b"{":
        return data.decode("utf-8")  # uncompressed, its UTF-8 bytes (PostgreSQL BYTEA before conversion)
    raise LetterContentError(f"letter content in an unknown form (first byte {data[:1]!r})")


def is_packed(value) -> bool:
    return not isinstance(value, str) and bytes(value[:1]) == FORMAT_V1
