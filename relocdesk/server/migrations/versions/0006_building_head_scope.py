"""A building-head account is bound to its building_head row: the server gives it that
head's buildings only.

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    found = sa.inspect(op.get_bind())
    if "building_head_id" not in {c["name"] for c in found.get_columns("rd_user")}:
        op.add_column("rd_user", sa.Column("building_head_id", sa.String(64)))


def downgrade() -> None:
    op.drop_column("rd_user", "building_head_id")
