"""Text stored compressed: zlib against a preset dictionary, behind one format byte.

One `TextCodec` per kind of stored text, each with its own format byte and its own frozen dictionary: a
letter's frozen content (app.domain.letter_codec, format 5; format 1 still read) and an audit entry's details
(app.domain.audit_details, format 2). `pack` turns the text into the stored bytes; `unpack` gives the exact
same text back (byte for byte: a hash over it, a PDF rendered from it, stay the same).

Stored forms, told apart by the first byte:
- the codec's format byte, then a zlib stream compressed against the codec's dictionary, of the text spelled
  as bytes by the codec (UTF-8 for letters; one byte a Persian letter for audit details,
  app.domain.persian_bytes);
- uncompressed: the JSON text of an object (so it begins with «{»), as rows were stored before their
  column was compressed: a str from a TEXT column, or its UTF-8 bytes (PostgreSQL BYTEA after conversion).
A row in neither form is damaged: unpack refuses it (`CompressedTextError`) rather than read something else.

FROZEN: a codec's format byte and dictionary are what its stored rows are. A better dictionary is a new
format byte read beside the old one, never an edit.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass


class CompressedTextError(ValueError):
    """A stored value in none of the known forms (a damaged row): never read as something else."""


@dataclass(frozen=True)
class TextCodec:
    name: str  # what the text is, for error messages ("letter content", "audit details")
    format_byte: bytes  # one byte, distinct per codec (so a stored value says which dictionary it needs)
    dictionary: bytes
    level: int = 6
    window_bits: int = 15  # the compressor's; unpack reads a stream of any window up to 32 KB
    mem_level: int = 8
    # how the text is spelled as bytes before compression: UTF-8, or app.domain.persian_bytes
    encode: Callable[[str], bytes] = str.encode
    decode: Callable[[bytes], str] = bytes.decode
    # earlier formats of the same column, still read (their own format bytes): rows stay as they were written
    older: tuple[TextCodec, ...] = ()

    def pack(self, text: str) -> bytes:
        """The stored value of `text`."""
        packer = zlib.compressobj(
            self.level,
            zlib.DEFLATED,
            self.window_bits,
            self.mem_level,
            zlib.Z_DEFAULT_STRATEGY,
            self.dictionary,
        )
        return self.format_byte + packer.compress(self.encode(text)) + packer.flush()

    def unpack(self, value: bytes | bytearray | memoryview | str) -> str:
        """The text of a stored value, in any of the forms above."""
        if isinstance(value, str):
            return value  # uncompressed, read from a TEXT column
        data = bytes(value)
        if not data:
            return ""  # an empty text, stored behind the program's back, read as it was
        for older in self.older:
            if data[:1] == older.format_byte:
                return older.unpack(data)
        if data[:1] == self.format_byte:
            unpacker = zlib.decompressobj(15, self.dictionary)
            try:
                text = unpacker.decompress(data[1:]) + unpacker.flush()
            except zlib.error as exc:
                raise CompressedTextError(f"damaged {self.name}: {exc}") from exc
            if not unpacker.eof or unpacker.unused_data:
                raise CompressedTextError(f"damaged {self.name}: the compressed text is cut short or runs on")
            try:
                return self.decode(text)
            except ValueError as exc:  # UnicodeDecodeError among them
                raise CompressedTextError(f"damaged {self.name}: {exc}") from exc
        if data[:1] == b"{":
            try:
                return data.decode("utf-8")  # uncompressed, its UTF-8 bytes
            except UnicodeDecodeError as exc:
                raise CompressedTextError(f"damaged {self.name}: {exc}") from exc
        raise CompressedTextError(f"{self.name} in an unknown form (first byte {data[:1]!r})")

    def is_packed(self, value) -> bool:
        if value is None or isinstance(value, str):
            return False
        return bytes(value[:1]) in (self.format_byte, *(older.format_byte for older in self.older))
