"""The follow-up demo step writes what the services would: consistent statuses, letters numbered without
gaps, reminders before escalations, and agencies that differ (some prompt, some slow)."""

import importlib

from peewee import fn

from app.domain import jalali
from app.domain.period import local_midnight_utc
from app.models import (
    AgencyResponse,
    AuditEntry,
    Callback,
    Case,
    Escalation,
    Letter,
    LetterCounter,
    Referral,
    Reminder,
)
from app.services.cases import case_summary
from app.services.demo import DemoContext
from app.services.followup import accountability


def test_demo_follow_up_is_consistent(db, supervisor):
    summary = {}
    ctx = DemoContext(calls=600, rate=1, seed=7)  # two years of a very quiet center: reminders fall due
    for step in ("people", "calls", "referrals", "followup", "numbering"):
        summary.update(importlib.import_module(f"app.services.demo.{step}").run(ctx))
    case_summary.rebuild()  # the steps write in batches, past the services that keep the summaries (as run_demo)
    assert summary["responses"] and summary["callbacks"] and summary["reminders"] and summary["escalations"]
    assert AgencyResponse.select().count() == summary["responses"]
    assert Callback.select().count() == summary["callbacks"]
    # statuses agree with the referrals (app.domain.followup.derived_status)
    waiting = Referral.select(Referral.case).where(Referral.status == "issued")
    assert not Case.select().where((Case.status == "answered") & Case.id.in_(waiting)).exists()
    assert not Case.select().where((Case.status == "referred") & Case.id.not_in(waiting)).exists()
    assert not Case.select().where((Case.status == "closed") & Case.closed_at.is_null()).exists()
    assert not Referral.select().where(Referral.answered_at < Referral.issued_at).exists()
    # every reminder extended the due date (the first one kept), every escalation followed two reminders
    reminded = Reminder.select(Reminder.referral).distinct()
    assert not Referral.select().where(Referral.id.in_(reminded) & Referral.first_due_date.is_null()).exists()
    for e in Escalation.select():
        assert Reminder.select().where(Reminder.referral == e.referral_id).count() >= 2
    # letters: gapless per year, follow-up letters point at their referral letter
    for counter in LetterCounter.select():
        serials = [x.serial for x in Letter.select(Letter.serial).where(Letter.year == counter.year)]
        assert sorted(serials) == list(range(1, counter.last_serial + 1))
    follow_ups = Letter.select().where(Letter.kind.in_(["reminder", "escalation"]))
    assert follow_ups.count() == Reminder.select().count() + Escalation.select().count()
    assert all(x.follows.kind == "referral" and x.follows.referral_id == x.referral_id for x in follow_ups)
    assert AuditEntry.select().where(AuditEntry.action == "referral.response").count() == summary["responses"]
    # agencies differ: the best and worst on-time shares are far apart
    first = Referral.select(fn.MIN(Referral.issued_at)).scalar()
    start = jalali.to_local(first).date()
    report = accountability.accountability_report(supervisor, start, jalali.today_local())
    assert local_midnight_utc(start) <= first
    shares = [f.on_time_pct for f in report.agencies if f.due >= 10]
    assert shares and max(shares) - min(shares) > 0.25
    assert (
        report.total.received
        == Referral.select().where(Referral.status.in_(["issued", "answered", "rerouted"])).count()
    )
    # the follow-up summary on each referral matches the records (what the accountability report reads)
    for r in Referral.select().where(Referral.status.in_(["issued", "answered"])):
        assert (r.reminder_count or 0) == Reminder.select().where(Reminder.referral == r.id).count()
        assert (r.escalated_at is not None) == Escalation.select().where(Escalation.referral == r.id).exists()
        if r.verdict:
            assert (
                Callback.select()
                .where((Callback.case == r.case_id) & (Callback.satisfaction == r.verdict))
                .exists()
            )
