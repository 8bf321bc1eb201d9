"""A first download from the server's prepared snapshot (``relocdesk.server.snapshot``).

A device with nothing downloaded yet (cursor 0) asks for the community's snapshot: gzip of
JSON lines, a header ``{"head", "epoch", ...}`` and then pages of row states in sequence
order, every row numbered up to ``head``. Pages are stored as pulled pages would be, a few
at a time (``BATCH_ROWS``), with the cursor at the last number stored, so a download broken
halfway resumes by paging from there; after the last one the cursor is ``head`` and the
ordinary pull fetches the tail.

Optional both ways: a server without snapshots (404), one with none ready, a role that is
not given one, or a snapshot this device cannot use (another epoch than it knows: the
pull reconciles first) all mean the device pages from 0 as before.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from relocdesk import collector, roles
from relocdesk.sync import local, received, reconcile
from relocdesk.sync.protocol import SyncError

if TYPE_CHECKING:
    from relocdesk.sync.local import LocalDesk


class Counts(Protocol):
    """What a download adds to (the engine's ``SyncReport``)."""

    pulled: int
    conflicts: int


PATH = "/v1/snapshot"


_CHUNK = 1 << 20  # compressed bytes inflated at a time


@dataclass
class Snapshot:
    header: dict[str, Any]
    body: bytes  # as received, compressed: pages are inflated one at a time when stored

    @property
    def head(self) -> int:
        return int(self.header["head"])

    def pages(self) -> Iterator[list[Any]]:
        """The pages of row states, inflated and parsed one at a time: a community of
        100,000 households never sits in memory whole. ValueError if the body is damaged."""
        inflate = zlib.decompressobj(47)  # 47: gzip or zlib framing
        pending = b""
        try:
            for start in range(0, len(self.body), _CHUNK):
                pending += inflate.decompress(self.body[start : start + _CHUNK])
                *lines, pending = pending.split(b"\n")
                yield from _parsed(lines)
            yield from _parsed([pending + inflate.flush()])
        except zlib.error as e:
            raise ValueError(str(e)) from None


def _parsed(lines: list[bytes]) -> Iterator[list[Any]]:
    for line in lines:
        if line and not line.startswith(b"{"):  # the header line is not a page
            page = orjson.loads(line)
            if not isinstance(page, list):
                raise ValueError("a snapshot page is not a list of rows")
            yield page


def parse(body: bytes) -> Snapshot:
    """The snapshot in ``body`` (its header read, its pages left compressed); ValueError
    if it is not one."""
    try:
        start = zlib.decompressobj(47).decompress(body[:_CHUNK], 64 * 1024)
    except zlib.error as e:
        raise ValueError(str(e)) from None
    first, newline, _ = start.partition(b"\n")
    header = orjson.loads(first) if newline else None
    if not isinstance(header, dict) or not isinstance(header.get("head"), int):
        raise ValueError("not a snapshot")
    return Snapshot(header, body)


# Rows stored in one transaction. Each commit writes out every index page its rows touched,
# and the next page's rows touch most of them again: four pages a commit instead of one took
# 4.9 → 4.2 s of CPU for 139,403 rows (docs/sync.md, "Snapshots").
BATCH_ROWS = 20_000


def _batches(pages: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """The pages joined into batches of about ``BATCH_ROWS`` rows, in order; the pages
    before a damaged one are handed out before its ValueError."""
    batch: list[Any] = []
    try:
        for page in pages:
            batch += page
            if len(batch) >= BATCH_ROWS:
                yield batch
                batch = []
    except ValueError:
        if batch:
            yield batch
        raise
    if batch:
        yield batch


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
    # The parsed pages are a million dicts and lists, none in a cycle: the collector went
    # through them again and again, 12 % of the CPU of storing 10,000 households' snapshot
    # (``relocdesk sync``; the desktop app keeps it off and collects on its GUI thread).
    with collector.paused():
        try:
            for rows in _batches(got.pages()):
                check_cancel()
                # The cursor at the batch's last number; the head once every page is stored.
                after = int(rows[-1][0]) if rows else local.cursor(desk)
                applied = received.apply_page(desk, rows, new_cursor=after, full=full)
                report.pulled += applied.rows
                report.conflicts += applied.new_conflicts
                if progress is not None:
                    progress(after, max(got.head, 1), "下载 / pulling")
        except ValueError:
            pass  # a damaged page: what was stored stands, the pull goes on from its cursor
        else:
            with desk.transaction():
                desk.set_setting(local.CURSOR, str(got.head))
    return local.cursor(desk)
