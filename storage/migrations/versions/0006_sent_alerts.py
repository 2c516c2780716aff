"""sent_alerts: what the daemon's alerts last said, so each alert goes out once per change.

One row per alert subject ("outlet_failing:neraca", "new_stories:cycle", ...)
with what was reported; see storage.alerts and crawler.ops.alerts.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sent_alerts",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sent_alerts")),
    )


def downgrade() -> None:
    op.drop_table("sent_alerts")
