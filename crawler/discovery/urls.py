"""URL identity: one key per page, decided before anything is fetched or stored.

The same article reaches the crawler under many URLs: from a sitemap with
`http://`, from a feed with `?utm_source=rss`, from a share button with
`?fbclid=...`, as its AMP or mobile variant, as page 2 of itself. `canonicalize`
maps all of them to one string, the key under which a URL is "seen" and a story is
stored; `fetch_url` cleans a URL for requesting without inventing a host the site
might not serve. Where outlets differ, `CanonicalRules` (config.yaml,
`outlets.<name>.canonical`) adjusts the rules.

Ports are kept (only 80 for http and 443 for https are dropped) because the local
replica used by tests serves every outlet on `127.0.0.1:<port>`; IP hosts have no
`www.`/`m.` labels to fold.
"""

from __future__ import annotations

import ipaddress
from fnmatch import fnmatchcase
from typing import NamedTuple
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as _w3lib_canonicalize

from crawler.config.canonical import CanonicalRules

__all__ = [
    "canonicalize",
    "fetch_url",
    "host_key",
    "resolve_page_canonical",
    "same_site",
]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEMES = frozenset(_DEFAULT_PORTS)


DEFAULT_RULES = CanonicalRules()


class _Parts(NamedTuple):
    scheme: str
    host: str  # lowercase, no brackets around IPv6, no trailing dot
    port: int | None  # None when absent or the scheme's default
    path: str
    query: str


def _parse(url: str) -> _Parts:
    """Split and validate an absolute http(s) URL; ValueError for anything else."""
    split = urlsplit(url.strip())
    scheme = split.scheme.lower()
    if scheme not in _SCHEMES:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = (split.hostname or "").rstrip(".")
    if not host:
        raise ValueError(f"URL without a host: {url!r}")
    try:
        port = split.port
    except ValueError as exc:  # non-numeric or out of range
        raise ValueError(f"bad port in {url!r}: {exc}") from exc
    if port == _DEFAULT_PORTS[scheme]:
        port = None
    return _Parts(scheme, host, port, split.path, split.query)


def _normalized(url: str) -> _Parts:
    """`_parse` after w3lib's encoding work: IDNA host, percent-escapes, dot segments, sorting."""
    _parse(url)  # validate first: w3lib accepts anything
    return _parse(_w3lib_canonicalize(url.strip()))


def _netloc(host: str, port: int | None) -> str:
    host = f"[{host}]" if ":" in host else host
    return host if port is None else f"{host}:{port}"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _fold_host(host: str, labels: frozenset[str]) -> str:
    """Drop leading `labels` (www, m, amp) while at least two labels remain."""
    if _is_ip(host):
        return host
    parts = host.split(".")
    while len(parts) > 2 and parts[0] in labels:
        parts = parts[1:]
    return ".".join(parts)


def _strip_amp_path(path: str) -> str:
    """Remove an `amp` last segment (/x/amp, /x/amp/) and an /amp/ first segment.

    The slash before a removed last segment stays: WordPress serves /slug/amp/ for
    /slug/. Repeated until stable, so the result never ends in another AMP marker.
    """
    while True:
        before = path
        if path.endswith("/amp"):
            path = path[:-3]
        elif path.endswith("/amp/"):
            path = path[:-4]
        if path.startswith("/amp/"):
            path = path[4:]
        if path == before:
            return path


def _matches(name: str, patterns: list[str]) -> bool:
    name = name.lower()
    return any(fnmatchcase(name, pattern.lower()) for pattern in patterns)


def _filter_query(
    query: str, rules: CanonicalRules, *, article: bool, identity: bool, amp: bool
) -> str:
    """Drop tracking, pager (`article`) and AMP (`amp`) parameters, and for the identity
    key those outside `keep_params`; the others stay as written, in order."""
    tracking = [*rules.tracking_params, *rules.extra_tracking_params]
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        name = unquote_plus(pair.split("=", 1)[0])
        if (
            _matches(name, tracking)
            or (article and _matches(name, rules.pager_params))
            or (amp and name.lower() == "amp")
            or (identity and rules.keep_params and not _matches(name, rules.keep_params))
        ):
            continue
        kept.append(pair)
    return "&".join(kept)


