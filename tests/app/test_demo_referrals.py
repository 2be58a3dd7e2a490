"""`samad demo` issues orders and letters for a realistic share of its cases, with consistent counters."""

import json

from app.models import Case, Letter, LetterCounter, Referral, User
from app.services.demo import DemoContext, numbering, people
from app.services.demo import calls as demo_calls
from app.services.demo import referrals as demo_referrals
from app.services.letters import letters, referrals
from tests import pdf_text
from tests.app.letter_helpers import order


def test_demo_letters_are_gapless_consistent_and_new_letters_continue(db):
    # calls.py caches its INSERT text without the parameter style: a SQLite run before a PostgreSQL one in the
    # same process would hand PostgreSQL "?" placeholders (reported to the calls register)
    getattr(demo_calls, "_SQL_CACHE", {}).clear()
    ctx = DemoContext(calls=400, rate=2, seed=7)  # a quiet center: most of a year
    people.run(ctx)
    demo_calls.run(ctx)
    summary = demo_referrals.run(ctx)
    numbering.run(ctx)  # the letters are written once their numbers are final
    assert summary["referral_letters"] == Letter.select().count() > 150
    referred_cases = Case.select().where(Case.status.in_(["referred", "answered", "closed"])).count()
    assert (
        Referral.select(Referral.case).where(Referral.status == "issued").distinct().count() <= referred_cases
    )
    for counter in LetterCounter.select():
        serials = [
            row.serial
            for row in Letter.select(Letter.serial).where(Letter.year == counter.year).order_by(Letter.serial)
        ]
        assert serials == list(range(1, counter.last_serial + 1))
    # numbers rise with time
    rows = list(
        Letter.select(Letter.issued_at, Letter.year, Letter.serial).order_by(Letter.issued_at, Letter.id)
    )
    assert all((a.year, a.serial) < (b.year, b.serial) for a, b in zip(rows, rows[1:], strict=False))
    # letters are signed by the demo officials, to the agency the case concerns
    signers = {u.username for u in User.select().join(Letter, on=(Letter.issued_by == User.id)).distinct()}
    assert signers <= {"governor", "deputy1", "deputy2", "dg1"} and len(signers) >= 3
    sample = Letter.select().order_by(Letter.id.desc()).first()
    referral = sample.referral
    case = referral.case
    assert referral.agency_id in (
        case.agency_id,
        *[
            a.id
            for a in type(referral.agency).select().where(type(referral.agency).kind == "county_governorate")
        ],
    )
    pdf = letters.letter_pdf(sample.id)
    assert pdf_text.has_phrase(pdf, case.citizen.full_name) and pdf_text.has_phrase(pdf, case.tracking_code)
    assert json.loads(sample.content)["signer_title"]
    # a real letter continues the year's numbers without a gap
    official = referrals.Actor.from_user(User.get(User.username == "deputy2"))
    open_case = (
        Case.select().where(Case.status.in_(["registered", "referred"]) & (Case.next_step == "refer")).first()
    )
    info = referrals.issue_order(official, open_case.id, order())[0]
    year = Letter.get_by_id(info.letter_id).year
    assert Letter.get_by_id(info.letter_id).serial == LetterCounter.get_by_id(year).last_serial
    assert Letter.select().where(Letter.year == year).count() == LetterCounter.get_by_id(year).last_serial
