"""The template zoo: every replica outlet can render its articles in other outlets' markup.

Real outlets change templates without notice, so the crawler must not depend on the
class names config.yaml was written for. Each outlet's own markup is the ``home``
template; :data:`~replica.zoo.templates.ZOO` adds templates with other nesting, class
names, date and author places, noise and pagers. config.yaml stays written for home.

A site's template choice (:meth:`replica.sites.base.Site.set_template`) is either a
template name, forced for every article, or an integer seed: each article then gets
one of :data:`TEMPLATE_NAMES` by a hash of the seed and its id, the same every time.
`use_template` sets it on every outlet of a replica; ``ASNWATCH_REPLICA_TEMPLATE``
(``portal`` or ``seed:7``) sets the default, for ``python -m replica``.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Mapping
from typing import Protocol

from replica.zoo.templates import ZOO, Template

__all__ = [
    "HOME",
    "TEMPLATE_ENV",
    "TEMPLATE_NAMES",
    "ZOO",
    "Template",
    "TemplateChoice",
    "default_choice",
    "parse_choice",
    "template_for",
    "use_template",
]

HOME = "home"
TEMPLATE_NAMES: tuple[str, ...] = (HOME, *ZOO)
TEMPLATE_ENV = "ASNWATCH_REPLICA_TEMPLATE"

#: A template name (forced on every article) or a seed (a template per article).
TemplateChoice = str | int


def parse_choice(value: TemplateChoice) -> TemplateChoice:
    """Check a choice; ``"seed:7"`` (the environment's spelling) becomes the seed 7."""
    if isinstance(value, int):
        return value
    if value.startswith("seed:") and value[5:].isdigit():
        return int(value[5:])
    if value not in TEMPLATE_NAMES:
        raise ValueError(f"unknown replica template {value!r}: one of {TEMPLATE_NAMES} or seed:N")
    return value


def default_choice() -> TemplateChoice:
    """The environment's choice (``ASNWATCH_REPLICA_TEMPLATE``), else ``home``."""
    return parse_choice(os.environ.get(TEMPLATE_ENV) or HOME)


def template_for(article_id: str, choice: TemplateChoice) -> str:
    """The template an article is rendered in under `choice`."""
    if isinstance(choice, str):
        return choice
    digest = zlib.crc32(f"{choice}:{article_id}".encode())
    return TEMPLATE_NAMES[digest % len(TEMPLATE_NAMES)]


class _Templated(Protocol):
    def set_template(self, choice: TemplateChoice) -> None: ...


class _HasSites(Protocol):
    @property
    def sites(self) -> Mapping[str, _Templated]: ...


def use_template(replica: _HasSites, choice: TemplateChoice) -> None:
    """Render every outlet of `replica` under `choice` from now on."""
    for site in replica.sites.values():
        site.set_template(choice)
