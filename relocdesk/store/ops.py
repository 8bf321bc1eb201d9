"""The outbox's two stored forms of an op's fields, and the one way to read either.

An edit stores its fields as a JSON object (``{"phone": "139…"}``). A bulk insert (a
roster import, the demo) stores every column of the new row, and a person's column names
were two thirds of its op: 880 bytes of which 560 were names, 65 MB of a 123 MB file after
a 40,000-person import, all of it written, encrypted and checkpointed. A bulk op therefore
stores a JSON array instead: the number of a *shape* (its column names, kept once in
``outbox_shape``), then the values in that order. Shapes are never changed or removed, so
an op written before a migration that adds or reorders columns still reads back as written.

A shape may also hold *fixed* values: the columns no row of a batch gives (a roster fills
about 20 of a person's 45) and the community, the same for every op of the batch. Such a
shape is stored as ``{"names": [...], "fixed": {...}}`` and its ops hold only the other
columns' values, in column order: a roster person's op went from 334 to about 190 bytes.

Everything that reads ``outbox.fields`` goes through ``fields_of`` or ``wire_fields``; the
server only ever sees the object form.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

_ARRAY = ord("[")


class Shape:
    """A stored shape: every field of its ops in column order, with the fixed ones' values
    (``template``), and the names of the values an op holds (``given``), in that order."""

    __slots__ = ("given", "template")

    def __init__(self, names: Sequence[str], fixed: Mapping[str, Any]) -> None:
        self.template = {n: fixed.get(n) for n in names}
        self.given = tuple(n for n in names if n not in fixed)

    @classmethod
    def stored(cls, text: str | bytes) -> Shape | None:
        """The shape as stored, or None for one that is not a shape (damaged)."""
        try:
            value = orjson.loads(text)
            if isinstance(value, dict):
                value, fixed = value["names"], value["fixed"]
            else:  # the first form: every name, nothing fixed
                fixed = {}
            names_ok = isinstance(value, list) and all(isinstance(n, str) for n in value)
            if not names_ok or not isinstance(fixed, dict):
                return None
            return cls(value, fixed)
        except (ValueError, KeyError, TypeError):
            return None


Shapes = dict[int, Shape]


def shape_id(
    conn: sqlite3.Connection, names: Sequence[str], fixed: Mapping[str, Any] | None = None
) -> int:
    """The number of a shape (column names in order, and the values of those ``fixed``),
    made on first use."""
    if fixed:
        order = {n: fixed[n] for n in names if n in fixed}  # one text for one shape
        key = orjson.dumps({"names": list(names), "fixed": order}).decode()
    else:
        key = orjson.dumps(list(names)).decode()
    found = conn.execute("SELECT id FROM outbox_shape WHERE names = ?", (key,)).fetchone()
    if found is not None:
        return int(found[0])
    cur = conn.execute("INSERT INTO outbox_shape (names) VALUES (?)", (key,))
    return int(cur.lastrowid or 0)


def shapes(conn: sqlite3.Connection) -> Shapes:
    """Every shape of this database (a handful of rows: one per table, schema version and
    set of columns a batch fills). A damaged one is left out: its ops then read as of an
    unknown shape, and only they are set aside (relocdesk.sync.refused), not every push."""
    found = (
        (int(r[0]), Shape.stored(r[1])) for r in conn.execute("SELECT id, names FROM outbox_shape")
    )
    return {n: shape for n, shape in found if shape is not None}


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
    shape = known.get(value[0])
    if shape is None or len(shape.given) != len(value) - 1:
        raise ValueError(f"outbox op of unknown shape {value[0]!r}")
    fields = shape.template.copy()  # its keys in column order, which update keeps
    fields.update(zip(shape.given, value[1:], strict=True))
    return fields


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
