"""Printing inside the app (Qt's print preview, whose print button opens Qt's print dialog), file dialogs that
open in the user's Documents folder, and Qt's own buttons and dialogs in Persian."""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from app.services.letters import letters, referrals
from tests.app.letter_helpers import order, register_case
from tests.conftest import make_user
from ui import application, window_state
from ui.letters.letter_preview_dialog import LetterPreviewDialog
from ui.letters.letters_tab import LettersTab
from ui.schedule.session_letters import SessionLettersBatch
from ui.widgets import file_dialogs
from ui.widgets.pdf_printing import PdfPrintPreview

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ui_official(sqlite_db, ui_supervisor):
    return make_user("official1", "official", title="معاون هماهنگی امور عمرانی استاندار")


@pytest.fixture
def issued_letters(ui_official, ui_operator) -> list[int]:
    ids = []
    for i in range(2):
        case_id = register_case(ui_operator, subject=f"موضوع {i}")
        ids += [r.letter_id for r in referrals.issue_order(ui_official, case_id, order())]
    return ids


@pytest.fixture
def no_remembered_folder():
    settings = window_state.qsettings()
    before = settings.value(file_dialogs.LAST_FOLDER_KEY)
    settings.remove(file_dialogs.LAST_FOLDER_KEY)
    yield
    if before is None:
        window_state.qsettings().remove(file_dialogs.LAST_FOLDER_KEY)
    else:
        window_state.qsettings().setValue(file_dialogs.LAST_FOLDER_KEY, before)


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


# --- Qt's own strings in Persian ---------------------------------------------------------------------------


def test_qt_standard_buttons_and_the_print_preview_read_in_persian(qapp):
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Save
        | QDialogButtonBox.StandardButton.Close
    )
    texts = {box.button(b).text() for b in (box.StandardButton.Cancel, box.StandardButton.Save)}
    assert texts == {"انصراف", "ذخیره"}
    assert box.button(box.StandardButton.Close).text() == "بستن"
    preview = PdfPrintPreview([], "چاپ")
    actions = [a.text() for a in preview.findChildren(QAction) if a.text()]
    preview.deleteLater()
    assert "چاپ" in actions and "پیکربندی صفحه" in actions  # the preview's print and page setup
    assert not [t for t in actions if re.search(r"[A-Za-z]", t)]


def test_the_bundle_finds_qt_persian_catalog_where_the_spec_puts_it(tmp_path, monkeypatch):
    spec = (ROOT / "packaging" / "samad-desk.spec").read_text(encoding="utf-8")
    assert f'"qtbase_fa.qm"), "{application.BUNDLED_TRANSLATIONS}")' in spec
    bundle = tmp_path / "_internal"
    folder = bundle / application.BUNDLED_TRANSLATIONS
    folder.mkdir(parents=True)
    shutil.copy(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / "qtbase_fa.qm", folder)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert application.qt_translation_dirs()[-1] == folder
    translator = QTranslator()
    assert translator.load(QLocale(QLocale.Language.Persian), application.QT_CATALOG, "_", str(folder))
    assert translator.translate("QPlatformTheme", "Cancel") == "انصراف"


# --- every print through the in-app preview ----------------------------------------------------------------


def test_nothing_in_the_interface_hands_a_file_to_the_system_or_opens_its_own_file_dialog():
    """The slip once went to QDesktopServices.openUrl and failed silently on a PC without a PDF viewer."""
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for pattern in ("QDesktopServices", "os.startfile", "subprocess", "webbrowser"):
            if pattern in text:
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
        if path.name != "file_dialogs.py" and re.search(r"QFileDialog\.get", text):
            offenders.append(f"{path.relative_to(ROOT)}: a file dialog outside ui/widgets/file_dialogs.py")
    assert not offenders, "\n".join(offenders)


def test_the_preview_shows_every_page_and_prints_them_in_one_job(qtbot, issued_letters, tmp_path):
    documents = [pdf for _, pdf in letters.letters_pdfs(issued_letters)]
    pages = sum(len(PdfReader(io.BytesIO(d)).pages) for d in documents)
    preview = PdfPrintPreview(documents, "چاپ نامه‌ها", printer=pdf_printer(tmp_path / "job.pdf"))
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.preview.pageCount() == pages)
    assert preview.printed == 0  # a preview is not a print
    assert preview.print_now() == pages and not preview.failure
    assert len(PdfReader(tmp_path / "job.pdf").pages) == pages


