"""Bringing circulars in from files: plain text (.txt), Word (.docx) and lists (.csv, .xlsx).

`preview_import` reads and checks a file without saving anything; `import_file` saves the good rows and
reports, row by row, what was imported and what was refused and why. A file in an unknown encoding or
format is refused as a whole with one clear sentence.

A text or Word file holds one circular, or several separated by a line of dashes (-----). Its first lines
may name the fields («شماره: ۱۲۳۴۵/۱۰۰», «تاریخ: ۱۴۰۳/۰۵/۱۲», «صادرکننده: ...», «موضوع: ...»); otherwise
the first line is the title and the rest the text. A list has a header row with the columns number, date
(Jalali), issuer, title, body (or شماره، تاریخ، صادرکننده، عنوان، متن) and optionally kind (نوع).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from app.db import database
from app.domain.text import isolate, normalize_line, search_key, to_persian_digits
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.errors import ValidationError
from app.services.knowledge.knowledge import (
    KIND_LABELS,
    _need_user,
    insert_validated,
    number_key,
    validate_article,
)

MAX_BYTES = 20 * 1024 * 1024
FIELD_LABELS = {
    "kind": "نوع",
    "title": "عنوان",
    "body": "متن",
    "number": "شماره",
    "issued_on": "تاریخ",
    "issuer": "صادرکننده",
    "agency_id": "دستگاه",
    "superseded_by_id": "بخشنامه جایگزین",
    "file": "پرونده",
}
_COLUMNS = {
    "number": ("number", "no", "شماره", "شماره بخشنامه"),
    "issued_on": ("date", "issued_on", "تاریخ", "تاریخ صدور", "تاریخ بخشنامه"),
    "issuer": ("issuer", "صادرکننده", "صادر کننده", "مرجع صدور", "مرجع صادرکننده", "مرجع"),
    "title": ("title", "عنوان", "موضوع"),
    "body": ("body", "text", "متن", "شرح", "متن بخشنامه"),
    "kind": ("kind", "نوع"),
}
_HEADER_KEYS = {
    "پیوست": "",
    "شماره": "number",
    "شماره بخشنامه": "number",
    "تاریخ": "issued_on",
    "صادرکننده": "issuer",
    "صادر کننده": "issuer",
    "مرجع صدور": "issuer",
    "از": "issuer",
    "عنوان": "title",
    "موضوع": "title",
}
_HEADER = re.compile(r"^\s*(" + "|".join(sorted(_HEADER_KEYS, key=len, reverse=True)) + r")\s*[:：]\s*(.*)$")
_INVOCATIONS = frozenset(
    search_key(x)
    for x in (
        "بسمه تعالی",
        "باسمه تعالی",
        "بسم الله الرحمن الرحیم",
        "بسمه‌تعالی",
        "به نام خدا",
        "به نام خداوند جان و خرد",
    )
)
_SEPARATOR = re.compile(r"^\s*(-{3,}|={3,}|\*{3,}|_{3,})\s*$")
_KIND_NAMES = {
    "circular": "circular",
    "mission": "mission",
    "answer": "answer",
    **{search_key(v): k for k, v in KIND_LABELS.items()},
    "شرح وظایف": "mission",
    "پاسخ": "answer",
}


@dataclass
class ImportRow:
    line: int  # where it starts in the file (list row number, or text line)
    data: dict
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def title(self) -> str:
        return normalize_line(str(self.data.get("title") or ""))

    def reasons(self) -> str:
        return " ".join(self.errors.values())


@dataclass
class ImportPreview:
    file_name: str
    file_format: str  # txt, docx, csv, xlsx
    encoding: str  # for txt and csv
    rows: list[ImportRow]

    @property
    def good(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.ok]


@dataclass(frozen=True)
class ImportOutcome:
    line: int
    title: str
    article_id: int | None
    reasons: str  # empty when imported


@dataclass
class ImportReport:
    file_name: str
    dry_run: bool
    imported: list[ImportOutcome]
    refused: list[ImportOutcome]


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


# --- reading ---------------------------------------------------------------------------------------


def _looks_like_text(text: str) -> bool:
    bad = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return bad <= max(2, len(text) // 1000)


def _plausible_cp1256(text: str) -> bool:
    """Windows-1256 decodes any bytes; accept it only when the non-ASCII letters are Arabic-script."""
    other = [c for c in text if ord(c) > 127]
    if not other:
        return True
    arabic = sum(1 for c in other if "\u0600" <= c <= "\u06ff" or c in "«»\u200c\u200f\u200e–—…’‘“”")
    return arabic >= 0.85 * len(other)


def _plausible_utf16(text: str) -> bool:
    """UTF-16 without a byte-order mark: most characters must be ASCII or Arabic-script."""
    sample = text[:4000]
    usual = sum(1 for c in sample if c.isascii() or "\u0600" <= c <= "\u06ff" or c in "«»\u200c")
    return bool(sample) and usual >= 0.9 * len(sample)


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding found: UTF-8 (with or without BOM), UTF-16, or Windows-1256."""
    if data.startswith(b"\xef\xbb\xbf"):
        attempts = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        attempts = ["utf-16"]
    elif b"\x00" in data[:4000]:
        attempts = ["utf-16-le", "utf-16-be"]
    else:
        attempts = ["utf-8", "cp1256"]
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_like_text(text):
            continue
        if (encoding != "cp1256" or _plausible_cp1256(text)) and (
            encoding not in ("utf-16-le", "utf-16-be") or _plausible_utf16(text)
        ):
            return text.lstrip("\ufeff"), encoding
    if b"\x00" in data[:4000] or not _looks_like_text(data[:4000].decode("latin-1")):
        raise _refuse("این پرونده متنی نیست (شاید پرونده‌ای دودویی یا آسیب‌دیده باشد).")
    raise _refuse(
        "کدگذاری نویسه‌های این پرونده شناخته نشد؛ UTF-8، UTF-16 و Windows-1256 پذیرفته است. "
        "پرونده را با کدگذاری UTF-8 ذخیره کنید."
    )


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    blocks, current, start = [], [], 1
    for number, line in enumerate(lines, 1):
        if _SEPARATOR.match(line) or line.strip() == "\f":
            if any(x.strip() for x in current):
                blocks.append((start, current))
            current, start = [], number + 1
        else:
            current.append(line.replace("\f", ""))
    if any(x.strip() for x in current):
        blocks.append((start, current))
    return blocks


