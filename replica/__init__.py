"""A local replica of the watched outlets, for tests and the demo (:mod:`replica.server`)."""

from __future__ import annotations

from replica.httpd import RequestRecord
from replica.model import ReplicaArticle
from replica.outlets import UnservableOutlet
from replica.server import Replica

__all__ = ["Replica", "ReplicaArticle", "RequestRecord", "UnservableOutlet"]
