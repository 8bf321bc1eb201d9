"""What the main window's status bar shows: unsent changes and how the last sync ended."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class SyncStatus:
    unsent: int  # changes in the outbox, not yet acknowledged by the county server
    last_error: str  # the last sync's failure as the engine stored it, '' after a success
    last_error_code: str  # beside it, so a screen tells the errors apart by code


def sync_status(conn: sqlite3.Connection) -> SyncStatus:
    from relocdesk.sync.client import LAST_ERROR, LAST_ERROR_CODE

    unsent, error, code = conn.execute(
        "SELECT (SELECT count(*) FROM outbox),"
        " (SELECT value FROM settings WHERE key = ?), (SELECT value FROM settings WHERE key = ?)",
        (LAST_ERROR, LAST_ERROR_CODE),
    ).fetchone()
    return SyncStatus(int(unsent), error or "", code or "")
