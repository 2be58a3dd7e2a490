"""Every action the services write has Persian words for the supervisor's audit page."""

import pathlib
import re

from app.domain.audit_labels import action_label

ROOT = pathlib.Path(__file__).resolve().parents[2] / "app"
KINDS = ("county", "agency", "category", "request_type")


def written_actions() -> set[str]:
    found = set()
    for path in ROOT.rglob("*.py"):
        for action in re.findall(
            r'audit\.record\(\s*[^,]+,\s*f?"([a-z_.{}]+)"', path.read_text(encoding="utf-8")
        ):
            if "{kind}" in action:
                found.update(action.replace("{kind}", k) for k in KINDS)
            elif "{" not in action:
                found.add(action)
    return found


def test_every_written_action_has_a_persian_label():
    actions = written_actions()
    assert "case.register" in actions and len(actions) > 30
    missing = sorted(a for a in actions if action_label(a) == a)
    assert not missing, missing


def test_labels_read_as_words():
    assert action_label("case.register") == "پرونده: ثبت"
    assert action_label("user.login_failed") == "کاربر: ورود ناموفق"
    assert action_label("something.unknown") == "something.unknown"
