"""What the main window's status bar shows: unsent changes and how the last sync ended."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class SyncStatus:
    unsent: int  # changes in the outbox, not yet acknowledged by the county server
    last_error: str  # the last sync's failure as the engine stored it, '' after a success
    last_error_code: str  # beside it, so a screen tells the errors apart by code
    # The update notice: a newer app the county offers ('' when this one is the newest).
    newer_version: str = ""
    download: str = ""


def sync_status(conn: sqlite3.Connection) -> SyncStatus:
    from relocdesk.sync.client import LAST_ERROR, LAST_ERROR_CODE

    unsent, error, code = conn.execute(
        "SELECT (SELECT count(*) FROM outbox),"
        " (SELECT value FROM settings WHERE key = ?), (SELECT value FROM settings WHERE key = ?)",
        (LAST_ERROR, LAST_ERROR_CODE),
    ).fetchone()
    from relocdesk import __version__
    from relocdesk.sync.release import DOWNLOAD, LATEST, newer

    offered = dict(
        conn.execute("SELECT key, value FROM settings WHERE key IN (?, ?)", (LATEST, DOWNLOAD))
    )
    latest = offered.get(LATEST) or ""
    if not newer(latest, __version__):
        latest = ""
    download = offered.get(DOWNLOAD) or "" if latest else ""
    return SyncStatus(int(unsent), error or "", code or "", latest, download)
