"""`samad schedule …`, `samad report attendance` and the demo step for officials, slots and sessions."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.domain import jalali
from app.models import AttendanceSlot, Case, Contact, Official, OfficialSession, Referral, User
from app.services.cases import cases
from app.services.demo import DemoContext
from app.services.demo import people as demo_people
from app.services.demo import schedule as demo_schedule
from app.services.schedule import schedule
from tests.app.schedule_data import AZAR, make_officials
from tests.app.session_data import call, order
from tests.pdf_text import has_phrase

pytestmark = pytest.mark.usefixtures("cli_login")  # commands log in as «root» (see conftest)


def test_cli_generate_list_export(database_url, supervisor, tmp_path, capsys):
    a, b, c = make_officials(supervisor)
    assert (
        main(
            [
                "--database",
                database_url,
                "schedule",
                "generate",
                "--month",
                "۱۴۰۵/۰۹",
                "--officials",
                f"{a},{b},{c}",
                "--start",
                "۹:۳۰",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "13 slots planned" in out and "1405/09/01\tیکشنبه\t09:30 تا 10:30\tاحمد امینی" in out
    assert (
        main(
            ["--database", database_url, "schedule", "generate", "--month", "1405/09", "--officials", f"{a}"]
        )
        == 1
    )  # the month already has a schedule
    assert "replace" in capsys.readouterr().err
    assert (
        main(["--database", database_url, "schedule", "generate", "--month", "1405/10", "--officials", ""])
        == 1
    )
    assert "دست‌کم یک مسئول" in capsys.readouterr().err
    assert (
        main(["--database", database_url, "schedule", "list", "--from", "1405/09/01", "--to", "1405/09/05"])
        == 0
    )
    assert capsys.readouterr().out.count("در برنامه") == 3
    pdf, xlsx = tmp_path / "s.pdf", tmp_path / "s.xlsx"
    assert main(["--database", database_url, "schedule", "export", "--month", "1405/09", "-o", str(pdf)]) == 0
    assert has_phrase(pdf.read_bytes(), "برنامه حضور مسئولان در مرکز آذر 1405")
    assert (
        main(
            [
                "--database",
                database_url,
                "schedule",
                "export",
                "--month",
                "1405/09",
                "--format",
                "xlsx",
                "-o",
                str(xlsx),
            ]
        )
        == 0
    )
    assert load_workbook(xlsx).active.max_row == 14
    assert main(["--database", database_url, "official", "list"]) == 0
    assert "احمد امینی" in capsys.readouterr().out


def test_cli_attendance_report(database_url, supervisor, tmp_path, capsys):
    ids = make_officials(supervisor)
    schedule.generate_rotation(supervisor, *AZAR, ids)
    assert (
        main(
            ["--database", database_url, "report", "attendance", "--from", "1405/09/01", "--to", "1405/09/30"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "گزارش حضور مسئولان در مرکز — آذر ۱۴۰۵" and "احمد امینی" in out
    for fmt in ("pdf", "xlsx", "csv"):
        target = tmp_path / f"a.{fmt}"
        assert (
            main(
                [
                    "--database",
                    database_url,
                    "report",
                    "attendance",
                    "--from",
                    "1405/09/01",
                    "--to",
                    "1405/09/30",
                    "--format",
                    fmt,
                    "-o",
                    str(target),
                ]
            )
            == 0
        )
        assert target.stat().st_size > 0
    assert (
        main(
            ["--database", database_url, "report", "attendance", "--from", "1405/09/30", "--to", "1405/09/01"]
        )
        == 1
    )
    assert "پیش از آغاز" in capsys.readouterr().err


def test_demo_step_makes_officials_schedule_and_sessions(db):
    ctx = DemoContext(calls=0)
    demo_people.run(ctx)
    summary = demo_schedule.run(ctx)
    assert summary["officials"] == 11 and summary["sessions"] > 20
    linked = {o.user.username for o in Official.select().where(Official.user.is_null(False))}
    assert linked == {"governor", "deputy1", "deputy2", "dg1"}
    assert Official.select().where(Official.user.is_null() & Official.agency.is_null(False)).count() == 7
    today = jalali.today_local()
    past = AttendanceSlot.select().where(AttendanceSlot.date < today)
    statuses = {s.status for s in past}
    assert statuses == {"attended", "late", "absent", "cancelled"}
    assert AttendanceSlot.select().where(AttendanceSlot.date > today + dt.timedelta(days=30)).exists()
    assert not OfficialSession.select().where(OfficialSession.checked_out_at.is_null()).exists()
    held = OfficialSession.select().where(OfficialSession.slot.is_null(False))
    assert all(s.checked_out_at > s.checked_in_at and s.slot.status in ("attended", "late") for s in held)
    start = min(s.date for s in AttendanceSlot.select())
    assert schedule.find_conflicts(start, today + dt.timedelta(days=90)) == []
    assert demo_schedule.run(ctx) == {"attendance_slots": 0}  # a second run adds nothing


def test_demo_links_the_days_calls_and_orders_to_sessions(db):
    ctx = DemoContext(calls=0)
    demo_people.run(ctx)
    demo_schedule.run(ctx)
    operator = User.get(User.username == "operator1")
    from app.services.actor import Actor

    actor = Actor.from_user(operator)
    session = OfficialSession.select().order_by(OfficialSession.checked_in_at.desc()).first()
    inside = cases.register_call(actor, call())
    Case.update(created_at=session.checked_in_at + dt.timedelta(minutes=5)).where(
        Case.id == inside.id
    ).execute()
    referral = order(inside.id, operator.id, None)
    Referral.update(created_at=session.checked_in_at + dt.timedelta(minutes=10)).where(
        Referral.id == referral
    ).execute()
    calls, orders = demo_schedule._link_work(ctx, session)
    assert (calls, orders) == (1, 1)
    assert Case.get_by_id(inside.id).session_id == session.id
    assert Contact.get(Contact.case == inside.id).session_id == session.id
    assert Referral.get_by_id(referral).session_id == session.id
