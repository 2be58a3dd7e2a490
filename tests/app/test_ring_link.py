"""How a ring reaches the app, without Qt: the per-user socket name, the one-line protocol, and the listener's
rules for an HTTP request (only GET /ring, only to 127.0.0.1, never from a web page)."""

import pytest

from app.services.cases import ring_link
from app.services.errors import ValidationError


def head(target="/ring?number=09123456789&line=111", method="GET", **headers) -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1:8111"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return "\r\n".join(lines).encode("latin-1")


def test_the_socket_is_named_for_the_os_user(monkeypatch):
    monkeypatch.delenv(ring_link.SERVER_ENV, raising=False)
    monkeypatch.setattr(ring_link.getpass, "getuser", lambda: "sara/x")
    name = ring_link.server_name()
    assert name.endswith("samad-desk-ring-sara_x")  # the user is in the name, no path separator from it
    monkeypatch.setattr(ring_link.getpass, "getuser", lambda: "ali")
    assert ring_link.server_name() != name


def test_a_request_line_round_trips_and_garbage_is_refused():
    assert ring_link.decode_request(ring_link.encode_request("۰۹۱۲", "111").rstrip(b"\n")) == ("۰۹۱۲", "111")
    with pytest.raises(ValidationError):
        ring_link.decode_request(b"\xff not json")
    with pytest.raises(ValidationError):
        ring_link.decode_request(b'{"number": 912}')


def test_the_listener_takes_a_pbx_get():
    assert ring_link.parse_http_request(head()) == ring_link.HttpRing("09123456789", "111")
    plus = ring_link.parse_http_request(head("/ring?number=%2B98%20912%20345%206789"))
    assert plus.number == "+98 912 345 6789"
    typed = ring_link.parse_http_request(head(Sec_Fetch_Site="none"))  # typed into the address bar
    assert typed.number == "09123456789"


@pytest.mark.parametrize(
    "request_head, status",
    [
        (head(method="POST"), 405),
        (head("/other"), 404),
        (b"GARBAGE", 400),
        (head(Origin="https://example.com"), 403),
        (head(Sec_Fetch_Site="cross-site"), 403),  # an <img src> on a web page
        (head().replace(b"Host: 127.0.0.1:8111", b"Host: rebound.example:8111"), 403),  # DNS rebinding
    ],
)
def test_the_listener_refuses_what_is_not_a_pbx(request_head, status):
    with pytest.raises(ring_link.HttpRefused) as refused:
        ring_link.parse_http_request(request_head)
    assert refused.value.status == status


def test_the_listener_port_is_checked(db, supervisor, monkeypatch, tmp_path):
    monkeypatch.setenv("SAMAD_CONFIG_DIR", str(tmp_path))
    assert ring_link.listener_settings() == ring_link.ListenerSettings(False, ring_link.DEFAULT_PORT)
    with pytest.raises(ValidationError) as refused:
        ring_link.save_listener_settings(supervisor, True, "80")
    assert "port" in refused.value.errors
    assert ring_link.save_listener_settings(supervisor, True, "۹۰۰۱") == ring_link.ListenerSettings(
        True, 9001
    )
