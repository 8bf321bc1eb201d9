"""Changes saved while the computer's date was wrong, dated again once it is right.

A laptop whose date is set a year ahead stamps every change with that year. The server
refuses such ops (``clock_ahead``: a clock far ahead would outrank every later edit on every
device), and the person is told to correct the date. But correcting it is not enough: the
unsent ops keep their future clocks, and the device clock never runs backwards, so every
later change would be stamped in that future too, and refused, until the year had passed.

So when the server refuses a push as ``clock_ahead`` and this computer's date is now right
(the outbox holds ops later than its own clock reads), the device dates those ops again: the
first op from the future and every op after it get new clocks from a clock started at the
true time, in their order, and the rows they changed take the same new clocks (creation,
field and row clocks), as do the bases of later ops that named them. The changes are then
what they are: edits made now. While the date is still wrong nothing is ahead of the local
clock, nothing is changed, and the person is told to correct the date, as before.
"""

from __future__ import annotations

from typing import Any

import orjson

from relocdesk import hlc
from relocdesk.catalogue import SYNCED_TABLES
from relocdesk.sync.local import LocalDesk

# An op this far past the computer's clock was stamped under a wrong date (a clock read a
# moment ago is never a minute ahead of the same computer's clock).
SLACK_MS = 60 * 1000


def redate(desk: LocalDesk) -> int:
    """Date again the ops from the first future one on, and their rows; returns how many.
    One transaction: a failure leaves every op and row as it was. "Now" is this computer's
    clock as the desk's clock reads it."""
    now = desk.clock.wall_ms()
    first = _first_future_seq(desk, now)
    if first is None:
        return 0
    last = _latest_true_clock(desk, first, now)
    clock = hlc.Clock(desk.device_id, last, now=desk.clock.source)
    with desk.transaction():
        ops = desk.conn.execute(
            "SELECT seq, op_id, tbl, row_id, base FROM outbox WHERE seq >= ? ORDER BY seq",
            (first,),
        ).fetchall()
        new: dict[str, str] = {}
        for seq, op_id, tbl, row_id, base in ops:
            stamp = new[op_id] = clock.tick()
            desk.conn.execute(
                "UPDATE outbox SET op_id = ?, hlc = ?, base = ? WHERE seq = ?",
                (stamp, stamp, _mapped_base(base, new), seq),
            )
            _redate_row(desk, tbl, row_id, new)
        # The desk's clock goes on from the true time; the transaction saves it.
        desk.clock = clock
    return len(ops)


def _first_future_seq(desk: LocalDesk, now: int) -> int | None:
    limit = f"{now + SLACK_MS:016d}"
    found = desk.conn.execute(
        "SELECT min(seq) FROM outbox WHERE substr(hlc, 1, 16) > ?", (limit,)
    ).fetchone()
    return None if found is None or found[0] is None else int(found[0])


def _latest_true_clock(desk: LocalDesk, first: int, now: int) -> str | None:
    """The latest op clock before the future ones, if it is not itself ahead: new clocks
    must sort after every op this device sent or will send before them."""
    found = desk.conn.execute(
        "SELECT hlc FROM outbox WHERE seq < ? ORDER BY seq DESC LIMIT 1", (first,)
    ).fetchone()
    if found is None or hlc.wall_ms(found[0]) > now + SLACK_MS:
        return None
    return str(found[0])


def _mapped_base(base: Any, new: dict[str, str]) -> str:
    """An op's base with the clocks of ops dated again replaced by their new clocks."""
    try:
        parsed = orjson.loads(base or "{}")
    except ValueError:
        return str(base)
    if not isinstance(parsed, dict):
        return str(base)
    return orjson.dumps({k: new.get(v, v) for k, v in parsed.items()}).decode()


def _redate_row(desk: LocalDesk, table: str, row_id: str, new: dict[str, str]) -> None:
    """The row's creation, field and row clocks that are clocks of ops dated again."""
    if table not in SYNCED_TABLES:  # an op of a table this device has not: no row to date
        return
    found = desk.conn.execute(
        f"SELECT created_at, updated_at, clocks FROM {table} WHERE id = ?", (row_id,)
    ).fetchone()
    if found is None:
        return
    created, updated, stored = found
    clocks = orjson.loads(stored or "{}")
    desk.conn.execute(
        f"UPDATE {table} SET created_at = ?, updated_at = ?, clocks = ? WHERE id = ?",
        (
            new.get(created, created),
            new.get(updated, updated),
            orjson.dumps({k: new.get(v, v) for k, v in clocks.items()}).decode(),
            row_id,
        ),
    )
