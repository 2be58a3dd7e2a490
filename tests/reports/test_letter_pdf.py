"""The referral letter PDF read back: every field is there, long text flows to numbered pages, and the
same content always gives the same bytes."""

import dataclasses
import datetime as dt

import pytest

from app.domain.letters import DEFAULT_REFERRAL_BODY
from app.services.letters.letter_content import CaseFacts, Signer, build_content
from reports.letter import Cancellation, render_letter
from tests import pdf_text

# Its module-scoped data is built once: all of this file runs on one test worker (pytest --dist loadgroup).
pytestmark = pytest.mark.xdist_group("test_letter_pdf")

SETTINGS = {"governorate_name": "استانداری آذربایجان شرقی", "center_name": "مرکز ارتباطات مردمی (سامد ۱۱۱)"}
FACTS = CaseFacts(
    citizen_name="زهرا قاسم‌زاده",
    national_code="0499370899",
    phone="09141234567",
    county="مراغه",
    tracking_code="050012348",
    case_date=dt.datetime(2026, 11, 20, 8, 0),
    request_type="شکایت",
    subject="قطع برق روستای قشلاق (سه روز)",
    request_text="برق روستا از شنبه قطع است؛ شماره پرونده برق 1234-567 و تماس با 121 بی‌نتیجه ماند.",
)


def content(**over) -> dict:
    values = dict(
        number="۱۱۱/۱۴۰۵/۰۰۰۴۲",
        issued_at=dt.datetime(2026, 11, 29, 7, 30),
        settings=SETTINGS,
        template=DEFAULT_REFERRAL_BODY,
        facts=FACTS,
        agency_name="شرکت توزیع نیروی برق استان آذربایجان شرقی",
        recipient="مدیرعامل محترم شرکت توزیع نیروی برق استان آذربایجان شرقی",
        instruction="با قید فوریت رسیدگی و نتیجه به این مرکز و شهروند اعلام شود.",
        due_date=dt.date(2026, 12, 9),
        priority="urgent",
        signer=Signer("ناصر حسین‌پور", "معاون هماهنگی امور عمرانی استاندار"),
        cc=[
            {"name": "فرمانداری شهرستان مراغه", "purpose": "جهت اطلاع و پیگیری"},
            {"name": "دفتر بازرسی استانداری", "purpose": "جهت اطلاع"},
        ],
    )
    values.update(over)
    return build_content(**values)


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return render_letter(content())


def test_every_field_is_printed(letter_pdf):
    words = pdf_text.words(letter_pdf)
    fields = {
        "number": "111/1405/00042",
        "date": "1405/09/08",
        "attachments": "پیوست: ندارد",
        "governorate": "استانداری آذربایجان شرقی",
        "center": "مرکز ارتباطات مردمی",
        "recipient": "مدیرعامل محترم شرکت توزیع نیروی برق استان آذربایجان شرقی",
        "subject": "موضوع: شکایت قطع برق روستای قشلاق سه روز",
        "greeting": "با سلام و احترام",
        "citizen": "زهرا قاسم‌زاده",
        "national code": "0499370899",
        "phone": "09141234567",
        "county": "مراغه",
        "tracking code": "050012348",
        "case date": "1405/08/29",
        "request": "برق روستا از شنبه قطع است شماره پرونده برق 1234-567",
        "instruction": "با قید فوریت رسیدگی و نتیجه به این مرکز و شهروند اعلام شود",
        "due date": "1405/09/18",
        "urgent": "فوری",
        "signer": "ناصر حسین‌پور",
        "title": "معاون هماهنگی امور عمرانی استاندار",
        "cc": "رونوشت: فرمانداری شهرستان مراغه جهت اطلاع و پیگیری دفتر بازرسی استانداری",
        "page": "صفحه 1 از 1",
    }
    missing = {name: pdf_text.missing_words(words, phrase) for name, phrase in fields.items()}
    assert not {k: v for k, v in missing.items() if v}


def test_digits_are_persian_in_the_drawn_text(letter_pdf):
    text = pdf_text.extract_text(letter_pdf)
    assert "۱۴۰۵/۰۹/۰۸" in text and "۰۴۹۹۳۷۰۸۹۹" in text
    assert not any(ch in "0123456789" for ch in text)


