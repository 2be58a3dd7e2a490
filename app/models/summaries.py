"""Summaries the reports read instead of a year of rows (migrations 23 and 25).

case_summary: per Tehran day of registration, one row per (dimension, item) with how many cases it counts,
how many of them were guided on the spot and how many are still open; «all» is also split by status and
outcome. A case counts once in every dimension: «all» (item ''), «type», «category», «county», «operator»,
«agency» (item '' for none), «channel» and «hour» (the local hour it was registered). The
services that change a counted field update it in the same transaction (app.services.cases.case_summary);
`samad rebuild-summaries` recomputes it from the cases.

accountability_summary: the agencies' accountability report's figures of the referrals issued on a Tehran day, per
agency, days to answer and «watch» day (the due date on which a referral still waiting becomes due or
overdue; far in the future for the others), kept by app.services.cases.accountability_summary.
"""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel


class CaseSummary(BaseModel):
    dimension = pw.CharField(max_length=10)
    day = pw.DateField()  # the Tehran day the case was registered
    item = pw.CharField(max_length=40)  # the id, channel or hour, as text; '' for «all» and for no agency
    status = pw.CharField(max_length=20)  # «all» only ('' in the other dimensions)
    outcome = pw.CharField(max_length=30)  # «all» only; '' while the case has none
    calls = pw.IntegerField()
    guided = pw.IntegerField()  # of them, guided on the spot
    open_calls = pw.IntegerField()  # of them, still open (registered, referred or answered)
    closing_seconds = (
        pw.BigIntegerField()
    )  # «all» only: the sum of whole seconds from registration to closing
    closed_dated = pw.IntegerField()  # «all» only: how many of the cases have a closing time

    class Meta:
        table_name = "case_summary"
        indexes = (
            (("dimension", "day", "item", "status", "outcome"), True),
            # the cases open now (the dashboard): the few rows of an open status, not every day's (migration 25)
            (("status", "dimension"), False),
        )


class AccountabilitySummary(BaseModel):
    day = pw.DateField()  # the Tehran day the referral's letter was issued
    agency_id = pw.IntegerField()
    days = pw.IntegerField()  # calendar days from issue to answer; -1 while unanswered
    watch = (
        pw.DateField()
    )  # the due date of a referral whose being due or overdue depends on today; else NEVER
    received = pw.IntegerField()
    answered = pw.IntegerField()
    on_time = pw.IntegerField()  # answered on or before the first due date
    due = pw.IntegerField()  # due whatever the day (answered, or reminded)
    due_after = pw.IntegerField()  # due once `watch` is past
    overdue_after = pw.IntegerField()  # overdue once `watch` is past (still waiting for the answer)
    reminders = pw.IntegerField()
    escalations = pw.IntegerField()
    # the citizens' verdicts on the answered (not re-routed) referrals
    satisfied = pw.IntegerField()
    partly = pw.IntegerField()
    not_satisfied = pw.IntegerField()

    class Meta:
        table_name = "accountability_summary"
        indexes = ((("day", "agency_id", "days", "watch"), True),)
