"""How a ring reaches the running app: the local socket's name, the command line's client, the listener's HTTP
request and its per-PC setting. No Qt here: the app's side (QLocalServer, QTcpServer) is ui/cases/ring_receiver.py.

The local socket. One per OS user: its name carries the user name, so two people on one terminal server each get
their own app's rings. On Windows it is a named pipe (\\\\.\\pipe\\samad-desk-ring-USER); elsewhere a Unix socket
file in the user's runtime folder ($XDG_RUNTIME_DIR, else the temporary folder), readable by its owner only
(the app listens with QLocalServer's UserAccessOption). The protocol is one line of JSON each way:
`{"number": "…", "line": "…"}` in, `{"ok": true, "number": "09…"}` or `{"ok": false, "error": "…"}` back.

The listener (off by default; per PC, in settings.json): HTTP on 127.0.0.1 only, `GET /ring?number=…&line=…`
for phone systems that call a URL. A request a web page made (it carries Origin or a Sec-Fetch-Site other than
"none") or that names another host (DNS rebinding) is refused, so a site open in the browser cannot pop screens.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import socket
import tempfile
import urllib.parse
from dataclasses import dataclass

from app import local_settings
from app.domain.text import to_ascii_digits, to_persian_digits
from app.services.actor import Actor, require
from app.services.errors import ServiceError, ValidationError

SERVER_ENV = "SAMAD_RING_SERVER"  # another name (tests, a second copy of the app for trying things out)
DEFAULT_PORT = 8111
PORTS = (1024, 65535)
MAX_MESSAGE = 4096  # bytes of one request on the socket or of an HTTP request's head
NOT_RUNNING = (
    "میز سامد روی این رایانه باز نیست (یا کسی وارد آن نشده است)؛ شماره به برنامه نرسید. "
    "برنامه را باز کنید و وارد شوید."
)


class AppNotRunning(ServiceError):
    def __init__(self):
        super().__init__(NOT_RUNNING)


def server_name() -> str:
    """The local socket's name for this OS user (a full path outside Windows, so both sides agree)."""
    return _names()[0]


def _names() -> list[str]:
    """Where the app listens, then where else a client looks: a command started without the desktop session's
    $XDG_RUNTIME_DIR (cron, a PBX's System()) still finds an app that had it, and the other way round."""
    override = os.environ.get(SERVER_ENV)
    if override:
        return [override]
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    name = "samad-desk-ring-" + (re.sub(r"[^\w.-]", "_", user) or "user")
    if os.name == "nt":
        return [name]
    folders = [os.environ.get("XDG_RUNTIME_DIR"), tempfile.gettempdir()]
    if hasattr(os, "getuid"):
        folders.append(f"/run/user/{os.getuid()}")
    paths = [os.path.join(f, name) for f in folders if f]
    return list(dict.fromkeys(paths))


def encode_request(number: str, line: str) -> bytes:
    return json.dumps({"number": number, "line": line}, ensure_ascii=False).encode("utf-8") + b"\n"


def decode_request(data: bytes) -> tuple[str, str]:
    """(number, line) from one request line; ValidationError when it is not our JSON."""
    try:
        message = json.loads(data.decode("utf-8"))
        number, line = message.get("number", ""), message.get("line", "")
    except (ValueError, AttributeError):
        raise ValidationError({"number": "پیام رسیده به برنامه خوانا نبود."}) from None
    if not isinstance(number, str) or not isinstance(line, str):
        raise ValidationError({"number": "پیام رسیده به برنامه خوانا نبود."})
    return number, line


def encode_reply(number: str | None = None, error: str | None = None) -> bytes:
    reply = {"ok": False, "error": error} if error else {"ok": True, "number": number}
    return json.dumps(reply, ensure_ascii=False).encode("utf-8") + b"\n"


def send_ring(number: str, line: str = "", *, name: str | None = None, timeout: float = 10.0) -> dict:
    """Hand a ring to the running app and return its reply ({"ok": …}); AppNotRunning when nobody listens."""
    request = encode_request(number, line)
    for candidate in [name] if name else _names():
        try:
            return _send(candidate, request, timeout)
        except AppNotRunning:
            continue
    raise AppNotRunning()


