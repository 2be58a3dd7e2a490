"""Closing and reopening a case: with an outcome and a reason, from the command line too;
the referrals still waiting are withdrawn with it (no more reminders, not counted as unanswered)."""

import pytest

from app.cli import main
from app.models import AuditEntry, Case, Referral
from app.services.cases import case_status
from app.services.errors import ValidationError
from app.services.letters import referrals
from tests.app.letter_helpers import POWER, WATER, agency_id, order, register_case

pytestmark = pytest.mark.usefixtures("cli_login")  # `samad` logs the fixture supervisor in


def test_closing_a_referred_case_withdraws_its_waiting_referrals(operator, official):
    case_id = register_case(operator)
    referrals.issue_order(official, case_id, order(agency_ids=[agency_id(WATER), agency_id(POWER)]))
    case_status.close_case(official, case_id, "withdrawn", "شهروند درخواست را پس گرفت.")
    case = Case.get_by_id(case_id)
    assert (case.status, case.outcome) == ("closed", "withdrawn")
    assert {r.status for r in Referral.select().where(Referral.case == case_id)} == {"withdrawn"}
    assert AuditEntry.select().where(AuditEntry.action == "referral.withdraw").count() == 2


def test_a_duplicate_must_name_another_case(operator, official):
    first = register_case(operator)
    second = register_case(operator, subject="همان موضوع دوباره")
    with pytest.raises(ValidationError):
        case_status.close_case(official, second, "duplicate", "تکراری", duplicate_of="")
    with pytest.raises(ValidationError):
        case_status.close_case(
            official, second, "duplicate", "تکراری", duplicate_of=Case.get_by_id(second).tracking_code
        )
    case_status.close_case(
        official, second, "duplicate", "تکراری", duplicate_of=Case.get_by_id(first).tracking_code
    )
    assert Case.get_by_id(second).outcome == "duplicate"


def test_samad_case_close_and_reopen(operator, official, database_url, capsys):
    url = database_url
    case_id = register_case(operator)
    referrals.issue_order(official, case_id, order())
    code = Case.get_by_id(case_id).tracking_code
    assert (
        main(
            [
                "--database",
                url,
                "case",
                "close",
                code,
                "--outcome",
                "rejected_by_law",
                "--reason",
                "درخواست خلاف قانون است.",
                "--as",
                "official1",
            ]
        )
        == 0
    )
    assert Case.get_by_id(case_id).status == "closed"
    assert Referral.get(Referral.case == case_id).status == "withdrawn"
    assert main(["--database", url, "case", "reopen", code, "--reason", "مدارک تازه رسید."]) == 0
    assert Case.get_by_id(case_id).status == "registered"
    with pytest.raises(SystemExit):
        main(["--database", url, "case", "close", code, "--outcome", "whatever", "--reason", "x"])
