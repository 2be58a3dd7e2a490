"""The governor's hour, end to end, on a demo database: check-in, three callers held for him, a note, a
guidance, two orders to three agencies from the desk, the session's letters previewed and signed together,
printed to PDF as one job, check-out, the one-page summary. The letters are read back: the signature stands
with body text on the last page, Latin tokens keep their digits while Persian text has Persian digits, and
each letter lists the other agency of its order as a copy recipient."""

import re

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from app.models import Agency, Case, Letter, Referral
from app.services.admin import users
from app.services.cases import cases
from app.services.demo.people import DEMO_PASSWORD
from app.services.schedule import sessions
from tests import pdf_text
from tests.app.session_data import call
from tests.ui.conftest import open_demo_copy
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.schedule.session_panel import DESK_TAB
from ui.widgets.pdf_printing import load_pdf

LONG_TEXT = " ".join(
    [
        "شهروند می‌گوید اینترنت ثابت محله با سرویس ADSL-27 از ماه گذشته هر روز چند ساعت قطع است و با کد پیگیری "
        "SAMAD-42 بارها شکایت کرده است، اما پاسخی نگرفته است؛ آب لوله‌کشی هم شب‌ها فشار ندارد و ۳ خانوار "
        "ساکن طبقه‌های بالا بی‌آب می‌مانند."
    ]
    + [
        f"در تماس {n} شهروند توضیح داد که همسایه‌ها نیز همین گرفتاری را دارند و کار و درس فرزندانشان مختل شده "
        "است؛ از مسئولان خواست پیش از فصل سرما رسیدگی کنند و نتیجه را به او اطلاع دهند."
        for n in range(1, 17)
    ]
)
NOTE = "به شهروند گفتم موضوع تا پایان هفته با شرکت آب پیگیری و نتیجه به او اعلام می‌شود."
GUIDANCE = "شهروند برای وام ودیعه مسکن به بانک عامل و سامانه طرح ملی راهنمایی شد."


@pytest.fixture
def hour(qtbot, sqlite_db, tmp_path, demo_files):
    open_demo_copy(demo_files, tmp_path / "samad.db", calls=30)  # in place of the empty copy: run_demo's data
    supervisor = users.login("supervisor", DEMO_PASSWORD)
    for other in sessions.open_sessions():  # the demo's day may leave someone in the center
        sessions.check_out(supervisor, other.id)
    governor = users.login("governor", DEMO_PASSWORD)
    operator = users.login("operator1", DEMO_PASSWORD)
    context = AppContext(governor, str(tmp_path / "samad.db"), f"sqlite:///{tmp_path / 'samad.db'}")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_section("schedule")
    yield window, page.session, operator


def held_call(operator, name: str, phone: str, subject: str, description: str) -> int:
    data = call(
        caller_name=name,
        phone=phone,
        national_code="",
        subject=subject,
        description=description,
        next_step="hold",
    )
    return cases.register_call(operator, data).id


def take(desk, case_id: int) -> None:
    row = next(i for i, q in enumerate(desk.queue_model.rows) if q.case_id == case_id)
    desk.select_row(row)
    assert desk.file.case.id == case_id


def order(desk, fragments: list[str], phrase_index: int) -> None:
    desk.actions.setCurrentIndex(1)
    for fragment in fragments:
        desk.agency.set_agency(Agency.get(Agency.name.contains(fragment)).id)
        assert desk.add_agency()
    desk.ready.activated.emit(phrase_index)
    desk.order_button.click()
    assert "دستور به" in desk.message.text(), desk.message.text()


