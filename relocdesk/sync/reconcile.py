"""The device's side of reconciliation: when the server's history is not the one this device
synced with (a new epoch, a head below the cursor, a digest that disagrees), it offers the
server every row version the server lacks before it takes anything down.

A restored server has forgotten what was pushed after its backup, and the devices' outboxes
are empty of it: only their rows still hold that work. So the device sends the ids and field
clocks of all its rows (``/v1/reconcile/versions``, a short mark per row), then the whole
rows the server lacks or holds with other clocks (``/v1/reconcile/offer``), and only then
pulls from the start. Nothing local is ever
dropped because the server does not have it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import orjson

from relocdesk.catalogue import SYNC_COLUMNS, SYNCED_TABLES
from relocdesk.sync import protocol
from relocdesk.sync.local import CURSOR, FULL, LocalDesk, cursor
from relocdesk.sync.protocol import SyncError

EPOCH = "sync_epoch"
UNKNOWN = "?"  # a device enrolled to another server: reconcile on its first pull
BATCH = 5000

# Sends a body to a reconcile endpoint and returns the server's answer.
Call = Callable[[str, dict[str, Any]], dict[str, Any]]


def needed(desk: LocalDesk, got: dict[str, Any]) -> bool:
    """Whether the first page of a pull shows a server history other than this device's:
    another epoch than the one it knows, or a head below its cursor."""
    known = desk.setting(EPOCH)
    epoch = got.get("epoch")
    if epoch is not None and known is not None and known != epoch:
        return True
    return int(got["head"]) < cursor(desk)


def remember(desk: LocalDesk, got: dict[str, Any]) -> None:
    """Keep the epoch of a server this device agrees with."""
    epoch = got.get("epoch")
    if epoch is not None and desk.setting(EPOCH) != epoch:
        desk.set_setting(EPOCH, str(epoch))


def has_rows(desk: LocalDesk) -> bool:
    """Whether this file holds any synced row (a fresh device has nothing to offer)."""
    return any(
        desk.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None
        for table in SYNCED_TABLES
    )


def offer_missing(desk: LocalDesk, call: Call) -> int:
    """Offer the server every local row version it lacks; returns how many rows it took."""
    taken = 0
    for batch in _batches(list(_versions(desk))):
        lacks = call("/v1/reconcile/versions", {"rows": batch})["lacks"]
        wanted = [(batch[int(i)][0], batch[int(i)][1]) for i in lacks]
        for part in _batches(wanted):
            taken += _offer(call, states(desk, part))
    return taken


def _offer(call: Call, rows: list[list[Any]]) -> int:
    """Offer rows; one the server refuses (a value a push of it was refused for too: see
    ``refused``) is left out and the rest offered again. It stays different from the
    server's, which the check after the re-download reports."""
    while rows:
        try:
            return int(call("/v1/reconcile/offer", {"rows": rows}).get("accepted", 0))
        except SyncError as e:
            if e.item is None or not 0 <= e.item < len(rows):
                raise
            del rows[e.item]
    return 0


def restart(desk: LocalDesk, epoch: str | None) -> None:
    """After the offer: download everything again from the start (the outbox stays), now
    that the server holds every version this device had."""
    with desk.transaction():
        desk.set_setting(CURSOR, "0")
        desk.set_setting(FULL, "1")
        if epoch is not None:
            desk.set_setting(EPOCH, epoch)


def _versions(desk: LocalDesk) -> Iterator[list[str]]:
    held = {(t, r) for t, r in desk.conn.execute("SELECT tbl, row_id FROM sync_held")}
    for table in SYNCED_TABLES:
        for row_id, created, clocks in desk.conn.execute(
            f"SELECT id, created_at, clocks FROM {table} WHERE community_id = ?",
            (desk.community_id,),
        ):
            if (table, row_id) not in held:
                mark = protocol.clocks_mark(created, orjson.loads(clocks or "{}"))
                yield [table, row_id, mark]


def states(desk: LocalDesk, keys: Sequence[tuple[str, str]]) -> list[list[Any]]:
    """Local rows in the wire's row-state form (sequence 0: the server numbers them)."""
    out: list[list[Any]] = []
    conn = desk.conn
    by_table: dict[str, list[str]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    for table, ids in by_table.items():
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ",".join("?" * len(chunk))
            for r in conn.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk):
                row = dict(r)
                clocks: dict[str, str] = orjson.loads(row["clocks"] or "{}")
                data = {k: v for k, v in row.items() if k not in SYNC_COLUMNS}
                if row["deleted"] or "deleted" in clocks:
                    data["deleted"] = row["deleted"]
                deleted = 1 if row["deleted"] else 0
                out.append([0, table, row["id"], row["created_at"], deleted, data, clocks])
    return out


def _batches(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]
