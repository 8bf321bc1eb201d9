"""The outbox's two stored forms of an op's fields, and the one way to read either.

An edit stores its fields as a JSON object (``{"phone": "139…"}``). A bulk insert (a
roster import, the demo) stores every column of the new row, and a person's column names
were two thirds of its op: 880 bytes of which 560 were names, 65 MB of a 123 MB file after
a 40,000-person import, all of it written, encrypted and checkpointed. A bulk op therefore
stores a JSON array instead: the number of a *shape* (its column names, kept once in
``outbox_shape``), then the values in that order. Shapes are never changed or removed, so
an op written before a migration that adds or reorders columns still reads back as written.

Everything that reads ``outbox.fields`` goes through ``fields_of`` or ``wire_fields``; the
server only ever sees the object form.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import orjson

Shapes = dict[int, tuple[str, ...]]

_ARRAY = ord("[")


def shape_id(conn: sqlite3.Connection, names: Sequence[str]) -> int:
    """The number of a shape (column names in order), made on first use."""
    key = orjson.dumps(list(names)).decode()
    found = conn.execute("SELECT id FROM outbox_shape WHERE names = ?", (key,)).fetchone()
    if found is not None:
        return int(found[0])
    cur = conn.execute("INSERT INTO outbox_shape (names) VALUES (?)", (key,))
    return int(cur.lastrowid or 0)


def shapes(conn: sqlite3.Connection) -> Shapes:
    """Every shape of this database (a handful of rows: one per table and schema version)."""
    return {
        int(r[0]): tuple(orjson.loads(r[1]))
        for r in conn.execute("SELECT id, names FROM outbox_shape")
    }


def is_compact(stored: bytes | str) -> bool:
    first = stored[0] if stored else 0
    return first == _ARRAY or first == "["


def fields_of(stored: bytes | str, known: Shapes) -> dict[str, Any]:
    """An op's fields as a dict, from either stored form; ValueError for an op that is
    neither (damaged: relocdesk.sync.refused sets such an op aside)."""
    value = orjson.loads(stored)
    if isinstance(value, dict):
        return value
    if not isinstance(value, list) or not value or type(value[0]) is not int:
        raise ValueError("outbox op that is neither an object nor a shaped array")
    names = known.get(value[0])
    if names is None or len(names) != len(value) - 1:
        raise ValueError(f"outbox op of unknown shape {value[0]!r}")
    return dict(zip(names, value[1:], strict=True))


def readable(stored: bytes | str, known: Shapes) -> dict[str, Any] | None:
    """``fields_of``, or None for a damaged op: readers that only look (a household's
    history, which fields have unsent changes) pass over it rather than stop."""
    try:
        return fields_of(stored, known)
    except ValueError:
        return None


def wire_fields(stored: bytes | str, known: Shapes) -> bytes | str:
    """An op's fields as the JSON object the server takes: the object form as it is stored,
    the array form spelled out."""
    if not is_compact(stored):
        return stored
    return orjson.dumps(fields_of(stored, known))
