"""URL identity beyond the key: the fetch URL, sites (host_key, same_site), declared canonicals."""

from __future__ import annotations

import pytest

from crawler.config.canonical import CanonicalRules
from crawler.discovery.urls import (
    canonicalize,
    fetch_url,
    host_key,
    resolve_page_canonical,
    same_site,
)

ARTICLE = "https://inilahkoran.com/berita/jabar/123/asn-netral"
REPLICA = "http://127.0.0.1:8123"


# --- fetch_url ------------------------------------------------------------------------------


def test_fetch_url_keeps_host_labels_and_trailing_slash() -> None:
    url = "https://www.abadikini.com/2024/05/27/asn-netral/"
    assert fetch_url(url) == url
    assert fetch_url("https://m.abadikini.com/x/") == "https://m.abadikini.com/x/"


def test_fetch_url_drops_fragment_tracking_pager_and_default_port() -> None:
    url = "https://www.inilahkoran.com:443/berita/1/x?utm_source=fb&page=2&id=7&fbclid=a#c"
    assert fetch_url(url) == "https://www.inilahkoran.com/berita/1/x?id=7"


def test_fetch_url_keeps_the_order_of_remaining_parameters() -> None:
    assert fetch_url("https://sahabat.com/?s=asn&cat=3") == "https://sahabat.com/?s=asn&cat=3"


def test_fetch_url_drops_amp_markers_of_path_and_query() -> None:
    assert fetch_url("https://www.abadikini.com/2024/x/amp/") == "https://www.abadikini.com/2024/x/"
    assert fetch_url("https://www.abadikini.com/amp/2024/x") == "https://www.abadikini.com/2024/x"
    assert (
        fetch_url("https://www.abadikini.com/2024/x/?amp=1") == "https://www.abadikini.com/2024/x/"
    )


def test_fetch_url_leaves_an_amp_host_url_whole() -> None:
    url = "https://amp.inilahkoran.com/amp/berita/1/x?amp=1&utm_source=a"
    assert fetch_url(url) == "https://amp.inilahkoran.com/amp/berita/1/x?amp=1"


def test_fetch_url_keeps_pager_on_discovery_pages() -> None:
    assert fetch_url(f"{REPLICA}/berita?page=2", article=False) == f"{REPLICA}/berita?page=2"


def test_fetch_url_does_not_apply_keep_params() -> None:
    rules = CanonicalRules(keep_params=["p"])
    assert fetch_url("https://x.com/?p=1&lang=id", rules) == "https://x.com/?p=1&lang=id"


def test_fetch_url_rejects_non_http_urls() -> None:
    with pytest.raises(ValueError):
        fetch_url("file:///etc/passwd")


def test_fetch_url_and_canonicalize_agree_on_identity() -> None:
    url = "https://www.inilahkoran.com/berita/jabar/123/asn-netral/amp/?utm_source=x&page=2"
    assert canonicalize(fetch_url(url)) == canonicalize(url) == ARTICLE


# --- host_key / same_site -------------------------------------------------------------------


def test_host_key_folds_www_mobile_and_amp_labels() -> None:
    keys = {
        host_key(u)
        for u in (
            "https://www.neraca.co.id/a",
            "http://m.neraca.co.id/b",
            "https://amp.neraca.co.id/c",
            "https://NERACA.co.id:443/",
        )
    }
    assert keys == {"neraca.co.id"}


def test_host_key_keeps_non_default_ports() -> None:
    assert host_key(f"{REPLICA}/a") == "127.0.0.1:8123"


def test_same_site_across_subdomain_labels() -> None:
    assert same_site("https://www.sahabat.com/a", "https://m.sahabat.com/b")


def test_different_ports_are_different_sites() -> None:
    assert not same_site("http://127.0.0.1:8123/a", "http://127.0.0.1:8124/a")


def test_different_hosts_are_different_sites() -> None:
    assert not same_site("https://sahabat.com/a", "https://antaranews.com/a")
    assert not same_site("https://sahabat.com/a", "https://sahabat.com.evil.example/a")
    assert not same_site("https://news.sahabat.com/a", "https://sahabat.com/a")


def test_same_site_is_false_for_non_http_urls() -> None:
    assert not same_site("https://sahabat.com/a", "mailto:redaksi@sahabat.com")


# --- resolve_page_canonical -----------------------------------------------------------------


def test_same_site_canonical_gives_the_key() -> None:
    page = "https://m.sahabat.com/2024/05/27/asn-netral/?utm_source=wa"
    declared = "https://www.sahabat.com/2024/05/27/asn-netral-pemilu/"
    assert (
        resolve_page_canonical(page, declared) == "https://sahabat.com/2024/05/27/asn-netral-pemilu"
    )


def test_relative_canonical_is_resolved_against_the_page() -> None:
    page = f"{REPLICA}/berita/jabar/123/asn-netral?page=2"
    assert resolve_page_canonical(page, "/berita/jabar/123/asn-netral/") == (
        f"{REPLICA}/berita/jabar/123/asn-netral"
    )


def test_offsite_canonical_is_ignored() -> None:
    page = "https://sahabat.com/2024/05/27/asn-netral/"
    declared = "https://www.antaranews.com/berita/4000000/asn-netral"
    assert resolve_page_canonical(page, declared) == "https://sahabat.com/2024/05/27/asn-netral"


def test_canonical_naming_the_live_site_is_ignored_in_the_replica() -> None:
    page = f"{REPLICA}/berita/jabar/123/asn-netral"
    declared = "https://www.inilahkoran.com/berita/jabar/123/asn-netral"
    assert resolve_page_canonical(page, declared) == page


def test_canonical_on_another_port_is_ignored() -> None:
    page = f"{REPLICA}/a"
    assert resolve_page_canonical(page, "http://127.0.0.1:9999/b") == page


def test_canonical_pointing_to_the_homepage_is_ignored() -> None:
    page = "https://www.neraca.co.id/article/1234/asn-netral"
    for declared in ("https://www.neraca.co.id/", "https://neraca.co.id", "/"):
        assert (
            resolve_page_canonical(page, declared) == "https://neraca.co.id/article/1234/asn-netral"
        )


@pytest.mark.parametrize("declared", [None, "", "   ", "mailto:a@b.c", "javascript:void(0)"])
def test_missing_or_unusable_canonical_falls_back_to_the_page(declared: str | None) -> None:
    page = "https://www.abadikini.com/2024/05/27/asn-netral/#x"
    assert resolve_page_canonical(page, declared) == "https://abadikini.com/2024/05/27/asn-netral"


def test_declared_canonical_is_cleaned_by_the_outlet_rules() -> None:
    rules = CanonicalRules(keep_params=["p"])
    page = "https://nyaringindonesia.com/?p=42&share=wa"
    declared = "https://nyaringindonesia.com/?p=42&amp=1&ref=x"
    assert resolve_page_canonical(page, declared, rules) == "https://nyaringindonesia.com/?p=42"
