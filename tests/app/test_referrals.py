"""Referral orders: who may prepare and issue them, one letter per agency, frozen content, bad input."""

import datetime as dt
import json

import pytest

from app.domain import jalali
from app.domain.letters import UNISSUED_NUMBER
from app.models import AuditEntry, Case, Holiday, Letter, LetterCounter, Referral, Setting, User
from app.services.errors import Conflict, PermissionDenied, ValidationError
from app.services.letters import holidays, letters, referrals
from tests import pdf_text
from tests.app.letter_helpers import POWER, WATER, agency_id, order, register_case


@pytest.fixture
def case_id(operator):
    return register_case(operator)


def serials():
    return [letter.serial for letter in Letter.select().order_by(Letter.serial)]


def test_issue_makes_one_referral_and_letter_per_agency(official, case_id):
    issued = referrals.issue_order(
        official, case_id, order(agency_ids=[agency_id(WATER), agency_id(POWER)], priority="urgent")
    )
    assert [r.agency_name for r in issued] == [WATER, POWER]
    assert Referral.select().where(Referral.status == "issued").count() == 2
    year = jalali.jalali_year(jalali.today_local())
    numbers = [r.letter_number for r in issued]
    assert numbers == [
        f"۱۱۱/{jalali.format_jalali(jalali.today_local())[:4]}/۰۰۰۰۱",
        f"۱۱۱/{jalali.format_jalali(jalali.today_local())[:4]}/۰۰۰۰۲",
    ]
    assert LetterCounter.get_by_id(year).last_serial == 2
    assert Case.get_by_id(case_id).status == "referred"
    content = json.loads(Letter.get_by_id(issued[0].letter_id).content)
    assert content["recipient"] == f"مدیرعامل محترم {WATER}"
    assert content["signer_name"] == "کاربر official1" and content["priority_label"] == "فوری"
    assert content["tracking_code"] == Case.get_by_id(case_id).tracking_code
    for value in ("علی رضایی", "۰۴۹۹۳۷۰۸۹۹", "۰۹۱۲۳۴۵۶۷۸۹", "تبریز", "بررسی و نتیجه اعلام شود."):
        assert value in content["body"]
    # each letter tells of the other agency of the same order, then the order's own copy recipients
    assert [c["name"] for c in content["cc"]] == [POWER, "دفتر بازرسی استانداری"]
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert (
        actions.count("letter.issue") == 2
        and actions.count("referral.issue") == 2
        and "case.status" in actions
    )


def test_operator_prepares_a_draft_and_cannot_issue(operator, official, case_id):
    with pytest.raises(PermissionDenied):
        referrals.issue_order(operator, case_id, order())
    assert Referral.select().count() == 0 and Letter.select().count() == 0
    drafts = referrals.prepare_draft(
        operator, case_id, order(agency_ids=[agency_id(WATER), agency_id(POWER)])
    )
    assert {d.status for d in drafts} == {"draft"} and Letter.select().count() == 0
    assert Case.get_by_id(case_id).status == "registered"
    assert [d.id for d in referrals.list_drafts()] == [d.id for d in drafts]
    with pytest.raises(PermissionDenied):
        referrals.issue_drafts(operator, [d.id for d in drafts])
    result = referrals.issue_drafts(official, [d.id for d in drafts])
    assert not result.failed and len(result.issued) == 2
    rows = list(Referral.select().order_by(Referral.id))
    assert [r.status for r in rows] == ["issued", "issued"]
    assert {r.prepared_by.username for r in rows} == {"operator1"} and {
        r.official.username for r in rows
    } == {"official1"}
    assert referrals.list_drafts() == [] and serials() == [1, 2]


def test_official_edits_a_draft_while_issuing(operator, official, case_id):
    drafts = referrals.prepare_draft(
        operator, case_id, order(agency_ids=[agency_id(WATER), agency_id(POWER)])
    )
    issued = referrals.issue_order(
        official, case_id, order(instruction="با قید فوریت رسیدگی شود."), draft_ids=[d.id for d in drafts]
    )
    assert [r.id for r in issued] == [drafts[0].id]  # the water draft became the issued referral
    assert Referral.get_by_id(drafts[1].id).status == "cancelled"  # the power draft was not chosen
    assert Referral.get_by_id(drafts[0].id).instruction == "با قید فوریت رسیدگی شود."


