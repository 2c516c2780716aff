"""A local replica of the five watched outlets, for tests and the demo (:mod:`replica.server`)."""

from __future__ import annotations

from replica.httpd import RequestRecord
from replica.model import OUTLETS, ReplicaArticle
from replica.server import Replica

__all__ = ["OUTLETS", "Replica", "ReplicaArticle", "RequestRecord"]
