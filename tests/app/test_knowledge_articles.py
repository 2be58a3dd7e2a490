"""Creating, editing, superseding and retiring articles: every version kept, every refusal at its field."""

import datetime as dt
import json

import pytest

from app.domain import jalali
from app.models import Article, ArticleVersion, AuditEntry
from app.services.errors import Conflict, PermissionDenied, ValidationError
from app.services.knowledge import knowledge, knowledge_search
from tests.app.knowledge_data import agency_id, answer, circular, mission


def test_create_normalises_and_keeps_version_one(supervisor):
    c = circular(supervisor, title="تقسيط بدهي", issuer="شركت آب")
    assert c.title == "تقسیط بدهی" and c.issuer == "شرکت آب" and c.number == "12345/100"
    assert c.issued_on == jalali.from_jalali(1403, 5, 12) and c.version == 1 and c.in_force
    versions = knowledge.list_versions(c.id)
    assert [(v.version, v.title) for v in versions] == [(1, "تقسیط بدهی")]
    assert versions[0].fields["number"] == "12345/100" and versions[0].saved_by == "ناظر نخست"
    assert AuditEntry.select().where(AuditEntry.action == "article.create").count() == 1


def test_every_edit_is_a_new_version_and_old_ones_stay(supervisor):
    a = answer(supervisor, "پاسخ نخست", "متن نخست")
    knowledge.update_article(supervisor, a.id, {"body": "متن دوم"})
    b = knowledge.update_article(supervisor, a.id, {"title": "پاسخ سوم"}, expected_version=2)
    assert b.version == 3 and b.body == "متن دوم"
    assert [(v.version, v.title, v.body) for v in knowledge.list_versions(a.id)] == [
        (3, "پاسخ سوم", "متن دوم"),
        (2, "پاسخ نخست", "متن دوم"),
        (1, "پاسخ نخست", "متن نخست"),
    ]
    entry = (
        AuditEntry.select().where(AuditEntry.action == "article.edit").order_by(AuditEntry.id.desc()).first()
    )
    assert json.loads(entry.details)["changes"] == {"title": ["پاسخ نخست", "پاسخ سوم"]}


def test_saving_without_a_change_makes_no_version(supervisor):
    a = answer(supervisor, "پاسخ", "متن")
    same = knowledge.update_article(supervisor, a.id, {"title": " پاسخ ", "body": "متن"})
    assert same.version == 1 and ArticleVersion.select().count() == 1


def test_a_stale_edit_is_refused(supervisor):
    a = answer(supervisor, "پاسخ", "متن")
    knowledge.update_article(supervisor, a.id, {"body": "متن تازه"})
    with pytest.raises(Conflict):
        knowledge.update_article(supervisor, a.id, {"body": "متن دیگر"}, expected_version=1)
    assert knowledge.get_article(a.id).body == "متن تازه"


def test_revert_to_an_old_version_is_a_new_version(supervisor):
    c = circular(supervisor)
    knowledge.update_article(supervisor, c.id, {"title": "عنوان اشتباه", "number": "999/1"})
    back = knowledge.revert_to_version(supervisor, c.id, 1)
    assert (back.title, back.number, back.version) == (c.title, c.number, 3)


@pytest.mark.parametrize(
    "field, over, message",
    [
        ("title", {"title": "  "}, "عنوان را بنویسید."),
        ("body", {"body": ""}, "متن را بنویسید."),
        ("number", {"number": ""}, "شماره بخشنامه را بنویسید."),
        ("issuer", {"issuer": ""}, "مرجع صادرکننده را بنویسید."),
        ("issued_on", {"issued_on": "1403/13/40"}, "وجود ندارد"),
        ("issued_on", {"issued_on": "دیروز"}, "۱۴۰۵/۰۹/۰۸"),
        ("issued_on", {"issued_on": jalali.today_local() + dt.timedelta(days=40)}, "در آینده"),
        ("kind", {"kind": "gossip"}, "نوع مقاله"),
        ("title", {"title": "x" * 301}, "بیش از ۳۰۰"),
        ("title", {"title": "عنوان\u202eوارونه"}, "جهت‌دهی"),
        ("agency_id", {"agency_id": 99999}, "در فهرست نیست"),
    ],
)
def test_bad_field_is_named_and_nothing_saved(supervisor, field, over, message):
    with pytest.raises(ValidationError) as err:
        circular(supervisor, **over)
    assert field in err.value.errors and message in err.value.errors[field]
    assert Article.select().count() == 0 and ArticleVersion.select().count() == 0
    assert knowledge_search.search("").total == 0


