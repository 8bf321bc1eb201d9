"""The web dashboard (issue 13): its sign-in sessions and the audit of the household lists
county staff open on it.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    found = set(sa.inspect(op.get_bind()).get_table_names())
    if "rd_web_session" not in found:
        op.create_table(
            "rd_web_session",
            sa.Column("token_hash", sa.String(64), primary_key=True),
            sa.Column("user_name", sa.String(200), nullable=False),
            sa.Column("csrf", sa.String(64), nullable=False),
            sa.Column("created_at", sa.Float, nullable=False),
            sa.Column("seen_at", sa.Float, nullable=False),
            sa.Column("address", sa.String(64), nullable=False),
        )
        op.create_index("rd_web_session_user_idx", "rd_web_session", ["user_name"])
    if "rd_web_audit" not in found:
        op.create_table(
            "rd_web_audit",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("at", sa.Text, nullable=False),
            sa.Column("user_name", sa.String(200), nullable=False),
            sa.Column("community_id", sa.String(64), nullable=False),
            sa.Column("what", sa.Text, nullable=False),
            sa.Column("n_rows", sa.Integer, nullable=False),
            sa.Column("address", sa.String(64), nullable=False),
        )
        op.create_index("rd_web_audit_at_idx", "rd_web_audit", ["at"])


def downgrade() -> None:
    op.drop_table("rd_web_audit")
    op.drop_table("rd_web_session")
