"""Every Excel export opens and prints well on an office PC: Tahoma in every written cell, landscape,
one page wide, header rows repeated, and the «تهیه‌شده در» line in Persian digits."""

import io
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from app.domain.jalali import from_jalali
from app.domain.period import jalali_month
from app.services.followup import accountability, accountability_export
from app.services.reporting import calls, exports
from app.services.schedule import attendance, attendance_export, schedule_export
from tests import pdf_text

AZAR = (from_jalali(1405, 9, 1), from_jalali(1405, 9, 30))


def workbooks(actor) -> dict[str, tuple[bytes, int]]:
    """Each exporter's workbook and how many header rows it repeats."""
    return {
        "report": (exports.render(calls.by_county(jalali_month(1405, 9)), "xlsx"), 4),
        "accountability": (
            accountability_export.accountability_xlsx(accountability.accountability_report(actor, *AZAR)),
            3,
        ),
        "attendance": (attendance_export.attendance_xlsx(attendance.attendance_report(actor, *AZAR)), 1),
        "schedule": (schedule_export.schedule_xlsx(*AZAR), 1),
    }


@pytest.mark.parametrize("name", ["report", "accountability", "attendance", "schedule"])
def test_every_export_names_tahoma_and_prints_one_page_wide(db, supervisor, name):
    data, header_rows = workbooks(supervisor)[name]
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        fonts = {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value is not None}
        assert fonts == {"Tahoma"}, (sheet.title, fonts)
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.fitToWidth == 1 and setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == f"$1:${header_rows}"
        assert sheet.sheet_view.rightToLeft


def test_the_made_on_line_has_persian_digits(db, supervisor):
    data, _ = workbooks(supervisor)["report"]
    line = load_workbook(io.BytesIO(data)).active.cell(2, 1).value
    assert (
        "تهیه‌شده در" in line
        and re.search("[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}", line)
        and not re.search("[0-9]", line)
    )


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="needs LibreOffice (soffice) and poppler's pdftotext for LibreOffice's PDFs; CI installs both",
)
def test_libreoffice_prints_the_accountability_sheet_one_page_wide_with_persian_text(
    db, supervisor, tmp_path
):
    data, _ = workbooks(supervisor)["accountability"]
    source = tmp_path / "agencies.xlsx"
    source.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = pdf_text.page_texts((tmp_path / "agencies.pdf").read_bytes())
    assert len(pages) == 1, "the table is one page wide (and this short one page tall)"
    found = pdf_text.text_words(pages[0])
    for header in accountability_export.HEADERS:  # every column on the page, in glyphs, not boxes
        assert not pdf_text.missing_words(found, header), header
