"""The app's ends of the phone system's rings: a QLocalServer for `samad call ring` (always, while someone is
logged in) and, when this PC's setting turns it on, a QTcpServer on 127.0.0.1 for `GET /ring?number=…`.

Both read one request, hand (number, line) to `handler` (which checks, records and shows the ring, and returns
the number as stored or raises a ServiceError), and answer. The names, the protocol and the HTTP rules are in
app.services.cases.ring_link; this module only moves bytes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QHostAddress, QLocalServer, QLocalSocket, QTcpServer, QTcpSocket

from app import logs
from app.services.cases import ring_link
from app.services.errors import ServiceError

UNTAKEN = "برنامه شماره را گرفت ولی نتوانست آن را ثبت کند؛ جزئیات در پروندهٔ گزارش برنامه است."
Handler = Callable[[str, str], str]  # (number, line) -> the number as stored


class RingReceiver(QObject):
    def __init__(self, handler: Handler, parent=None, name: str | None = None):
        super().__init__(parent)
        self.handler = handler
        self.name = name or ring_link.server_name()
        self.local: QLocalServer | None = None
        self.http: QTcpServer | None = None

    # --- the local socket ---------------------------------------------------------------------------

    def start_local(self) -> bool:
        """Listen on this user's socket. When another copy of the app already answers there it keeps the rings
        (one receiver per user); a socket file a crashed app left behind is removed first."""
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(200):
            probe.abort()
            logs.log.warning("another Samad Desk of this user receives the rings; this one does not")
            return False
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            logs.log.warning("the ring socket did not open: %s", server.errorString())
            return False
        server.newConnection.connect(self._local_connection)
        self.local = server
        return True

    def _local_connection(self) -> None:
        while self.local is not None and self.local.hasPendingConnections():
            conn = self.local.nextPendingConnection()
            conn.setParent(self)
            buffer = bytearray()
            conn.readyRead.connect(lambda c=conn, b=buffer: self._local_read(c, b))
            conn.disconnected.connect(conn.deleteLater)

    def _local_read(self, conn: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(conn.readAll().data())
        if b"\n" not in buffer and len(buffer) < ring_link.MAX_MESSAGE:
            return
        try:
            number, line = ring_link.decode_request(bytes(buffer).split(b"\n", 1)[0])
            reply = ring_link.encode_reply(number=self.handler(number, line))
        except ServiceError as exc:
            reply = ring_link.encode_reply(error=str(exc))
        except Exception as exc:  # the database went away: the caller hears why, the log has the rest
            logs.log.error("a ring could not be taken", exc_info=exc)
            reply = ring_link.encode_reply(error=UNTAKEN)
        buffer.clear()
        conn.write(reply)
        conn.flush()
        conn.disconnectFromServer()

    # --- the HTTP listener --------------------------------------------------------------------------

    def start_http(self, port: int) -> bool:
        self.stop_http()
        server = QTcpServer(self)
        if not server.listen(QHostAddress(QHostAddress.SpecialAddress.LocalHost), port):
            logs.log.warning("the ring listener did not open on port %s: %s", port, server.errorString())
            return False
        server.newConnection.connect(self._http_connection)
        self.http = server
        return True

    def stop_http(self) -> None:
        if self.http is not None:
            self.http.close()
            self.http.deleteLater()
            self.http = None

    @property
    def http_port(self) -> int | None:
        return self.http.serverPort() if self.http is not None else None

    def _http_connection(self) -> None:
        while self.http is not None and self.http.hasPendingConnections():
            conn = self.http.nextPendingConnection()
            conn.setParent(self)
            buffer = bytearray()
            conn.readyRead.connect(lambda c=conn, b=buffer: self._http_read(c, b))
            conn.disconnected.connect(conn.deleteLater)

    def _http_read(self, conn: QTcpSocket, buffer: bytearray) -> None:
        buffer += bytes(conn.readAll().data())
        if b"\r\n\r\n" not in buffer and len(buffer) < ring_link.MAX_MESSAGE:
            return
        try:
            ring = ring_link.parse_http_request(bytes(buffer).split(b"\r\n\r\n", 1)[0])
            reply = ring_link.http_reply(200, "ok " + self.handler(ring.number, ring.line))
        except ring_link.HttpRefused as exc:
            reply = ring_link.http_reply(exc.status, exc.message)
        except ServiceError as exc:
            reply = ring_link.http_reply(400, str(exc))
        except Exception as exc:
            logs.log.error("a ring could not be taken", exc_info=exc)
            reply = ring_link.http_reply(500, UNTAKEN)
        buffer.clear()
        conn.write(reply)
        conn.disconnectFromHost()

    def close(self) -> None:
        self.stop_http()
        if self.local is not None:
            self.local.close()  # removes the socket file
            self.local = None
