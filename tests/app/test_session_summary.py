"""The session summary page: the hour's figures against its slot, the calls and the orders, on one page."""

import datetime as dt

import pytest

from app.models import Case
from app.services.cases import cases
from app.services.schedule import officials, schedule, sessions
from app.services.schedule.session_summary import session_summary, session_summary_pdf
from tests import pdf_text
from tests.app.schedule_data import azar, tehran
from tests.app.session_data import call, order


@pytest.fixture
def governor(supervisor, official):
    info = officials.create_official(
        supervisor, {"full_name": "محمدرضا کریمی", "title": "استاندار", "username": "official1"}
    )
    schedule.add_slot(supervisor, info.id, azar(8), dt.time(10), dt.time(11))
    return info


def test_the_summary_counts_the_hour_against_its_slot(official, governor, operator):
    session = sessions.check_in(official, now=tehran(azar(8), 10, 5))
    guided = cases.register_call(
        operator, call(next_step="guide", phone="09141110001"), session_id=session.id
    )
    referred = cases.register_call(
        operator, call(phone="09141110002", subject="قطع برق"), session_id=session.id
    )
    order(referred.id, operator.user_id, session.id, issued=False)
    sessions.check_out(official, session.id, now=tehran(azar(8), 11, 20))
    summary = session_summary(session.id)
    assert (summary.minutes, summary.slot_minutes) == (75, 60)
    assert (
        len(summary.calls),
        summary.callers,
        summary.guided,
        len(summary.orders),
        summary.letters_issued,
    ) == (2, 2, 1, 1, 0)
    assert Case.get_by_id(guided.id).status == "guided"
    pages = pdf_text.page_texts(session_summary_pdf(session.id))
    assert len(pages) == 1
    found = pdf_text.text_words(pages[0])
    for phrase in (
        "خلاصه جلسه پاسخگویی محمدرضا کریمی",
        "مدت حضور در مرکز 1:15",
        "مدت نوبت برنامه 1:00",
        "تماس‌های پاسخ‌داده 2",
        "راهنمایی و مختومه در همان تماس 1",
        "دستورهای ارجاع 1",
        "قطع برق",
        "پیش‌نویس صادر نشده",
        "ورود 10:05",
        "خروج 11:20",
    ):
        assert not pdf_text.missing_words(found, phrase), phrase
