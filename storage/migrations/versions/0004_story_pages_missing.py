"""stories.pages_missing: a story stored while further pages of it could not be fetched.

Such a story is fetched again next cycle and completed in place, and waits for
that before it is exported (storage.seen, storage.exports). Existing stories
are whole: the column defaults to 0.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "stories",
        sa.Column("pages_missing", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("pages_missing")
