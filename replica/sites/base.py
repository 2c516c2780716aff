"""What every replica outlet shares: its article store, routing, robots.txt, homepage, listings.

An outlet subclass supplies its permalinks' lookup, its article markup and its
discovery surface (sitemaps, feeds, listings); this class keeps the articles
(newest first), answers the routes all outlets have and caches rendered pages
until an article is added. Rendering lives in small methods, each page part
on its own, so outlets override only what differs.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, quote_plus, urlsplit

from replica import responses, theme, zoo
from replica.model import ReplicaArticle, now_wib
from replica.responses import Response
from replica.sites.markup import Params, page_number
from replica.theme import Link, esc
from replica.zoo.view import PATH_PAGE, ArticleView

UTM = "utm_source=homepage&utm_medium=referral&utm_campaign=terkini"
_CACHE_LIMIT = 4000


class Site:
    """One outlet of the replica (thread-safe: the server calls :meth:`handle` from threads)."""

    name: str = ""
    display_name: str = ""
    address: str = "Jl. Merdeka No. 1, Bandung"
    per_page: int = 10
    home_count: int = 15
    nav: Sequence[Link] = ()

    def __init__(
        self,
        articles: Iterable[ReplicaArticle],
        *,
        today: date | None = None,
        clock: Callable[[], datetime] = now_wib,
    ) -> None:
        self._clock = clock
        self.today = today or clock().date()
        self.base_url = ""
        self._lock = threading.RLock()
        self._articles: list[ReplicaArticle] = []
        self._by_path: dict[str, ReplicaArticle] = {}
        self._version = 0
        self._cache: dict[str, tuple[int, Response]] = {}
        self._shuffled: list[ReplicaArticle] | None = None
        self._template: zoo.TemplateChoice = zoo.default_choice()
        for article in articles:
            self._insert(article)
        self._sort()
        newest = max((a.published for a in self._articles), default=None)
        self.started_at = clock()
        self._changed_at = max(newest, self.started_at) if newest else self.started_at

    # ---- the article store -------------------------------------------------------------

    def _insert(self, article: ReplicaArticle) -> None:
        if article.outlet != self.name:
            raise ValueError(f"{article.id} belongs to {article.outlet}, not {self.name}")
        path = article.path()
        if path in self._by_path:
            raise ValueError(f"{article.id}: {self.name} already serves {path}")
        self._by_path[path] = article
        self._articles.append(article)

    def _sort(self) -> None:
        self._articles.sort(key=lambda a: (a.published, a.id), reverse=True)
        self._shuffled = None

    def add(self, article: ReplicaArticle) -> None:
        """Publish an article: every page that lists articles changes at once."""
        with self._lock:
            self._insert(article)
            self._sort()
            self._changed_at = max(
                self._clock(), self._changed_at + timedelta(seconds=1), article.published
            ).replace(microsecond=0)
            self._version += 1
            self._cache.clear()

    def snapshot(self) -> list[ReplicaArticle]:
        """All articles, newest first."""
        with self._lock:
            return list(self._articles)

    @property
    def changed_at(self) -> datetime:
        """Last-Modified of every page that lists articles: the last time one was added."""
        return self._changed_at

    def url(self, path: str) -> str:
        return self.base_url + path

    def resolve(self, path: str) -> ReplicaArticle | None:
        """The article whose canonical path is ``path`` (no query)."""
        return self._by_path.get(path)

    def article_for(self, path: str) -> ReplicaArticle | None:
        """The article a request path shows, in any variant (query, page, AMP)."""
        path = urlsplit(path).path
        paged = self.path_paged(path)
        return self.resolve(path) or (paged[0] if paged else None)

    def others(self, article: ReplicaArticle | None, n: int) -> list[ReplicaArticle]:
        """``n`` other articles of this outlet, in a stable pseudo-random order (related blocks)."""
        with self._lock:
            if self._shuffled is None:
                self._shuffled = sorted(
                    self._articles, key=lambda a: hashlib.sha1(a.id.encode()).digest()
                )
            ordered = self._shuffled
        if article in ordered:
            at = ordered.index(article)
            ordered = ordered[at + 1 :] + ordered[:at]
        return ordered[:n]

    # ---- HTTP entry point --------------------------------------------------------------

    def handle(self, target: str) -> Response:
        """Answer a request target (``/path?query``); rendered pages are cached per version."""
        with self._lock:
            version = self._version
            cached = self._cache.get(target)
        if cached and cached[0] == version:
            return cached[1]
        split = urlsplit(target)
        params = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        response = self.dispatch(split.path or "/", params) or self.not_found()
        with self._lock:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            self._cache[target] = (version, response)
        return response

    def dispatch(self, path: str, params: Params) -> Response | None:
        """Routes every outlet has, then the outlet's own (:meth:`route`)."""
        if path == "/robots.txt":
            return responses.text(self.robots_txt(), self.started_at)
        if path in dict(self.private_links()) or path.startswith("/private/"):
            return responses.html(self.draft_page(), self.started_at)
        if path.startswith("/halaman/"):
            return responses.html(self.static_page(path), self.started_at)
        if path == "/" and not params.keys() - {"utm_source", "utm_medium", "utm_campaign"}:
            return responses.html(self.home_page(), self.changed_at)
        zoo_page = self.zoo_target(path, params)
        if zoo_page is not None:
            return self.zoo_response(*zoo_page)
        return self.route(path, params)

    def route(self, path: str, params: Params) -> Response | None:
        """The outlet's own routes: articles, sitemaps, feeds, listings. None means 404."""
        raise NotImplementedError

    def not_found(self) -> Response:
        return responses.error(404, self.display_name, "Halaman tidak ditemukan (404).")

    # ---- templates (replica.zoo) -------------------------------------------------------------

    def set_template(self, choice: zoo.TemplateChoice) -> None:
        """Render articles under `choice` (a template name, or a seed) from now on."""
        choice = zoo.parse_choice(choice)
        with self._lock:
            self._template = choice
            self._version += 1
            self._cache.clear()

    def template_of(self, article: ReplicaArticle) -> str:
        """The template the article is rendered in (``home``: the outlet's own markup)."""
        return zoo.template_for(article.id, self._template)

    def page_targets(self, article: ReplicaArticle) -> list[str]:
        """Request targets of each page of the article, in order, as its template links them."""
        name, path, count = self.template_of(article), article.path(), len(article.pages)
        if name != zoo.HOME:
            return [zoo.ZOO[name].page_href(path, n) for n in range(1, count + 1)]
        return [f"{path}?page={n}" for n in range(1, count + 1)] if count > 1 else [path]

    def path_paged(self, path: str) -> tuple[ReplicaArticle, int] | None:
        """(article, page) for ``<article path>/N`` when the article's template pages so."""
        match = PATH_PAGE.match(path)
        if match is None:
            return None
        base = match["article"]
        article = self.resolve(base) or self.resolve(base + "/")
        if article is None or not self._path_pages(article):
            return None
        return article, int(match["page"])

    def _path_pages(self, article: ReplicaArticle) -> bool:
        name = self.template_of(article)
        return name != zoo.HOME and zoo.ZOO[name].path_pages

    def zoo_target(self, path: str, params: Params) -> tuple[ReplicaArticle, int | None] | None:
        """(article, page) when `path` shows an article in a zoo template (page None: garbage)."""
        article = self.resolve(path)
        if article is None:
            return self.path_paged(path)
        if self.template_of(article) == zoo.HOME:
            return None
        return article, 1 if self._path_pages(article) else page_number(params)

    def zoo_response(self, article: ReplicaArticle, page: int | None) -> Response | None:
        """An article page in its zoo template; None (404) for a page it does not have."""
        if page is None or not 1 <= page <= len(article.pages):
            return None
        view = ArticleView(
            article=article,
            page=page,
            site_name=self.display_name,
            base_url=self.base_url,
            header_html=self.header(),
            sidebar_html=self.sidebar(),
            footer_html=self.footer(),
            head_extra=self.head_extra(),
            related=self.others(article, 8),
        )
        html = zoo.ZOO[self.template_of(article)].render(view)
        return responses.html(html, article.published)

    # ---- robots.txt and private drafts ---------------------------------------------------

    def disallowed(self) -> list[str]:
        """The path prefixes robots.txt disallows."""
        return ["/private/"]

    def sitemap_urls(self) -> list[str]:
        """Absolute URLs robots.txt names on ``Sitemap:`` lines."""
        return []

    def robots_txt(self) -> str:
        lines = ["User-agent: *", *(f"Disallow: {p}" for p in self.disallowed()), ""]
        lines += [f"Sitemap: {url}" for url in self.sitemap_urls()]
        return "\n".join(lines).rstrip("\n") + "\n"

    def private_links(self) -> list[Link]:
        """Disallowed pages the homepage links to; the outlet-specific one matches its pattern."""
        return [("/private/draft-rapat-redaksi", "Draf: agenda rapat redaksi")]

    def draft_page(self) -> str:
        return theme.empty_page(self.display_name, "Draf internal redaksi. Jangan diterbitkan.")

    def static_page(self, path: str) -> str:
        name = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").title()
        return theme.empty_page(self.display_name, f"{name} - {self.display_name}. {self.address}")

    # ---- shared page parts -----------------------------------------------------------------

    def head_extra(self) -> list[str]:
        """Extra ``<head>`` lines of every page (feed autodiscovery lives here)."""
        return []

    def popular(self) -> list[Link]:
        return [(a.path(), a.title) for a in self.others(None, 5)]

    def header(self) -> str:
        return theme.logo(self.display_name) + theme.menu(self.nav)

    def sidebar(self) -> str:
        latest = [(a.path(), a.title) for a in self.snapshot()[:5]]
        return theme.sidebar(self.popular(), latest)

    def footer(self) -> str:
        links = [
            ("/halaman/redaksi", "Redaksi"),
            ("/halaman/pedoman-media-siber", "Pedoman Media Siber"),
            ("/halaman/kontak", "Kontak"),
            ("/halaman/kebijakan-privasi", "Kebijakan Privasi"),
        ]
        return theme.footer(self.display_name, self.address, links)

    def page(
        self,
        *,
        title: str,
        canonical_path: str,
        main: str,
        body_class: str,
        head: Sequence[str] = (),
        og_type: str = "website",
    ) -> str:
        return theme.document(
            head_html=theme.head(
                title=title,
                canonical=self.url(canonical_path),
                extra=[*head, *self.head_extra()],
                og_type=og_type,
            ),
            header_html=self.header(),
            main_html=main,
            sidebar_html=self.sidebar(),
            footer_html=self.footer(),
            body_class=body_class,
        )

    # ---- homepage --------------------------------------------------------------------------

    def home_href(self, article: ReplicaArticle, index: int) -> str:
        """How the homepage links an article: some links carry tracking parameters."""
        return f"{article.path()}?{UTM}" if index % 3 == 1 else article.path()

    def home_page(self) -> str:
        latest = self.snapshot()[: self.home_count]
        items = "".join(
            f'<article class="latest-item"><h2><a href="{esc(self.home_href(a, i))}">'
            f'{esc(a.title)}</a></h2><span class="time">{theme.long_date(a.published)}</span>'
            f"<p>{esc(theme.excerpt(a))}</p></article>"
            for i, a in enumerate(latest)
        )
        picks = "".join(
            f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for href, text in self.private_links()
        )
        main = (
            f'<section class="latest-news"><h2 class="section-title">Berita Terkini</h2>{items}'
            f'</section><section class="pilihan-redaksi"><h2 class="section-title">Pilihan Redaksi'
            f"</h2><ul>{picks}</ul></section>"
        )
        return self.page(
            title=f"{self.display_name} - Berita Terkini Hari Ini",
            canonical_path="/",
            main=main,
            body_class="home",
            head=[f'<meta property="og:site_name" content="{esc(self.display_name)}">'],
        )

    # ---- listings --------------------------------------------------------------------------

    def search(self, query: str) -> list[ReplicaArticle]:
        """Articles whose title or body contains every word of ``query``, case-insensitive.

        Substrings count, as in WordPress's ``LIKE '%word%'`` search: ``netral``
        finds ``netralitas``.
        """
        wanted = query.lower().split()
        return [
            a
            for a in self.snapshot()
            if wanted and all(w in (a.title + " " + " ".join(a.paragraphs)).lower() for w in wanted)
        ]

    def listing(
        self,
        items: Sequence[ReplicaArticle],
        page: int | None,
        href_for: Callable[[int], str],
        *,
        heading: str,
    ) -> Response | None:
        """One page of a paginated listing; None (404) for a page past the end.

        Page 1 of an empty listing (a search without results) is a normal page.
        """
        last = max(1, -(-len(items) // self.per_page))
        if page is None or page > last:
            return None
        chunk = items[(page - 1) * self.per_page : page * self.per_page]
        rows = "".join(self.listing_item(a) for a in chunk) or "<p>Tidak ada berita.</p>"
        main = (
            f'<section class="list-news"><h1 class="section-title">{esc(heading)}</h1>{rows}'
            f"</section>{theme.pagination(page, last, href_for)}"
        )
        html = self.page(
            title=f"{heading} - Halaman {page} - {self.display_name}",
            canonical_path=href_for(page),
            main=main,
            body_class="archive",
        )
        return responses.html(html, self.changed_at)

    def listing_item(self, article: ReplicaArticle) -> str:
        return (
            f'<article class="list-item"><h2><a href="{esc(article.path())}">{esc(article.title)}'
            f'</a></h2><span class="time">{theme.long_date(article.published)}</span>'
            f"<p>{esc(theme.excerpt(article))}</p></article>"
        )

    def search_listing(self, params: Params, page_key: str, href: str) -> Response | None:
        """A search results page; ``href`` is a format string with ``{q}`` and ``{page}``."""
        query = params.get("q", params.get("s", ""))
        return self.listing(
            self.search(query),
            page_number(params, page_key),
            lambda n: href.format(q=quote_plus(query), page=n),
            heading=f"Hasil pencarian: {query}",
        )

    def entries(self, articles: Iterable[ReplicaArticle]) -> list[tuple[str, ReplicaArticle]]:
        """``(absolute URL, article)`` pairs for sitemaps and feeds."""
        return [(self.url(a.path()), a) for a in articles]