def test_identifiers_read_in_typed_order(letter_pdf):
    # «1234-567» inside Persian text stays one left-to-right run, as typed (not «567-1234»)
    boxes = [b for b in pdf_text.word_boxes(letter_pdf) if pdf_text.fold(b.text) in ("1234-567", "567-1234")]
    assert [pdf_text.fold(b.text) for b in boxes] == ["1234-567"]


def test_header_block_is_at_the_top_left_and_the_qr_code_holds_the_tracking_code(letter_pdf):
    boxes = pdf_text.word_boxes(letter_pdf)
    number = next(b for b in boxes if pdf_text.fold(b.text) == "111/1405/00042")
    governorate = next(
        b for b in boxes if pdf_text.fold(b.text) == "استانداری"[::-1]
    )  # drawn in visual order
    assert number.x_max < 300 < governorate.x_min and number.y_min < 120
    assert b"050012348" not in letter_pdf  # drawn as a QR code (vectors), not text


def test_same_content_gives_the_same_bytes(letter_pdf):
    assert render_letter(content()) == letter_pdf
    assert render_letter(content(number="۱۱۱/۱۴۰۵/۰۰۰۴۳")) != letter_pdf


def test_long_letter_flows_to_numbered_pages():
    long_text = " ".join(f"بند {i}: شهروند (ساکن کوی ۱۲) می‌گوید کنتور ADSL-{i} خراب است؛" for i in range(160))
    facts = CaseFacts(**{**FACTS.__dict__, "request_text": long_text})
    pdf = render_letter(content(facts=facts))
    pages = pdf_text.page_texts(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert pdf_text.has_phrase(page, f"صفحه {number} از {len(pages)}"), number
    assert pdf_text.has_phrase(pages[1], "ادامه نامه شماره 111/1405/00042")
    last = pdf_text.words(pdf)
    assert pdf_text.has_phrase(last, "بند 0") and pdf_text.has_phrase(last, "بند 159")
    assert pdf_text.has_phrase(pages[-1], "ناصر حسین‌پور")  # the signature follows the text


def test_cancelled_letter_is_marked_on_every_page():
    pdf = render_letter(content(), cancellation=Cancellation("۱۴۰۵/۰۹/۱۰", "ارسال به دستگاه نادرست"))
    for page in pdf_text.page_texts(pdf):
        assert pdf_text.has_phrase(page, "باطل شد")
        assert pdf_text.has_phrase(page, "ارسال به دستگاه نادرست")


def test_reference_to_a_replaced_letter_and_plain_priority():
    pdf = render_letter(
        content(
            priority="normal",
            reference_lines=[
                "این نامه جایگزین نامه شماره ۱۱۱/۱۴۰۵/۰۰۰۴۱ مورخ ۱۴۰۵/۰۹/۰۷ است و آن نامه باطل شد."
            ],
        )
    )
    words = pdf_text.words(pdf)
    assert pdf_text.has_phrase(words, "جایگزین نامه شماره 111/1405/00041 مورخ 1405/09/07")
    assert not pdf_text.has_phrase(words, "فوری")


def test_hostile_text_does_not_break_the_layout():
    facts = CaseFacts(**{**FACTS.__dict__, "request_text": "متن \u2066با جداساز\u2069 و \u202eوارونه\u202c"})
    pdf = render_letter(content(facts=facts))
    assert pdf_text.has_phrase(pdf, "با جداساز و وارونه")


def test_latin_words_keep_their_digits_as_typed():
    facts = dataclasses.replace(
        FACTS, request_text="مودم ADSL-27 از کار افتاده؛ پیگیری قبلی SAMAD-42 و تماس با 121."
    )
    text = pdf_text.extract_text(render_letter(content(facts=facts)))
    assert "ADSL-27" in text and "SAMAD-42" in text
    assert "۱۲۱" in text and "121" not in text.replace("ADSL-27", "").replace("SAMAD-42", "")


def test_the_attachments_are_counted_in_the_header_and_listed_by_name():
    letter = content(attachments="تصویر شکایت، رسید پرداخت قبض")
    assert letter["attachments"] == "۲ مورد"
    words = pdf_text.words(render_letter(letter))
    assert not pdf_text.missing_words(words, "پیوست: 2 مورد")
    assert not pdf_text.missing_words(words, "پیوست‌ها: 1. تصویر شکایت 2. رسید پرداخت قبض")
    assert content()["attachments"] == "ندارد" and content()["attachment_names"] == []
