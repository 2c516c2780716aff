"""The dates sitemaps and feeds write: W3C datetimes (sitemaps) and RFC 822 (RSS)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def parse_w3c_or_rfc_date(value: str) -> datetime | None:
    """A sitemap/feed date (W3C datetime or RFC 822) as an aware datetime, or None.

    A date without a time zone is taken as UTC.
    """
    value = value.strip()
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
