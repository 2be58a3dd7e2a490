"""The ring log (rings): the number checked once for every way in, each ring kept with its time, line and user,
the case registered from it linked once, and today's list in Tehran days. On SQLite and PostgreSQL."""

import datetime as dt

import pytest

from app.domain.period import local_midnight_utc
from app.domain.roles import Role
from app.models import AuditEntry, Ring
from app.services.actor import Actor
from app.services.admin import changes
from app.services.cases import cases, rings
from app.services.errors import NotFound, PermissionDenied, ValidationError
from tests.app.call_data import call


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("۰۹۱۲۳۴۵۶۷۸۹", "09123456789"),  # Persian digits
        ("09123456789", "09123456789"),
        ("+98 912 345-6789", "09123456789"),  # as a trunk sends it
        ("9123456789", "09123456789"),  # without the leading zero
        ("(041) 3333-4444", "04133334444"),
        ("٣٣٣٣٤٤٤٤", "33334444"),  # Arabic-Indic digits; a local number without its area code stays as given
        ("201", "201"),  # an internal extension
    ],
)
def test_numbers_in_any_digits_are_stored_as_intake_types_them(typed, stored):
    assert rings.clean_number(typed) == stored


@pytest.mark.parametrize(
    "typed, words",
    [
        ("", "نیامده"),
        ("anonymous", "پنهان"),  # MicroSIP passes the SIP user of a withheld number
        ("0912abc", "فقط رقم"),
        ("12", "۳ تا ۱۵ رقم"),
        ("1234567890123456", "۳ تا ۱۵ رقم"),
        ("+", "نیامده"),
    ],
)
def test_a_bad_number_is_refused_in_persian(typed, words):
    with pytest.raises(ValidationError) as refused:
        rings.clean_number(typed)
    assert words in refused.value.errors["number"]


def test_a_bad_line_is_refused():
    assert rings.clean_line(" ۱۱۱ ") == "111"
    with pytest.raises(ValidationError) as refused:
        rings.clean_line("خط یک")
    assert "line" in refused.value.errors


def test_a_ring_is_kept_with_its_time_line_and_user(operator):
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    ring = rings.record_ring(operator, "۰۹۱۲ ۳۴۵ ۶۷۸۹", "111")
    row = Ring.get_by_id(ring.id)
    assert (row.number, row.line, row.user_id, row.case_id) == ("09123456789", "111", operator.user_id, None)
    assert before - dt.timedelta(seconds=5) <= row.at <= before + dt.timedelta(minutes=1)
    assert ring.user_name == "کاربر operator1" and not ring.registered
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.entity_id) == ("ring.record", str(ring.id))


def test_a_bad_number_keeps_nothing(operator):
    with pytest.raises(ValidationError):
        rings.record_ring(operator, "نامعلوم", "111")
    assert Ring.select().count() == 0


def test_a_script_account_cannot_record_rings(db):
    service = Actor(None, "nightly", "پشتیبان شبانه", Role.SERVICE)
    with pytest.raises(PermissionDenied):
        rings.record_ring(service, "09123456789")


def test_the_case_registered_from_a_ring_is_linked_once(operator):
    ring = rings.record_ring(operator, "09123456789", "111")
    first = cases.register_call(operator, call())
    linked = rings.link_case(operator, ring.id, first.id)
    assert linked.registered and linked.case_id == first.id and linked.tracking_code == first.tracking_code
    second = cases.register_call(operator, call(subject="قطعی برق", national_code=""))
    assert rings.link_case(operator, ring.id, second.id).case_id == first.id  # the first case stays
    with pytest.raises(NotFound):
        rings.link_case(operator, ring.id + 99, first.id)
    with pytest.raises(NotFound):
        rings.link_case(operator, ring.id, first.id + 99)


def test_todays_list_is_newest_first_and_tells_who_waits(operator):
    answered = rings.record_ring(operator, "09123456789", "111")
    waiting = rings.record_ring(operator, "04133334444", "111")
    rings.link_case(operator, answered.id, cases.register_call(operator, call()).id)
    today = rings.rings_of_day()
    assert [r.id for r in today] == [waiting.id, answered.id]
    assert [r.id for r in rings.rings_of_day(waiting_only=True)] == [waiting.id]
    assert rings.waiting_count() == 1


def test_a_day_is_a_tehran_day(operator):
    """A ring at 23:59 Tehran time belongs to that day, one at 00:00 to the next (UTC is 3:30 behind)."""
    day = dt.date(2026, 12, 1)
    midnight = local_midnight_utc(day + dt.timedelta(days=1))
    late = rings.record_ring(operator, "09123456789")
    early = rings.record_ring(operator, "09123456780")
    Ring.update(at=midnight - dt.timedelta(minutes=1)).where(Ring.id == late.id).execute()
    Ring.update(at=midnight).where(Ring.id == early.id).execute()
    assert [r.id for r in rings.rings_of_day(day)] == [late.id]
    assert [r.id for r in rings.rings_of_day(day + dt.timedelta(days=1))] == [early.id]
    assert rings.waiting_count(day) == 1


def test_rings_do_not_make_every_pc_reload(operator):
    cursor = changes.start()
    ring = rings.record_ring(operator, "09123456789", "111")
    rings.link_case(operator, ring.id, cases.register_call(operator, call()).id)
    batch = changes.since(cursor)
    assert not batch.other and batch.case_ids  # the case is news; the ring and its link are not


def test_a_caller_who_rang_again_is_answered_by_the_one_case(operator):
    first = rings.record_ring(operator, "09123456789", "111")
    other = rings.record_ring(operator, "04133334444", "111")
    again = rings.record_ring(operator, "۰۹۱۲۳۴۵۶۷۸۹", "111")
    case = cases.register_call(operator, call())
    rings.link_case(operator, again.id, case.id)
    assert {r.id: r.case_id for r in rings.rings_of_day()} == {
        first.id: case.id,
        other.id: None,
        again.id: case.id,
    }
