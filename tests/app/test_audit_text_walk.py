"""Every action the program records, done through the real services on a real database (SQLite and
PostgreSQL), reads in Persian on the audit page: the details of each entry, as app.services.admin.audit_text
shows them, hold no Latin letter and no ASCII digit, except inside what a person typed or the machine named
(user names, file paths, a computer's name), which is shown as it is."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.domain import jalali
from app.domain.audit_labels import action_label
from app.models import AuditEntry, Letter
from app.services.actor import SYSTEM
from app.services.admin import (
    audit,
    audit_chain,
    audit_export,
    audit_text,
    login_sessions,
    reference,
    settings,
    users,
)
from app.services.cases import case_edit, case_status, cases, rings
from app.services.errors import AuthenticationFailed
from app.services.followup import callbacks, closing, reminders
from app.services.knowledge import guidance, knowledge, knowledge_import
from app.services.letters import holidays, referrals
from app.services.reporting import exports
from app.services.schedule import attendance, officials, schedule, session_desk, sessions
from app.wiring import REPORTS_BY_KEY
from tests.app import knowledge_data
from tests.app.followup_helpers import GAS, answer, at, day, issue
from tests.app.letter_helpers import POWER, WATER, agency_id, order, register_case
from tests.app.schedule_data import make_officials
from tests.app.test_audit_labels import KINDS as REFERENCE_KINDS
from tests.app.test_audit_labels import written_actions
from tests.conftest import TEST_PASSWORD

LATIN_OR_ASCII_DIGIT = re.compile(r"[A-Za-z0-9]")

# Actions this walk does not reach, and why; their details are rendered in tests/app/test_audit_text.py from
# the shape their service writes.
NOT_WALKED = {
    "audit.triggers_restored": "needs a trigger dropped behind the program's back",
    "backup.restore": "replaces the database under the test (tests/app/test_backup.py)",
    "database.migrate": "copies the whole database to another one (tests/app/test_transfer.py)",
    "cli.refused": "written by the `samad` command's refusal (tests/app/test_cli_refusals.py)",
}


def walk(supervisor, operator, official, tmp_path, *, sqlite: bool) -> set[str]:
    """Do once each thing the services record; returns the user texts that are not Persian (shown as typed)."""
    as_typed = {"root", "operator1", "official1", "deputy2", str(tmp_path)}

    # people and their sessions
    users.create_user(supervisor, "deputy2", "official", "معاون دوم", TEST_PASSWORD, title="معاون")
    users.update_user(supervisor, "deputy2", title="معاون استاندار", role="official")
    users.reset_password(supervisor, "deputy2", "گذرواژه تازه ۱۲۳۴")
    deputy = users.login("deputy2", "گذرواژه تازه ۱۲۳۴")
    users.change_own_password(deputy, "گذرواژه تازه ۱۲۳۴", TEST_PASSWORD)
    with pytest.raises(AuthenticationFailed):
        users.login("deputy2", "نادرست")
    with pytest.raises(AuthenticationFailed):
        users.login("nobody", "نادرست")
    users.login("root", TEST_PASSWORD, via="cli")
    users.logout(deputy)
    mine = login_sessions.start(supervisor, "PC-SUPERVISOR")
    theirs = login_sessions.start(operator, "PC-07")
    login_sessions.end_session(supervisor, theirs, own_session_id=mine)
    as_typed |= {"PC-07", "PC-SUPERVISOR"}

    # reference data, settings, holidays
    item = reference.add_item(supervisor, "category", "حمل و نقل عمومی")
    reference.rename_item(supervisor, "category", item.id, "حمل‌ونقل عمومی")
    reference.set_active(supervisor, "category", item.id, False)
    reference.set_active(supervisor, "category", item.id, True)
    reference.delete_item(supervisor, "category", item.id)
    county = reference.add_item(supervisor, "county", "شهرستان آزمایشی")
    agency = reference.add_item(supervisor, "agency", "اداره آزمایشی", county_id=county.id)
    reference.update_item(supervisor, "agency", agency.id, recipient="مدیرکل محترم اداره آزمایشی")
    kind = reference.add_item(supervisor, "request_type", "پیشنهاد ویژه", code="special", due_days=10)
    reference.update_item(supervisor, "request_type", kind.id, due_days=12)
    reference.load_seed(supervisor)
    settings.update(supervisor, {"center_name": "مرکز سامد تبریز", "idle_lock_minutes": "20"})
    settings.update(supervisor, {"followup_signer": "official1"})
    holiday = holidays.add_holiday(supervisor, day(200), "تعطیلی آزمایشی")
    holidays.remove_holiday(supervisor, holiday.id)
    holidays.load_official_holidays(jalali.jalali_year(day(400)))

    # calls, rings, edits, contacts
    ring = rings.record_ring(operator, "۰۹۱۲ ۳۴۵ ۶۷۸۹", "111")
    case_id = register_case(operator)
    rings.link_case(operator, ring.id, case_id)
    detail = cases.case_detail(case_id)
    case_edit.edit_case(
        operator,
        case_id,
        detail.version,
        {"subject": "قطعی آب در کوی ۱۲", "caller_name": "علی رضایی‌نژاد", "channel": "in_person"},
    )
    cases.add_contact(operator, case_id, {"channel": "phone", "note": "شهروند دوباره زنگ زد."})

    # knowledge, guidance
    circular = knowledge_data.circular(supervisor)
    newer = knowledge_data.circular(supervisor, number="۱۲۳۴۶/۱۰۰", title="تقسیط تازه")
    knowledge.update_article(supervisor, circular.id, {"body": "متن دوم بخشنامه"})
    knowledge.supersede(supervisor, circular.id, newer.id)
    knowledge.retire_article(supervisor, newer.id)
    knowledge.restore_article(supervisor, newer.id)
    knowledge.revert_to_version(supervisor, circular.id, 1)
    answer_article = knowledge_data.answer(supervisor, "پاسخ قبض", "قبض را می‌توان قسطی پرداخت.")
    guided = register_case(operator, next_step="hold", national_code="", phone="09141112233")
    guidance.guide_case(operator, guided, answer_article.id, note="شرایط تقسیط گفته شد.")
    case_status.reopen_case(operator, guided, "راهنمایی بس نبود.")
    text = tmp_path / "circulars.txt"
    text.write_text("بخشنامه شماره ۴۵۶۷/۳۱۰ مورخ ۱۴۰۳/۰۲/۱۰\nبازدید رایگان\nمتن بخشنامه.\n", encoding="utf-8")
    knowledge_import.import_file(supervisor, text, issuer="فرمانداری تبریز")

    # referrals, letters, responses, reminders, escalation, re-route, call backs, closing
    drafts = referrals.prepare_draft(
        operator, case_id, order(agency_ids=[agency_id(WATER), agency_id(POWER)])
    )
    referrals.issue_drafts(official, [drafts[0].id])
    referrals.discard_draft(official, drafts[1].id) if _still_draft(drafts[1].id) else None
    r1 = issue(official, operator, WATER, 0, 10)
    referrals.correct_letter(
        official, r1.letter_id, {"instruction": "با فوریت بررسی شود."}, "دستور روشن‌تر شد."
    )
    r1_letter = Letter.select().where(Letter.referral == r1.id).order_by(Letter.id.desc()).get()
    answer(operator, r1.id, 3)
    callbacks.record_callback(
        operator, r1.case_id, {"reached": True, "satisfaction": "satisfied", "outcome": "resolved"}, now=at(4)
    )
    assert r1_letter.number
    r2 = issue(official, operator, WATER, 1, 11)
    answer(operator, r2.id, 13)
    callbacks.record_callback(operator, r2.case_id, {"reached": False, "comment": "پاسخ نداد."}, now=at(14))
    r3 = issue(official, operator, POWER, 0, 5)
    reminders.send_reminder(official, r3.id, now=at(6))
    reminders.send_reminder(official, r3.id, now=at(14))
    reminders.escalate(official, r3.id, "پاسخ نداد.", now=at(22))
    r4 = issue(official, operator, POWER, 3, 13)
    answer(
        official,
        r4.id,
        13,
        result="not_responsible",
        reroute={"agency_id": agency_id(GAS), "due_date": day(23)},
    )
    r5 = issue(official, operator, WATER, 0, 5)
    draft = reminders.prepare_draft(operator, r5.id, now=at(6))
    reminders.issue_drafts(official, [draft], now=at(6))
    r6 = issue(official, operator, WATER, 0, 5)
    dropped = reminders.prepare_draft(operator, r6.id, now=at(6))
    reminders.discard_draft(official, dropped)
    r7 = issue(official, operator, WATER, 0, 9)
    referrals.cancel_letter(official, r7.letter_id, "تکراری")
    r8 = issue(official, operator, GAS, 0, 9)
    closing.close_case(official, r8.case_id, "withdrawn", "شهروند درخواست را پس گرفت.", now=at(2))
    closing.close_case(
        operator,
        register_case(operator, next_step="hold", phone="09141112244"),
        "duplicate",
        "تکراری است.",
        duplicate_of=cases.case_detail(case_id).tracking_code,
    )

    # officials, the schedule, sessions
    ids = make_officials(supervisor)
    officials.update_official(supervisor, ids[0], {**_official(ids[0]), "title": "مدیرکل آب"})
    officials.set_active(supervisor, ids[2], False)
    officials.set_active(supervisor, ids[2], True)
    spare = officials.create_official(supervisor, {"full_name": "نوبت‌نداری", "title": "کارشناس"})
    officials.delete_official(supervisor, spare.id)
    start = jalali.today_local() + dt.timedelta(days=60)
    schedule.generate_rotation(supervisor, start, start + dt.timedelta(days=10), ids[:2], every=2)
    first = schedule.add_slot(
        supervisor, ids[0], start + dt.timedelta(days=20), dt.time(10), dt.time(11), "نوبت ویژه"
    )
    second = schedule.add_slot(supervisor, ids[1], start + dt.timedelta(days=22), dt.time(10), dt.time(11))
    schedule.move_slot(supervisor, first.id, start + dt.timedelta(days=21), dt.time(9), dt.time(10, 30))
    schedule.reassign_slot(supervisor, second.id, ids[2])
    schedule.swap_slots(supervisor, first.id, second.id)
    schedule.cancel_slot(supervisor, second.id, "مسئول در سفر است.")
    past = jalali.today_local() - dt.timedelta(days=3)
    if jalali.is_friday(past):
        past -= dt.timedelta(days=1)
    old = schedule.add_slot(supervisor, ids[1], past, dt.time(10), dt.time(11))
    attendance.record_outcome(supervisor, old.id, "absent", "خبر نداد.", today=jalali.today_local())
    schedule.add_slot(supervisor, ids[2], past, dt.time(12), dt.time(13))
    attendance.close_past_slots(supervisor)
    governor = officials.create_official(
        supervisor, {"full_name": "محمدرضا کریمی", "title": "استاندار", "username": "official1"}
    )
    session = sessions.check_in(official, governor.id)
    held = cases.register_call(operator, _call(next_step="hold", phone="09141112255"), session_id=session.id)
    session_desk.write_official_note(official, session.id, held.id, "به شهروند گفتم فردا پیگیری می‌شود.")
    session_desk.hold_for_follow_up(official, session.id, held.id, "خودم پیگیری می‌کنم.")
    other = register_case(operator, next_step="hold", phone="09141112266")
    sessions.take_up_held_case(official, session.id, other, "پیگیری شد.")
    session_desk.order_referral(
        official, session.id, other, {"agency_ids": [agency_id(WATER)], "instruction": "بررسی."}
    )
    third = register_case(operator, next_step="hold", phone="09141112277")
    session_desk.guide_and_close(official, session.id, third, "شهروند به بانک عامل راهنمایی شد.")
    sessions.check_out(official, session.id)

    # exports, reports, the audit trail itself, backup
    period_report = REPORTS_BY_KEY["outcomes"].build(supervisor, _period(), None)
    exports.export_report(supervisor, period_report, tmp_path / "outcomes.xlsx")
    audit_export.export(supervisor, audit_export.AuditFilter(), tmp_path / "trail.csv")
    audit.record_export(supervisor, "case_find", 3, "stdout", text="قطعی")
    audit.record_export(supervisor, "case_json", 1, "stdout", tracking_code="03000011")
    audit.record_export(supervisor, "letter_pdf", 1, str(tmp_path / "n.pdf"), number=r1_letter.number)
    audit.record_export(supervisor, "letter_list", 4, "stdout")
    audit_chain.check(supervisor)
    if sqlite:
        from app import db as app_db
        from app.services.admin import backup

        url = f"sqlite:///{app_db.database.obj.database}"
        backup.backup_to(SYSTEM, url, tmp_path / "b.db")
        backup.auto_backup(url, folder=tmp_path / "auto")
    return as_typed


def _still_draft(referral_id: int) -> bool:
    from app.models import Referral

    return Referral.get_by_id(referral_id).status == "draft"


def _official(official_id: int) -> dict:
    info = officials.get_official(official_id)
    return {field: getattr(info, field) for field in ("full_name", "title", "agency_id", "phone")}


def _call(**over) -> dict:
    from tests.app.session_data import call

    return call(**over)


def _period():
    from app.domain.period import Period

    today = jalali.today_local()
    return Period(today - dt.timedelta(days=30), today)


def _one_kind(action: str) -> str:
    """The reference lists (county, agency, category, request type) share their actions: one of each is enough."""
    entity, _, verb = action.partition(".")
    return f"{{kind}}.{verb}" if entity in REFERENCE_KINDS else action


def shown_text(entry: AuditEntry, as_typed: set[str]) -> str:
    row = audit._row(entry)
    text = re.sub("\u2068[^\u2069]*\u2069", "", audit_text.full_text(row.action, row.entity, row.details))
    for typed in sorted(as_typed, key=len, reverse=True):
        text = text.replace(typed, "")
    return text


def test_every_recorded_action_reads_in_persian(supervisor, operator, official, tmp_path, database_url):
    as_typed = walk(supervisor, operator, official, tmp_path, sqlite=database_url.startswith("sqlite"))
    entries = list(AuditEntry.select().order_by(AuditEntry.id))
    walked = {_one_kind(e.action) for e in entries}
    missing = {_one_kind(a) for a in written_actions()} - walked - set(NOT_WALKED)
    assert not missing, sorted(missing)
    latin = {}
    for entry in entries:
        text = shown_text(entry, as_typed)
        if LATIN_OR_ASCII_DIGIT.search(text):
            latin.setdefault(entry.action, (text, audit._row(entry).details))
        assert not LATIN_OR_ASCII_DIGIT.search(action_label(entry.action)), entry.action
    assert not latin, "\n".join(f"{a}: {t!r} from {d!r}" for a, (t, d) in sorted(latin.items()))