@pytest.mark.parametrize(
    "number, issuer",
    [
        ("12345/100", "شرکت آب و فاضلاب"),
        ("۱۲۳۴۵ / ۱۰۰", "شركت آب و فاضلاب"),
        ("١٢٣٤٥/١٠٠", "شرکت  آب و فاضلاب"),
    ],
)
def test_duplicate_circular_number_from_the_same_body_is_refused(supervisor, number, issuer):
    first = circular(supervisor)
    with pytest.raises(ValidationError) as err:
        circular(supervisor, number=number, issuer=issuer, title="عنوان دیگر")
    assert "پیش‌تر با عنوان «تقسیط بدهی قبوض آب» ثبت شده است" in err.value.errors["number"]
    assert Article.select().count() == 1
    knowledge.retire_article(supervisor, first.id)
    with pytest.raises(ValidationError) as err:
        circular(supervisor, number=number, issuer=issuer, title="عنوان دیگر")
    assert "از بایگانی برگردانید" in err.value.errors["number"]


def test_the_same_number_from_another_body_is_fine(supervisor):
    circular(supervisor)
    other = circular(supervisor, issuer="شرکت گاز")
    assert other.number == "12345/100"


def test_a_mission_needs_its_agency(supervisor):
    with pytest.raises(ValidationError) as err:
        knowledge.create_article(supervisor, {"kind": "mission", "title": "شرح وظایف", "body": "وظایف"})
    assert "دستگاهی" in err.value.errors["agency_id"]
    m = mission(supervisor)
    assert m.agency_id == agency_id() and m.agency_name.startswith("شرکت آب و فاضلاب")


def test_superseding_a_circular(supervisor):
    old = circular(supervisor)
    new = circular(supervisor, number="20000/100", title="تقسیط بدهی قبوض آب (ویرایش تازه)")
    replaced = knowledge.supersede(supervisor, old.id, new.id)
    assert not replaced.in_force and replaced.superseded_by_id == new.id
    assert replaced.superseded_by_label == "۲۰۰۰۰/۱۰۰ — تقسیط بدهی قبوض آب (ویرایش تازه)"
    assert knowledge.get_article(new.id).supersedes == (
        (old.id, knowledge.circular_label(old.number, old.title)),
    )
    with pytest.raises(ValidationError) as err:  # no loops
        knowledge.supersede(supervisor, new.id, old.id)
    assert "superseded_by_id" in err.value.errors
    with pytest.raises(ValidationError):
        knowledge.supersede(supervisor, old.id, old.id)
    a = answer(supervisor, "پاسخ", "متن")
    with pytest.raises(ValidationError):  # only by a circular
        knowledge.supersede(supervisor, old.id, a.id)


def test_retire_and_restore_keep_versions(supervisor):
    a = answer(supervisor, "پاسخ", "متن")
    retired = knowledge.retire_article(supervisor, a.id)
    assert not retired.active and retired.version == 2
    with pytest.raises(Conflict):
        knowledge.retire_article(supervisor, a.id)
    restored = knowledge.restore_article(supervisor, a.id)
    assert restored.active and restored.version == 3
    assert [v.fields["active"] for v in knowledge.list_versions(a.id)] == [True, False, True]


def test_only_supervisors_manage_articles(supervisor, operator):
    with pytest.raises(PermissionDenied):
        answer(operator, "پاسخ", "متن")
    a = answer(supervisor, "پاسخ", "متن")
    with pytest.raises(PermissionDenied):
        knowledge.update_article(operator, a.id, {"title": "دیگر"})
    with pytest.raises(PermissionDenied):
        knowledge.retire_article(operator, a.id)
