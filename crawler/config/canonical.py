"""URL identity rules in `config.yaml`: `outlets.<name>.canonical`.

`crawler.discovery.urls` reduces every URL of an article (tracking parameters,
AMP and mobile variants, pager parameters) to one identity key; these rules adjust
that reduction where outlets differ.
"""

from __future__ import annotations

from pydantic import Field

from crawler.config.base import StrictModel

__all__ = ["DEFAULT_TRACKING_PARAMS", "CanonicalRules"]

#: Query parameters that say how a reader arrived, never which page they see.
DEFAULT_TRACKING_PARAMS: tuple[str, ...] = (
    "utm_*",  # Google Analytics campaign tags (utm_source, utm_medium, ...)
    "fbclid",  # Facebook click id
    "gclid",  # Google Ads click ids
    "gbraid",
    "wbraid",
    "dclid",  # Google Display
    "msclkid",  # Microsoft Ads
    "yclid",  # Yandex
    "twclid",  # X/Twitter
    "ttclid",  # TikTok
    "igshid",  # Instagram share
    "igsh",
    "mc_cid",  # Mailchimp
    "mc_eid",
    "_ga",  # Google Analytics cross-domain linker
    "_gl",
    "_hsenc",  # HubSpot
    "_hsmi",
    "mkt_tok",  # Marketo
    "fb_action_ids",  # old Facebook share links
    "fb_action_types",
    "fb_ref",
    "fb_source",
    "ref",  # referral tags added by aggregators and share widgets
    "ref_src",
    "ref_url",
)


class CanonicalRules(StrictModel):
    """How one outlet's URLs are reduced to their identity (all optional).

    Parameter names are matched case-insensitively as shell globs (`utm_*`).
    """

    #: Replaces the default list; to add a few names, use `extra_tracking_params`.
    tracking_params: list[str] = Field(default_factory=lambda: list(DEFAULT_TRACKING_PARAMS))
    #: Site-specific tracking names, added to `tracking_params`.
    extra_tracking_params: list[str] = []
    #: Removed from article URLs: a multi-page article (?page=2, ?page=all) is one story.
    #: Kept on discovery pages (listings, search), where each page lists other links.
    pager_params: list[str] = ["page", "halaman"]
    #: Fold AMP variants: /amp at the end or /amp/ at the start of the path, ?amp, ?amp=1,
    #: and (identity key only) an `amp.` host label.
    strip_amp: bool = True
    #: m.example.com and example.com are one site (identity key only).
    fold_mobile_host: bool = True
    #: www.example.com and example.com are one site (identity key only).
    fold_www: bool = True
    #: If non-empty, the identity key keeps ONLY these query parameters: for sites whose
    #: article id lives in the query (?p=123) beside noise nobody has listed yet.
    #: Tracking, pager and AMP parameters are removed even if listed here.
    keep_params: list[str] = []
