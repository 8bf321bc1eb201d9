"""What the device sends: the oldest unsent ops of the outbox, in wire form, in batches
bounded by count and bytes (``pushing`` sends them)."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Collection, Iterable
from typing import Any

import orjson

from relocdesk.store import ops as ops_form
from relocdesk.sync import protocol


def batch(
    conn: sqlite3.Connection,
    limit: int,
    skip: Collection[str] = (),
    max_bytes: int = protocol.PUSH_BYTES,
    damaged: list[str] | None = None,
) -> list[list[Any]]:
    """The oldest unsent ops, in wire form (their JSON travels as it is stored), at most
    ``limit`` of them and ``max_bytes`` of JSON (one op larger than that goes alone);
    ops of the rows in ``skip`` (kept back: see ``scope``) are left in the outbox, unsent.
    An op that cannot be read is left out and its id added to ``damaged``."""
    return batch_after(conn, 0, limit, skip, max_bytes, damaged)[0]


def batch_after(
    conn: sqlite3.Connection,
    after: int,
    limit: int,
    skip: Collection[str] = (),
    max_bytes: int = protocol.PUSH_BYTES,
    damaged: list[str] | None = None,
) -> tuple[list[list[Any]], int]:
    """``batch`` of the ops queued after outbox number ``after`` (those of a batch
    still on its way to the server are still in the outbox), and the number of the last op
    it read: where the batch after it starts."""
    frag = orjson.Fragment
    query = (
        "SELECT op_id, tbl, row_id, hlc, fields, base, seq FROM outbox WHERE seq > ? ORDER BY seq"
    )
    if not skip:
        found: Iterable[Any] = conn.execute(query + " LIMIT ?", (after, limit))
    else:
        rows = (r for r in conn.execute(query, (after,)) if r[2] not in skip)
        found = itertools.islice(rows, limit)
    ops: list[list[Any]] = []
    size = 0
    known = ops_form.shapes(conn)
    for r in found:
        fields = _wire(r[4], r[5], known)
        if fields is None:  # damaged: set aside by the caller, never sent as it is
            if damaged is not None:
                damaged.append(r[0])
            after = r[6]
            continue
        size += _OP_OVERHEAD + _size(fields) + _size(r[5])
        if ops and size > max_bytes:
            break
        ops.append([r[0], r[1], r[2], r[3], frag(fields), frag(r[5] or "{}")])
        after = r[6]
    return ops, after


def _wire(fields: bytes | str, base: bytes | str | None, known: ops_form.Shapes) -> Any:
    """An op's fields as they go up, or None when they or its base are not what the server
    takes (a JSON object): one such op in a batch would have the server refuse it whole."""
    try:
        if ops_form.is_compact(fields):  # a bulk insert's op, spelled out for the server
            return ops_form.wire_fields(fields, known)
        if isinstance(orjson.loads(fields), dict) and isinstance(orjson.loads(base or "{}"), dict):
            return fields
    except ValueError:
        pass
    return None


# The most an op's id, table, row id and clock take on the wire (ids of up to 64 characters,
# as the server allows), with quotes and the array's punctuation: the budget is a bound.
_OP_OVERHEAD = 210


def _size(stored: bytes | str | None) -> int:
    if stored is None:
        return 2
    return len(stored) if isinstance(stored, bytes) else len(stored.encode())