def parse_circular_text(lines: list[str], first_line: int = 1) -> list[ImportRow]:
    """Circulars from the lines of a text or Word file (see the module's docstring)."""
    rows = []
    for start, block in _blocks(lines):
        data = {"kind": "circular"}
        body: list[str] = []
        header_done = False
        for i, line in enumerate(block):
            if not header_done:
                if not line.strip() or search_key(line) in _INVOCATIONS:
                    continue
                m = _HEADER.match(normalize_line(line))
                if m and i < 12:
                    key = _HEADER_KEYS[m.group(1)]
                    if key:
                        data.setdefault(key, m.group(2).strip())
                    continue
                header_done = True
                if "title" not in data:
                    data["title"] = line.strip()
                    continue
            body.append(line)
        data["body"] = "\n".join(body).strip()
        rows.append(ImportRow(first_line + start - 1, data))
    return rows


def _read_docx(path: Path) -> list[str]:
    try:
        import docx
        from docx.oxml.ns import qn

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a damaged or foreign file
        raise _refuse("این پرونده Word (docx) درست نیست یا آسیب دیده است.") from exc
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in element.iter(qn("w:t"))))
        elif element.tag == qn("w:tbl"):
            for cell in element.iter(qn("w:tc")):
                for p in cell.iter(qn("w:p")):
                    text = "".join(t.text or "" for t in p.iter(qn("w:t")))
                    if text.strip():
                        lines.append(text)
    return lines


def _column_map(header: list) -> dict[str, int]:
    names = {search_key(str(v or "")).replace("_", " "): i for i, v in enumerate(header)}
    found = {}
    for key, aliases in _COLUMNS.items():
        for alias in aliases:
            k = search_key(alias).replace("_", " ")
            if k in names:
                found[key] = names[k]
                break
    missing = [k for k in ("title", "body") if k not in found]
    if missing:
        labels = "، ".join(f"{FIELD_LABELS[k]} ({k})" for k in missing)
        raise _refuse(
            f"ستون‌های {labels} در سطر نخست پرونده نیست؛ سطر نخست باید نام ستون‌ها را داشته باشد: "
            "number, date, issuer, title, body."
        )
    return found


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, dt.date) else str(value)


def _list_rows(table: list[list]) -> list[ImportRow]:
    start = next((i for i, row in enumerate(table) if any(str(v or "").strip() for v in row)), None)
    if start is None:
        raise _refuse("پرونده خالی است.")
    columns = _column_map(table[start])
    rows = []
    for index, values in enumerate(table[start + 1 :], start + 2):
        if not any(str(v or "").strip() for v in values):
            continue
        data = {key: _cell(values[i]) if i < len(values) else "" for key, i in columns.items()}
        kind = search_key(str(data.get("kind") or "")) or "circular"
        data["kind"] = _KIND_NAMES.get(kind, kind)
        rows.append(ImportRow(index, data))
    return rows


