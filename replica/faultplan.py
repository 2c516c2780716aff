"""One outlet's fault plan: which paths misbehave, extra links to them, a replaced robots.txt.

The replica's request handler asks the plan for each request's fault
(:meth:`FaultPlan.lookup`) and lets it decorate the healthy robots.txt and
homepage (:meth:`FaultPlan.decorate`) so the crawler finds the linked targets.
The faults themselves are in :mod:`replica.faults`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from replica.faultdocs import RSS, XML, rss_xml, sitemap_xml
from replica.faults import FaultBehaviour, RawFault
from replica.responses import Response

#: Where the plan serves the extra sitemap and feed that carry :meth:`FaultPlan.link` targets.
LINKS_SITEMAP = "/faults/sitemap.xml"
LINKS_FEED = "/faults/feed.xml"


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
            return RawFault(lambda base: sitemap_xml([_absolute(base, t) for t in targets]), XML)
        if path == LINKS_FEED and self._linked("feed"):
            targets = self._linked("feed")
            return RawFault(lambda base: rss_xml([_absolute(base, t) for t in targets]), RSS)
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
