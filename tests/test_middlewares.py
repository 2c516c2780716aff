"""Retry-After parsing and the backoff policy of BackoffRetryMiddleware."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from scrapy import Request
from scrapy.http import Response
from scrapy.settings import Settings

from crawler.crawl import settings as defaults
from crawler.crawl.middlewares import BackoffRetryMiddleware, retry_after_seconds


def response(status: int = 503, **headers: str) -> Response:
    return Response("http://127.0.0.1/x", status=status, headers=headers)


def middleware(**overrides: object) -> BackoffRetryMiddleware:
    settings = Settings({k: getattr(defaults, k) for k in dir(defaults) if k.isupper()})
    settings.setdict(overrides)
    return BackoffRetryMiddleware(settings)


def test_retry_after_in_seconds_and_as_a_date() -> None:
    assert retry_after_seconds(response(**{"Retry-After": "7"})) == 7.0
    when = datetime.now(UTC) + timedelta(seconds=90)
    got = retry_after_seconds(response(**{"Retry-After": format_datetime(when, usegmt=True)}))
    assert got is not None and 80 <= got <= 91
    assert retry_after_seconds(response()) is None
    assert retry_after_seconds(response(**{"Retry-After": "soon"})) is None


def test_delay_honours_retry_after_up_to_the_cap() -> None:
    mw = middleware(RETRY_AFTER_MAX=60)
    request = Request("http://127.0.0.1/x")
    assert mw._delay(request, response(**{"Retry-After": "30"})) == 30
    assert mw._delay(request, response(**{"Retry-After": "600"})) is None  # next cycle


def test_backoff_doubles_per_attempt_and_is_capped() -> None:
    mw = middleware(RETRY_BACKOFF_BASE=2.0, RETRY_BACKOFF_MAX=10.0)
    first = mw._delay(Request("http://127.0.0.1/x"), None)
    third = mw._delay(Request("http://127.0.0.1/x", meta={"retry_times": 2}), None)
    late = mw._delay(Request("http://127.0.0.1/x", meta={"retry_times": 9}), None)
    assert first is not None and 1.0 <= first <= 2.0
    assert third is not None and 4.0 <= third <= 8.0
    assert late is not None and late <= 10.0
