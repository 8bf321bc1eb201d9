"""Synced rows by table and community: the county's access log reads the audit rows of its
communities without a pass over every row of them (docs/dashboard.md).

Revision ID: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    found = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("rd_row")}
    if "rd_row_tbl_idx" not in found:
        op.create_index("rd_row_tbl_idx", "rd_row", ["tbl", "community_id", "seq"])


def downgrade() -> None:
    op.drop_index("rd_row_tbl_idx", table_name="rd_row")
