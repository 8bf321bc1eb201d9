"""Ops set aside from the outbox, so one op cannot stop a device's sync.

The server refuses a push batch whole when one op in it is bad (``server.checks``), and
names that op's place in the batch (``SyncError.item``). Sent again, the same batch would be
refused again at every sync, and nothing behind the op would ever reach the county. So
the device moves that op, whole and with the server's reason, out of the outbox into
``outbox_refused`` (store migration 0025) and sends the rest. The same for an op this
device can no longer read (a damaged file): it is kept, not sent.

Nothing is lost: the op stays in the file, the Sync page counts it, and the row it changed
still holds the change. With the outbox empty, the digest check finds that the server lacks
that version and the device offers the row back (``reconcile``), which is how a damaged
op's change still reaches the county.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from relocdesk.sync.local import LocalDesk
from relocdesk.sync.protocol import DAMAGED_OP, SyncError

DAMAGED = SyncError(
    DAMAGED_OP,
    "这项修改在本机已损坏，无法读取，已另存，未上传",
    "this change is damaged on this device and cannot be read; kept aside, not sent",
)


def set_aside(desk: LocalDesk, op_ids: Sequence[str], why: SyncError) -> int:
    """Move these ops from the outbox to ``outbox_refused`` with the reason; returns how
    many were moved (an id no longer in the outbox is passed over)."""
    if not op_ids:
        return 0
    marks = ",".join("?" * len(op_ids))
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    with desk.transaction():
        moved = desk.conn.execute(
            "INSERT OR REPLACE INTO outbox_refused (op_id, tbl, row_id, hlc, fields, base,"
            " code, zh, en, refused_at) SELECT op_id, tbl, row_id, hlc, fields,"
            f" coalesce(base, '{{}}'), ?, ?, ?, ? FROM outbox WHERE op_id IN ({marks})",
            [why.code, why.zh, why.en, now, *op_ids],
        ).rowcount
        desk.conn.execute(f"DELETE FROM outbox WHERE op_id IN ({marks})", list(op_ids))
    return int(moved)


def refused_in_batch(desk: LocalDesk, batch: Sequence[Sequence[Any]], e: SyncError) -> bool:
    """Set aside the one op of ``batch`` the server named in its refusal; False when the
    refusal names none (the whole batch, or this device, is what is wrong)."""
    if e.item is None or e.code == "clock_ahead" or not 0 <= e.item < len(batch):
        return False
    return set_aside(desk, [str(batch[e.item][0])], e) == 1


def count(desk: LocalDesk) -> int:
    return int(desk.conn.execute("SELECT count(*) FROM outbox_refused").fetchone()[0])


def listed(desk: LocalDesk) -> list[dict[str, Any]]:
    """The ops set aside, newest first: what, which row, and why, in both languages."""
    cur = desk.conn.execute(
        "SELECT op_id, tbl, row_id, code, zh, en, refused_at FROM outbox_refused"
        " ORDER BY refused_at DESC, op_id DESC"
    )
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]
