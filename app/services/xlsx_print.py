"""Excel workbooks that open and print well on an office PC: every cell names Tahoma (a font with Persian
glyphs on every Windows PC; a cell naming no font shows boxes in LibreOffice), and each sheet prints
landscape, one page wide, with its header rows repeated on every page. Every exporter finishes its
workbook here, so the rule lives in one place."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Tahoma"


def _tahoma(font: Font) -> Font:
    return Font(
        name=FONT_NAME,
        size=font.size or 10,
        bold=font.bold,
        italic=font.italic,
        color=font.color,
        underline=font.underline,
    )


def prepare_sheet(sheet: Worksheet, header_rows: int) -> None:
    """Tahoma in every written cell; landscape, one page wide (as many pages tall as needed), rows
    1..header_rows repeated at the top of each printed page, centred, right to left."""
    for row in sheet.iter_rows():
        for cell in row:
            cell.font = _tahoma(cell.font)
    sheet.sheet_view.rightToLeft = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"


def workbook_bytes(book: Workbook, header_rows: int | dict[str, int]) -> bytes:
    """The workbook, every sheet prepared for print, as .xlsx bytes. `header_rows` is one count for every
    sheet or a count per sheet title."""
    for sheet in book.worksheets:
        rows = header_rows.get(sheet.title, 1) if isinstance(header_rows, dict) else header_rows
        prepare_sheet(sheet, rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
