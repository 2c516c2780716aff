"""Per-path fault injection: make chosen URLs of an outlet misbehave while the rest stays healthy.

A crawler that reads pages written by strangers must survive every way a
server can answer badly, and the fault-injection suite (``tests/faults/``)
proves it with real crawls. :meth:`Replica.set_fault` breaks a whole outlet;
this module breaks single paths, so one crawl can meet many faults and the
test can still check that the healthy pages around them were stored::

    plan = replica.faults("sahabat")
    plan.at("/2026/11/20/gone/", Fault.status(410))
    plan.at(article.path(), Fault.status(503, retry_after=1), times=1)  # then healthy
    plan.link("/2026/11/20/gone/")            # on the homepage and in an extra sitemap
    plan.at("/robots.txt", Fault.status(500))

A fault is a small object with ``serve(wire)``; :class:`Wire` is what it may
do to the connection (send an answer, start one and break it, hold it open).
Documents for discovery (XML bombs, external entities, a 100,000-URL sitemap
streamed from a generator, a feed with broken dates) are built by the
functions at the end. :class:`Sentinel` is a server on another loopback port
that records every connection: the security tests assert it receives none.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from types import TracebackType
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from replica.responses import Response

if TYPE_CHECKING:
    from http.server import BaseHTTPRequestHandler

#: Where the plan serves the extra sitemap and feed that carry :meth:`FaultPlan.link` targets.
LINKS_SITEMAP = "/faults/sitemap.xml"
LINKS_FEED = "/faults/feed.xml"

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


# ---- one outlet's plan ----------------------------------------------------------------------


@dataclass
class _Entry:
    fault: FaultBehaviour
    remaining: int | None  # None: always; else how many more requests get the fault


class FaultPlan:
    """The faults, extra links and robots.txt of one outlet (thread-safe; change it any time)."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._links: dict[str, tuple[str, ...]] = {}
        self._sitemaps: list[str] = []
        self._feeds: list[str] = []
        self._robots: str | None = None
        self._hits: dict[str, int] = {}
        self._lock = threading.Lock()
        #: Set when held requests must end (plan cleared, replica stopped).
        self.released = threading.Event()

    def at(self, path: str, fault: FaultBehaviour, *, times: int | None = None) -> FaultPlan:
        """Answer ``path`` (any query) with ``fault``; healthy again after ``times`` answers."""
        with self._lock:
            self._entries[path] = _Entry(fault, times)
        return self

    def link(self, target: str, *, via: Sequence[str] = ("home", "sitemap")) -> FaultPlan:
        """Make the crawler find ``target`` (a path, or an absolute URL elsewhere).

        ``via``: ``home`` (a link on the homepage), ``sitemap`` (an entry of an
        extra sitemap named in robots.txt), ``feed`` (an entry of an extra RSS
        feed advertised on the homepage).
        """
        unknown = set(via) - {"home", "sitemap", "feed"}
        if unknown:
            raise ValueError(f"unknown link places: {sorted(unknown)}")
        with self._lock:
            self._links[target] = tuple(via)
        return self

    def sitemap(self, path_or_url: str) -> FaultPlan:
        """Name one more sitemap in robots.txt (a path, or an absolute URL elsewhere)."""
        with self._lock:
            self._sitemaps.append(path_or_url)
        return self

    def feed(self, path_or_url: str) -> FaultPlan:
        """Advertise one more RSS feed on the homepage (``<link rel="alternate">``)."""
        with self._lock:
            self._feeds.append(path_or_url)
        return self

    def robots(self, text: str) -> FaultPlan:
        """Replace robots.txt (its Sitemap: lines for the plan's sitemaps are still added)."""
        with self._lock:
            self._robots = text
        return self

    def disallow_everything(self) -> FaultPlan:
        return self.robots("User-agent: *\nDisallow: /\n")

    def hits(self, path: str) -> int:
        """How many requests for ``path`` reached the plan (faulty or, after ``times``, healthy)."""
        with self._lock:
            return self._hits.get(path, 0)

    def clear(self) -> None:
        """Back to the healthy outlet; requests held by a hang are released."""
        with self._lock:
            self._entries.clear()
            self._links.clear()
            self._sitemaps.clear()
            self._feeds.clear()
            self._robots = None
            self._hits.clear()
        self.released.set()
        self.released = threading.Event()

    # ---- used by the request handler ---------------------------------------------------------

    def lookup(self, target: str) -> FaultBehaviour | None:
        """The fault for a request target (``/path?query``), counting the hit; None: healthy."""
        path = urlsplit(target).path or "/"
        with self._lock:
            entry = self._entries.get(path)
            builtin = self._builtin(path)
            if entry is None and builtin is None:
                return None
            self._hits[path] = self._hits.get(path, 0) + 1
            if entry is None:
                return builtin
            if entry.remaining is None:
                return entry.fault
            if entry.remaining <= 0:
                return builtin
            entry.remaining -= 1
            return entry.fault

    def _builtin(self, path: str) -> FaultBehaviour | None:
        """The plan's own documents: the links sitemap and feed."""
        if path == LINKS_SITEMAP and self._linked("sitemap"):
            targets = self._linked("sitemap")
            return RawFault(lambda base: sitemap_xml([_absolute(base, t) for t in targets]), _XML)
        if path == LINKS_FEED and self._linked("feed"):
            targets = self._linked("feed")
            return RawFault(lambda base: rss_xml([_absolute(base, t) for t in targets]), _RSS)
        return None

    def _linked(self, place: str) -> list[str]:
        return [target for target, via in self._links.items() if place in via]

    def decorate(self, target: str, response: Response, base_url: str) -> Response:
        """The healthy answer with the plan's additions: robots.txt lines, homepage links."""
        path = urlsplit(target).path or "/"
        if response.status != 200 or path not in ("/robots.txt", "/"):
            return response
        with self._lock:
            if path == "/robots.txt":
                return self._robots_txt(response, base_url)
            return self._homepage(response, base_url)

    def _robots_txt(self, response: Response, base_url: str) -> Response:
        text = self._robots if self._robots is not None else response.body.decode()
        sitemaps = [*self._sitemaps, *([LINKS_SITEMAP] if self._linked("sitemap") else [])]
        if not sitemaps and self._robots is None:
            return response
        lines = [text.rstrip("\n"), *(f"Sitemap: {_absolute(base_url, s)}" for s in sitemaps)]
        return replace(response, body=("\n".join(lines) + "\n").encode())

    def _homepage(self, response: Response, base_url: str) -> Response:
        feeds = [*self._feeds, *([LINKS_FEED] if self._linked("feed") else [])]
        links = self._linked("home")
        if not feeds and not links:
            return response
        html = response.body.decode()
        heads = "".join(
            f'<link rel="alternate" type="application/rss+xml" href="{escape(url)}">'
            for url in (_absolute(base_url, f) for f in feeds)
        )
        anchors = "".join(
            f'<li><a href="{escape(url)}">Berita pilihan {n}</a></li>'
            for n, url in enumerate(links, start=1)
        )
        html = html.replace("</head>", heads + "</head>", 1)
        html = html.replace("</body>", f'<ul class="fault-links">{anchors}</ul></body>', 1)
        return replace(response, body=html.encode())


