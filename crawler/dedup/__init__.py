"""Storing each story once: fingerprints (SimHash, text hash, MinHash bands), the deduplicator."""
