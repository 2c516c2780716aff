"""A story's further pages found without a selector: rel=next and numbered pagers.

Templates change without notice, so a story split over pages must be joined
even where the outlet's `article_pages.pager_xpath` matches nothing. A link is
taken as page N of the story only when both hold:

- its URL is the first page's URL with a page marker: `?page=N` (`hal`,
  `halaman`, `paged`, `pg`), `/N`, `/N/`, `-N`, `/page/N`, `/halaman/N`, also
  on AMP URLs (`/amp/...`, `.../amp/`, `?amp`); same host, same path stem, the
  other query parameters unchanged. Related stories, listing pages (`/berita?page=2`)
  and comment pages (`/slug/comment-page-2/`, `?cpage=2`) have another stem or
  marker;
- the page says it is a pager link: `rel="next"` (`<link>` or `<a>`), or the
  anchor reads like a pager ("2", "Halaman 2", "Hal. 2", "Page 2",
  "Selanjutnya", "Berikutnya", "Next", "»"). A related story whose slug ends in
  `-2` (a second story under the same title) carries its headline instead.

Page numbers are always read against the story's first URL, so page 2 can name
page 3 (iterative discovery, `crawler.discovery.pagewalk`).
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

#: Query parameters that number a story's pages ("p" is left out: WordPress's post id).
PAGE_PARAMS = frozenset({"page", "hal", "halaman", "paged", "pg"})
_AMP_PARAMS = frozenset({"amp", "outputtype"})
_EXTENSION = re.compile(r"\.(?:html?|php|aspx?|shtml|jsp)$", re.IGNORECASE)
_MARKER = re.compile(
    r"(?:/page/|/halaman/|/hal/|/|-|_)(?P<n>\d{1,3})(?P<tail>/?|\.[A-Za-z]{2,5})", re.IGNORECASE
)
_NUMBERED = re.compile(r"^(?:(?:halaman|hal|page|pg|hlm)\s*\.?\s*:?\s*)?\d{1,3}$")
_NEXT_WORDS = re.compile(
    r"^(?:halaman\s+)?(?:selanjutnya|berikutnya|lanjut(?:kan)?|next(?:\s+page)?|"
    r"lanjut\s+baca|baca\s+selanjutnya)$"
)
_ARROWS = re.compile(r"^[»›>→]+$")
_MAX_PAGE = 999


def _host(netloc: str) -> str:
    host = netloc.lower()
    return host[4:] if host.startswith("www.") else host


def _strip_amp(path: str) -> str:
    """The path without an AMP segment in front (`/amp/...`) or at the end (`.../amp/`)."""
    if path.lower().startswith("/amp/"):
        path = path[4:]
    trimmed = path.rstrip("/")
    if trimmed.lower().endswith("/amp"):
        path = trimmed[:-4] or "/"
    return path


def _other_params(query: str) -> list[tuple[str, str]]:
    """The query parameters that do not number pages nor select AMP, sorted."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return sorted((k, v) for k, v in pairs if k.lower() not in PAGE_PARAMS | _AMP_PARAMS)


def _query_page(query: str) -> int | None:
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key.lower() in PAGE_PARAMS and value.isdigit():
            return int(value)
    return None


def _path_page(path: str, first_path: str) -> int | None:
    """N when `path` is `first_path` plus a page marker for N (None otherwise)."""
    first = first_path.rstrip("/")
    extension = _EXTENSION.search(first)
    stems = [first]
    if extension:
        stems.insert(0, first[: extension.start()])
    for stem in stems:
        if not stem or not path.startswith(stem):
            continue
        marker = _MARKER.fullmatch(path[len(stem) :])
        if marker is None:
            continue
        tail = marker.group("tail")
        if tail.startswith(".") and not (extension and tail.lower() == extension.group().lower()):
            continue
        if extension and stem != first and not tail.startswith("."):
            continue
        return int(marker.group("n"))
    return None


