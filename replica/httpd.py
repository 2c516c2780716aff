"""The HTTP side of one replica outlet: conditional GET, gzip, injected faults, the request log.

Each outlet is its own ``ThreadingHTTPServer`` (its own port, like its own
host), so a crawler's per-domain settings and robots.txt handling apply as on
the real sites. Responses carry ETag and Last-Modified; a matching
``If-None-Match`` (or, without one, an ``If-Modified-Since`` not older than the
page) is answered 304, as the crawler's incremental mode expects.
"""

from __future__ import annotations

import gzip
import select
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

from replica import responses
from replica.faultplan import FaultPlan
from replica.faults import Wire
from replica.responses import Response
from replica.sites import Site

_MIN_GZIP_BYTES = 1024

HANG = "hang"
#: An injected fault: an HTTP status answered to every request, or HANG (accept, never answer).
Fault = int | Literal["hang"] | None


@dataclass(frozen=True)
class RequestRecord:
    """One request an outlet answered (``path`` includes the query string)."""

    outlet: str
    method: str
    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


def _etag_matches(header: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 §13.1.2): ``W/`` prefixes are ignored; ``*`` matches anything."""
    wanted = etag.removeprefix("W/")
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or wanted in tags


def _not_modified_since(header: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= since


def is_not_modified(request: Message, response: Response) -> bool:
    """Whether a 200 can become a 304; If-None-Match, when sent, overrides If-Modified-Since."""
    if_none_match = request.get("If-None-Match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, response.etag)
    if_modified_since = request.get("If-Modified-Since")
    if if_modified_since and response.last_modified is not None:
        return _not_modified_since(if_modified_since, response.last_modified)
    return False


def finish(request: Message, response: Response) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body to send for ``response`` given the request's headers."""
    headers = list(response.headers)
    if response.status != 200:
        headers += [("Content-Type", response.content_type)]
        return response.status, headers, response.body
    use_gzip = (
        response.compressible
        and len(response.body) >= _MIN_GZIP_BYTES
        and "gzip" in request.get("Accept-Encoding", "")
    )
    # Like nginx: a compressed variant keeps the identity ETag, marked weak.
    headers.append(("ETag", "W/" + response.etag if use_gzip else response.etag))
    if response.last_modified is not None:
        headers.append(("Last-Modified", http_date(response.last_modified)))
    headers += [("Cache-Control", "max-age=60"), ("Vary", "Accept-Encoding")]
    if is_not_modified(request, response):
        return 304, headers, b""
    body = response.body
    if use_gzip:
        body = gzip.compress(body, compresslevel=5, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    headers.append(("Content-Type", response.content_type))
    return 200, headers, body


class OutletServer(ThreadingHTTPServer):
    """One outlet on its own port; a fault (:meth:`set_fault`) replaces every answer.

    ``plan`` (:class:`~replica.faultplan.FaultPlan`) makes single paths misbehave;
    an outlet-wide fault takes precedence over it.
    """

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        site: Site,
        record: Callable[[RequestRecord], None],
        *,
        verbose: bool = False,
        plan: FaultPlan | None = None,
    ) -> None:
        self.site = site
        self.plan = plan if plan is not None else FaultPlan()
        self.record = record
        self.verbose = verbose
        self.fault: Fault = None
        # Hung requests wait on this; set when the hang is lifted or the server closes, so a
        # hung handler thread never outlives the replica.
        self.released = threading.Event()
        self.hanging = 0  # requests held right now (their clients still connected)
        self.holds = 0  # requests ever held: tells a new hang from one still held
        self._hanging_lock = threading.Lock()
        super().__init__(address, ReplicaHandler)

    def hold(self, connection: socket.socket, released: threading.Event) -> None:
        """Keep a request unanswered until released or its client hangs up."""
        with self._hanging_lock:
            self.hanging += 1
            self.holds += 1
        try:
            while not released.wait(0.05) and not _hung_up(connection):
                pass
        finally:
            with self._hanging_lock:
                self.hanging -= 1

    def set_fault(self, fault: Fault) -> None:
        """Answer every request with status ``fault``, or never (HANG); None restores the site."""
        if fault == HANG and self.fault != HANG:
            self.released = threading.Event()
        elif fault != HANG:
            self.released.set()
        self.fault = fault

    def server_close(self) -> None:
        self.released.set()
        self.plan.released.set()
        super().server_close()


def _hung_up(connection: socket.socket) -> bool:
    """Whether the client closed its end (readable, and nothing to read)."""
    try:
        readable, _, _ = select.select([connection], [], [], 0)
        return bool(readable) and connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class ReplicaHandler(BaseHTTPRequestHandler):
    """Routes a request to the outlet's :class:`~replica.sites.base.Site`."""

    server: OutletServer
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections end instead of holding a thread forever

    def version_string(self) -> str:
        return "nginx"

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _respond(self) -> Response:
        site = self.server.site
        fault = self.server.fault
        if isinstance(fault, int):
            return responses.error(fault, site.display_name, f"Injected fault: HTTP {fault}.")
        try:
            return self.server.plan.decorate(self.path, site.handle(self.path), site.base_url)
        except Exception:  # a replica bug must show up as a 500 and a traceback, not a hang
            traceback.print_exc(file=sys.stderr)
            return responses.error(500, site.display_name, "Internal Server Error")

    def _record(self, status: int) -> None:
        # Logged before the answer goes out, so a client that got it always finds it logged.
        self.server.record(
            RequestRecord(
                outlet=self.server.site.name,
                method=self.command,
                path=self.path,
                status=status,
                if_none_match=self.headers.get("If-None-Match"),
                if_modified_since=self.headers.get("If-Modified-Since"),
                user_agent=self.headers.get("User-Agent"),
            )
        )

    def _serve(self, *, send_body: bool) -> None:
        released = self.server.released
        if self.server.fault == HANG:
            # Accepted and read, never answered: what a stuck upstream looks like to a client.
            self.server.hold(self.connection, released)
            self.close_connection = True
            return
        plan = self.server.plan
        fault = plan.lookup(self.path) if self.server.fault is None else None
        if fault is not None:
            held = plan.released
            fault.serve(
                Wire(
                    self,
                    send_body=send_body,
                    base_url=self.server.site.base_url,
                    healthy=self._respond,
                    record=self._record,
                    hold=lambda: self.server.hold(self.connection, held),
                )
            )
            return
        status, headers, body = finish(self.headers, self._respond())
        self._record(status)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status != 304:
            self.wfile.write(body)
