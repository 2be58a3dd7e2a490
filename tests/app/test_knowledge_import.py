"""Importing circulars from text, Word, CSV and Excel files made here: good rows saved, bad rows reported."""

import datetime as dt

import docx
import openpyxl
import pytest

from app.domain import jalali
from app.domain.text import to_ascii_digits
from app.models import Article, ArticleVersion, AuditEntry
from app.services.errors import PermissionDenied, ValidationError
from app.services.knowledge import knowledge_import, knowledge_search
from tests.app.knowledge_data import circular

TEXT = """بسمه تعالی
شماره: ۴۵۶۷/۳۱۰
تاریخ: ۱۴۰۳/۰۳/۰۵
صادرکننده: شرکت گاز استان
موضوع: مدارک درخواست انشعاب گاز
برای دریافت انشعاب گاز، مالک باید سند و کارت ملی را ارائه دهد.
نصب کنتور پانزده روز پس از تأیید لوله‌کشی انجام می‌شود.
-----
شماره: ۲۲۱۰/۳۱۰
تاریخ: ۱۴۰۳/۱۴/۰۱
صادرکننده: شرکت گاز استان
موضوع: بازدید رایگان دودکش
متن بخشنامه دوم.
-----
شماره: ۲۲۱۱/۳۱۰
تاریخ: ۱۴۰۴/۰۸/۰۱
صادرکننده: شرکت گاز استان

متنی بی‌عنوان نیست چون نخستین سطر عنوان است
"""


def write_cp1256(path, text):
    # Windows-1256 has no Persian yeh or Persian digits: old files carry Arabic yeh (ي) and ASCII digits.
    path.write_bytes(to_ascii_digits(text).replace("ی", "ي").encode("cp1256"))
    return path


def test_text_in_windows_1256_is_read_and_split_into_circulars(supervisor, tmp_path):
    path = write_cp1256(tmp_path / "gas.txt", TEXT)
    preview = knowledge_import.preview_import(path)
    assert preview.encoding == "cp1256" and preview.file_format == "txt"
    assert [r.title for r in preview.rows] == [
        "مدارک درخواست انشعاب گاز",
        "بازدید رایگان دودکش",
        "متنی بی‌عنوان نیست چون نخستین سطر عنوان است",
    ]
    first, bad_date, no_body = preview.rows
    assert first.ok and first.data["number"] == "4567/310"
    assert "issued_on" in bad_date.errors
    assert "body" in no_body.errors  # the only line became the title: no text left
    assert Article.select().count() == 0  # a preview saves nothing

    report = knowledge_import.import_file(supervisor, path)
    assert [o.line for o in report.imported] == [1] and [o.line for o in report.refused] == [9, 15]
    article = Article.get_by_id(report.imported[0].article_id)
    assert article.issuer == "شرکت گاز استان" and article.issued_on == jalali.from_jalali(1403, 3, 5)
    assert "نصب کنتور" in article.body and "بسمه" not in article.body
    assert [h.article_id for h in knowledge_search.search("انشعاب گاز").hits] == [article.id]
    assert ArticleVersion.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.action == "article.import").count() == 1


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-le", b""),
        ("utf-16-be", b"\xfe\xff"),
    ],
)
def test_unicode_text_files_are_recognised(db, tmp_path, encoding, bom):
    path = tmp_path / "c.txt"
    path.write_bytes(bom + TEXT.encode(encoding))
    preview = knowledge_import.preview_import(path)
    assert preview.rows[0].title == "مدارک درخواست انشعاب گاز" and preview.rows[0].ok


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("x.txt", "Café déjà vu, été à Paris".encode("latin-1"), "کدگذاری"),
        ("x.txt", bytes(range(256)) * 8, "متنی نیست"),
        ("x.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "متنی نیست"),
        ("x.txt", b"   \n", "خالی"),
        ("x.pdf", b"%PDF-1.4", "قالب پرونده شناخته نیست"),
        ("x.doc", b"\xd0\xcf\x11\xe0", "docx"),
        ("x.xls", b"\xd0\xcf\x11\xe0", "xlsx"),
        ("x.docx", b"not a zip", "Word"),
        ("x.xlsx", b"not a zip", "Excel"),
        ("x.csv", b"a,b\n1,2\n", "ستون‌های"),
    ],
)
def test_unknown_encoding_or_format_is_refused_clearly(db, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValidationError) as err:
        knowledge_import.preview_import(path)
    assert message in err.value.errors["file"]


