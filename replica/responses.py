"""What an outlet answers, before HTTP concerns (conditional GET, compression) are applied."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from replica.theme import empty_page


@dataclass(frozen=True)
class Response:
    """A rendered answer; ``etag`` hashes the body, so it changes exactly when the page does."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    last_modified: datetime | None = None
    headers: tuple[tuple[str, str], ...] = ()
    compressible: bool = True  # False for files that already are gzip (.xml.gz)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'


def html(text: str, last_modified: datetime | None) -> Response:
    return Response(body=text.encode("utf-8"), last_modified=last_modified)


def xml(data: bytes, last_modified: datetime | None) -> Response:
    return Response(
        body=data, content_type="application/xml; charset=utf-8", last_modified=last_modified
    )


def feed(data: bytes, content_type: str, last_modified: datetime | None) -> Response:
    return Response(
        body=data, content_type=f"{content_type}; charset=utf-8", last_modified=last_modified
    )


def gzip_file(data: bytes, last_modified: datetime | None) -> Response:
    """A ``.gz`` file served as such (no Content-Encoding: the client must gunzip it itself)."""
    return Response(
        body=data,
        content_type="application/x-gzip",
        last_modified=last_modified,
        compressible=False,
    )


def text(data: str, last_modified: datetime | None) -> Response:
    return Response(
        body=data.encode("utf-8"),
        content_type="text/plain; charset=utf-8",
        last_modified=last_modified,
    )


def redirect(location: str) -> Response:
    return Response(status=301, body=b"", headers=(("Location", location),))


def error(status: int, site_name: str, message: str) -> Response:
    return Response(status=status, body=empty_page(site_name, message).encode("utf-8"))
