"""Fewer index rows per story: SimHash chunks and a redundant text-hash index go.

Each story written touches one B-tree leaf per index row, and at a hundred
thousand stories and more those leaves are all different pages: the write cost
of a story grows with its index rows (bench/results.md).

`story_bands` held two kinds of rows: the SimHash cut into 16-bit chunks
(`band_no` 0..63) and 20 MinHash LSH bands (`band_no` 64..83). The chunks found
no copy the MinHash bands missed, and at a million stories every chunk value
was shared by ~15 unrelated stories, which each lookup then had to read (see
crawler/dedup.py and bench/results.md). Lookups now probe only the MinHash
bands, so the chunk rows are dead weight: a sixth of the index.

`ix_stories_text_hash` indexed every story's text hash, but the only query by
text hash asks for the primary, which the partial unique index
`uq_stories_primary_text_hash` answers.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MINHASH_BAND_OFFSET = 64  # crawler.dedup.deduplicator.MINHASH_BAND_OFFSET, frozen at this revision


def upgrade() -> None:
    op.execute(f"DELETE FROM story_bands WHERE band_no < {MINHASH_BAND_OFFSET}")
    op.drop_index("ix_stories_text_hash", table_name="stories")


def downgrade() -> None:
    op.create_index("ix_stories_text_hash", "stories", ["text_hash"])
    # The SimHash chunks can be rebuilt from stories.fingerprint, but no code reads
    # them any more: a downgraded database works without them (lookups of the old
    # code also probe the MinHash bands, which stayed).
