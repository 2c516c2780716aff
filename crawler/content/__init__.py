"""From article pages to a clean story.

Decoding, the body through trafilatura, generic layout repairs, the post-clean,
metadata, dates and the topic filter.
"""
