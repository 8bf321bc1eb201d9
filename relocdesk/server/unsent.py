"""What a device tells the server of its outbox with each push and pull (the headers
``X-RelocDesk-Unsent`` and ``X-RelocDesk-Unsent-At``, ``relocdesk.sync.protocol``): how many
changes it has not sent yet and when it counted them. The server keeps the last of each per
device (``rd_device.unsent``, ``unsent_at``); the county's dashboard shows them.

The headers are optional and never fail a request: an older device sends none, and a value
that is not a count or a time is ignored (the sync it came with goes on). A time in the future
of the server's clock (a device's clock set wrong) is taken as the server's now.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from relocdesk.server.database import Database, now
from relocdesk.sync import protocol

if TYPE_CHECKING:
    from sqlalchemy import Connection

MAX_COUNT = 10**9
# The same count is written again at most this often per device (seconds): a pull of many
# pages would otherwise put a write in the queue for each page.
REWRITE_EVERY = 60.0


def told(headers: Mapping[str, str]) -> tuple[int, str] | None:
    """(count, when counted as the server stores times) from a request's headers; None when
    the device said nothing usable."""
    raw = headers.get(protocol.UNSENT_HEADER, "")[:12].strip()
    # ASCII only: a header's bytes are read as Latin-1, and "²" is a digit to isdigit() but
    # no number to int().
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_COUNT:
        return None
    return int(raw), _when(headers.get(protocol.UNSENT_AT_HEADER, "")[:40])


def _when(raw: str) -> str:
    """The device's time in UTC, ``YYYY-MM-DDTHH:MM:SS``; the server's now when it is missing,
    unreadable or ahead of the server."""
    server_now = now()
    try:
        at = datetime.datetime.fromisoformat(raw.strip())
        if at.tzinfo is None:
            return server_now  # a time without its zone could be anything
        # Year 1 east of Greenwich or 9999 west of it has no UTC time: OverflowError.
        found = at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    except (ValueError, OverflowError):
        return server_now
    return min(found, server_now)


_WRITE = "UPDATE rd_device SET unsent = {}, unsent_at = {} WHERE id = {}"


class UnsentCounts(Database):
    def unsent_due(self, record: str, count: int) -> bool:
        """Whether ``note_unsent`` would write: not when the device told the same count less
        than ``REWRITE_EVERY`` seconds ago (asked in the event loop: no database)."""
        kept: dict[str, tuple[int, float]] = self.__dict__.setdefault("_unsent_told", {})
        last = kept.get(record)
        return last is None or last[0] != count or time.monotonic() - last[1] >= REWRITE_EVERY

    def note_unsent(self, record: str, count: int, at: str) -> None:
        """Keep what device ``record`` told of its outbox."""
        if not self.unsent_due(record, count):
            return
        self.unsent_kept(record, count)
        with self.write() as conn:
            self.write_unsent(conn, record, count, at)

    def write_unsent(self, conn: Connection, record: str, count: int, at: str) -> None:
        """The UPDATE of ``note_unsent``, in a write transaction the caller holds (a push's:
        what the device holds once it stores the push's answer); the caller then calls
        ``unsent_kept``."""
        self.raw_write(conn, _WRITE, (count, at, record))

    def unsent_kept(self, record: str, count: int) -> None:
        kept: dict[str, tuple[int, float]] = self.__dict__.setdefault("_unsent_told", {})
        kept[record] = (count, time.monotonic())
