"""The device's sync state in its SQLite file: what sync needs of the façade (``LocalDesk``),
the cursor, a full re-download under way, and the community's count and digest as this
device holds them (``digest`` keeps them). What the device sends is read by ``outbox``,
what it receives stored by ``received``; rows it cannot store are ``held``.

``sync_seen`` (the store's migration 0005) is no longer written: a full re-download drops
no local row (see ``reconcile``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from relocdesk.hlc import Clock
from relocdesk.sync import digest


class LocalDesk(Protocol):
    """What sync needs of the device's façade (``relocdesk.desk.Desk``): its file, settings,
    clock and write transaction. Named here so sync does not import the façade, which
    reaches the sync engine for the screens."""

    path: Path
    conn: sqlite3.Connection
    clock: Clock
    device_id: str
    community_id: str

    def setting(self, key: str) -> str | None: ...

    def set_setting(self, key: str, value: str | None) -> None: ...

    def transaction(self) -> AbstractContextManager[object]: ...

    def touched(self, table: str, row_id: str) -> None: ...

    def adopt_community(self, community_id: str) -> None: ...

    def unsent_count(self) -> int: ...


CURSOR = "sync_cursor"
FULL = "sync_full"
_CHUNK = 900


def cursor(desk: LocalDesk) -> int:
    return int(desk.setting(CURSOR) or 0)


def local_digest(desk: LocalDesk) -> tuple[int, int]:
    """Count and digest of this community's rows as the server would compute them, kept up
    to date by the store's triggers (``relocdesk.sync.digest``)."""
    with desk.transaction():
        return digest.current(desk.conn, desk.community_id)


def recounted_digest(desk: LocalDesk) -> tuple[int, int]:
    """The same, counted over every row and stored: the repair when a check disagrees."""
    with desk.transaction():
        return digest.recount(desk.conn, desk.community_id)


def start_full(desk: LocalDesk) -> None:
    """Begin a full re-download: the cursor goes back to 0; the outbox stays."""
    conn = desk.conn
    with desk.transaction():
        conn.execute("DELETE FROM sync_seen")
        desk.set_setting(CURSOR, "0")
        desk.set_setting(FULL, "1")


def finish_full(desk: LocalDesk) -> int:
    """After a full re-download. Local rows the server did not send stay: "the server does
    not have it" is never a reason to delete local work (a restored server has forgotten
    what devices pushed after its backup); ``reconcile`` offers them to the server before a
    full re-download starts. Returns how many rows were dropped: none."""
    with desk.transaction():
        desk.conn.execute("DELETE FROM sync_seen")
        desk.set_setting(FULL, None)
    return 0


def chunks(items: list[str]) -> Iterator[list[str]]:
    """Ids in runs short enough for one ``IN (...)`` of SQLite's bound parameters."""
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
