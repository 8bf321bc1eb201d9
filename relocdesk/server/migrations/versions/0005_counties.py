"""Counties (wave 4): a county owns communities, a county account is bound to a county, and
the county publishes indicator thresholds. Only what is missing is created, as in 0001.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _columns(found: sa.Inspector, table: str) -> set[str]:
    return {c["name"] for c in found.get_columns(table)}


def upgrade() -> None:
    found = sa.inspect(op.get_bind())
    tables = found.get_table_names()
    if "rd_county" not in tables:
        op.create_table(
            "rd_county",
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("code", sa.String(32), nullable=False),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.UniqueConstraint("code", name="rd_county_code_key"),
        )
    if "rd_county_param" not in tables:
        op.create_table(
            "rd_county_param",
            sa.Column("county_id", sa.String(64), primary_key=True),
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
            sa.Column("set_at", sa.Text, nullable=False),
            sa.Column("set_by", sa.String(200), nullable=False),
        )
    if "county_id" not in _columns(found, "rd_community"):
        op.add_column("rd_community", sa.Column("county_id", sa.String(64)))
    indexes = {i["name"] for i in found.get_indexes("rd_community")}
    if "ix_rd_community_county_id" not in indexes:
        op.create_index("ix_rd_community_county_id", "rd_community", ["county_id"])
    if "county_id" not in _columns(found, "rd_user"):
        op.add_column("rd_user", sa.Column("county_id", sa.String(64)))


def downgrade() -> None:
    op.drop_column("rd_user", "county_id")
    op.drop_index("ix_rd_community_county_id", "rd_community")
    op.drop_column("rd_community", "county_id")
    op.drop_table("rd_county_param")
    op.drop_table("rd_county")
