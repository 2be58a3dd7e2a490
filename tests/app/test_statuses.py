"""Statuses are enums with one Persian label map each, and the stored values are the enums' values."""

import pytest

from app.domain import status
from app.domain.attendance import SLOT_STATUS_LABELS, SlotStatus
from app.domain.followup import SATISFACTION_LABELS, Satisfaction
from app.models import AttendanceSlot, Case, Letter, Referral


@pytest.mark.parametrize(
    ("enum", "labels"),
    [
        (status.CaseStatus, status.STATUS_LABELS),
        (status.ReferralStatus, status.REFERRAL_STATUS_LABELS),
        (status.LetterStatus, status.LETTER_STATUS_LABELS),
        (status.Outcome, status.OUTCOME_LABELS),
        (SlotStatus, SLOT_STATUS_LABELS),
        (Satisfaction, SATISFACTION_LABELS),
    ],
)
def test_every_status_has_one_distinct_persian_label(enum, labels):
    assert set(labels) == set(enum)
    assert len(set(labels.values())) == len(labels)
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in text) for text in labels.values())


def test_the_models_store_the_enum_values():
    assert set(Referral.STATUSES) == {s.value for s in status.ReferralStatus}
    assert set(AttendanceSlot.STATUSES) == {s.value for s in SlotStatus}
    assert Referral.status.default == status.ReferralStatus.DRAFT
    assert Letter.status.default == status.LetterStatus.ISSUED
    assert Case.status.default == status.CaseStatus.REGISTERED


def test_a_stored_value_the_program_does_not_know_reads_as_itself():
    assert status.label(status.REFERRAL_STATUS_LABELS, status.ReferralStatus, "issued") == "در انتظار پاسخ"
    assert status.label(status.REFERRAL_STATUS_LABELS, status.ReferralStatus, "archived") == "archived"
    assert status.label(status.REFERRAL_STATUS_LABELS, status.ReferralStatus, None) == ""