def test_word_file(supervisor, tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "شماره: ۱۴۵۲۳۰/۴۰۰"
    table.cell(0, 1).text = "تاریخ: ۱۴۰۴/۰۳/۱۰"
    document.add_paragraph("صادرکننده: اداره کل آموزش و پرورش")
    document.add_paragraph("ثبت‌نام دانش‌آموزان و ممنوعیت دریافت وجه اجباری")
    document.add_paragraph("ثبت‌نام از راه سامانه انجام می‌شود و مدارس حق دریافت وجه اجباری ندارند.")
    document.add_paragraph("کمک اولیا فقط داوطلبانه است.")
    path = tmp_path / "school.docx"
    document.save(path)
    report = knowledge_import.import_file(supervisor, path)
    assert not report.refused
    article = Article.get_by_id(report.imported[0].article_id)
    assert (article.number, article.title) == ("145230/400", "ثبت‌نام دانش‌آموزان و ممنوعیت دریافت وجه اجباری")
    assert article.body.splitlines() == [
        "ثبت‌نام از راه سامانه انجام می‌شود و مدارس حق دریافت وجه اجباری ندارند.",
        "کمک اولیا فقط داوطلبانه است.",
    ]


ROWS = [
    ["number", "date", "issuer", "title", "body"],
    ["۱۰۰/۱", "۱۴۰۳/۰۱/۱۵", "استانداری", "ساعات کار ادارات", "ساعت کار از ۷ تا ۱۴"],
    ["۱۰۰/۲", "1403/02/10", "استانداری", "", "بی‌عنوان"],  # empty title
    ["۱۰۰/۳", "۱۴۰۳/۱۳/۰۱", "استانداری", "تاریخ بد", "متن"],  # bad date
    ["۱۲۳۴۵/۱۰۰", "۱۴۰۳/۰۵/۱۲", "شرکت آب و فاضلاب", "تکراری در پایگاه", "متن"],  # already in the database
    ["۱۰۰/۱", "۱۴۰۳/۰۱/۱۶", "استانداری", "تکراری در همین پرونده", "متن"],  # same number as row 2
    ["", "", "", "", ""],  # blank rows are skipped
    ["۱۰۰/۴", "۱۴۰۳/۰۴/۰۱", "", "بی‌صادرکننده", "متن"],  # filled by --issuer
]


def check_report(report):
    assert [(o.line, o.title) for o in report.imported] == [(2, "ساعات کار ادارات"), (8, "بی‌صادرکننده")]
    refused = {o.line: o.reasons for o in report.refused}
    assert set(refused) == {3, 4, 5, 6}
    assert "عنوان را بنویسید" in refused[3]
    assert "وجود ندارد" in refused[4]
    assert "پیش‌تر با عنوان «تقسیط بدهی قبوض آب» ثبت شده است" in refused[5]
    assert "در سطر ۲ همین پرونده هم آمده است" in refused[6]


def test_csv_list_with_good_and_bad_rows(supervisor, tmp_path):
    circular(supervisor)
    path = tmp_path / "list.csv"
    path.write_text("\n".join(",".join(r) for r in ROWS), encoding="utf-8-sig")
    report = knowledge_import.import_file(supervisor, path, issuer="فرمانداری تبریز")
    check_report(report)
    assert Article.get_by_id(report.imported[1].article_id).issuer == "فرمانداری تبریز"
    assert Article.select().count() == 3


def test_excel_list_with_good_and_bad_rows_and_persian_headers(supervisor, tmp_path):
    circular(supervisor)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["شماره", "تاریخ", "صادرکننده", "عنوان", "متن"])
    for row in ROWS[1:]:
        sheet.append(row)
    sheet.append([2024, dt.datetime(2024, 8, 2), "استانداری", "تاریخ میلادی در سلول تاریخ", "متن"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    report = knowledge_import.import_file(supervisor, path, issuer="فرمانداری تبریز")
    assert report.imported[-1].line == 9
    report.imported.pop()
    check_report(report)
    assert Article.select().where(Article.number == "2024").get().issued_on == dt.date(2024, 8, 2)


def test_dry_run_reports_and_saves_nothing(supervisor, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("\n".join(";".join(r) for r in ROWS), encoding="utf-8")  # semicolons, as Excel may write
    report = knowledge_import.import_file(supervisor, path, issuer="فرمانداری تبریز", dry_run=True)
    assert report.dry_run and len(report.imported) == 3 and len(report.refused) == 3
    assert Article.select().count() == 0


def test_only_supervisors_import(operator, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("\n".join(",".join(r) for r in ROWS), encoding="utf-8")
    with pytest.raises(PermissionDenied):
        knowledge_import.import_file(operator, path)
    assert Article.select().count() == 0
