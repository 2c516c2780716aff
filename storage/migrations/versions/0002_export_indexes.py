"""Indexes for export: --since, crash recovery by fingerprint, records per folder.

Without them `export --since`, the recovery of files a killed export wrote,
and the per-folder "already exported" lookups scan whole tables.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_stories_fetched_at", "stories", ["fetched_at"])
    op.create_index("ix_stories_fingerprint", "stories", ["fingerprint"])
    op.create_index("ix_exports_folder_format", "exports", ["folder", "format"])


def downgrade() -> None:
    op.drop_index("ix_exports_folder_format", table_name="exports")
    op.drop_index("ix_stories_fingerprint", table_name="stories")
    op.drop_index("ix_stories_fetched_at", table_name="stories")
