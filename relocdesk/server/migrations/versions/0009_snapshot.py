"""Prepared first downloads: one compressed snapshot of each community's rows at a number
(relocdesk.server.snapshot).

Revision ID: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "rd_snapshot" not in sa.inspect(op.get_bind()).get_table_names():
        op.create_table(
            "rd_snapshot",
            sa.Column("community_id", sa.String(64), primary_key=True),
            sa.Column("head", sa.BigInteger, nullable=False),
            sa.Column("epoch", sa.String(64), nullable=False),
            sa.Column("n_rows", sa.BigInteger, nullable=False),
            sa.Column("built_at", sa.Text, nullable=False),
            sa.Column("body", sa.LargeBinary, nullable=False),
        )


def downgrade() -> None:
    op.drop_table("rd_snapshot")