def _bad_template():
    Setting.insert(key="template.referral_body", value="شهروند {citizen_name} با {secret_field}").execute()


def _no_title():
    User.update(title="").where(User.username == "official1").execute()


@pytest.mark.parametrize(
    "field, change",
    [
        ("agency_ids", {"agency_ids": []}),
        ("instruction", {"instruction": "   "}),
        ("instruction", {"instruction": "بررسی شود 😀"}),
        ("instruction", {"instruction": "بررسی \u202eشود"}),
        ("due_date", {"due_date": dt.date(2020, 1, 1)}),
        ("priority", {"priority": "yesterday"}),
        ("cc", {"cc": [{"name": "", "purpose": "جهت اطلاع"}]}),
        ("template", _bad_template),
        ("signer_title", _no_title),
    ],
)
def test_bad_input_issues_nothing_and_consumes_no_number(official, case_id, field, change):
    referrals.issue_order(official, case_id, order())  # letter 1
    data = order()
    if callable(change):
        change()
    else:
        data.update(change)
    with pytest.raises(ValidationError) as err:
        referrals.issue_order(official, case_id, data)
    assert field in err.value.errors and err.value.errors[field]
    assert Letter.select().count() == 1 and Referral.select().count() == 1
    if field == "template":
        assert "{secret_field}" in err.value.errors["template"]
        Setting.delete().where(Setting.key == "template.referral_body").execute()
    if field == "signer_title":
        User.update(title="معاون استاندار").where(User.username == "official1").execute()
    referrals.issue_order(official, case_id, order())
    assert serials() == [1, 2]  # no gap


def test_unprintable_case_text_is_named(official, operator):
    case_id = register_case(operator, description="آب قطع است \u4e2d")
    with pytest.raises(ValidationError) as err:
        referrals.issue_order(official, case_id, order())
    assert "request_text" in err.value.errors and "\u4e2d" in err.value.errors["request_text"]
    assert Letter.select().count() == 0


def test_guided_case_cannot_be_referred(official, operator):
    case_id = register_case(operator, next_step="guide")
    Case.update(status="guided").where(Case.id == case_id).execute()
    with pytest.raises(ValidationError) as err:
        referrals.issue_order(official, case_id, order())
    assert "case" in err.value.errors and Letter.select().count() == 0


def test_default_due_date_counts_working_days_skipping_fridays_and_holidays(supervisor, official, case_id):
    saturday = dt.date(2026, 11, 28)  # ۷ آذر ۱۴۰۵
    assert saturday.weekday() == 5
    assert referrals.default_due_date(10, False, saturday) == dt.date(2026, 12, 8)
    # 10 working days from Saturday: Friday 4 Dec skipped
    assert referrals.default_due_date(10, True, saturday) == dt.date(2026, 12, 9)
    holidays.add_holiday(supervisor, dt.date(2026, 12, 1), "تعطیلی آزمایشی")
    assert referrals.default_due_date(10, True, saturday) == dt.date(2026, 12, 10)
    defaults = referrals.order_defaults(case_id)
    assert defaults.due_days == 10 and defaults.request_type == "شکایت"
    assert defaults.due_date == jalali.today_local() + dt.timedelta(days=10)


def test_due_date_left_out_takes_the_request_type_default(official, case_id):
    issued = referrals.issue_order(official, case_id, order(due_date=None))
    assert issued[0].due_date == jalali.today_local() + dt.timedelta(days=10)


def test_holidays_are_the_supervisors_and_audited(supervisor, operator):
    with pytest.raises(PermissionDenied):
        holidays.add_holiday(operator, dt.date(2027, 3, 21), "نوروز")
    info = holidays.add_holiday(supervisor, dt.date(2027, 3, 21), "عید نوروز")
    with pytest.raises(ValidationError) as err:
        holidays.add_holiday(supervisor, dt.date(2027, 3, 21), "دوباره")
    assert "date" in err.value.errors
    with pytest.raises(ValidationError):
        holidays.add_holiday(supervisor, dt.date(2027, 3, 22), "  ")
    assert [h.title for h in holidays.list_holidays(1406)] == ["عید نوروز"]
    holidays.remove_holiday(supervisor, info.id)
    assert Holiday.select().count() == 0
    assert [e.action for e in AuditEntry.select().where(AuditEntry.entity == "holiday")] == [
        "holiday.add",
        "holiday.remove",
    ]


