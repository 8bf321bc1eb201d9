"""The local SQLite store: one place opens it, numbered migrations shape it."""

from relocdesk.store.connection import open_database
from relocdesk.store.migrations import migrate

__all__ = ["migrate", "open_database"]
