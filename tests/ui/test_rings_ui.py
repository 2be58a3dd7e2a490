"""Screen pop from the phone system, driven through the real entries: `samad call ring` over the local socket
(QLocalServer) and `GET /ring?number=…` over HTTP to the listener on 127.0.0.1 (QTcpServer). A ring brings the
window to intake with the phone filled and the caller's cases in the side panel, is kept in the ring log, and
the case saved from it is linked; «تماس‌های امروز» lists the rings and calls a waiting caller back."""

import os
import tempfile
import threading
import urllib.error
import urllib.request
import uuid

import pytest

from app import cli
from app.services.cases import cases, ring_link, rings
from tests.app.call_data import call
from ui.cases.incoming_calls import IncomingCalls
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def socket_name(monkeypatch):
    """A socket of the test's own (the real one is this OS user's: another app or test may hold it)."""
    name = os.path.join(tempfile.gettempdir(), f"samad-ring-test-{uuid.uuid4().hex[:10]}")
    monkeypatch.setenv(ring_link.SERVER_ENV, name)
    yield name
    if os.path.exists(name):
        os.unlink(name)


@pytest.fixture
def own_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("SAMAD_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def window(qtbot, ui_operator, own_settings):
    w = MainWindow(AppContext(ui_operator, "/tmp/samad-test.db"))
    qtbot.addWidget(w)
    w.resize(1366, 728)
    w.show()
    qtbot.waitExposed(w)
    assert w.current_section() != "intake"  # the phone rings while another section is open
    return w


def in_thread(qtbot, work):
    """Run a blocking client (the CLI, urllib) beside the Qt event loop that answers it; its result."""
    result = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: bool(result), timeout=15_000)
    thread.join()
    return result[0]


def test_samad_call_ring_pops_intake_with_the_callers_cases(qtbot, window, socket_name, ui_operator, capsys):
    earlier = cases.register_call(ui_operator, call(phone="09123456789"))
    incoming = IncomingCalls(window, window.context).start()
    assert incoming.receiver.local is not None and incoming.receiver.http is None  # listener off by default

    code = in_thread(qtbot, lambda: cli.main(["call", "ring", "۰۹۱۲ ۳۴۵ ۶۷۸۹", "--line", "۱۱۱"]))

    out, err = capsys.readouterr()
    assert code == 0, err
    assert "09123456789" in out
    page = window.pages["intake"]
    assert window.current_section() == "intake"
    assert page.form.phone.text() == "۰۹۱۲۳۴۵۶۷۸۹"
    assert page.focusWidget() is page.form.phone or not window.isActiveWindow()
    shown = [c.id for m in page.callers.matches for c in m.cases]
    assert earlier.id in shown  # the caller panel shows the caller's cases at once
    [ring] = rings.rings_of_day()
    assert (ring.number, ring.line, ring.user_id, ring.case_id) == (
        "09123456789",
        "111",
        ui_operator.user_id,
        None,
    )
    assert "تماس ورودی" in window.statusBar().currentMessage()

    page.form.set_values(call(phone="09123456789", subject="قطعی برق"))
    assert page.save(confirmed_new=True)
    assert rings.rings_of_day()[0].case_id == page.last_case.id  # the case registered from the ring


def test_a_ring_sets_a_half_typed_call_aside_with_undo(qtbot, window, socket_name):
    incoming = IncomingCalls(window, window.context).start()
    page = window.show_section("intake")
    page.form.set_values(call(phone="09350000000"))
    assert in_thread(qtbot, lambda: cli.main(["call", "ring", "04133334444"])) == 0
    assert page.form.phone.text() == "۰۴۱۳۳۳۳۴۴۴۴" and page.form.subject.text() == ""
    assert page.undo_button.isVisible()  # «بازگرداندن» brings the half-typed call back
    assert incoming.last.number == "04133334444"


def test_with_the_app_closed_the_command_says_so_in_persian(socket_name, capsys):
    code = cli.main(["call", "ring", "09123456789"])
    _, err = capsys.readouterr()
    assert code != 0
    assert "میز سامد روی این رایانه باز نیست" in err


def test_a_bad_number_is_refused_before_and_after_the_socket(qtbot, window, socket_name, capsys):
    IncomingCalls(window, window.context).start()
    assert cli.main(["call", "ring", "۰۹۱۲ناشناس"]) == 1
    assert "فقط رقم" in capsys.readouterr().err
    # a client that skips the command's check meets the same rule in the app
    reply = in_thread(qtbot, lambda: ring_link.send_ring("12ab", "111"))
    assert reply["ok"] is False and "فقط رقم" in reply["error"]
    assert rings.rings_of_day() == []


def test_one_receiver_per_user(qtbot, window, socket_name):
    first = IncomingCalls(window, window.context).start()
    second_window = MainWindow(window.context)
    qtbot.addWidget(second_window)
    second = IncomingCalls(second_window, window.context).start()
    assert first.receiver.local is not None and second.receiver.local is None  # the first keeps the rings
    assert in_thread(qtbot, lambda: cli.main(["call", "ring", "09123456789"])) == 0
    assert first.last is not None and second.last is None


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode("utf-8")


