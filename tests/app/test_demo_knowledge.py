"""The demo step: a few dozen real-sounding articles, and every guided demo case linked to one."""

from app.models import Article, Case, CaseArticle
from app.services.cases import cases
from app.services.demo import DemoContext, people
from app.services.demo import knowledge as demo_knowledge
from app.services.demo.knowledge_texts import ANSWERS, CIRCULARS, MISSIONS
from app.services.knowledge import knowledge_search
from tests.app.knowledge_data import call


def test_demo_articles_and_guided_links(operator):
    ctx = DemoContext(calls=0)
    people.run(ctx)
    guided = [cases.register_call(operator, call(next_step="guide", category_id=1)).id for _ in range(3)]
    cases.register_call(operator, call())  # registered, not guided: left alone
    summary = demo_knowledge.run(ctx)
    assert summary == {"articles": len(CIRCULARS) + len(MISSIONS) + len(ANSWERS), "guided cases linked": 3}
    assert 30 <= summary["articles"] <= 60
    assert sorted(link.case_id for link in CaseArticle.select()) == guided
    old = Article.get(Article.number == "4410/12")
    assert not old.in_force and old.superseded_by.number == "5102/12"
    assert knowledge_search.search("تقسیط بدهی قبوض آب").hits[0].number == "12345/100"
    assert demo_knowledge.run(ctx) == {"articles": 0, "guided cases linked": 0}  # a second run adds nothing
    assert Case.select().where(Case.status == "guided").count() == 3
