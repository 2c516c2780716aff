"""The replica: its outlets served from 127.0.0.1, one port each, controllable by tests.

Which outlets it serves comes from its data and, when given, a crawler
config's outlets (:mod:`replica.outlets`): an outlet added to config.yaml is
served by the generic renderer with invented articles, so every test world
that starts the replica for its config crawls it too.

Tests and ``asnwatch demo`` start it on port 0 (the OS picks free ports), read
``base_urls``, crawl it, and use the rest of the API to change the world while
the crawler runs: publish an article (:meth:`Replica.add_article`), break an
outlet (:meth:`Replica.set_fault`) or single paths of it (:meth:`Replica.faults`),
and check what was requested (:meth:`Replica.requests`,
:meth:`Replica.article_requests`).

Which discovery surface each hand-made outlet offers, and which paths its
robots.txt disallows (the crawl tests assert none of them is ever requested):

=================  ==========================  ==============================================
outlet             discovery                   disallowed (robots.txt ``Disallow:``)
=================  ==========================  ==============================================
inilahkoran        sitemaps + listings         ``/private/``, ``/berita/internal/``
neraca             listings only               ``/private/``, ``/article/0/``
abadikini          sitemaps only               ``/private/``, ``/wp-admin/``, ``/Y/M/D/draft-``
sahabat            feed + sitemap + listings   ``/private/``, ``/wp-admin/``, ``/Y/M/D/draft-``
nyaringindonesia   Atom feed only              ``/private/``, ``/wp-admin/``, ``/private-draft-``
(any other)        feed + sitemap + search     ``/private/``, ``/wp-admin/``, ``/Y/M/D/draft-``
=================  ==========================  ==============================================

``/Y/M/D/`` is the date three days before today. Every homepage links one page
under ``/private/`` and one under the outlet-specific prefix that matches the
outlet's ``article_url_pattern`` (see :meth:`Replica.private_paths`); both are
served with 200 so that a crawler ignoring robots.txt would show in the log.
A listing page past the last one answers 404; page 1 of an empty search is an
ordinary page saying there are no results.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from replica.faultplan import FaultPlan
from replica.httpd import Fault, OutletServer, RequestRecord
from replica.loader import article_from_record, check_unique_ids, data_outlets, load_articles
from replica.model import ReplicaArticle, date_shift, now_wib
from replica.outlets import (
    OutletEntry,
    build_sites,
    invented_articles,
    needs_invented_articles,
    served_names,
)
from replica.sites import Site


class Replica:
    """The replica's outlets, built from a data directory (default ``replica/data``).

    ``outlets`` is a crawler config's ``outlets`` (``Config.outlets``): each is
    served too, a configured outlet without data by the generic renderer
    (:mod:`replica.outlets`; :class:`~replica.outlets.UnservableOutlet` if its
    URL pattern cannot take the generic permalinks). Without it the replica
    serves the outlets of its data files.
    """

    def __init__(
        self,
        data_dir: Path | None = None,
        *,
        outlets: Mapping[str, OutletEntry] | None = None,
        host: str = "127.0.0.1",
        today: date | None = None,
        verbose: bool = False,
    ) -> None:
        self.host = host
        self.verbose = verbose
        self._today = today or now_wib().date()
        self._lock = threading.Lock()
        self._articles = load_articles(data_dir, today=self._today)
        configured = dict(outlets or {})
        from_data = data_outlets(data_dir)
        for name, entry in configured.items():
            if needs_invented_articles(name, from_data):
                taken = {a.id for a in self._articles}
                self._articles += invented_articles(name, entry, self._today, taken)
        names = served_names(from_data, configured)
        self._log: list[RequestRecord] = []
        self.sites: dict[str, Site] = build_sites(names, self._articles, configured, self._today)
        self._plans = {name: FaultPlan() for name in names}
        self._servers: dict[str, OutletServer] = {}
        self._threads: list[threading.Thread] = []
        self.base_urls: dict[str, str] = {}

    # ---- lifecycle -------------------------------------------------------------------------

    def start(self) -> Replica:
        """Bind every outlet to a free port on ``host`` and serve each from a daemon thread."""
        if self._servers:
            raise RuntimeError("replica already started")
        try:
            for name, site in self.sites.items():
                plan = self._plans[name]
                plan.released = threading.Event()  # a restarted replica holds hung requests again
                server = OutletServer(
                    (self.host, 0), site, self._record, verbose=self.verbose, plan=plan
                )
                self._servers[name] = server
                site.base_url = f"http://{self.host}:{server.server_address[1]}"
                self.base_urls[name] = site.base_url
                thread = threading.Thread(
                    target=server.serve_forever,
                    kwargs={"poll_interval": 0.05},
                    name=f"replica-{name}",
                    daemon=True,
                )
                thread.start()
                self._threads.append(thread)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop serving and free the ports; safe to call twice."""
        # shutdown() waits for the serve loop's next poll: stop all outlets at once, not in turn.
        stoppers = [threading.Thread(target=s.shutdown) for s in self._servers.values()]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in self._servers.values():
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()
        self.base_urls = {}

    def __enter__(self) -> Replica:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ---- articles --------------------------------------------------------------------------

    @property
    def articles(self) -> list[ReplicaArticle]:
        """Every article served, syndicated copies and added ones included, in load order."""
        with self._lock:
            return list(self._articles)

    def article(self, article_id: str) -> ReplicaArticle:
        """The article with this id (KeyError if none)."""
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)

    def article_url(self, article: ReplicaArticle) -> str:
        """The article's absolute URL on the running replica."""
        if article.outlet not in self.base_urls:
            raise RuntimeError("the replica is not running: call start() first")
        return self.base_urls[article.outlet] + article.path()

    def article_for_url(self, url: str) -> ReplicaArticle | None:
        """The article a URL shows, in any variant: query, ``?page=N``, AMP.

        A bare path is looked up on every outlet, first match wins: two outlets
        may serve the same path (a syndicated copy published the same day).
        """
        split = urlsplit(url)
        if split.netloc:
            outlets = [
                o for o, base in self.base_urls.items() if urlsplit(base).netloc == split.netloc
            ]
        else:
            outlets = list(self.sites)
        for outlet in outlets:
            article = self.sites[outlet].article_for(split.path)
            if article is not None:
                return article
        return None

    def add_article(self, article: ReplicaArticle | Mapping[str, Any]) -> ReplicaArticle:
        """Publish an article: it shows at once on its outlet's homepage, listings, feeds, sitemaps.

        A mapping is a data-file entry plus ``outlet``; ``id`` defaults to the
        next free ``<outlet>-NNN``, ``published`` to now. A given ``published`` is
        in the data files' frame and is shifted like theirs; a ReplicaArticle
        is taken as it is.
        """
        if not isinstance(article, ReplicaArticle):
            article = self._from_mapping(article)
        with self._lock:
            check_unique_ids([*self._articles, article])
            self.sites[article.outlet].add(article)
            self._articles.append(article)
        return article

    def _from_mapping(self, data: Mapping[str, Any]) -> ReplicaArticle:
        record = dict(data)
        outlet = record.pop("outlet", None)
        if outlet not in self.sites:
            raise ValueError(f"add_article needs a known outlet, got {outlet!r}")
        shift = date_shift(self._today)
        if "published" not in record:
            record["published"] = now_wib() - shift
        if "id" not in record:
            taken = {a.id for a in self.articles}
            number = 500
            while f"{outlet}-{number:03d}" in taken:
                number += 1
            record["id"] = f"{outlet}-{number:03d}"
        slugs = {a.slug for a in self.sites[outlet].snapshot()}
        return article_from_record(record, outlet, shift, slugs)

    # ---- fault injection -------------------------------------------------------------------

    def set_fault(self, outlet: str, status: Fault) -> None:
        """Make every request to ``outlet`` answer ``status`` (e.g. 500, 503); None restores it.

        ``"hang"`` accepts every request and never answers (until the fault is
        cleared or the replica stops): a stuck site, for time-limit tests.
        Hung requests are not in the request log, which lists answers.
        """
        if outlet not in self.sites:
            raise KeyError(outlet)
        if outlet not in self._servers:
            raise RuntimeError("the replica is not running: call start() first")
        self._servers[outlet].set_fault(status)

    def faults(self, outlet: str) -> FaultPlan:
        """The outlet's per-path faults (see :mod:`replica.faultplan`); set before or while running.

        Unlike :meth:`set_fault`, a plan breaks chosen paths only (a status, a
        redirect, a hang, a reset mid-body, a huge or bomb body, raw bytes),
        adds links to them on the homepage, in an extra sitemap or feed, and can
        replace robots.txt; the rest of the outlet stays healthy.
        """
        if outlet not in self._plans:
            raise KeyError(outlet)
        return self._plans[outlet]

    def hanging(self, outlet: str) -> int:
        """How many requests to ``outlet`` are held unanswered now (a "hang" fault)."""
        if outlet not in self._servers:
            raise RuntimeError("the replica is not running: call start() first")
        return self._servers[outlet].hanging

    def holds(self, outlet: str) -> int:
        """How many requests to ``outlet`` were ever held (a "hang" fault), released or not.

        A test waiting for a *new* hung request (another crawl's) compares this count,
        since a request held earlier may still count in :meth:`hanging`.
        """
        if outlet not in self._servers:
            raise RuntimeError("the replica is not running: call start() first")
        return self._servers[outlet].holds

    # ---- robots.txt facts for crawl tests ----------------------------------------------------

    def disallowed_paths(self, outlet: str) -> list[str]:
        """The path prefixes the outlet's robots.txt disallows."""
        return self.sites[outlet].disallowed()

    def private_paths(self, outlet: str) -> list[str]:
        """Disallowed pages the outlet's homepage links (one matches its article pattern)."""
        return [path for path, _ in self.sites[outlet].private_links()]

    # ---- request log -----------------------------------------------------------------------

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._log.append(record)

    @property
    def request_log(self) -> list[RequestRecord]:
        """A copy of every request answered so far, in order."""
        with self._lock:
            return list(self._log)

    def requests(self, outlet: str | None = None) -> list[RequestRecord]:
        """Requests answered, optionally of one outlet only."""
        return [r for r in self.request_log if outlet is None or r.outlet == outlet]

    def article_requests(self, outlet: str | None = None) -> list[RequestRecord]:
        """Requests for article pages in any variant (tracking query, ``?page=N``, AMP)."""
        return [
            r for r in self.requests(outlet) if self.sites[r.outlet].article_for(r.path) is not None
        ]

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()
