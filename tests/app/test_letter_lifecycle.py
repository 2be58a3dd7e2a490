"""An issued letter never changes: later edits leave its content and PDF alone; it can be cancelled
(number never reused, PDF marked) or replaced by a corrected letter that refers to it."""

import json

import pytest

from app.models import AuditEntry, Case, Citizen, Letter, Referral, Setting
from app.services.admin import reference, settings
from app.services.errors import Conflict, PermissionDenied, ValidationError
from app.services.letters import letter_templates, letters, referrals
from tests import pdf_text
from tests.app.letter_helpers import WATER, agency_id, order, register_case


@pytest.fixture
def issued(official, operator):
    case_id = register_case(operator)
    return referrals.issue_order(official, case_id, order())[0]


def test_later_edits_leave_the_letter_and_its_pdf_unchanged(issued, operator, supervisor):
    letter = Letter.get_by_id(issued.letter_id)
    content_before, pdf_before = letter.content, letters.letter_pdf(letter.id)
    # the same caller calls again with another spelling and phone: the citizen record is updated
    register_case(operator, caller_name="علی‌اکبر رضایی", phone="09141112233", subject="موضوع دیگر")
    assert Citizen.get_by_id(Case.get_by_id(issued.case_id).citizen_id).phone == "09141112233"
    Case.update(subject="موضوع ویرایش‌شده", description="متن تازه").where(Case.id == issued.case_id).execute()
    settings.update(supervisor, {"center_name": "مرکز دیگر", "letter_number_format": "ن/{year}/{serial}"})
    letter_templates.save_template(supervisor, "template.referral_body", "متن تازه برای {citizen_name}")
    reference.rename_item(supervisor, "agency", agency_id(WATER), "شرکت آبفای استان")
    letter = Letter.get_by_id(issued.letter_id)
    assert letter.content == content_before
    assert letters.letter_pdf(letter.id) == pdf_before
    words = pdf_text.words(pdf_before)
    assert pdf_text.has_phrase(words, "علی رضایی") and not pdf_text.has_phrase(words, "ویرایش‌شده")


def test_printing_again_gives_the_same_bytes(issued):
    assert letters.letter_pdf(issued.letter_id) == letters.letter_pdf(issued.letter_id)


def test_cancel_needs_an_official_and_a_reason(issued, operator, official, supervisor):
    with pytest.raises(PermissionDenied):
        referrals.cancel_letter(operator, issued.letter_id, "اشتباه")
    with pytest.raises(PermissionDenied):
        referrals.cancel_letter(supervisor, issued.letter_id, "اشتباه")
    with pytest.raises(ValidationError) as err:
        referrals.cancel_letter(official, issued.letter_id, "  ")
    assert "reason" in err.value.errors
    assert Letter.get_by_id(issued.letter_id).status == "issued"


def test_cancelled_letter_keeps_its_number_and_prints_marked(issued, official):
    before = letters.letter_pdf(issued.letter_id)
    row = referrals.cancel_letter(official, issued.letter_id, "نام دستگاه اشتباه بود")
    assert row.status == "cancelled" and row.cancel_reason == "نام دستگاه اشتباه بود"
    letter = Letter.get_by_id(issued.letter_id)
    assert letter.cancelled_by.username == "official1" and letter.cancelled_at is not None
    assert Referral.get_by_id(issued.id).status == "cancelled"
    assert Case.get_by_id(issued.case_id).status == "registered"  # no letter left for it
    pdf = letters.letter_pdf(issued.letter_id)
    assert pdf != before
    words = pdf_text.words(pdf)
    assert pdf_text.has_phrase(words, "باطل شد") and pdf_text.has_phrase(words, "نام دستگاه اشتباه بود")
    assert not pdf_text.has_phrase(before, "باطل")
    with pytest.raises(Conflict):
        referrals.cancel_letter(official, issued.letter_id, "دوباره")
    # the number is never reused: the next letter takes the next one
    following = referrals.issue_order(official, issued.case_id, order())[0]
    assert Letter.get_by_id(following.letter_id).serial == 2
    assert AuditEntry.select().where(AuditEntry.action == "letter.cancel").count() == 1


