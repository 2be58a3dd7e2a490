"""Regenerate docs/screenshots from the real app at an operator's screen size.

    xvfb-run -s "-screen 0 1366x768x24" python -m tools.screenshots            # docs/screenshots, 1366×768
    python -m tools.screenshots --out /tmp/shots --size 1024x700 --check      # also list what does not fit

It makes a throwaway database with `samad demo` data, logs in as the demo supervisor (who sees every
section), opens the main window at the given size and saves one picture per section and tab, then one per
dialog (tools/screen_catalog.py lists them). Without a display it renders offscreen (the pictures are the
same, the fonts come from resources/). File names say what they show: main-<section>[-<tab>].png and
dialog-<name>.png.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _prepare_environment(home: str) -> None:
    os.environ["SAMAD_DATA_DIR"] = os.path.join(home, "data")
    os.environ["SAMAD_CONFIG_DIR"] = os.path.join(home, "config")
    os.environ["XDG_CONFIG_HOME"] = os.path.join(home, "xdg")  # QSettings: no saved geometry from a real user
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _slug(text: str) -> str:
    return text.replace("_", "-").lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--size", default="1366x768", help="the screen, WIDTHxHEIGHT (default 1366x768)")
    parser.add_argument("--calls", type=int, default=400, help="demo cases (default 400)")
    parser.add_argument("--check", action="store_true", help="print what does not fit at this size")
    parser.add_argument("--only", default="", help="only screens whose file name contains this")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    home = tempfile.mkdtemp(prefix="samad-shots-")
    _prepare_environment(home)

    from PySide6.QtCore import QRect, QSize, QThreadPool
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.services.admin import users
    from app.services.demo import run_demo
    from app.services.demo.people import DEMO_PASSWORD
    from tools.screen_catalog import (
        dialogs,
        find_samples,
        fit_problems,
        intake_scenes,
        session_desk_scene,
        walk_tabs,
    )
    from ui import window_state
    from ui.application import make_application, open_and_prepare
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.widgets.first_show import FIRST_BUILD_MS

    make_application(["samad-screenshots"])
    url = f"sqlite:///{home}/samad.db"
    open_and_prepare(url)
    run_demo(calls=args.calls)
    actor = users.login("supervisor", DEMO_PASSWORD)
    context = AppContext(actor, f"{home}/samad.db", url)
    samples = find_samples()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    size = QSize(width, height)
    saved, problems = [], []

    def settle(ms: int = FIRST_BUILD_MS + 50) -> None:  # a page builds its report once shown
        QTest.qWait(ms)  # timers, and pages QtPdf renders in its own thread
        # what a page loads off the interface thread (the dashboard's figures, a search), then its results
        QThreadPool.globalInstance().waitForDone(5000)
        QTest.qWait(30)

    def shoot(widget, name: str) -> None:
        settle()
        if args.check:
            problems.extend(f"{name}: {p}" for p in fit_problems(widget, size))
        if args.only and args.only not in name:
            return
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    window = MainWindow(context, "مرکز ارتباطات مردمی استان آذربایجان شرقی")
    window.resize(size)
    window.show()
    for section in list(window.sections):
        page = window.show_section(section.key)
        settle(400)  # the dashboard starts its first load 200 ms after it is made
        for tab in walk_tabs(page):
            shoot(window, "main-" + _slug(section.key) + (f"-{_slug(tab)}" if tab else ""))
    for scene in intake_scenes(window.show_section("intake")):
        shoot(window, f"main-intake-{scene}")
    window.close()
    governor = users.login("governor", DEMO_PASSWORD)  # the official's own desk, with a queue
    desk = session_desk_scene(AppContext(governor, f"{home}/samad.db", url))
    desk.resize(size)
    desk.show()
    shoot(desk, "main-session-desk")
    desk.close()
    for screen in dialogs():
        dialog = screen.build(context, samples, None)
        dialog.show()
        window_state.fit_to_screen(dialog, QRect(0, 0, width, height))  # as on a screen of that size
        settle(600)
        shoot(dialog, screen.name)
        dialog.close()
        dialog.deleteLater()
    print(f"{len(saved)} pictures in {out}")
    for problem in problems:
        print("does not fit:", problem)
    QApplication.processEvents()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
