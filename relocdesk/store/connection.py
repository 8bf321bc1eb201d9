"""The one place that opens the local database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 5000


def open_database(path: str | Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """Open (or create) a community database with the pragmas every connection needs.

    WAL lets readers run beside the one writer; foreign keys keep members with their
    households; the busy timeout rides out a concurrent writer instead of failing.
    """
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=check_same_thread, timeout=5.0
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")
    return conn