def _absolute(base_url: str, target: str) -> str:
    return base_url + target if target.startswith("/") else target


# ---- discovery documents --------------------------------------------------------------------

_XML = "application/xml; charset=utf-8"
_RSS = "application/rss+xml; charset=utf-8"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

#: The classic "billion laughs": ten levels of ten references, 10^9 "lol"s if expanded.
BILLION_LAUGHS = "".join(
    [
        '<!ENTITY lol "lol">',
        *(
            f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
            for n in range(1, 10)
        ),
    ]
)


def doctype(root: str, declarations: str) -> str:
    """A DOCTYPE with an internal subset, e.g. ``doctype("urlset", BILLION_LAUGHS)``."""
    return f"<!DOCTYPE {root} [{declarations}]>\n"


def external_entity(name: str, uri: str) -> str:
    """An external entity declaration: ``file:///etc/passwd``, ``http://127.0.0.1:PORT/``."""
    return f"<!ENTITY {name} SYSTEM {quoteattr(uri)}>"


def sitemap_xml(
    urls: Iterable[str], *, prolog: str = "", extra: str = "", lastmod: str | None = None
) -> bytes:
    """A urlset; ``prolog`` goes before the root (a DOCTYPE), ``extra`` inside it, raw."""
    stamp = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
    rows = "".join(f"<url><loc>{escape(url)}</loc>{stamp}</url>\n" for url in urls)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<urlset xmlns="{_SITEMAP_NS}">\n'
        f"{extra}{rows}</urlset>\n"
    ).encode()