def _send(name: str, request: bytes, timeout: float) -> dict:
    if os.name == "nt":  # QLocalServer is a named pipe there; a pipe opens like a file
        try:
            with open(r"\\.\pipe" + "\\" + name, "r+b", buffering=0) as pipe:
                pipe.write(request)
                reply = _read_line(pipe.read)
        except FileNotFoundError:
            raise AppNotRunning() from None
    else:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            try:
                sock.connect(name)
            except (FileNotFoundError, ConnectionRefusedError):
                raise AppNotRunning() from None
            sock.sendall(request)
            reply = _read_line(sock.recv)
    try:
        return json.loads(reply.decode("utf-8"))
    except ValueError:
        raise ServiceError("پاسخ برنامه خوانا نبود.") from None


def _read_line(read) -> bytes:
    data = b""
    while b"\n" not in data and len(data) < MAX_MESSAGE:
        chunk = read(1024)
        if not chunk:
            break
        data += chunk
    return data.split(b"\n", 1)[0]


# --- the listener ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HttpRing:
    number: str  # as sent: the app checks it with rings.clean_number
    line: str


class HttpRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def parse_http_request(head: bytes) -> HttpRing:
    """The ring in a request's head (request line and headers), or HttpRefused(status, Persian message)."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise HttpRefused(400, "درخواست HTTP درست نیست.")
    method, target, _ = parts
    if method != "GET":
        raise HttpRefused(405, "فقط GET پذیرفته می‌شود.")
    headers = {}
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if sep:
            headers[key.strip().lower()] = value.strip()
    if "origin" in headers or headers.get("sec-fetch-site", "none") != "none":
        raise HttpRefused(403, "درخواستی که یک صفحه وب فرستاده باشد پذیرفته نمی‌شود.")
    host = headers.get("host", "")
    if host and host.rsplit(":", 1)[0] not in ("127.0.0.1", "localhost"):
        raise HttpRefused(403, "فقط درخواست به 127.0.0.1 پذیرفته می‌شود.")
    url = urllib.parse.urlsplit(target)
    if url.path != "/ring":
        raise HttpRefused(404, "نشانی درست /ring?number=… است.")
    query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
    return HttpRing(query.get("number", [""])[0], query.get("line", [""])[0])


def http_reply(status: int, text: str) -> bytes:
    reasons = {
        200: "OK",
        400: "Bad Request",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        500: "Internal Server Error",
    }
    body = (text + "\n").encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {reasons.get(status, 'Error')}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


@dataclass(frozen=True)
class ListenerSettings:
    enabled: bool = False
    port: int = DEFAULT_PORT

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ring?number="


def listener_settings() -> ListenerSettings:
    """This PC's listener setting (settings.json); off unless a supervisor turned it on."""
    values = local_settings.load()
    try:
        port = int(values.get("ring_listener_port", DEFAULT_PORT))
    except (TypeError, ValueError):
        port = DEFAULT_PORT
    if not PORTS[0] <= port <= PORTS[1]:
        port = DEFAULT_PORT
    return ListenerSettings(values.get("ring_listener_enabled") is True, port)


def save_listener_settings(actor: Actor, enabled: bool, port: str | int) -> ListenerSettings:
    """Turn the listener on or off and choose its port (1024–65535) for this PC."""
    require(actor, "manage_settings")
    try:
        number = int(to_ascii_digits(str(port)).strip())
    except ValueError:
        number = 0
    if not PORTS[0] <= number <= PORTS[1]:
        raise ValidationError(
            {"port": to_persian_digits(f"درگاه باید عددی بین {PORTS[0]} و {PORTS[1]} باشد.")}
        )
    values = local_settings.load()
    values.update(ring_listener_enabled=bool(enabled), ring_listener_port=number)
    local_settings.save(values)
    return listener_settings()
