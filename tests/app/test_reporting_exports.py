"""Exports read back: Excel (right-to-left sheet, real numbers and dates), CSV (BOM, Persian intact), PDF text;
and bad input: impossible dates, a period that ends before it starts, paths that cannot be written."""

import csv
import datetime as dt
import io
import json
import os
import re

import pytest
from openpyxl import load_workbook

from app.domain.jalali import from_jalali
from app.domain.period import Period
from app.models import Agency, AuditEntry, Case, Referral, User
from app.services.errors import PermissionDenied, ValidationError
from app.services.reporting import calls, exports, monthly, sources
from app.services.reporting.export_csv import to_csv
from app.services.reporting.export_xlsx import to_xlsx
from app.services.reporting.files import write_atomic
from app.services.reporting.kinds import build_report
from app.services.reporting.period import parse_period
from app.wiring import REPORTS_BY_KEY as KINDS
from reports.monthly_report import change_text, subtitle
from reports.persian import visual as visual_word
from tests.app import report_data
from tests.app.report_data import PERIOD, TODAY
from tests.conftest import make_user
from tests.pdf_text import fold, has_phrase, missing_words, page_texts, word_boxes, words


@pytest.fixture
def data(db, supervisor, operator):
    return report_data.build(operator, make_user("operator2", "operator"))


