"""A case's timeline: contacts and audited changes in time order, extensible by other sections."""
import datetime as dt

from app.models import Callback
from app.services import case_edit, case_history, cases
from tests.app.call_data import call


def test_timeline_in_time_order_with_who(operator):
    info = cases.register_call(operator, call())
    cases.register_call(operator, call(attach_to=info.id, channel="in_person", description="با مدرک آمد"))
    case_edit.edit_case(operator, info.id, 1, {"subject": "قطعی آب محله"})
    Callback.create(case=info.id, operator=operator.user_id, reached=True, satisfaction="satisfied",
                    comment="آب وصل شد")
    entries = case_history.case_timeline(info.id)
    kinds = [e.kind for e in entries]
    assert kinds[:2] == ["contact", "change"] and kinds.count("contact") == 2 and kinds[-1] == "callback"
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    follow = next(e for e in entries if e.title.startswith("تماس پیگیری"))
    assert "حضوری" in follow.title and follow.detail == "با مدرک آمد" and follow.who == "کاربر operator1"
    edit = next(e for e in entries if e.title == "ویرایش پرونده")
    assert "«قطعی آب» ← «قطعی آب محله»" in edit.detail
    assert "راضی" in entries[-1].title


def test_other_sections_add_their_entries(operator):
    info = cases.register_call(operator, call())
    extra = case_history.TimelineEntry(dt.datetime(2030, 1, 1), "note", "یادداشت آزمایشی")
    case_history.register_source("test_notes", lambda case_id: [extra] if case_id == info.id else [])
    try:
        assert case_history.case_timeline(info.id)[-1] == extra
    finally:
        case_history.SOURCES.pop("test_notes")