def test_the_governors_hour(qtbot, hour, tmp_path):
    window, panel, operator = hour
    desk = panel.desk
    assert panel.tabs.currentIndex() == DESK_TAB
    panel.check_in_button.click()
    session = sessions.current_session()
    assert session is not None and session.official_name == "محمدرضا کریمی"
    assert panel.clock.text().startswith("ورود ")

    # three callers held for him during the hour
    water_case = held_call(operator, "زهرا احمدی", "09141234501", "فشار کم آب", "آب شب‌ها فشار ندارد.")
    loan_case = held_call(
        operator, "حسن موسوی", "09141234502", "وام ودیعه مسکن", "وام ودیعه را از کجا بگیرم؟"
    )
    long_case = held_call(operator, "مریم جعفری", "09141234503", "قطعی اینترنت و آب", LONG_TEXT)
    panel.context.events.announce(other=True)
    panel.changes.flush()
    assert {water_case, loan_case, long_case} <= {q.case_id for q in desk.queue_model.rows}

    # 1: a note, then an order to one agency
    take(desk, water_case)
    desk.note.setPlainText(NOTE)
    assert desk.save_note()
    order(desk, ["آب و فاضلاب"], 1)
    # 2: guided on the spot, the case closed
    take(desk, loan_case)
    desk.note.setPlainText(GUIDANCE)
    desk.guide_button.click()
    # 3: one order to two agencies (a letter each, the other one in copy)
    take(desk, long_case)
    order(desk, ["گاز", "مخابرات"], 3)
    assert Case.get_by_id(water_case).official_note == NOTE
    assert Case.get_by_id(loan_case).status == "guided"
    work = sessions.session_work(session.id)
    assert len(work.letters_to_issue) == 3
    letters_before = Letter.select().count()

    # the hour's orders in one preview, signed together, printed as one job to a PDF file
    seen = {}
    printed = tmp_path / "session-letters.pdf"

    def on_the_preview():
        preview = QApplication.activeModalWidget()
        seen["drafts"] = [preview.chooser.itemText(i) for i in range(preview.chooser.count())]
        seen["print_before_sign"] = preview.print_button.isVisible()
        preview.step(1)
        preview.step(-1)
        preview.sign_button.click()
        seen["numbers"] = [
            preview.chooser.itemText(i).split(" — ")[0] for i in range(preview.chooser.count())
        ]
        seen["letters"] = [preview._bytes(i) for i in range(preview.chooser.count())]
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        seen["printed_pages"] = preview.print_letters(all_letters=True, printer=printer)
        preview.accept()

    QTimer.singleShot(0, on_the_preview)
    panel.issue_and_print()
    assert len(seen["drafts"]) == 3 and all(t.startswith("پس از صدور") for t in seen["drafts"])
    assert not seen["print_before_sign"]
    issued = list(
        Letter.select()
        .join(Referral, on=(Letter.referral == Referral.id))
        .where(Referral.session == session.id)
        .order_by(Letter.serial)
    )
    assert Letter.select().count() == letters_before + 3 and len(issued) == 3
    assert seen["numbers"] == [letter.number for letter in issued]
    assert sessions.session_work(session.id).letters_to_issue == []
    letters = seen["letters"]
    for i, pdf in enumerate(letters, 1):  # kept beside the printed job, to look at
        (tmp_path / f"letter-{i}.pdf").write_bytes(pdf)
    pages = [len(pdf_text.page_texts(pdf)) for pdf in letters]
    document, _buffer = load_pdf(printed.read_bytes())
    assert seen["printed_pages"] == sum(pages) == document.pageCount()

    # the letters read back
    signer = "محمدرضا کریمی"
    for pdf in letters:
        texts = pdf_text.page_texts(pdf)
        last = pdf_text.text_words(texts[-1])
        assert not pdf_text.missing_words(last, signer), "the signature is on the last page"
        assert not pdf_text.missing_words(last, "به این مرکز و شهروند اعلام گردد"), "body text stands with it"
        assert all(pdf_text.missing_words(pdf_text.text_words(t), signer) for t in texts[:-1])
    long_letters = [pdf for pdf in letters if "SAMAD" in pdf_text.extract_text(pdf)]
    assert len(long_letters) == 2 and all(len(pdf_text.page_texts(p)) >= 2 for p in long_letters)
    for pdf in long_letters:
        raw = pdf_text.extract_text(pdf)
        assert "SAMAD-42" in raw and "ADSL-27" in raw, "Latin tokens keep their digits as typed"
        assert not re.search("SAMAD-[۰-۹]|ADSL-[۰-۹]", raw)
        assert "۳" in raw and "1405" not in raw, "numbers in Persian text are Persian digits"
    gas, telecom = (Agency.get(Agency.name.contains(f)).name for f in ("گاز", "مخابرات"))
    for pdf in long_letters:
        found = pdf_text.words(pdf)
        addressed_to_gas = pdf_text.has_phrase(pdf_text.text_words(pdf_text.page_texts(pdf)[0]), gas)
        other = telecom if addressed_to_gas else gas
        assert pdf_text.has_phrase(found, "رونوشت") and pdf_text.has_phrase(found, other)
        assert pdf_text.has_phrase(found, "جهت اطلاع و اقدام لازم")

    # check-out, then the one-page summary
    panel.check_out_button.click()
    assert not sessions.get_session(session.id).is_open
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().accept())
    dialog = panel.show_summary()
    (tmp_path / "summary.pdf").write_bytes(dialog.pdf_bytes)
    assert dialog.page_count == 1
    summary = pdf_text.words(dialog.pdf_bytes)
    assert pdf_text.has_phrase(summary, "خلاصه جلسه پاسخگویی محمدرضا کریمی")
    calls = sessions.session_calls(session.id)  # each caller once: the live call is the official's call
    assert sorted(c.case_id for c in calls) == sorted([water_case, loan_case, long_case])
    for number in seen["numbers"]:
        assert pdf_text.has_phrase(summary, number)