def canonicalize(url: str, rules: CanonicalRules | None = None, *, article: bool = True) -> str:
    """The identity key of a URL: two URLs of the same page give the same string.

    Lowercase scheme and host (IDNA-encoded), no default port, no user info, no
    fragment; tracking parameters, AMP variants and (for articles) pager parameters
    removed; `www.`/`m.`/`amp.` host labels folded as the rules say; path
    percent-encoding normalized (w3lib: unreserved characters decoded, the rest
    upper-case escapes), dot segments resolved, no trailing slash except the root,
    remaining query parameters sorted. The scheme is kept: http and https keys differ.

    `article=False` is for discovery pages (listings, search results, feeds), whose
    pager parameters select different content and must stay in their key.
    The result is a valid URL and canonicalize(canonicalize(u)) == canonicalize(u).
    Raises ValueError for anything but an absolute http(s) URL with a host.
    """
    rules = rules or DEFAULT_RULES
    parts = _normalized(url)
    labels = {"www"} if rules.fold_www else set()
    if rules.fold_mobile_host:
        labels.add("m")
    if rules.strip_amp:
        labels.add("amp")
    host = _fold_host(parts.host, frozenset(labels))
    path = _strip_amp_path(parts.path) if rules.strip_amp else parts.path
    path = path.rstrip("/") or "/"
    query = _filter_query(parts.query, rules, article=article, identity=True, amp=rules.strip_amp)
    return urlunsplit((parts.scheme, _netloc(host, parts.port), path, query, ""))


def fetch_url(url: str, rules: CanonicalRules | None = None, *, article: bool = True) -> str:
    """The URL to request: cleaned like `canonicalize`, but still one the site serves.

    Drops the fragment, user info, the default port, tracking parameters, AMP path and
    query markers and (for articles) pager parameters: a multi-page article is fetched
    from its first page, whose pager the spider follows in order. Host labels
    (`www.`, `m.`, `amp.`), the trailing slash, the path's encoding and the order of
    the remaining parameters are kept as given: a real site may not serve, or may
    redirect, the variants the identity key folds together. On an `amp.` host the
    URL keeps its AMP markers too (that host serves only AMP pages, and which host
    serves the normal page is unknown); the page's rel=canonical still gives it the
    right identity (`resolve_page_canonical`). `keep_params` is not applied: it
    decides identity, not what the site needs to see.
    Raises ValueError for anything but an absolute http(s) URL with a host.
    """
    rules = rules or DEFAULT_RULES
    parts = _parse(url)
    strip_amp = rules.strip_amp and not parts.host.startswith("amp.")
    path = parts.path or "/"
    if strip_amp:
        path = _strip_amp_path(path) or "/"
    query = _filter_query(parts.query, rules, article=article, identity=False, amp=strip_amp)
    return urlunsplit((parts.scheme, _netloc(parts.host, parts.port), path, query, ""))


def host_key(url: str) -> str:
    """Host and non-default port, lowercase, `www.`/`m.`/`amp.` folded: the site of a URL.

    `http://127.0.0.1:8001` and `http://127.0.0.1:8002` are different sites (the
    replica serves one outlet per port). Raises ValueError like `canonicalize`.
    """
    parts = _normalized(url)
    return _netloc(_fold_host(parts.host, frozenset({"www", "m", "amp"})), parts.port)


def same_site(url: str, other: str) -> bool:
    """Whether two URLs belong to one site (`host_key`); False if either is not http(s)."""
    try:
        return host_key(url) == host_key(other)
    except ValueError:
        return False


def resolve_page_canonical(
    page_url: str, declared: str | None, rules: CanonicalRules | None = None
) -> str:
    """The identity key of a fetched page, honouring its own rel=canonical / og:url.

    The declared URL (relative ones resolved against the page) is used when it is on
    the same site: it is how a site says "this page is a variant of that one".
    Ignored, falling back to `canonicalize(page_url)`: a canonical on another host
    (it could claim another story's identity, or name the live site in a replica),
    one that is not http(s), and one that points to the site's root from an inner
    page (a CMS template bug that would merge every article into one).
    """
    own = canonicalize(page_url, rules)
    if not declared or not declared.strip():
        return own
    target = urljoin(page_url.strip(), declared.strip())
    if not same_site(page_url, target):
        return own
    key = canonicalize(target, rules)
    if urlsplit(key).path == "/" and urlsplit(own).path != "/":
        return own
    return key