def test_the_listener_takes_a_get_request_when_turned_on(qtbot, window, socket_name, ui_supervisor):
    ring_link.save_listener_settings(ui_supervisor, True, 8111)
    incoming = IncomingCalls(window, window.context, port=0).start()  # port 0: any free port
    port = incoming.receiver.http_port
    assert port
    status, body = in_thread(
        qtbot, lambda: get(f"http://127.0.0.1:{port}/ring?number=%2B989123456789&line=111")
    )
    assert (status, body.strip()) == (200, "ok 09123456789")
    assert window.pages["intake"].form.phone.text() == "۰۹۱۲۳۴۵۶۷۸۹"
    assert [(r.number, r.line) for r in rings.rings_of_day()] == [("09123456789", "111")]

    status, body = in_thread(qtbot, lambda: get(f"http://127.0.0.1:{port}/ring?number=0912abc"))
    assert status == 400 and "فقط رقم" in body
    status, _ = in_thread(qtbot, lambda: get(f"http://127.0.0.1:{port}/other"))
    assert status == 404
    from_a_page = urllib.request.Request(
        f"http://127.0.0.1:{port}/ring?number=09120000000", headers={"Origin": "http://evil.example"}
    )
    status, _ = in_thread(qtbot, lambda: get(from_a_page))
    assert status == 403
    assert len(rings.rings_of_day()) == 1  # the refused requests kept nothing

    ring_link.save_listener_settings(ui_supervisor, False, 8111)  # turned off: the port closes at once
    window.context.events.announce(settings=True)
    assert incoming.receiver.http is None


def test_the_listener_is_off_by_default(qtbot, window, socket_name):
    assert ring_link.listener_settings().enabled is False
    incoming = IncomingCalls(window, window.context, port=0).start()
    assert incoming.receiver.http is None


def test_todays_rings_lists_and_calls_a_waiting_caller_back(qtbot, window, ui_operator):
    from ui.cases.todays_rings_dialog import WAITING

    answered = rings.record_ring(ui_operator, "09123456789", "111")
    rings.link_case(ui_operator, answered.id, cases.register_call(ui_operator, call()).id)
    waiting = rings.record_ring(ui_operator, "04133334444", "111")
    page = window.show_section("intake")
    assert "۱ بی‌پرونده" in page.rings.button.text()
    dialog = page.rings.show_list()
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == "۰۴۱۳۳۳۳۴۴۴۴" and model.index(0, 4).data() == WAITING
    dialog.waiting_only.setChecked(True)
    assert [r.id for r in model.rows] == [waiting.id]
    assert dialog.selected() == model.rows[0]  # the newest waiting caller is chosen already
    dialog.call_button.click()
    assert page.form.phone.text() == "۰۴۱۳۳۳۳۴۴۴۴"
    page.form.set_values(call(phone="04133334444", national_code=""))
    assert page.save(confirmed_new=True)
    assert rings.waiting_count() == 0 and page.rings.button.text() == "تماس‌های امروز"


def test_the_command_in_a_process_of_its_own_pops_the_app(qtbot, window, socket_name):
    """As MicroSIP runs it: a fresh process, no database, no login."""
    import subprocess
    import sys

    IncomingCalls(window, window.context).start()
    env = dict(os.environ, SAMAD_DATABASE_URL="sqlite:////nonexistent/never-opened.db")
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "call", "ring", "--line", "111", "09123456789"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=30_000)
    out, err = process.communicate()
    assert process.returncode == 0, err.decode()
    assert window.pages["intake"].form.phone.text() == "۰۹۱۲۳۴۵۶۷۸۹"


def test_the_phone_settings_tab_turns_the_listener_on_for_this_pc(qtbot, ui_supervisor, own_settings):
    from ui.admin.phone_settings_tab import PhoneSettingsTab

    tab = PhoneSettingsTab(AppContext(ui_supervisor, "/tmp/samad-test.db"))
    qtbot.addWidget(tab)
    assert not tab.enabled.isChecked() and tab.port.text() == "۸۱۱۱"
    tab.enabled.setChecked(True)
    tab.port.setText("80")
    assert not tab.save()
    assert "درگاه" in tab.errors._fields["port"][1].text()
    tab.port.setText("۹۱۱۱")
    with qtbot.waitSignal(tab.context.events.changes):  # the running listener follows at once
        assert tab.save()
    assert ring_link.listener_settings() == ring_link.ListenerSettings(True, 9111)
    assert "9111" in tab.url.text()


def test_after_logging_out_the_command_says_the_app_is_not_there(qtbot, window, socket_name, capsys):
    incoming = IncomingCalls(window, window.context).start()
    assert in_thread(qtbot, lambda: cli.main(["call", "ring", "09123456789"])) == 0
    window.log_out()  # the login comes back for the next person: nobody to hand a ring to
    assert incoming.receiver.local is None
    assert cli.main(["call", "ring", "09123456789"]) == 1
    assert "وارد آن نشده" in capsys.readouterr().err
