"""Take the guide's screenshots at 1366×768 from the real app on a demo database:

    QT_QPA_PLATFORM=offscreen python docs/guide/make_images.py

Writes docs/guide/images/*.png (the names the guide's pages use). Uses a throw-away SQLite file and data
folder, so no real data is touched."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "guide" / "images"
SIZE = (1366, 768)
sys.path.insert(0, str(ROOT))
_TMP = tempfile.mkdtemp(prefix="samad-guide-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SAMAD_DATA_DIR"] = os.path.join(_TMP, "data")
os.environ["SAMAD_CONFIG_DIR"] = os.path.join(_TMP, "config")


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from app.db import open_database
    from app.services.admin import users
    from app.services.admin.setup import init_database
    from app.services.demo import run_demo
    from app.services.demo.people import DEMO_PASSWORD
    from ui.application import make_application
    from ui.context import AppContext
    from ui.main_window import MainWindow

    app = make_application(["samad-guide"])
    url = f"sqlite:///{_TMP}/guide.db"
    init_database(open_database(url), official_holidays=True)
    run_demo(calls=3000, seed=1405)
    actor = users.login("supervisor", DEMO_PASSWORD)
    window = MainWindow(AppContext(actor, "samad.db", url), "مرکز ارتباطات مردمی (سامد ۱۱۱)")
    window.resize(*SIZE)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def settle(seconds: float = 2.5) -> None:  # pages load their figures in worker threads
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    def grab(name: str, widget=None) -> None:
        settle()
        (widget or window).grab().save(str(OUT / f"{name}.png"))
        print(OUT / f"{name}.png")

    for key, name in (
        ("dashboard", "dashboard"),
        ("intake", "intake"),
        ("calls", "calls"),
        ("knowledge", "knowledge"),
    ):
        window.show_section(key)
        grab(name)
    window.show_section("reports").run_report()  # the monthly report to the governor, this month
    grab("reports")
    referrals = window.show_section("referrals")
    for index, name in enumerate(("letters", "followup", "callbacks")):
        referrals.tabs.setCurrentIndex(index)
        grab(name)
    schedule = window.show_section("schedule")
    schedule.tabs.setCurrentWidget(schedule.month)
    grab("schedule")
    schedule.tabs.setCurrentWidget(schedule.session)
    grab("session")
    settings_page = window.show_section("settings")
    tabs = settings_page.tabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if "تعطیلی" in tabs.tabText(i)))
    grab("holidays")
    from app.models import Case
    from ui.letters.referral_order_dialog import ReferralOrderDialog

    case = Case.select().where(Case.status == "registered").order_by(Case.id.desc()).first()
    dialog = ReferralOrderDialog(window.context, case.id, window)
    dialog.show()
    grab("order-dialog", dialog)
    dialog.close()
    window.show_section("intake")
    help_window = window.show_help()
    help_window.resize(*SIZE)
    grab("help", help_window)
    QApplication.closeAllWindows()
    return 0


if __name__ == "__main__":
    sys.exit(main())
