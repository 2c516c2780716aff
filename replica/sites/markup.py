"""Small page parts the hand-made outlets share: the page parameter, date meta tag, JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Mapping

from replica import xmlfeeds
from replica.model import ReplicaArticle

Params = Mapping[str, str]


def page_number(params: Params, key: str = "page") -> int | None:
    """The 1-based page asked for; None for garbage (answered with 404)."""
    raw = params.get(key, "1") or "1"
    return int(raw) if raw.isdigit() and int(raw) >= 1 else None


def meta_published(article: ReplicaArticle) -> str:
    """The ``article:published_time`` meta tag (every outlet but neraca prints one)."""
    return f'<meta property="article:published_time" content="{xmlfeeds.iso(article.published)}">'


def json_ld(article: ReplicaArticle, url: str, publisher: str) -> str:
    """Schema.org NewsArticle metadata, as Yoast and most news themes embed it (no body)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "headline": article.title,
        "datePublished": xmlfeeds.iso(article.published),
        "dateModified": xmlfeeds.iso(article.published),
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": publisher},
        "articleSection": article.category,
        "inLanguage": "id-ID",
    }
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'
