"""The server's epoch (wave 3): a new id on every restore or reset, kept in rd_meta, carried by
/v1/info and every pull so devices reconcile before they trust a replaced history.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "rd_meta" not in sa.inspect(op.get_bind()).get_table_names():
        op.create_table(
            "rd_meta",
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        )


def downgrade() -> None:
    op.drop_table("rd_meta")