def page_number(url: str, first_url: str) -> int | None:
    """The page number `url` has as a page of the story whose first page is `first_url`.

    1 for the first page itself (in any AMP or page-1 form), N >= 2 for a further
    page, None for any other URL (another host, stem, or query).
    """
    try:
        cand, first = urlsplit(url), urlsplit(first_url)
    except ValueError:
        return None
    if cand.scheme not in ("http", "https") or _host(cand.netloc) != _host(first.netloc):
        return None
    if _other_params(cand.query) != _other_params(first.query):
        return None
    cand_path, first_path = _strip_amp(cand.path), _strip_amp(first.path)
    from_query = _query_page(cand.query)
    if cand_path.rstrip("/") == first_path.rstrip("/"):
        number = from_query if from_query is not None else 1
    elif from_query is None:
        number = _path_page(cand_path, first_path)
    else:
        return None
    if number is None or not 1 <= number <= _MAX_PAGE:
        return None
    return number


def _says_pager(anchor: Selector) -> bool:
    """Whether an `<a>` reads like a pager link: a number, "Halaman 2", "Selanjutnya", "»"."""
    rel = (anchor.attrib.get("rel") or "").lower().split()
    if "next" in rel:
        return True
    labels = [" ".join(anchor.xpath("normalize-space(.)").get("").split())]
    labels += [anchor.attrib.get(a, "") for a in ("title", "aria-label")]
    labels += anchor.xpath(".//img/@alt").getall()
    for label in labels:
        text = label.strip().lower().strip("«»›<>→ ").strip() if label else ""
        if _NUMBERED.match(text) or _NEXT_WORDS.match(text):
            return True
        if label and _ARROWS.match(label.strip()):
            return True
    return False


def generic_page_links(
    html: Selector, page_url: str, first_url: str, *, base_url: str | None = None
) -> list[tuple[int, str]]:
    """(N, URL) of the story's further pages this page names without a selector, in page order.

    `page_url` is the page read (links resolve against `base_url`, default
    `page_url`); numbers are read against `first_url`. Page 1 is left out.
    """
    base = base_url or page_url
    found: dict[int, str] = {}
    for href in html.xpath('//link[contains(concat(" ", @rel, " "), " next ")]/@href').getall():
        _take(found, urljoin(base, href.strip()), first_url)
    for anchor in html.xpath("//a[@href]"):
        if _says_pager(anchor):
            _take(found, urljoin(base, anchor.attrib["href"].strip()), first_url)
    return sorted(found.items())


def _take(found: dict[int, str], url: str, first_url: str) -> None:
    url = url.split("#", 1)[0]
    number = page_number(url, first_url)
    if number is not None and number >= 2:
        found.setdefault(number, url)


#: Text nodes outside scripts and styles; short ones (page numbers, labels) are ignored.
_TEXT_NODES = (
    ".//text()[normalize-space()]"
    "[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
)
_MIN_DIGEST_CHARS = 20


def page_digests(html: Selector, content_xpath: str | None = None) -> frozenset[str]:
    """Short digests of a page's pieces of text (inside `content_xpath` when it matches).

    Every text node of some length counts, in a paragraph or not (a body of
    ``<br>``-separated text has no ``<p>``), and scripts and styles do not; a
    page of only short texts is compared on all of them. Two
    pages with the same texts are the same page, however their pager differs: a
    page whose digests all appeared before adds nothing.
    """
    roots = html.xpath(content_xpath) if content_xpath else []
    if not roots:
        roots = html.xpath("//body") or [html]
    texts: list[str] = []
    for root in roots:
        texts += root.xpath(_TEXT_NODES).getall()
    normalized = [" ".join(text.lower().split()) for text in texts]
    # A page of only short texts is compared on all of them.
    kept = [text for text in normalized if len(text) >= _MIN_DIGEST_CHARS] or normalized
    return frozenset(hashlib.blake2b(text.encode(), digest_size=8).hexdigest() for text in kept)
