"""XML entity declarations: why a sitemap or feed that declares any is refused whole.

Sitemaps and feeds never need entities. A declaration is how an XML bomb
(billion laughs: libxml2 stops expanding and parses nothing, silently) or an
external entity (``file:///etc/passwd``, an internal URL) arrives, so both
readers (`crawler.discovery.sitemaps`, `crawler.discovery.feeds`) refuse such a
document before parsing it, with the reason `entities_refusal` gives.
"""

from __future__ import annotations

from io import BytesIO

from lxml import etree


def declared_entities(body: bytes) -> list[str]:
    """The entities an XML document declares in its DOCTYPE (none for sitemaps and feeds).

    Nothing is resolved or fetched here: the parse stops at the root element's
    start tag. A document that is not XML declares nothing.
    """
    events = etree.iterparse(
        BytesIO(body),
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        recover=True,
        huge_tree=False,
    )
    try:
        _, root = next(events)
    except (StopIteration, etree.XMLSyntaxError):
        return []
    dtd = root.getroottree().docinfo.internalDTD
    return [entity.name for entity in dtd.iterentities()] if dtd is not None else []


def entities_refusal(names: list[str]) -> str:
    """Why a document declaring these entities is refused, for the log and the check."""
    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    return (
        f"it declares XML entities ({shown}): entity expansion or an external entity, "
        "never resolved"
    )
