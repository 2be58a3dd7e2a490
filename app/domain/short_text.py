"""Short free text stored one byte a Persian letter, on SQLite (issue 17, migration 40).

A referral's instruction and its copy recipients (JSON), an agency's response and a contact's note are one to
three lines, mostly Persian: UTF-8 spends two bytes on every Persian letter, and deflate makes text that short
longer, not shorter (measured on a 100,000-case demo: an instruction of 107.6 bytes is 59.7 spelled with
app.domain.persian_bytes, 64.7 deflated on top). So the text is only respelled, behind one format byte.

`pack` is the one way a writer turns the text into the stored value (app.models.base.ShortTextField calls it on
SQLite, and so does the demo's raw INSERT); `unpack` gives the exact same text back. Stored forms, told apart
by the value's type:
- a str (a TEXT value): the text itself. `pack` keeps a text so when respelling would not make it shorter
  (empty, ASCII, mostly Latin: the copy recipients' «[]»); rows stored before migration 40, and PostgreSQL's
  TEXT columns, read the same way;
- bytes (a BLOB) beginning with FORMAT_V1 (0x03: letters' content is 1, audit details 2): the text spelled by
  app.domain.persian_bytes;
- any other bytes: the text's UTF-8 (a BLOB written behind the program's back); unpack refuses bytes that are
  not UTF-8 (`CompressedTextError`) rather than read something else.

FROZEN: format 3 is persian_bytes' alphabet as it is pinned. Another spelling is another format byte.
"""

from __future__ import annotations

from app.domain import persian_bytes
from app.domain.compressed_text import CompressedTextError

FORMAT_V1 = b"\x03"


def pack(text: str) -> str | bytes:
    """The stored value of `text` on SQLite: the shorter of the text itself and FORMAT_V1 + its respelling (the
    text itself on a tie)."""
    spelled = persian_bytes.encode(text)
    if len(spelled) + 1 < len(text.encode("utf-8")):
        return FORMAT_V1 + spelled
    return text


def unpack(value: str | bytes | bytearray | memoryview, name: str = "short text") -> str:
    """The text of a stored value, in any of the forms above."""
    if isinstance(value, str):
        return value
    data = bytes(value)
    if data[:1] == FORMAT_V1:
        try:
            return persian_bytes.decode(data[1:])
        except ValueError as exc:  # UnicodeDecodeError among them
            raise CompressedTextError(f"damaged {name}: {exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CompressedTextError(f"damaged {name}: {exc}") from exc