def sitemap_index_xml(urls: Iterable[str], *, prolog: str = "") -> bytes:
    """A sitemap index naming these child sitemaps."""
    rows = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>\n" for url in urls)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<sitemapindex xmlns="{_SITEMAP_NS}">\n'
        f"{rows}</sitemapindex>\n"
    ).encode()


def rss_xml(
    urls: Iterable[str],
    *,
    prolog: str = "",
    extra: str = "",
    dates: Sequence[str] | None = None,
    title: str = "Berita",
) -> bytes:
    """An RSS 2.0 feed of these links; ``dates`` are the items' pubDate, verbatim."""
    items = []
    for n, url in enumerate(urls):
        date = f"<pubDate>{escape(dates[n % len(dates)])}</pubDate>" if dates else ""
        items.append(
            f"<item><title>{escape(title)} {n + 1}</title><link>{escape(url)}</link>{date}"
            f'<guid isPermaLink="true">{escape(url)}</guid></item>\n'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>/</link><description>Berita</description>\n"
        f"{extra}{''.join(items)}</channel></rss>\n"
    ).encode()


#: pubDate values a careless CMS writes: empty, local words, impossible dates, wrong formats.
BROKEN_DATES: tuple[str, ...] = (
    "",
    "kemarin sore",
    "Senin, 32 Desember 2026",
    "2026-13-45T25:61:00+07:00",
    "Mon, 99 Foo 2026 99:99:99 +0700",
    "0000-00-00 00:00:00",
    "{{ post.date }}",
)


def sitemap_flood(
    count: int, *, prefix: str = "/2019/01/01/arsip-", lastmod: str | None = None, head: int = 0
) -> Callable[[str], Iterator[bytes]]:
    """A urlset of ``count`` generated URLs ``<prefix>NNNNNN/``, streamed in chunks.

    ``head`` real URLs can be put first by wrapping (see :func:`flood_after`).
    The generated paths are unknown to the outlet, which answers 404.
    """

    def chunks(base_url: str) -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">\n'.encode()
        stamp = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        batch: list[str] = []
        for n in range(count):
            batch.append(f"<url><loc>{base_url}{prefix}{n:06d}/</loc>{stamp}</url>\n")
            if len(batch) == 1000:
                yield "".join(batch).encode()
                batch = []
        yield ("".join(batch) + "</urlset>\n").encode()

    return chunks


def flood_after(
    first: Callable[[str], Iterable[str]], flood: Callable[[str], Iterator[bytes]]
) -> Callable[[str], Iterator[bytes]]:
    """A flood sitemap that lists ``first(base_url)`` URLs before its generated ones.

    A big real sitemap lists the site's real articles too: they come first here,
    so a crawler that caps new URLs per run still reaches them.
    """

    def chunks(base_url: str) -> Iterator[bytes]:
        generated = flood(base_url)
        opening = next(generated)
        rows = "".join(f"<url><loc>{escape(url)}</loc></url>\n" for url in first(base_url))
        yield opening + rows.encode()
        yield from generated

    return chunks


# ---- the sentinel ---------------------------------------------------------------------------


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