def test_session_must_exist(official, case_id):
    with pytest.raises(ValidationError) as err:
        referrals.issue_order(official, case_id, order(), session_id=999)
    assert "session" in err.value.errors and Letter.select().count() == 0


def test_batch_reports_each_refused_draft_and_issues_the_rest(operator, official):
    good = register_case(operator)
    bad = register_case(operator, subject="موضوع دیگر")
    first = referrals.prepare_draft(operator, good, order())
    second = referrals.prepare_draft(operator, bad, order(due_date=jalali.today_local()))
    Referral.update(due_date=dt.date(2020, 1, 1)).where(Referral.id == second[0].id).execute()  # went stale
    seen = []
    result = referrals.issue_drafts(
        official, [first[0].id, second[0].id, 12345], progress=lambda done, total: seen.append((done, total))
    )
    assert [r.id for r in result.issued] == [first[0].id]
    assert set(result.failed) == {second[0].id, 12345} and "گذشته" in result.failed[second[0].id]
    assert seen[-1] == (2, 2) and serials() == [1]


def test_letters_are_listed_and_found_by_number(official, operator, case_id):
    issued = referrals.issue_order(official, case_id, order(agency_ids=[agency_id(WATER), agency_id(POWER)]))
    number = issued[1].letter_number
    from app.domain.text import to_ascii_digits

    assert letters.find_by_number(to_ascii_digits(number)) == issued[1].letter_id
    assert [r.number for r in letters.list_letters(letters.LetterFilter(agency_id=agency_id(POWER)))] == [
        number
    ]
    assert (
        len(
            letters.list_letters(
                letters.LetterFilter(date_from=jalali.today_local(), date_to=jalali.today_local())
            )
        )
        == 2
    )
    assert (
        letters.list_letters(letters.LetterFilter(date_to=jalali.today_local() - dt.timedelta(days=1))) == []
    )
    assert [r.number for r in letters.list_letters(letters.LetterFilter(text=to_ascii_digits(number)))] == [
        number
    ]
    assert len(letters.list_letters(letters.LetterFilter(text="رضایی"))) == 2
    assert letters.list_letters(letters.LetterFilter(status="cancelled")) == []
    with pytest.raises(Exception) as err:
        letters.find_by_number("111/1300/00001")
    assert "۱۱۱/۱۳۰۰/۰۰۰۰۱" in str(err.value)


def test_draft_can_be_discarded_but_not_twice(operator, case_id):
    draft = referrals.prepare_draft(operator, case_id, order())[0]
    referrals.discard_draft(operator, draft.id)
    assert Referral.get_by_id(draft.id).status == "cancelled"
    with pytest.raises(Conflict):
        referrals.discard_draft(operator, draft.id)


def test_an_order_is_previewed_before_it_is_issued_and_the_preview_takes_no_number(
    official, operator, case_id
):
    two = order(agency_ids=[agency_id(WATER), agency_id(POWER)])
    before = (
        Letter.select().count(),
        Referral.select().count(),
        LetterCounter.select().count(),
        AuditEntry.select().count(),
    )
    previews = referrals.preview_order(official, case_id, two)
    assert [p.agency_name for p in previews] == [WATER, POWER]
    assert all(p.content["number"] == UNISSUED_NUMBER for p in previews)
    found = pdf_text.words(previews[0].pdf())
    assert not pdf_text.missing_words(found, "شماره: پس از صدور")  # and «پیش‌نمایش» across the page
    assert (
        Letter.select().count(),
        Referral.select().count(),
        LetterCounter.select().count(),
        AuditEntry.select().count(),
    ) == before
    with pytest.raises(ValidationError):
        referrals.preview_order(official, case_id, dict(two, instruction=""))
    with pytest.raises(PermissionDenied):
        referrals.preview_order(operator, case_id, two)
    issued = referrals.issue_order(official, case_id, two)
    drawn = [json.loads(Letter.get_by_id(i.letter_id).content) for i in issued]
    for preview, content in zip(previews, drawn, strict=True):  # the issued letter is the one previewed
        assert {k: v for k, v in preview.content.items() if k not in ("number", "fields")} == {
            k: v for k, v in content.items() if k not in ("number", "fields")
        }
