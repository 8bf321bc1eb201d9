"""A first download from the server's prepared snapshot (``relocdesk.server.snapshot``).

A device with nothing downloaded yet (cursor 0) asks for the community's snapshot: gzip of
JSON lines, a header ``{"head", "epoch", ...}`` and then pages of row states in sequence
order, every row numbered up to ``head``. Each page is stored as a pulled page would be,
with the cursor at its last number, so a download broken halfway resumes by paging from
there; after the last one the cursor is ``head`` and the ordinary pull fetches the tail.

Optional both ways: a server without snapshots (404), one with none ready, a role that is
not given one, or a snapshot this device cannot use (another epoch than it knows: the
pull reconciles first) all mean the device pages from 0 as before.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from relocdesk import roles
from relocdesk.sync import local, reconcile
from relocdesk.sync.protocol import SyncError

if TYPE_CHECKING:
    from relocdesk.sync.local import LocalDesk


class Counts(Protocol):
    """What a download adds to (the engine's ``SyncReport``)."""

    pulled: int
    conflicts: int


PATH = "/v1/snapshot"


@dataclass
class Snapshot:
    header: dict[str, Any]
    pages: list[bytes]  # each a JSON array of row states, parsed when it is stored

    @property
    def head(self) -> int:
        return int(self.header["head"])


def parse(body: bytes) -> Snapshot:
    """The snapshot in ``body``; ValueError if it is not one."""
    try:
        raw = zlib.decompress(body, 47)  # 47: gzip or zlib framing
    except zlib.error as e:
        raise ValueError(str(e)) from None
    first, _, rest = raw.partition(b"\n")
    header = orjson.loads(first)
    if not isinstance(header, dict) or not isinstance(header.get("head"), int):
        raise ValueError("not a snapshot")
    return Snapshot(header, [line for line in rest.split(b"\n") if line])


def wanted(desk: LocalDesk) -> bool:
    """Nothing downloaded yet, and an account that may be given one (a building head's
    device never asks: the server would refuse it anyway)."""
    return local.cursor(desk) == 0 and desk.setting("sync_role") not in roles.SCOPED


def download(
    desk: LocalDesk,
    call: Callable[..., Any],
    report: Counts,
    progress: Callable[[int, int, str], None] | None,
    check_cancel: Callable[[], None],
    full: bool,
) -> int:
    """Store the server's snapshot if it has one this device can use; returns the cursor
    it left (0: nothing stored, page from the start). ``call(method, path, read=...)``: the
    engine's request, with its retries."""
    try:
        got: Snapshot = call("GET", PATH, read=parse)
    except SyncError as e:
        if e.status == 404 or e.code == "bad_reply":
            return 0
        raise
    if reconcile.needed(desk, got.header):
        return 0  # another history than this device's: the pull reconciles first
    reconcile.remember(desk, got.header)
    for i, page in enumerate(got.pages):
        check_cancel()
        rows = orjson.loads(page)
        last = i == len(got.pages) - 1
        after = got.head if last else int(rows[-1][0])
        applied = local.apply_page(desk, rows, new_cursor=after, full=full)
        report.pulled += applied.rows
        report.conflicts += applied.new_conflicts
        if progress is not None:
            progress(after, max(got.head, 1), "下载 / pulling")
    return local.cursor(desk)
