"""The local SQLite store: one place opens it, numbered migrations shape it."""

from relocdesk.store.connection import closed_on_error, open_database
from relocdesk.store.migrations import migrate

__all__ = ["closed_on_error", "migrate", "open_database"]
