"""The sentinel: a server on another loopback port that records every connection made to it.

The security tests point offsite links, redirects and external entities at it
and assert that it receives none.
"""

from __future__ import annotations

import contextlib
import socketserver
import threading
from types import TracebackType


class _SentinelHandler(socketserver.BaseRequestHandler):
    server: _SentinelServer

    def handle(self) -> None:
        self.server.note("connection")
        self.request.settimeout(2)
        try:
            line = self.request.recv(4096).split(b"\r\n", 1)[0]
        except OSError:
            return
        if line:
            self.server.note(line.decode("latin-1"))
        body = b"sentinel"
        with contextlib.suppress(OSError):
            self.request.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
            )


class _SentinelServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _SentinelHandler)
        self.events: list[str] = []
        self._lock = threading.Lock()

    def note(self, event: str) -> None:
        with self._lock:
            self.events.append(event)


class Sentinel:
    """A server on another 127.0.0.1 port that records every connection made to it.

    Offsite links, redirects and entities in the security tests point here; a
    crawler that stays on its outlet leaves :attr:`events` empty.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._server = _SentinelServer((host, 0))
        self.host = host
        self.port = self._server.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="sentinel",
            daemon=True,
        )

    @property
    def events(self) -> list[str]:
        """``"connection"`` per connection accepted, then its request line if one came."""
        with self._server._lock:
            return list(self._server.events)

    def start(self) -> Sentinel:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Sentinel:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
