"""A case's timeline: contacts and audited changes in time order, merged from the sources app.wiring lists."""

import datetime as dt

from app import wiring
from app.models import Callback
from app.services.cases import case_edit, case_history, cases
from tests.app.call_data import call


def test_timeline_in_time_order_with_who(operator):
    info = cases.register_call(operator, call())
    cases.register_call(operator, call(attach_to=info.id, channel="in_person", description="با مدرک آمد"))
    case_edit.edit_case(operator, info.id, 1, {"subject": "قطعی آب محله"})
    Callback.create(
        case=info.id, operator=operator.user_id, reached=True, satisfaction="satisfied", comment="آب وصل شد"
    )
    entries = wiring.case_timeline(info.id)
    kinds = [e.kind for e in entries]
    assert kinds[:2] == ["contact", "change"] and kinds.count("contact") == 2 and kinds[-1] == "callback"
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    follow = next(e for e in entries if e.title.startswith("تماس پیگیری"))
    assert "حضوری" in follow.title and follow.detail == "با مدرک آمد" and follow.who == "کاربر operator1"
    edit = next(e for e in entries if e.title == "ویرایش پرونده")
    assert "«قطعی آب» ← «قطعی آب محله»" in edit.detail
    assert "راضی" in entries[-1].title


def test_merge_keeps_time_order_and_the_order_of_sources_at_the_same_instant(operator):
    info = cases.register_call(operator, call())
    late = case_history.TimelineEntry(dt.datetime(2030, 1, 1), "note", "یادداشت آزمایشی")
    same = [case_history.TimelineEntry(dt.datetime(2029, 1, 1), "note", name) for name in ("نخست", "دوم")]
    entries = case_history.merge(
        info.id, [lambda _: [late], lambda _: [same[1]], lambda _: [same[0]], case_history.contact_entries]
    )
    assert [e.title for e in entries[-3:]] == ["دوم", "نخست", "یادداشت آزمایشی"]
    assert entries[0].kind == "contact"


def test_the_timeline_lists_each_source_once():
    assert len(set(wiring.TIMELINE_SOURCES)) == len(wiring.TIMELINE_SOURCES)
    assert wiring.TIMELINE_SOURCES[-1] is not case_history.audit_entries  # the follow-up one refines it
