"""Send a message to every configured service through Apprise: Telegram, e-mail, Slack, ntfy, ...

A notification is best effort: the daemon runs unattended for months, so a
service that is down, slow or refusing is logged and the daemon goes on (the
stories are in the database and the export folder either way). Each service is
its own Apprise object, so the log can say which one failed.

Apprise URLs carry tokens and passwords. asnwatch logs a service by its scheme
only (`json`, `tgram`, `mailto`); Apprise's logger and urllib3's are kept to
warnings, which name a host at most, and a filter masks any part of a
configured URL in them all the same (their debug lines print URLs and paths).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Literal

import apprise

from crawler.config.alerts import notification_urls, url_scheme
from crawler.config.model import Config

logger = logging.getLogger(__name__)

Kind = Literal["info", "success", "warning", "failure"]
#: URL parts shorter than this are not masked (a port, "json", a short path word).
MIN_SECRET = 4


def secret_parts(url: str) -> set[str]:
    """The pieces of an Apprise URL that must never reach a log: all of it but the scheme."""
    rest = url.split("://", 1)[-1]
    parts = {p for p in re.split(r"[/:@?&=#,]+", rest) if len(p) >= MIN_SECRET}
    return parts | {url, rest}


class RedactSecrets(logging.Filter):
    """Masks the configured URLs' parts in the records of a logger (Apprise's)."""

    def __init__(self, urls: Iterable[str]) -> None:
        super().__init__()
        parts: set[str] = set()
        for url in urls:
            parts |= secret_parts(url)
        self.parts = sorted(parts, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if self.parts:
            text = record.getMessage()
            for part in self.parts:
                text = text.replace(part, "***")
            record.msg, record.args = text, None
        return True


#: The loggers that see the services' URLs: Apprise's, and urllib3's under `requests`
#: (its debug line names the path). Filters act on a logger's own records only.
URL_LOGGERS = ("apprise", "urllib3", "urllib3.connectionpool")


def quiet_apprise(urls: Iterable[str]) -> None:
    """Keep the loggers that see the URLs to warnings, with the URLs' secrets masked."""
    redact = RedactSecrets(urls)
    for name in URL_LOGGERS:
        url_logger = logging.getLogger(name)
        url_logger.setLevel(logging.WARNING)
        for old in [f for f in url_logger.filters if isinstance(f, RedactSecrets)]:
            url_logger.removeFilter(old)
        url_logger.addFilter(redact)


class Notifier:
    """The configured services; `send` tells each of them, never raises."""

    def __init__(self, urls: list[str], timeout_seconds: float) -> None:
        quiet_apprise(urls)
        self.timeout = timeout_seconds
        self.services: list[tuple[str, apprise.Apprise]] = []
        for url in urls:
            service = apprise.Apprise()
            if service.add(url):
                self.services.append((url_scheme(url), service))
            else:
                logger.warning("notifications: a %s:// URL cannot be used", url_scheme(url))

    @classmethod
    def from_config(cls, config: Config) -> Notifier:
        urls = notification_urls(config.notifications, config.notify)
        return cls(urls, config.notifications.timeout_seconds)

    def __bool__(self) -> bool:
        return bool(self.services)

    def send(self, title: str, body: str, kind: Kind = "info", *, what: str = "") -> bool:
        """Tell every service; True when at least one took the message."""
        delivered = 0
        for scheme, service in self.services:
            try:
                ok = bool(
                    service.notify(body=body, title=title, notify_type=kind, timeout=self.timeout)
                )
            except Exception as exc:  # a plugin's bug must not stop the daemon
                logger.warning(
                    "could not notify %s:// of %s: %s", scheme, what or title, type(exc).__name__
                )
                continue
            if ok:
                delivered += 1
                logger.info("notified %s:// of %s", scheme, what or title)
            else:
                logger.warning("could not notify %s:// of %s", scheme, what or title)
        return delivered > 0
