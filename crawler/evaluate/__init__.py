"""Measurements of quality: the topic filter, the extraction on the replica and on real pages."""
