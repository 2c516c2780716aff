"""Per-path fault injection: make chosen URLs of an outlet misbehave while the rest stays healthy.

A crawler that reads pages written by strangers must survive every way a
server can answer badly, and the fault-injection suite (``tests/faults/``)
proves it with real crawls. :meth:`Replica.set_fault` breaks a whole outlet;
single paths are broken through the outlet's :class:`~replica.faultplan.FaultPlan`,
so one crawl can meet many faults and the test can still check that the
healthy pages around them were stored::

    plan = replica.faults("sahabat")
    plan.at("/2026/11/20/gone/", Fault.status(410))
    plan.at(article.path(), Fault.status(503, retry_after=1), times=1)  # then healthy
    plan.link("/2026/11/20/gone/")            # on the homepage and in an extra sitemap
    plan.at("/robots.txt", Fault.status(500))

A fault is a small object with ``serve(wire)``; :class:`Wire` is what it may
do to the connection (send an answer, start one and break it, hold it open).
This module holds the wire and the faults; documents for discovery (XML bombs,
floods, broken feeds) are in :mod:`replica.faultdocs`, and the server that
records offsite connections in :mod:`replica.sentinel`.
"""

from __future__ import annotations

import socket
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from replica.responses import Response

if TYPE_CHECKING:
    from http.server import BaseHTTPRequestHandler

#: A body: bytes, or built per request from the outlet's base URL (an iterable is streamed).
Body = bytes | Callable[[str], bytes | Iterable[bytes]]

_HTML = "text/html; charset=utf-8"
_CHUNK = 64 * 1024

# ---- the connection as a fault sees it ------------------------------------------------------


