"""What each device last told the server of its outbox: how many changes it had not yet
sent, and when it counted them (the county's dashboard shows them per device).

Revision ID: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    found = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("rd_device")}
    if "unsent" not in found:
        op.add_column("rd_device", sa.Column("unsent", sa.Integer))
    if "unsent_at" not in found:
        op.add_column("rd_device", sa.Column("unsent_at", sa.Text))


def downgrade() -> None:
    op.drop_column("rd_device", "unsent_at")
    op.drop_column("rd_device", "unsent")
