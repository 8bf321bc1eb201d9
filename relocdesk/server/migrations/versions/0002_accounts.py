"""Accounts an administrator can run (wave 3): a user can be disabled; wrong passwords are
counted for the enrollment throttle.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    found = sa.inspect(op.get_bind())
    if "disabled_at" not in {c["name"] for c in found.get_columns("rd_user")}:
        op.add_column("rd_user", sa.Column("disabled_at", sa.Text))
    if "rd_login_failure" not in found.get_table_names():
        op.create_table(
            "rd_login_failure",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("user_name", sa.String(200), nullable=False),
            sa.Column("address", sa.String(64), nullable=False),
            sa.Column("at", sa.Float, nullable=False),
        )
        op.create_index("rd_login_failure_user_idx", "rd_login_failure", ["user_name", "at"])
        op.create_index("rd_login_failure_address_idx", "rd_login_failure", ["address", "at"])


def downgrade() -> None:
    op.drop_table("rd_login_failure")
    op.drop_column("rd_user", "disabled_at")