class Wire:
    """One request's connection, with the few things a fault may do to it.

    Built by the replica's request handler; ``healthy`` renders what the
    outlet would normally answer (decorated by the plan, not compressed),
    ``record`` logs the request with the status the client was given.
    """

    def __init__(
        self,
        handler: BaseHTTPRequestHandler,
        *,
        send_body: bool,
        base_url: str,
        healthy: Callable[[], Response],
        record: Callable[[int], None],
        hold: Callable[[], None],
    ) -> None:
        self.handler = handler
        self.send_body = send_body
        self.base_url = base_url
        self.healthy = healthy
        self.record = record
        self.hold = hold

    def start(self, status: int, headers: Sequence[tuple[str, str]]) -> None:
        """Send the status line and headers (recorded as answered with ``status``)."""
        self.record(status)
        self.handler.send_response(status)
        for name, value in headers:
            self.handler.send_header(name, value)
        self.handler.end_headers()

    def write(self, data: bytes) -> bool:
        """Send body bytes; False when the client has gone (it stopped reading)."""
        if not self.send_body or not data:
            return True
        try:
            self.handler.wfile.write(data)
        except OSError:
            self.handler.close_connection = True
            return False
        return True

    def send(self, status: int, headers: Sequence[tuple[str, str]], body: bytes) -> None:
        """A complete answer with a Content-Length."""
        self.start(status, [*headers, ("Content-Length", str(len(body)))])
        self.write(body)

    def stream(
        self, status: int, headers: Sequence[tuple[str, str]], chunks: Iterable[bytes]
    ) -> None:
        """A chunked answer from an iterable, stopped as soon as the client hangs up."""
        self.start(status, [*headers, ("Transfer-Encoding", "chunked")])
        if not self.send_body:
            return
        for chunk in chunks:
            if chunk and not self.write(b"%x\r\n%s\r\n" % (len(chunk), chunk)):
                return
        self.write(b"0\r\n\r\n")

    def reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0): "connection reset by peer"."""
        connection: socket.socket = self.handler.connection
        try:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()
        except OSError:
            pass
        self.handler.close_connection = True


class FaultBehaviour(Protocol):
    """What a fault does with one request."""

    def serve(self, wire: Wire) -> None: ...


# ---- the faults ---------------------------------------------------------------------------


def _error_page(status: int) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{status}</title></head>"
        f"<body><h1>HTTP {status}</h1><p>Injected fault.</p></body></html>"
    ).encode()


@dataclass(frozen=True)
class StatusFault:
    status: int
    retry_after: str | None = None

    def serve(self, wire: Wire) -> None:
        headers = [("Content-Type", _HTML)]
        if self.retry_after is not None:
            headers.append(("Retry-After", self.retry_after))
        wire.send(self.status, headers, _error_page(self.status))


@dataclass(frozen=True)
class RedirectFault:
    location: str  # a path on the outlet, or an absolute URL (another host: offsite)
    status: int = 301

    def serve(self, wire: Wire) -> None:
        target = wire.base_url + self.location if self.location.startswith("/") else self.location
        wire.send(self.status, [("Location", target), ("Content-Type", _HTML)], b"")


@dataclass(frozen=True)
class HangFault:
    """Accept and read the request, never answer (until the client or the replica gives up)."""

    def serve(self, wire: Wire) -> None:
        wire.hold()
        wire.handler.close_connection = True


@dataclass(frozen=True)
class ResetFault:
    """Headers of the healthy page (its full Content-Length), part of its body, then a RST."""

    after_bytes: int = 2048

    def serve(self, wire: Wire) -> None:
        page = wire.healthy()
        headers = [("Content-Type", page.content_type), ("Content-Length", str(len(page.body)))]
        wire.start(page.status, headers)
        wire.write(page.body[: self.after_bytes])
        wire.reset()


@dataclass(frozen=True)
class HugeFault:
    """An HTML page of ``size`` bytes, streamed (never built in memory).

    Without a declared length (the default) the client cannot refuse it from
    the headers and has to stop reading itself.
    """

    size: int = 20_000_000
    declare_length: bool = False

    def serve(self, wire: Wire) -> None:
        chunks = _huge_html(self.size)
        if self.declare_length:
            wire.start(200, [("Content-Type", _HTML), ("Content-Length", str(self.size))])
            for chunk in chunks:
                if not wire.write(chunk):
                    return
        else:
            wire.stream(200, [("Content-Type", _HTML)], chunks)


def _huge_html(size: int) -> Iterator[bytes]:
    head = b"<!DOCTYPE html><html><head><title>Arsip</title></head><body>"
    tail = b"</body></html>"
    line = b"<p>Arsip berita daerah: baris pengisi yang diulang tanpa akhir.</p>\n"
    block = line * (_CHUNK // len(line))
    yield head
    left = size - len(head) - len(tail)
    while left > 0:
        piece = block[:left]
        left -= len(piece)
        yield piece
    yield tail


@dataclass(frozen=True)
class GzipBombFault:
    """``Content-Encoding: gzip`` of ``size`` zero bytes: about a thousandth of that on the wire."""

    size: int = 1 << 30
    content_type: str = _HTML

    def serve(self, wire: Wire) -> None:
        headers = [("Content-Type", self.content_type), ("Content-Encoding", "gzip")]
        wire.send(200, headers, gzip_of_zeros(self.size))


@lru_cache(maxsize=4)
def gzip_of_zeros(size: int) -> bytes:
    """A gzip file of ``size`` zero bytes (a multiple of 1 MiB), built in about half a second.

    After a full flush deflate forgets its window, so every 1 MiB block of
    zeros compresses to the same bytes: compress one and repeat it.
    """
    block = 1 << 20
    if size % block:
        raise ValueError("size must be a multiple of 1 MiB")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    zeros = bytes(block)
    for _ in range(size // block):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return header + deflated * (size // block) + compressor.flush() + trailer


@dataclass(frozen=True)
class RawFault:
    """Exactly these bytes with this Content-Type (an iterable body is streamed, chunked)."""

    body: Body
    content_type: str = _HTML
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()

    def serve(self, wire: Wire) -> None:
        data = self.body(wire.base_url) if callable(self.body) else self.body
        headers = [("Content-Type", self.content_type), *self.headers]
        if isinstance(data, bytes):
            wire.send(self.status, headers, data)
        else:
            wire.stream(self.status, headers, data)


@dataclass(frozen=True)
class RewriteFault:
    """The healthy page, its body passed through ``change`` (charset games, broken markup)."""

    change: Callable[[bytes], bytes]
    content_type: str | None = None  # None keeps the page's own

    def serve(self, wire: Wire) -> None:
        page = wire.healthy()
        wire.send(
            page.status,
            [("Content-Type", self.content_type or page.content_type)],
            self.change(page.body),
        )


class Fault:
    """The faults, by name: ``Fault.status(503, retry_after=1)``, ``Fault.hang()``, ..."""

    @staticmethod
    def status(code: int, *, retry_after: int | str | None = None) -> StatusFault:
        """Answer ``code`` (404, 410, 500, 503, 429...), with a Retry-After header if given."""
        return StatusFault(code, None if retry_after is None else str(retry_after))

    @staticmethod
    def redirect(location: str, *, status: int = 301) -> RedirectFault:
        """Redirect to a path of the outlet (itself: a loop) or to an absolute URL (offsite)."""
        return RedirectFault(location, status)

    @staticmethod
    def hang() -> HangFault:
        """Accept, read and never answer."""
        return HangFault()

    @staticmethod
    def reset(after_bytes: int = 2048) -> ResetFault:
        """Start the healthy page, send ``after_bytes`` of it, reset the connection."""
        return ResetFault(after_bytes)

    @staticmethod
    def empty() -> RawFault:
        """A 200 text/html with an empty body."""
        return RawFault(b"")

    @staticmethod
    def huge(size: int = 20_000_000, *, declare_length: bool = False) -> HugeFault:
        """A ``size``-byte HTML page, streamed."""
        return HugeFault(size, declare_length)

    @staticmethod
    def gzip_bomb(size: int = 1 << 30, content_type: str = _HTML) -> GzipBombFault:
        """``size`` zero bytes, gzip-encoded (about ``size / 1000`` bytes on the wire)."""
        return GzipBombFault(size, content_type)

    @staticmethod
    def raw(body: Body, content_type: str = _HTML, *, status: int = 200) -> RawFault:
        """These bytes (or a function of the base URL giving bytes or chunks) as they are."""
        return RawFault(body, content_type, status)

    @staticmethod
    def rewrite(change: Callable[[bytes], bytes], content_type: str | None = None) -> RewriteFault:
        """The healthy page with its body changed (and its Content-Type, if given)."""
        return RewriteFault(change, content_type)
