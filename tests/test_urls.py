"""URL identity: each canonicalization rule, one test per rule.

The fetch URL, sites and declared canonicals are in test_url_sites.py.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from crawler.config.canonical import CanonicalRules
from crawler.discovery.urls import (
    canonicalize,
)

ARTICLE = "https://inilahkoran.com/berita/jabar/123/asn-netral"
REPLICA = "http://127.0.0.1:8123"


# --- canonicalize: one test per rule ------------------------------------------------------


def test_scheme_and_host_are_lowercased_but_not_the_path() -> None:
    assert canonicalize("HTTPS://InilahKoran.COM/Berita/Jabar/123/ASN") == (
        "https://inilahkoran.com/Berita/Jabar/123/ASN"
    )


def test_http_and_https_stay_different_keys() -> None:
    assert canonicalize("http://inilahkoran.com/a") != canonicalize("https://inilahkoran.com/a")


def test_default_https_port_is_dropped() -> None:
    assert canonicalize("https://inilahkoran.com:443/a") == "https://inilahkoran.com/a"


def test_default_http_port_is_dropped() -> None:
    assert canonicalize("http://127.0.0.1:80/a") == "http://127.0.0.1/a"


def test_other_ports_are_kept() -> None:
    assert canonicalize(f"{REPLICA}/berita/1/x") == f"{REPLICA}/berita/1/x"
    assert canonicalize("http://example.com:443/a") == "http://example.com:443/a"
    assert canonicalize("https://example.com:80/a") == "https://example.com:80/a"


def test_fragment_is_dropped() -> None:
    assert canonicalize(ARTICLE + "#komentar") == ARTICLE


def test_user_info_is_dropped() -> None:
    assert canonicalize("https://user:secret@inilahkoran.com/a") == "https://inilahkoran.com/a"


@pytest.mark.parametrize(
    "query",
    [
        "utm_source=facebook",
        "utm_medium=social&utm_campaign=pilkada&utm_content=x&utm_term=asn",
        "fbclid=IwAR0abc",
        "gclid=Cj0KCQ",
        "gbraid=0AAA",
        "wbraid=Cj8",
        "dclid=CJK",
        "msclkid=5f1e",
        "yclid=123",
        "twclid=2-abc",
        "ttclid=E_C_P",
        "igshid=MzRlODBiNWFlZA==",
        "igsh=abc",
        "mc_cid=1a2b&mc_eid=3c4d",
        "_ga=2.1.2.3&_gl=1*abc",
        "_hsenc=p2A&_hsmi=123",
        "mkt_tok=eyJ",
        "fb_action_ids=1&fb_action_types=og.likes&fb_ref=x&fb_source=y",
        "ref=newsletter",
        "ref_src=twsrc&ref_url=https%3A%2F%2Fx.com",
        "UTM_SOURCE=rss",
    ],
)
def test_tracking_parameters_are_dropped(query: str) -> None:
    assert canonicalize(f"{ARTICLE}?{query}") == ARTICLE


def test_other_parameters_survive_tracking_removal() -> None:
    assert canonicalize(f"{ARTICLE}?utm_source=x&id=7") == f"{ARTICLE}?id=7"


def test_site_specific_tracking_parameters_add_to_the_defaults() -> None:
    rules = CanonicalRules(extra_tracking_params=["src", "from_*"])
    url = f"{ARTICLE}?src=wa&from_home=1&fbclid=x&id=7"
    assert canonicalize(url, rules) == f"{ARTICLE}?id=7"
    assert canonicalize(url) == f"{ARTICLE}?from_home=1&id=7&src=wa"


def test_tracking_list_replaces_the_defaults_when_given() -> None:
    rules = CanonicalRules(tracking_params=["src"])
    assert canonicalize(f"{ARTICLE}?src=wa&ref=x", rules) == f"{ARTICLE}?ref=x"


@pytest.mark.parametrize(
    "url",
    [
        ARTICLE + "/amp",
        ARTICLE + "/amp/",
        "https://inilahkoran.com/amp/berita/jabar/123/asn-netral",
        ARTICLE + "?amp",
        ARTICLE + "?amp=1",
        ARTICLE + "?AMP=true",
        "https://amp.inilahkoran.com/berita/jabar/123/asn-netral",
    ],
    ids=["path-end", "path-end-slash", "path-start", "query", "query=1", "query-case", "host"],
)
def test_amp_variants_fold_to_the_article(url: str) -> None:
    assert canonicalize(url) == ARTICLE


def test_amp_inside_a_slug_or_path_is_not_an_amp_marker() -> None:
    for url in (ARTICLE + "-amp", "https://inilahkoran.com/berita/amp-news/1/x"):
        assert canonicalize(url) == url


def test_amp_variants_are_kept_when_the_rule_is_off() -> None:
    rules = CanonicalRules(strip_amp=False)
    assert canonicalize(ARTICLE + "/amp?amp=1", rules) == ARTICLE + "/amp?amp=1"
    assert canonicalize("https://amp.inilahkoran.com/a", rules) == "https://amp.inilahkoran.com/a"


def test_mobile_host_folds_to_the_site() -> None:
    assert canonicalize("https://m.inilahkoran.com/berita/jabar/123/asn-netral") == ARTICLE


def test_www_host_folds_to_the_site() -> None:
    assert canonicalize("https://www.inilahkoran.com/berita/jabar/123/asn-netral") == ARTICLE


def test_host_folding_can_be_switched_off_per_outlet() -> None:
    rules = CanonicalRules(fold_www=False, fold_mobile_host=False)
    assert canonicalize("https://www.neraca.co.id/a", rules) == "https://www.neraca.co.id/a"
    assert canonicalize("https://m.neraca.co.id/a", rules) == "https://m.neraca.co.id/a"


def test_host_folding_leaves_a_registrable_domain() -> None:
    # "www" or "m" as the second-to-last label is part of the name, not a prefix.
    assert canonicalize("https://www.m.example.com/a") == "https://example.com/a"
    assert canonicalize("https://m.com/a") == "https://m.com/a"


def test_ip_hosts_are_not_folded() -> None:
    assert canonicalize(f"{REPLICA}/a/") == f"{REPLICA}/a"
    assert canonicalize("http://[::1]:8123/a") == "http://[::1]:8123/a"


def test_trailing_slash_is_dropped() -> None:
    assert canonicalize("https://abadikini.com/2024/05/27/asn-netral/") == (
        "https://abadikini.com/2024/05/27/asn-netral"
    )


@pytest.mark.parametrize(
    "url", ["https://abadikini.com", "https://abadikini.com/", "https://abadikini.com/?"]
)
def test_root_keeps_its_slash(url: str) -> None:
    assert canonicalize(url) == "https://abadikini.com/"


@pytest.mark.parametrize("query", ["page=2", "page=all", "halaman=3", "Page=2"])
def test_pager_parameters_are_dropped_from_articles(query: str) -> None:
    assert canonicalize(f"{ARTICLE}?{query}") == ARTICLE


def test_pager_parameters_stay_on_discovery_pages() -> None:
    listing = "https://inilahkoran.com/berita?page=2"
    assert canonicalize(listing, article=False) == listing
    assert canonicalize(listing, article=False) != canonicalize(
        "https://inilahkoran.com/berita?page=3", article=False
    )


def test_pager_parameters_are_configurable() -> None:
    rules = CanonicalRules(pager_params=["hal"])
    assert canonicalize(f"{ARTICLE}?hal=2&page=2", rules) == f"{ARTICLE}?page=2"


def test_remaining_query_parameters_are_sorted() -> None:
    assert (
        canonicalize("https://sahabat.com/?s=asn&cat=3&b=") == "https://sahabat.com/?b=&cat=3&s=asn"
    )
    assert canonicalize("https://sahabat.com/?s=asn&cat=3") == canonicalize(
        "https://sahabat.com/?cat=3&s=asn"
    )


def test_keep_params_keeps_only_the_listed_parameters() -> None:
    rules = CanonicalRules(keep_params=["p", "id"])
    url = "https://nyaringindonesia.com/?p=123&share=wa&id=9&utm_source=x&page=2"
    assert canonicalize(url, rules) == "https://nyaringindonesia.com/?id=9&p=123"


def test_without_keep_params_unknown_parameters_are_kept() -> None:
    url = "https://nyaringindonesia.com/?p=123&share=wa"
    assert canonicalize(url) == "https://nyaringindonesia.com/?p=123&share=wa"


def test_idn_host_and_its_punycode_give_one_key() -> None:
    assert canonicalize("https://Berita-Jawa.Bücher.example/a") == canonicalize(
        "https://berita-jawa.xn--bcher-kva.example/a"
    )
    assert canonicalize("https://bücher.example/a") == "https://xn--bcher-kva.example/a"


def test_percent_encoding_is_normalized() -> None:
    raw = "https://sahabat.com/berita/caf\u00e9 asn?q=netral it\u00e1s"
    lower = "https://sahabat.com/berita/caf%c3%a9%20asn?q=netral+it%c3%a1s"
    upper = "https://sahabat.com/berita/caf%C3%A9%20asn?q=netral%20it%C3%A1s"
    assert canonicalize(raw) == canonicalize(lower) == canonicalize(upper)
    assert canonicalize("https://sahabat.com/%7Eredaksi/%41") == "https://sahabat.com/~redaksi/A"


def test_encoded_slash_is_not_decoded() -> None:
    assert canonicalize("https://sahabat.com/a%2Fb") == "https://sahabat.com/a%2Fb"


def test_dot_segments_are_resolved() -> None:
    assert canonicalize("https://sahabat.com/a/b/../c/./d") == "https://sahabat.com/a/c/d"


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://WWW.InilahKoran.com:443/amp/Berita/1/x/amp/?utm_source=a&z=1&a=2&page=all#top",
        "https://m.www.example.com/x/amp/amp/",
        "https://bücher.example/caf\u00e9/?q=\u00e4 b&amp",
        f"{REPLICA}/2024/05/27/asn-netral/?fbclid=1",
        "https://example.com/amp/amp/",
        "https://example.com/a%2fb/%7e/",
        "http://example.com",
    ],
)
def test_canonicalize_is_idempotent(url: str) -> None:
    once = canonicalize(url)
    assert canonicalize(once) == once


@pytest.mark.parametrize(
    "url",
    [
        "ftp://inilahkoran.com/a",
        "mailto:redaksi@inilahkoran.com",
        "javascript:void(0)",
        "/berita/1/x",
        "inilahkoran.com/berita",
        "http://",
        "http://inilahkoran.com:99999/a",
        "http://inilahkoran.com:port/a",
        "",
    ],
)
def test_non_http_or_malformed_urls_raise_value_error(url: str) -> None:
    with pytest.raises(ValueError):
        canonicalize(url)


def test_rules_reject_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        CanonicalRules.model_validate({"strip_amps": True})
