"""The schema of the first servers (waves 1 and 2): communities, users, devices, rows and
applied ops. Tables already there (made by ``create_all`` before migrations existed) are
left as they are.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _missing(name: str) -> bool:
    return name not in sa.inspect(op.get_bind()).get_table_names()


def upgrade() -> None:
    if _missing("rd_community"):
        op.create_table(
            "rd_community",
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("seq", sa.BigInteger, nullable=False),
            sa.Column("n_rows", sa.BigInteger, nullable=False),
            sa.Column("digest", sa.BigInteger, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
        )
    if _missing("rd_user"):
        op.create_table(
            "rd_user",
            sa.Column("name", sa.String(200), primary_key=True),
            sa.Column("community_id", sa.String(64), nullable=False),
            sa.Column("role", sa.String(32), nullable=False),
            sa.Column("password_hash", sa.Text, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
        )
    if _missing("rd_device"):
        op.create_table(
            "rd_device",
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("device_id", sa.String(64), nullable=False),
            sa.Column("device_name", sa.Text),
            sa.Column("user_name", sa.String(200), nullable=False),
            sa.Column("community_id", sa.String(64), nullable=False),
            sa.Column("role", sa.String(32), nullable=False),
            sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("last_seen", sa.Text),
            sa.Column("revoked_at", sa.Text),
        )
    if _missing("rd_row"):
        op.create_table(
            "rd_row",
            sa.Column("row_id", sa.String(64), primary_key=True),
            sa.Column("tbl", sa.String(64), primary_key=True),
            sa.Column("community_id", sa.String(64), nullable=False),
            sa.Column("seq", sa.BigInteger, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("deleted", sa.Integer, nullable=False),
            sa.Column("data", sa.Text, nullable=False),
            sa.Column("clocks", sa.Text, nullable=False),
        )
        op.create_index("rd_row_seq_idx", "rd_row", ["community_id", "seq"])
    if _missing("rd_applied_op"):
        op.create_table(
            "rd_applied_op",
            sa.Column("op_id", sa.String(64), primary_key=True),
            sa.Column("community_id", sa.String(64), primary_key=True),
            sa.Column("seq", sa.BigInteger, nullable=False),
        )


def downgrade() -> None:
    for name in ("rd_applied_op", "rd_row", "rd_device", "rd_user", "rd_community"):
        op.drop_table(name)
