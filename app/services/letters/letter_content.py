"""The frozen content of a letter: every field as printed, built once when the letter is issued.

The letter is rendered only from this dict (reports/letter.py), so editing the case, the agency, the
settings or the template later never changes an issued letter. The demo step builds its letters with
the same function, so demo letters look exactly like real ones.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.domain import jalali
from app.domain.letters import (
    DEFAULT_ATTACHMENTS,
    GREETING,
    PRIORITY_LABELS,
    Priority,
    fill_template,
)
from app.domain.text import to_persian_digits

CONTENT_FORMAT = 1
NOT_GIVEN = "اعلام نشده"


@dataclass(frozen=True)
class CaseFacts:
    """What a letter says about the case, as it stands when the letter is issued."""

    citizen_name: str
    national_code: str
    phone: str
    county: str
    tracking_code: str
    case_date: dt.date
    request_type: str
    subject: str
    request_text: str


def case_facts(case) -> CaseFacts:
    """The facts of a Case row (its citizen, county and request type are read through it)."""
    return CaseFacts(
        citizen_name=case.caller_name,
        national_code=case.caller_national_code or "",
        phone=case.caller_phone or "",
        county=case.county.name,
        tracking_code=case.tracking_code,
        case_date=case.created_at,
        request_type=case.request_type.name,
        subject=case.subject,
        request_text=case.description or case.subject,
    )


@dataclass(frozen=True)
class Signer:
    name: str
    title: str


def _id(value: str) -> str:
    return to_persian_digits(value) if value else NOT_GIVEN


def template_values(
    *,
    number: str,
    letter_date: str,
    facts: CaseFacts,
    agency_name: str,
    instruction: str,
    due_date: dt.date,
    priority: str,
    signer: Signer,
    settings: dict[str, str],
) -> dict[str, str]:
    """The value of every placeholder of the referral body (app.domain.letters.REFERRAL_PLACEHOLDERS)."""
    return {
        "citizen_name": facts.citizen_name,
        "national_code": _id(facts.national_code),
        "phone": _id(facts.phone),
        "county": facts.county,
        "tracking_code": _id(facts.tracking_code),
        "case_date": jalali.format_jalali(facts.case_date),
        "request_type": facts.request_type,
        "subject": facts.subject,
        "request_text": facts.request_text,
        "instruction": instruction,
        "due_date": jalali.format_jalali(due_date),
        "priority": PRIORITY_LABELS[Priority(priority)],
        "agency_name": agency_name,
        "signer_name": signer.name,
        "signer_title": signer.title,
        "letter_number": number,
        "letter_date": letter_date,
        "center_name": settings["center_name"],
        "governorate_name": settings["governorate_name"],
    }


_ATTACHMENT_SEPARATORS = re.compile(r"\s*[،,؛;\n]\s*")


def attachment_fields(attachments: str) -> dict:
    """The header's «پیوست» (how many, or «ندارد») and the named list printed under the letter: the order
    dialog takes the attachments' names separated by «،»."""
    names = [n for n in _ATTACHMENT_SEPARATORS.split(attachments or "") if n.strip()]
    if not names or names == [DEFAULT_ATTACHMENTS]:
        return {"attachments": DEFAULT_ATTACHMENTS, "attachment_names": []}
    return {"attachments": f"{to_persian_digits(str(len(names)))} مورد", "attachment_names": names}


def build_content(
    *,
    number: str,
    issued_at: dt.datetime,
    settings: dict[str, str],
    template: str,
    facts: CaseFacts,
    agency_name: str,
    recipient: str,
    instruction: str,
    due_date: dt.date,
    priority: str,
    signer: Signer,
    cc: list[dict],
    attachments: str = "",
    reference_lines: list[str] | None = None,
    logo_sha256: str = "",
    kind: str = "referral",
    extra_values: dict[str, str] | None = None,
) -> dict:
    """Every printed field of one letter, as plain JSON-able values. `extra_values` fills placeholders of
    other letter kinds' templates (e.g. the follow-up letters' «{first_letter_number}»)."""
    letter_date = jalali.format_jalali(issued_at)
    values = template_values(
        number=number,
        letter_date=letter_date,
        facts=facts,
        agency_name=agency_name,
        instruction=instruction,
        due_date=due_date,
        priority=priority,
        signer=signer,
        settings=settings,
    )
    values.update(extra_values or {})
    return {
        "format": CONTENT_FORMAT,
        "kind": kind,
        "number": number,
        "date": letter_date,
        **attachment_fields(attachments),
        "governorate_name": settings["governorate_name"],
        "center_name": settings["center_name"],
        "logo_sha256": logo_sha256,
        "priority": str(priority),
        "priority_label": PRIORITY_LABELS[Priority(priority)],
        "recipient": recipient,
        "agency_name": agency_name,
        "subject": f"{facts.request_type} درباره {facts.subject}",  # «موضوع: » is printed before it
        "reference_lines": list(reference_lines or []),
        "greeting": GREETING,
        "body": fill_template(template, values),
        "signer_name": signer.name,
        "signer_title": signer.title,
        "cc": [{"name": item["name"], "purpose": item.get("purpose", "")} for item in cc],
        "tracking_code": facts.tracking_code,
        "due_date": values["due_date"],
        "fields": values,
    }


def replaces_line(old_number: str, old_date: str) -> str:
    return f"این نامه جایگزین نامه شماره {old_number} مورخ {old_date} است و آن نامه باطل شد."
