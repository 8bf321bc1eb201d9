"""Server rows this device cannot store, held rather than applied: a row the local schema
refuses (two people registered with the same ID number on two devices: the local unique
index) or one no schema could take (written by a server before it checked ops). Kept in the
table ``sync_held`` (the store's migration 0005), so they are neither lost nor block the
cursor; each sync tries them again."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Sequence
from typing import Any

import orjson

from relocdesk import hlc
from relocdesk.sync import protocol
from relocdesk.sync.local import chunks

_SCALARS = (str, int, float, bool, type(None))
_SCALAR_TYPES = frozenset(_SCALARS)
_INT_RANGE = range(-(2**63), 2**63)


def all_usable(states: Sequence[Sequence[Any]]) -> bool:
    """Whether every row of a page can be stored (``unusable`` would find nothing in any),
    checked across the page at once: a page is 5,000 rows, and a row at a time cost as much
    as storing it. False sends the page through ``unusable`` row by row, which names the
    problem."""
    datas = [s[protocol.DATA] for s in states]
    clocks = [s[protocol.CLOCKS] for s in states]
    if not all(isinstance(d, dict) for d in datas) or not all(isinstance(c, dict) for c in clocks):
        return False
    stamps = itertools.chain(
        (s[protocol.CREATED_AT] for s in states),
        itertools.chain.from_iterable(c.values() for c in clocks),
    )
    if not all(map(hlc.is_clock, stamps)):
        return False
    values = list(itertools.chain.from_iterable(d.values() for d in datas))
    kinds = set(map(type, values))
    if not kinds <= _SCALAR_TYPES:
        return False
    ints = [v for v in values if type(v) is int] if int in kinds else [0]
    return min(ints) in _INT_RANGE and max(ints) in _INT_RANGE


def unusable(s: Sequence[Any]) -> str | None:
    """Why a server row cannot be stored here, or None. Such a row (written by a server
    before it checked ops) is held, not applied: it must not stop the rest of the sync."""
    clocks, data = s[protocol.CLOCKS], s[protocol.DATA]
    if not isinstance(clocks, dict) or not isinstance(data, dict):
        return "行格式不正确 / malformed row"
    is_clock = hlc.is_clock
    if not is_clock(s[protocol.CREATED_AT]) or not all(map(is_clock, clocks.values())):
        return "时间戳格式不正确 / a clock of the row is malformed"
    # Every value's type at once (a page is 5,000 rows of 40 fields): a field is looked at
    # one by one only when some value is not a plain scalar, or is an integer.
    values = data.values()
    kinds = set(map(type, values))
    if kinds <= _SCALAR_TYPES:
        ints = [v for v in values if type(v) is int] if int in kinds else [0]
        if min(ints) in _INT_RANGE and max(ints) in _INT_RANGE:
            return None
    for name, value in data.items():
        if not isinstance(value, _SCALARS) or (type(value) is int and value not in _INT_RANGE):
            field = name[:40]
            return f"字段 {field} 的值无法保存 / the value of field {field} cannot be stored"
    return None


def release(conn: sqlite3.Connection, table: str, stored: list[str]) -> None:
    """Held rows of ``table`` that have now been stored are held no longer."""
    for chunk in chunks(stored):
        conn.execute(
            f"DELETE FROM sync_held WHERE tbl = ? AND row_id IN ({','.join('?' * len(chunk))})",
            [table, *chunk],
        )


def keys(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT row_id FROM sync_held WHERE tbl = ?", (table,))}


def hold(conn: sqlite3.Connection, table: str, state: Sequence[Any], reason: str) -> None:
    conn.execute(
        "INSERT INTO sync_held (tbl, row_id, state, reason) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(tbl, row_id) DO UPDATE SET state = excluded.state, reason = excluded.reason",
        (table, state[protocol.ROW_ID], orjson.dumps(list(state)).decode(), reason),
    )


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM sync_held").fetchone()[0])