def test_the_slip_preview_is_on_receipt_paper(qtbot, qapp):
    from reports.tracking_slip import Slip, tracking_slip_pdf

    pdf = tracking_slip_pdf(Slip("مرکز", "0500-0016", "05000016", "۱۴۰۵/۰۹/۰۸ ۱۰:۳۰", "علی", "آب"))
    preview = PdfPrintPreview([pdf], "چاپ رسید")
    qtbot.addWidget(preview)
    size = preview.printer.pageLayout().fullRectPoints()
    assert abs(size.width() - 298) <= 3 and abs(size.height() - 300) <= 3
    assert preview.printer.fullPage()


def test_a_batch_of_letters_goes_to_the_preview(qtbot, issued_letters, ui_official, context_for):
    tab = LettersTab(context_for(ui_official))
    qtbot.addWidget(tab)
    tab.render_and_print(issued_letters)
    qtbot.waitUntil(lambda: getattr(tab, "print_preview", None) is not None, timeout=30000)
    preview = tab.print_preview
    qtbot.waitUntil(preview.isVisible)
    assert len(preview.documents) == len(issued_letters) and preview.preview.pageCount() >= len(
        issued_letters
    )
    assert "۲ نامه" in preview.windowTitle()
    preview.reject()
    qtbot.waitUntil(
        lambda: getattr(tab, "last_printed", None) == 0
    )  # closed without printing: nothing printed


def test_a_sessions_letters_go_to_the_preview(qtbot, qapp, issued_letters, ui_official, context_for):
    from PySide6.QtWidgets import QWidget

    host = QWidget()
    qtbot.addWidget(host)
    batch = SessionLettersBatch(context_for(ui_official), host)
    preview = batch.print_documents(letters.letters_pdfs(issued_letters))
    qtbot.waitUntil(preview.isVisible)
    assert isinstance(preview, PdfPrintPreview) and len(preview.documents) == len(issued_letters)
    preview.reject()


# --- file dialogs open in Documents ------------------------------------------------------------------------


def _answer_file_dialog(seen: dict, choose: Path | None):
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer)
            return
        seen["folder"] = Path(dialog.directory().absolutePath())
        if choose is None:
            dialog.reject()
        else:
            dialog.selectFile(str(choose))
            dialog.accept()

    QTimer.singleShot(0, answer)


def test_save_dialogs_open_in_documents_then_in_the_folder_last_chosen(
    qtbot, issued_letters, ui_official, context_for, tmp_path, no_remembered_folder, monkeypatch
):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv(
        "XDG_CONFIG_HOME", str(home / ".config")
    )  # no user-dirs file: Documents is ~/Documents
    assert file_dialogs.documents_folder() == home / "Documents"
    dialog = LetterPreviewDialog.for_letters(context_for(ui_official), issued_letters[:1])
    qtbot.addWidget(dialog)
    seen: dict = {}
    _answer_file_dialog(seen, None)
    assert dialog.save_pdf() is None
    assert seen["folder"] == file_dialogs.documents_folder().resolve()
    assert seen["folder"] != Path.cwd().resolve()  # not the program's folder (Qt's default)
    chosen = tmp_path / "letters" / "first.pdf"
    chosen.parent.mkdir()
    _answer_file_dialog(seen, chosen)
    assert Path(dialog.save_pdf()) == chosen and chosen.read_bytes().startswith(b"%PDF")
    _answer_file_dialog(seen, None)
    dialog.save_pdf()
    assert seen["folder"] == chosen.parent.resolve()  # remembered for the next dialog


def test_a_long_job_is_previewed_at_a_lower_resolution_to_spare_memory(qtbot, qapp):
    from reportlab.pdfgen.canvas import Canvas

    from ui.widgets import pdf_printing

    def pdf(pages: int) -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1)
        for n in range(pages):
            canvas.drawString(100, 700, f"page {n}")
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    short = PdfPrintPreview([pdf(3)], "چاپ")
    long = PdfPrintPreview([pdf(120), pdf(80)], "چاپ")
    for dialog in (short, long):
        qtbot.addWidget(dialog)
    assert short.preview_dpi() == pdf_printing.PREVIEW_DPI
    assert pdf_printing.MIN_PREVIEW_DPI <= long.preview_dpi() < pdf_printing.PREVIEW_DPI / 2


def test_without_a_printer_the_print_to_pdf_starts_in_documents(
    qapp, tmp_path, no_remembered_folder, monkeypatch
):
    from ui.widgets.pdf_printing import new_printer

    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    printer = new_printer([])
    if printer.outputFormat() != QPrinter.OutputFormat.PdfFormat:
        pytest.skip("this machine has a printer: Qt prints to it, not to a file")
    assert Path(printer.outputFileName()) == home / "Documents" / "print.pdf"