def _read_csv(data: bytes) -> tuple[list[list], str]:
    text, encoding = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:5000], delimiters=",;\t،")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect)), encoding
    except csv.Error as exc:
        raise _refuse(f"پرونده CSV درست خوانده نشد: {exc}") from exc


def _read_xlsx(path: Path) -> list[list]:
    try:
        import openpyxl

        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # zip, xml and openpyxl errors alike
        raise _refuse("این پرونده Excel (xlsx) درست نیست یا آسیب دیده است.") from exc
    try:
        sheet = book.active or book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def read_rows(path: str | Path) -> ImportPreview:
    """Parse a file into rows (not yet checked against the database)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".doc", ".xls"):
        newer = "docx" if suffix == ".doc" else "xlsx"
        raise _refuse(f"قالب قدیمی {suffix[1:]} پذیرفته نیست؛ پرونده را با قالب {newer} ذخیره کنید.")
    if suffix not in (".txt", ".docx", ".csv", ".xlsx"):
        raise _refuse("قالب پرونده شناخته نیست؛ پرونده متنی (txt)، Word (docx)، CSV یا Excel (xlsx) بدهید.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _refuse(f"پرونده «{isolate(path.name)}» خوانده نشد.") from exc
    if size > MAX_BYTES:
        raise _refuse("پرونده بزرگ‌تر از ۲۰ مگابایت است.")
    if suffix == ".docx":
        return ImportPreview(path.name, "docx", "", parse_circular_text(_read_docx(path)))
    if suffix == ".xlsx":
        return ImportPreview(path.name, "xlsx", "", _list_rows(_read_xlsx(path)))
    data = path.read_bytes()
    if not data.strip():
        raise _refuse("پرونده خالی است.")
    if suffix == ".csv":
        table, encoding = _read_csv(data)
        return ImportPreview(path.name, "csv", encoding, _list_rows(table))
    text, encoding = decode_text(data)
    return ImportPreview(path.name, "txt", encoding, parse_circular_text(text.splitlines()))


# --- checking and saving ---------------------------------------------------------------------------


def _check(preview: ImportPreview, issuer: str) -> ImportPreview:
    seen: dict[tuple[str, str], int] = {}
    for row in preview.rows:
        if issuer and not str(row.data.get("issuer") or "").strip():
            row.data["issuer"] = issuer
        try:
            clean = validate_article(row.data)
        except ValidationError as exc:
            row.errors = dict(exc.errors)
            continue
        if clean["kind"] == "circular":
            key = (number_key(clean["number"]), search_key(clean["issuer"]))
            if key in seen:
                row.errors = {
                    "number": f"شماره {to_persian_digits(clean['number'])} در سطر "
                    f"{to_persian_digits(str(seen[key]))} همین پرونده هم آمده است."
                }
                continue
            seen[key] = row.line
        row.data["_clean"] = clean
    return preview


def preview_import(path: str | Path, *, issuer: str = "") -> ImportPreview:
    """Read and check every row of a file; nothing is saved. `issuer` fills rows that name none."""
    return _check(read_rows(path), normalize_line(issuer or ""))


def import_file(actor: Actor, path: str | Path, *, issuer: str = "", dry_run: bool = False) -> ImportReport:
    """Import the good rows of a file (all in one transaction) and report every row."""
    require(actor, "manage_knowledge")
    _need_user(actor)
    preview = preview_import(path, issuer=issuer)
    imported, refused = [], []
    for row in preview.bad:
        refused.append(ImportOutcome(row.line, row.title, None, row.reasons()))
    if dry_run:
        imported = [ImportOutcome(r.line, r.title, None, "") for r in preview.good]
        return ImportReport(preview.file_name, True, imported, refused)
    with database.atomic():
        for row in preview.good:
            article = insert_validated(actor, row.data["_clean"])
            imported.append(ImportOutcome(row.line, article.title, article.id, ""))
        audit.record(
            actor,
            "article.import",
            "article",
            None,
            file=preview.file_name,
            format=preview.file_format,
            imported=len(imported),
            refused=len(refused),
        )
    refused.sort(key=lambda o: o.line)
    return ImportReport(preview.file_name, False, imported, refused)
