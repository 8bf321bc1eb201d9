"""Alembic migrations of the county server's schema (``relocdesk-server migrate``)."""
