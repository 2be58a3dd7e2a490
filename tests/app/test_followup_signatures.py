"""Signatures are real: a follow-up letter (reminder, escalation) prints the name and title of an official who
may sign it, checked when it is issued: the official who presses the button, or, for an operator or a
supervisor, the standing signer (the center's head) the supervisor named. The letters list shows the signer
printed on the letter and, separately, who pressed the button; the audit entry names both."""

import json

import pytest

from app.models import AuditEntry, Letter, LetterCounter, Reminder
from app.services.admin import settings, users
from app.services.errors import PermissionDenied, ValidationError
from app.services.followup import reminders
from app.services.letters import letters
from tests import pdf_text
from tests.app.followup_helpers import at, issue
from tests.app.letter_helpers import WATER
from tests.conftest import make_user

HEAD_TITLE = "رئیس مرکز ارتباطات مردمی"


@pytest.fixture
def overdue(operator, official):
    """An issued referral, overdue on day 6 (due on day 5)."""
    return issue(official, operator, WATER, 0, 5)


@pytest.fixture
def head(db, supervisor):
    return make_user("head", "official", title=HEAD_TITLE)


def state():
    return (
        Letter.select().count(),
        Reminder.select().count(),
        [c.last_serial for c in LetterCounter.select()],
    )


def test_an_operator_without_a_standing_signer_cannot_issue_a_follow_up_letter(operator, supervisor, overdue):
    before, entries = state(), AuditEntry.select().count()
    for who in (operator, supervisor):
        with pytest.raises(PermissionDenied, match="مسئول امضا و صادر می‌کند"):
            reminders.chase(who, overdue.id, now=at(6))
    assert state() == before and AuditEntry.select().count() == entries  # nothing changed


def test_an_official_signs_the_follow_up_letter_they_issue(official, overdue):
    info = reminders.chase(official, overdue.id, now=at(6))
    letter = Letter.get_by_id(info.letter_id)
    content = json.loads(letter.content)
    assert (content["signer_name"], content["signer_title"]) == (official.full_name, official.title)
    assert letter.issued_by_id == official.user_id
    row = letters.letter_rows([letter.id])[0]
    assert row.signer_name == row.issued_by_name == official.full_name


def test_the_standing_signer_signs_what_an_operator_issues(supervisor, operator, official, head, overdue):
    settings.update(supervisor, {"followup_signer": "HEAD"})  # a username is case-insensitive
    assert settings.get("followup_signer") == "head"
    info = reminders.chase(operator, overdue.id, now=at(6))
    letter = Letter.get_by_id(info.letter_id)
    content = json.loads(letter.content)
    assert (content["signer_name"], content["signer_title"]) == (head.full_name, HEAD_TITLE)
    assert letter.issued_by_id == operator.user_id  # who pressed the button
    row = letters.letter_rows([letter.id])[0]
    assert (row.signer_name, row.issued_by_name) == (head.full_name, operator.full_name)
    entry = AuditEntry.get((AuditEntry.action == "letter.issue") & (AuditEntry.entity_id == str(letter.id)))
    assert entry.username == "operator1" and json.loads(entry.details)["signer"] == "head"
    pdf = letters.letter_pdf(letter.id)
    assert pdf_text.has_phrase(pdf, head.full_name) and pdf_text.has_phrase(pdf, HEAD_TITLE)
    assert not pdf_text.has_phrase(pdf, official.full_name)  # not the referral letter's signer


def test_the_standing_signers_role_is_checked_when_the_letter_is_issued(supervisor, operator, head, overdue):
    settings.update(supervisor, {"followup_signer": "head"})
    users.update_user(supervisor, "head", role="operator")  # no longer an official
    before = state()
    with pytest.raises(PermissionDenied, match="مسئول نیست"):
        reminders.chase(operator, overdue.id, now=at(6))
    users.update_user(supervisor, "head", role="official", active=False)
    with pytest.raises(PermissionDenied, match="غیرفعال"):
        reminders.chase(operator, overdue.id, now=at(6))
    assert state() == before


@pytest.mark.parametrize(
    "name, message", [("operator1", "مسئول نیست"), ("root", "مسئول نیست"), ("nobody", "کاربری با نام")]
)
def test_only_an_active_official_with_a_title_can_be_named(supervisor, operator, name, message):
    with pytest.raises(ValidationError) as err:
        settings.update(supervisor, {"followup_signer": name})
    assert message in err.value.errors["followup_signer"]
    assert settings.get("followup_signer") == ""
    with pytest.raises(PermissionDenied):
        settings.update(operator, {"followup_signer": "official1"})


def test_an_operator_prepares_drafts_that_an_official_issues_in_a_batch(operator, official, overdue):
    from app.models import FollowUpDraft
    from app.services.errors import Conflict

    second = issue(official, operator, WATER, 0, 5)
    assert not reminders.can_sign_followup(operator) and reminders.can_sign_followup(official)
    before = state()
    drafts = [reminders.prepare_draft(operator, r.id, now=at(6)) for r in (overdue, second)]
    assert state() == before  # a draft takes no number and issues no letter
    with pytest.raises(Conflict, match="در انتظار صدور"):
        reminders.prepare_draft(operator, overdue.id, now=at(6))
    rows = reminders.pending_drafts()
    assert [(r.id, r.kind, r.prepared_by_name) for r in rows] == [
        (drafts[0], "reminder", operator.full_name),
        (drafts[1], "reminder", operator.full_name),
    ]
    with pytest.raises(PermissionDenied):
        reminders.issue_drafts(operator)
    batch = reminders.issue_drafts(official, now=at(6))
    assert len(batch.done) == 2 and not batch.failed and reminders.pending_drafts() == []
    for info, draft_id in zip(batch.done, drafts, strict=True):
        letter = Letter.get_by_id(info.letter_id)
        assert json.loads(letter.content)["signer_name"] == official.full_name
        assert letter.issued_by_id == official.user_id
        draft = FollowUpDraft.get_by_id(draft_id)
        assert (draft.status, draft.letter_id, draft.closed_by_id) == ("issued", letter.id, official.user_id)
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.entity == "referral")]
    assert actions.count("referral.followup_draft") == 2


def test_an_official_issuing_one_referral_closes_its_draft(operator, official, overdue):
    from app.models import FollowUpDraft

    draft = reminders.prepare_draft(operator, overdue.id, now=at(6))
    info = reminders.chase(official, overdue.id, now=at(6))
    assert FollowUpDraft.get_by_id(draft).letter_id == info.letter_id
    other = issue(official, operator, WATER, 0, 5)
    dropped = reminders.prepare_draft(operator, other.id, now=at(6))
    reminders.discard_draft(official, dropped)
    assert FollowUpDraft.get_by_id(dropped).status == "discarded" and reminders.pending_drafts() == []
