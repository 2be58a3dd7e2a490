"""Intake, as the operator feels it: from pressing Enter on a filled call to the form being empty
with the cursor in the phone box and the tracking code on screen, on the demo database (offscreen Qt).

Each run types a different caller (a fresh phone and national code), so recognition and the duplicate check
do their real work; the knowledge base's suggestions are part of the page as in the app.
"""

from __future__ import annotations

import os

from benchmarks.harness import Result, median_ms


def run(url: str, calls: int) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.db import close_database, open_database
    from app.models import Agency, Category, County, User
    from app.services.actor import Actor
    from ui.application import make_application
    from ui.cases.intake_page import CallIntakePage
    from ui.context import AppContext

    app = make_application(["samad-bench"])
    open_database(url)
    actor = Actor.from_user(User.select().where(User.role == "operator").first())
    page = CallIntakePage(AppContext(actor, url, url))
    page.resize(1366, 700)
    page.show()
    app.processEvents()
    county = County.select().first().id
    category = Category.select().first().id
    agency = Agency.select().first().id

    def save(i: int) -> None:
        n = 500_000 + i + 10
        page.form.set_values(
            {
                "phone": f"0914{n:07d}",
                "national_code": "",
                "caller_name": "شهروند آزمایشی",
                "county_id": county,
                "request_type": "complaint",
                "category_id": category,
                "agency_id": agency,
                "subject": "قطعی آب",
                "description": "آب محله قطع است.",
                "channel": "phone",
                "next_step": "refer",
            }
        )
        assert page.save(confirmed_new=True)
        app.processEvents()
        assert page.form.phone.text() == "" and page.focusWidget() is page.form.phone

    ms = median_ms(save, runs=21)
    page.close()
    page.deleteLater()
    app.processEvents()  # gone before Python's teardown (a live page there can crash the interpreter)
    close_database()
    return [Result("intake: Enter to ready for the next call", ms, 21, target_ms=300)]
