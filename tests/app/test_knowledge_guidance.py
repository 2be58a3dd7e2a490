"""Guided closing from intake (the article is linked, the case closed as guided) and usage counts."""

import datetime as dt
import json

import pytest

from app.domain import jalali
from app.models import AuditEntry, Case, CaseArticle, Citizen
from app.services.cases import cases
from app.services.cases.case_status import reopen_case
from app.services.errors import Conflict, PermissionDenied, ValidationError
from app.services.knowledge import guidance, knowledge, knowledge_usage
from tests.app.knowledge_data import answer, call, circular


def test_guiding_a_registered_case_closes_it_and_links_the_article(supervisor, operator):
    article = circular(supervisor)
    info = cases.register_call(operator, call())
    guided = guidance.guide_case(operator, info.id, article.id, note="شرایط تقسیط گفته شد.")
    case = Case.get_by_id(info.id)
    assert (case.status, case.outcome, case.next_step) == ("guided", "guided", "guide")
    assert case.closed_at is not None and guided.closed_at == case.closed_at
    link = CaseArticle.get(CaseArticle.case == case.id)
    assert link.article_id == article.id and link.by_id == operator.user_id
    entry = AuditEntry.get((AuditEntry.action == "case.guide") & (AuditEntry.entity_id == str(case.id)))
    assert json.loads(entry.details)["note"] == "شرایط تقسیط گفته شد."
    assert AuditEntry.select().where(AuditEntry.action == "case.status").count() == 1


def test_a_case_closed_or_referred_is_refused_with_the_status_message(supervisor, operator):
    article = circular(supervisor)
    info = cases.register_call(operator, call())
    Case.update(status="referred").where(Case.id == info.id).execute()
    with pytest.raises(Conflict) as err:
        guidance.guide_case(operator, info.id, article.id)
    assert "ارجاع‌شده" in err.value.message
    assert CaseArticle.select().count() == 0 and Case.get_by_id(info.id).status == "referred"


def test_the_same_article_twice_is_refused_but_a_reopened_case_can_be_guided_again(supervisor, operator):
    article = circular(supervisor)
    other = answer(supervisor, "پاسخ دیگر", "متن")
    info = cases.register_call(operator, call())
    guidance.guide_case(operator, info.id, article.id)
    with pytest.raises(Conflict):
        guidance.guide_case(operator, info.id, article.id)
    guidance.guide_case(operator, info.id, other.id)  # a second article told in the same call
    reopen_case(operator, info.id, "شهروند دوباره تماس گرفت.")
    guidance.guide_case(operator, info.id, article.id)
    assert CaseArticle.select().where(CaseArticle.case == info.id).count() == 3
    assert Case.get_by_id(info.id).status == "guided"


def test_retired_and_superseded_articles_are_refused(supervisor, operator):
    old = circular(supervisor)
    new = circular(supervisor, number="20000/100", title="تقسیط تازه")
    knowledge.supersede(supervisor, old.id, new.id)
    retired = answer(supervisor, "کهنه", "متن")
    knowledge.retire_article(supervisor, retired.id)
    info = cases.register_call(operator, call())
    with pytest.raises(ValidationError) as err:
        guidance.guide_case(operator, info.id, old.id)
    assert (
        "دیگر معتبر نیست" in err.value.errors["article_id"] and "تقسیط تازه" in err.value.errors["article_id"]
    )
    with pytest.raises(ValidationError):
        guidance.guide_case(operator, info.id, retired.id)
    with pytest.raises(ValidationError):
        guidance.guide_case(operator, info.id, 99999)
    assert Case.get_by_id(info.id).status == "registered"


def test_a_call_registered_guided_by_an_article_is_all_or_nothing(supervisor, operator):
    article = circular(supervisor)
    guided = cases.register_call(operator, call(), guided_by=article.id, guidance_note="گفته شد.")
    assert guided.status == "guided"
    case = Case.get_by_id(guided.id)
    assert case.status == "guided" and case.outcome == "guided"
    assert case.contacts.get().note == "گفته شد."
    assert [link.article_id for link in case.articles] == [article.id]

    with pytest.raises(ValidationError) as err:  # bad call: nothing saved
        cases.register_call(
            operator, call(subject="", national_code="0012345678", phone=""), guided_by=article.id
        )
    assert "subject" in err.value.errors
    with pytest.raises(ValidationError):  # bad article: nothing saved either
        cases.register_call(operator, call(national_code="0012345679"), guided_by=99999)
    assert Case.select().count() == 1 and Citizen.select().count() == 1


def test_an_actor_without_an_account_cannot_guide(supervisor, operator):
    from app.cli.server import NO_ACCOUNT_YET

    article = circular(supervisor)
    info = cases.register_call(operator, call())
    with pytest.raises(PermissionDenied):
        guidance.guide_case(NO_ACCOUNT_YET, info.id, article.id)


def test_usage_counts_each_article_in_the_period(supervisor, operator, official):
    water = circular(supervisor)
    school = answer(supervisor, "ثبت‌نام مدارس", "سامانه")
    unused = answer(supervisor, "بی‌استفاده", "متن")
    for _ in range(3):
        cases.register_call(operator, call(), guided_by=water.id)
    cases.register_call(operator, call(), guided_by=school.id)
    old = cases.register_call(operator, call(), guided_by=school.id)
    CaseArticle.update(at=dt.datetime(2020, 1, 1)).where(CaseArticle.case == old.id).execute()
    today = jalali.today_local()
    rows = knowledge_usage.article_usage(official, today - dt.timedelta(days=1), today)
    assert [(r.article_id, r.count) for r in rows] == [(water.id, 3), (school.id, 1)]
    assert rows[0].last_used is not None
    everything = knowledge_usage.article_usage(supervisor, today, today, include_unused=True)
    assert (unused.id, 0) in [(r.article_id, r.count) for r in everything]
    with pytest.raises(PermissionDenied):
        knowledge_usage.article_usage(operator, today, today)
    with pytest.raises(ValidationError):
        knowledge_usage.article_usage(official, today, today - dt.timedelta(days=1))
