"""`notifications:` and `metrics:` in config.yaml: where the daemon's alerts go, what it serves.

Alerts go through Apprise (`crawler.ops.notify`): each entry of `notifications.urls`
is an Apprise URL (tgram://, mailto://, slack://, discord://, ntfy://, json://, ...).
Those URLs carry tokens and passwords, so a URL that Apprise cannot use is
reported by its scheme only, never in full. The `notify.webhook_url` key is still
read: it becomes one more Apprise URL (json:// or jsons://), with a warning that
says where it belongs. Apprise is imported only when a URL has to be checked, so
reading a config without notifications stays cheap.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from crawler.config.base import StrictModel

logger = logging.getLogger(__name__)

_LISTEN = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[^\s:\[\]]*):(?P<port>\d{1,5})$")
_DIGEST_AT = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def parse_listen(value: str) -> tuple[str, int]:
    """`HOST:PORT` (`:9464` for every interface, `[::1]:9464` for IPv6) as (host, port)."""
    match = _LISTEN.match(value.strip())
    port = int(match["port"]) if match else -1
    if not match or not 0 <= port <= 65535:
        raise ValueError(f"expected HOST:PORT such as 127.0.0.1:9464, got {value!r}")
    return match["host"].strip("[]") or "0.0.0.0", port


def url_scheme(url: str) -> str:
    """The part of an Apprise URL that is safe to log: its scheme (the service)."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    return scheme if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{0,31}", scheme) else "<invalid URL>"


def webhook_as_apprise(url: str) -> str:
    """An http(s) webhook as the Apprise URL that POSTs JSON to it (json:// or jsons://)."""
    scheme, rest = url.split("://", 1) if "://" in url else ("", url)
    if scheme.lower() not in ("http", "https"):
        raise ValueError("expected an http(s) URL")
    return ("jsons://" if scheme.lower() == "https" else "json://") + rest


def _usable(number: int, url: str) -> str:
    """An Apprise URL that Apprise can load; the error names the scheme, never the URL.

    Apprise logs a URL it cannot parse (partly masked only): its logger is
    silenced for the check.
    """
    import apprise

    apprise_logger = logging.getLogger("apprise")
    was_disabled, apprise_logger.disabled = apprise_logger.disabled, True
    try:
        service = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    finally:
        apprise_logger.disabled = was_disabled
    if service is None:
        raise ValueError(
            f"entry {number}: a {url_scheme(url)}:// URL that Apprise cannot use (check the "
            "service's URL format at https://github.com/caronc/apprise/wiki)"
        )
    return url


class NotificationsConfig(StrictModel):
    """Where alerts go and which ones: new stories, failing or silent outlets, start/stop."""

    #: Apprise URLs, each a service to tell (empty: no notifications).
    urls: list[str] = []
    #: Seconds one service may take to answer.
    timeout_seconds: float = Field(default=10, gt=0)
    #: New stories: after each cycle, in one daily digest, or not at all.
    new_stories: Literal["cycle", "digest", "off"] = "cycle"
    #: Local time of the daily digest (HH:MM).
    digest_at: str = "08:00"
    #: Titles listed in one message; the counts cover every story.
    max_titles: int = Field(default=20, ge=0)
    #: An outlet failing this many cycles in a row is reported once (0: never).
    failing_cycles: int = Field(default=3, ge=0)
    #: An outlet that stored stories before and none for this many days is reported (0: never).
    silent_days: float = Field(default=3, ge=0)
    #: The daemon's own start and stop.
    daemon_events: bool = True
    #: How often the daemon looks for something to report (seconds).
    check_seconds: float = Field(default=30, gt=0)

    @field_validator("urls")
    @classmethod
    def _urls(cls, urls: list[str]) -> list[str]:
        return [_usable(number, url.strip()) for number, url in enumerate(urls, 1)]

    @field_validator("digest_at")
    @classmethod
    def _digest_at(cls, value: str) -> str:
        if not _DIGEST_AT.match(value):
            raise ValueError(f"expected a time of day as HH:MM, got {value!r}")
        return value


class NotifyConfig(StrictModel):
    """The single-webhook section, read as one more Apprise URL (see `notification_urls`)."""

    webhook_url: str | None = None
    timeout_seconds: float = Field(default=10, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _deprecated(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("webhook_url"):
            logger.warning(
                "notify.webhook_url is deprecated: it is sent as an Apprise json:// URL (an "
                "Apprise JSON body: title, message, type); move it to notifications.urls as "
                "json://HOST/PATH (jsons:// for https)"
            )
        return data

    @field_validator("webhook_url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc:
            raise ValueError("expected an http(s) URL")
        return value


class MetricsConfig(StrictModel):
    """Prometheus metrics served by the daemon (`asnwatch daemon --metrics` overrides)."""

    #: HOST:PORT to serve /metrics on; unset: no metrics server.
    listen: str | None = None

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str | None) -> str | None:
        if value is not None:
            parse_listen(value)
        return value


def notification_urls(notifications: NotificationsConfig, notify: NotifyConfig) -> list[str]:
    """Every Apprise URL to tell: `notifications.urls`, then the webhook of `notify`."""
    urls = list(notifications.urls)
    if notify.webhook_url:
        urls.append(webhook_as_apprise(notify.webhook_url))
    return urls