@pytest.fixture
def out(tmp_path):
    """An empty folder for the exports (the SQLite test database lives in tmp_path itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def sheet_rows(data: bytes):
    sheet = load_workbook(io.BytesIO(data)).active
    return sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def test_xlsx_is_right_to_left_with_real_numbers(data):
    sheet, rows = sheet_rows(to_xlsx(calls.by_request_type(PERIOD)))
    assert sheet.sheet_view.rightToLeft is True
    assert rows[0][0] == "تماس‌ها به تفکیک نوع درخواست" and "آبان ۱۴۰۵" in rows[1][0]
    assert rows[3][:3] == ["نوع درخواست", "تماس", "سهم"]
    complaint = next(r for r in rows if r[0] == "شکایت")
    assert complaint[1:6] == [2, pytest.approx(2 / 6), 0, 1, 1] and isinstance(complaint[1], int)
    assert sheet.cell(rows.index(complaint) + 1, 3).number_format == "0.0%"
    assert rows[10][:2] == ["جمع", 6]
    assert sheet._charts, "an Excel chart of the figures"


def test_xlsx_dates_are_real_dates_with_a_jalali_column(data):
    sheet, rows = sheet_rows(to_xlsx(calls.by_day(PERIOD)))
    assert rows[3][:3] == ["روز", "روز (شمسی)", "روز هفته"]
    first = rows[4]
    assert first[0] == dt.datetime(2026, 10, 23) and first[1] == "1405/08/01" and first[3] == 1
    assert sheet.cell(5, 1).number_format == "[$-fa-IR,16]yyyy/mm/dd;@" and sheet.cell(5, 1).is_date
    second = rows[5]
    assert second[1] == "1405/08/02" and second[3] == 2


def test_csv_has_a_bom_and_persian_intact(data):
    raw = to_csv(calls.by_county(PERIOD))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["شهرستان", "تماس", "سهم (%)", "راهنمایی در همان تماس", "مختومه", "در جریان"]
    assert rows[1] == ["تبریز", "4", "66.67", "1", "3", "1"]
    assert rows[-1][:2] == ["جمع", "6"]


def test_csv_dates_iso_and_jalali(data):
    rows = list(csv.reader(io.StringIO(to_csv(calls.by_day(PERIOD)).decode("utf-8-sig"))))
    assert rows[0][:3] == ["روز", "روز (شمسی)", "روز هفته"]
    assert rows[2][:4] == ["2026-10-24", "1405/08/02", "شنبه", "2"]


def test_csv_text_that_looks_like_a_formula_is_quoted(data):
    report = calls.by_request_type(PERIOD)
    report.rows[0] = ('=HYPERLINK("x")', *report.rows[0][1:])
    rows = list(csv.reader(io.StringIO(to_csv(report).decode("utf-8-sig"))))
    assert rows[1][0].startswith("'=")
    sheet, _ = sheet_rows(to_xlsx(report))
    assert sheet.cell(5, 1).data_type == "s"


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in ("agencies", "attendance")])
def test_every_report_pdf_reads_back(data, supervisor, kind):
    report = build_report(supervisor, kind, PERIOD)
    pdf = exports.render(report, "pdf")
    found = words(pdf)
    assert not missing_words(found, report.title)
    assert not missing_words(found, "آبان 1405")
    for column in report.columns:
        assert not missing_words(found, column.title), column.title
    assert has_phrase(found, "صفحه 1 از")


def test_report_pdf_figures_read_back(data):
    """The table row of تبریز holds its figures: 4 calls, 66.7% of them, 1 guided, 3 closed, 1 open."""
    boxes = word_boxes(exports.render(calls.by_county(PERIOD), "pdf"))
    rows = []
    for anchor in (b for b in boxes if fold(b.text) == fold(visual_word("تبریز"))):
        same_line = [fold(b.text) for b in boxes if b.page == anchor.page and abs(b.y_min - anchor.y_min) < 2]
        rows.append(sorted(same_line))
    table_row = max(rows, key=len)  # the chart's label stands alone on its line
    assert sorted(w for w in table_row if w[0].isdigit()) == ["1", "1", "3", "4", "66\u066b7\u066a"]


def test_owner_reports_export_with_the_owners_writers(data, supervisor):
    from app.services.followup import accountability_export

    report = sources.agencies(supervisor, PERIOD, today=TODAY)
    assert exports.render(report, "csv") == accountability_export.accountability_csv(report.source)
    assert not missing_words(words(exports.render(report, "pdf")), "شرکت گاز استان آذربایجان شرقی")


def test_monthly_pdf_reads_back(data, supervisor):
    pdf = exports.render_monthly(monthly.monthly_report(supervisor, PERIOD), "pdf")
    found = words(pdf)
    for phrase in (
        "گزارش ماهانه مرکز ارتباطات مردمی به استاندار",
        "آبان 1405",
        "مهر 1405",
        "تماس‌های ثبت‌شده",
        "سهم پاسخ در مهلت",
        "عملکرد دستگاه‌ها در پاسخ به ارجاع‌ها",
        "شرکت آب و فاضلاب استان آذربایجان شرقی",
        "تبریز",
        "واحد درصد بیشتر",
        "500٫0٪ بیشتر",
    ):
        assert not missing_words(found, phrase), phrase
    assert len(page_texts(pdf)) >= 2


def test_the_monthly_pages_agree_on_the_same_figure(data, supervisor):
    # a referral of the month that fell due after it: page one counts it as it stood at the month's end,
    # and so must the agencies' table, whatever day the report is printed on
    case = Case.get_by_id(data.cases["c4"])
    Referral.create(
        case=case,
        agency=case.agency or Agency.select().first(),
        instruction="بررسی شود.",
        due_date=from_jalali(1405, 9, 5),
        status="issued",
        prepared_by=User.get(User.username == "operator1").id,
        issued_at=report_data.at(8, 28, 10, 0),
        created_at=report_data.at(8, 28, 10, 0),
    )
    m = monthly.monthly_report(supervisor, PERIOD)
    total = dict(zip((c.key for c in m.agencies.columns), m.agencies.total, strict=True))
    assert m.headline("on_time").current == total["on_time_share"]
    assert m.headline("answer_days").current == total["average_days"]
    assert m.headline("referrals").current == total["received"]
    assert subtitle(m) == "آبان ۱۴۰۵ (۳۰ روز)، در مقایسه با مهر ۱۴۰۵"
    shares = [change_text(h) for h in m.headlines if h.change is not None and h.kind != "percent"]
    assert shares and all(re.fullmatch(r"[۰-۹٬]+٫[۰-۹]٪ (بیشتر|کمتر)|بی\u200cتغییر", s) for s in shares), (
        shares
    )
    days = monthly.monthly_report(supervisor, Period(from_jalali(1405, 8, 1), from_jalali(1405, 8, 15)))
    assert (
        subtitle(days) == "از ۱۴۰۵/۰۸/۰۱ تا ۱۴۰۵/۰۸/۱۵ (۱۵ روز)، در مقایسه با روزهای ۱۴۰۵/۰۷/۱۶ تا ۱۴۰۵/۰۷/۳۰"
    )


def test_monthly_xlsx_and_csv(data, supervisor):
    m = monthly.monthly_report(supervisor, PERIOD)
    _, rows = sheet_rows(exports.render_monthly(m, "xlsx"))
    calls_row = next(r for r in rows if r[0] == "تماس‌های ثبت‌شده")
    assert calls_row[1:4] == [6, 1, pytest.approx(5.0)]
    share = next(r for r in rows if r[0] == "سهم راهنمایی در همان تماس (درصد)")
    assert share[1] == pytest.approx(33.33) and share[4] == pytest.approx(33.33)
    text = exports.render_monthly(m, "csv").decode("utf-8-sig")
    assert "تماس‌های ثبت‌شده,6,1,500.0," in text


def test_export_writes_the_file_and_records_it(data, supervisor, out):
    target = out / "نوع.xlsx"
    written = exports.export_report(supervisor, calls.by_request_type(PERIOD), target)
    assert written == target and load_workbook(target).active["A1"].value.startswith("تماس‌ها")
    entry = AuditEntry.select().where(AuditEntry.action == "export.report.calls-by-type").get()
    details = json.loads(entry.details)
    assert (
        details["format"] == "xlsx"
        and details["destination"] == str(target.resolve())
        and details["rows"] == 6
    )
    assert sorted(os.listdir(out)) == ["نوع.xlsx"]


def test_operators_cannot_export_reports(data, operator, out):
    with pytest.raises(PermissionDenied):
        exports.export_report(operator, calls.by_request_type(PERIOD), out / "x.pdf")
    assert not os.listdir(out)


@pytest.mark.parametrize(
    "make_path, message",
    [
        (lambda folder: folder / "missing" / "r.pdf", "وجود ندارد"),
        (lambda folder: folder, "یک پوشه است"),
        (lambda folder: folder / "file.txt" / "r.pdf", "پرونده است، نه پوشه"),
        (lambda folder: "/proc/r.pdf", "نمی‌توان نوشت"),
        (lambda folder: "", "مسیر پرونده"),
    ],
)
def test_unwritable_paths_are_refused_and_leave_nothing(data, supervisor, out, make_path, message):
    (out / "file.txt").write_text("x")
    target = make_path(out)
    with pytest.raises(ValidationError) as err:
        exports.export_report(supervisor, calls.by_request_type(PERIOD), target, "pdf")
    assert message in err.value.errors["output"]
    assert sorted(os.listdir(out)) == ["file.txt"]
    assert not AuditEntry.select().where(AuditEntry.action.startswith("export.")).exists()


def test_unknown_format_is_refused(data, supervisor, out):
    with pytest.raises(ValidationError) as err:
        exports.export_report(supervisor, calls.by_request_type(PERIOD), out / "r.docx")
    assert "format" in err.value.errors and not os.listdir(out)


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_partial(tmp_path, monkeypatch):
    target = tmp_path / "r.csv"
    target.write_bytes(b"old")

    def fail(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ValidationError) as err:
        write_atomic(target, b"new content")
    assert "جا روی دیسک نمانده است" in err.value.errors["output"]
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["r.csv"]


def test_periods_bad_dates_and_order():
    assert parse_period("۱۴۰۳/۱۲/۳۰", "1404/01/01").start == from_jalali(1403, 12, 30)  # 1403 is a leap year
    with pytest.raises(ValidationError) as err:
        parse_period("1405/12/31", "1406/01/10")
    assert "۱۴۰۵/۱۲/۳۱ وجود ندارد" in err.value.errors["date_from"]
    with pytest.raises(ValidationError) as err:
        parse_period("1405/08/30", "1405/08/01")
    assert "پیش از آغاز" in err.value.errors["date_to"]
    with pytest.raises(ValidationError) as err:
        parse_period("1405/13/01", "فردا")
    assert set(err.value.errors) == {"date_from", "date_to"}
    with pytest.raises(ValidationError):
        parse_period("1390/01/01", "1405/01/01")  # longer than ten years