def test_corrected_letter_is_a_new_letter_referring_to_the_old(issued, official, operator):
    old = Letter.get_by_id(issued.letter_id)
    # the letter states the caller's details as the case holds them (not the citizen's latest)
    Case.update(caller_phone="09145556677").where(Case.id == issued.case_id).execute()
    new_due = issued.due_date
    with pytest.raises(PermissionDenied):
        referrals.correct_letter(operator, old.id, order(instruction="متن اصلاح‌شده"))
    info = referrals.correct_letter(
        official,
        old.id,
        order(instruction="متن اصلاح‌شده", due_date=new_due),
        reason="شماره تماس شهروند اصلاح شد",
    )
    assert info.id == issued.id and info.letter_id != old.id
    new = Letter.get_by_id(info.letter_id)
    assert new.replaces_id == old.id and new.serial == old.serial + 1 and new.referral_id == old.referral_id
    old = Letter.get_by_id(old.id)
    assert old.status == "cancelled" and new.number in old.cancel_reason
    content = json.loads(new.content)
    assert old.number in content["reference_lines"][0]
    assert "۰۹۱۴۵۵۵۶۶۷۷" in content["body"] and "متن اصلاح‌شده" in content["body"]
    assert json.loads(old.content)["fields"]["phone"] == "۰۹۱۲۳۴۵۶۷۸۹"  # the old letter is as it was
    assert (
        Referral.get_by_id(issued.id).status == "issued"
        and Case.get_by_id(issued.case_id).status == "referred"
    )
    assert letters.get_letter(old.id).replaced_by_ids == [new.id]
    with pytest.raises(Conflict):
        referrals.correct_letter(official, old.id, order())


def test_bad_correction_changes_nothing(issued, official):
    with pytest.raises(ValidationError):
        referrals.correct_letter(official, issued.letter_id, order(instruction=""))
    assert Letter.get_by_id(issued.letter_id).status == "issued" and Letter.select().count() == 1


def test_template_with_unknown_placeholder_is_refused_naming_it(supervisor, operator):
    with pytest.raises(ValidationError) as err:
        letter_templates.save_template(
            supervisor, "template.referral_body", "سلام {citizen_name} و {national_id}"
        )
    assert "{national_id}" in err.value.errors["template"]
    with pytest.raises(ValidationError) as err:  # the settings service refuses it as well
        settings.update(supervisor, {"template.referral_body": "{citizen_nam}"})
    assert "{citizen_nam}" in err.value.errors["template.referral_body"]
    for bad in ("سلام {", "{citizen_name!r}", "{}", "{citizen_name:>20}", "نماد ☃"):
        with pytest.raises(ValidationError):
            letter_templates.save_template(supervisor, "template.referral_body", bad)
    with pytest.raises(PermissionDenied):
        letter_templates.save_template(operator, "template.referral_body", "{citizen_name}")
    assert Setting.get_or_none(Setting.key == "template.referral_body") is None


def test_saved_template_is_used_for_the_next_letter(supervisor, official, operator):
    info = letter_templates.save_template(
        supervisor,
        "template.referral_body",
        "پرونده {tracking_code} از {citizen_name}:\n{instruction} (مهلت {due_date})",
    )
    assert not info.is_default and "citizen_name" in info.placeholders
    case_id = register_case(operator)
    issued = referrals.issue_order(official, case_id, order())[0]
    body = json.loads(Letter.get_by_id(issued.letter_id).content)["body"]
    assert body.startswith("پرونده ") and "علی رضایی:\nبررسی و نتیجه اعلام شود." in body
    assert letter_templates.reset_template(supervisor).is_default


def _png(width: int, height: int) -> bytes:
    """A small blue square as PNG bytes (no image library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((31, 59, 87)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_logo_is_kept_with_the_letter(tmp_path, supervisor, official, operator):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(48, 48))
    settings.update(supervisor, {"logo_path": str(logo)})
    case_id = register_case(operator)
    first = referrals.issue_order(official, case_id, order())[0]
    content = json.loads(Letter.get_by_id(first.letter_id).content)
    assert len(content["logo_sha256"]) == 64
    pdf = letters.letter_pdf(first.letter_id)
    logo.unlink()  # the file is gone (or this is another PC): the stored logo still prints
    assert letters.letter_pdf(first.letter_id) == pdf
    second = referrals.issue_order(official, case_id, order())[0]
    assert json.loads(Letter.get_by_id(second.letter_id).content)["logo_sha256"] == content["logo_sha256"]
    settings.update(supervisor, {"logo_path": ""})
    third = referrals.issue_order(official, case_id, order())[0]
    assert json.loads(Letter.get_by_id(third.letter_id).content)["logo_sha256"] == ""
