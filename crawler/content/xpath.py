"""Compiled XPath expressions from the config, shared by every module that runs them.

An outlet's expressions are run on every page it serves; compiling each once per
process (validation in `crawler.config.base` has already proved they compile) keeps
that cost out of the per-page work.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

__all__ = ["compiled", "result_text"]


@lru_cache(maxsize=256)
def compiled(expression: str) -> etree.XPath:
    """`expression` compiled, once per process."""
    return etree.XPath(expression)


def result_text(result: object) -> str:
    """The text of one XPath result: an element's text content, or a string result."""
    return "".join(result.itertext()) if isinstance(result, etree._Element) else str(result)
