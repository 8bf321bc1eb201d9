"""The one write path for synced rows: the row, its field clocks and its outbox op together.

Callers hold a transaction (``Desk`` opens it); nothing here commits. Each write ticks the
device clock once, stores the new values with that clock for every changed field, and
appends one outbox op naming the fields, their values and the clocks they replaced (the
base the server needs to tell a concurrent edit from a later one). The op's id is its clock:
unique per device, and increasing, so the outbox index grows at its end.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

import orjson

from relocdesk.catalogue import APPEND_ONLY, SYNC_COLUMNS, SYNCED_TABLES
from relocdesk.hlc import Clock
from relocdesk.store import ops as ops_form
from relocdesk.validation import ValidationError

Row = dict[str, Any]
# What is learnt of a connection's schema (its tables' columns and defaults), kept on the
# connection itself (``cipher.StoreConnection``); by address only for a connection that
# cannot carry it (the standard library's, which the county's read-only copies use).
_by_address: dict[int, dict[tuple[str, str], Any]] = {}

# The driver binds str, int, float and bytearray as they are, but looks every other value
# (None, bytes) up as a possible adapter first, two failed attribute lookups: about 1 µs a
# value, and a roster's person has a dozen empty columns. Bulk inserts therefore bind an
# empty column as this random blob, which ``NULLIF`` turns back into NULL: no value a row
# holds is ever these sixteen bytes, so what is stored is exactly what binding None stored.
_NULL = bytearray(os.urandom(16))
_NULLABLE = f"NULLIF(?, x'{_NULL.hex()}')"
NULLABLE = _NULLABLE  # the placeholder for a value given through ``bindable``
_UNNULL = {None: _NULL}.get


def bindable(values: Sequence[Any]) -> tuple[Any, ...]:
    """``values`` with each None as ``_NULL``, for placeholders written ``NULLABLE``: the
    140,000 rows of a first download hold half a million empty fields (in C: a dict lookup
    of each value, which gives the value itself unless it is None)."""
    return tuple(map(_UNNULL, values, values))


# Random bytes are drawn for 256 ids at a time: one os.urandom call costs as much as the
# rest of new_id, and a roster import makes 50,000 ids. A forked child empties its copy,
# or parent and child would hand out the same ids.
_POOL_IDS = 256
_pool = memoryview(b"")


def _empty_pool() -> None:
    global _pool
    _pool = memoryview(b"")


os.register_at_fork(after_in_child=_empty_pool)


def new_id() -> str:
    """A random (version 4) UUID as text; str(uuid.uuid4()) costs twice as much, which a
    roster import of 50,000 rows notices."""
    global _pool
    if not _pool:
        _pool = memoryview(os.urandom(16 * _POOL_IDS))
    b = bytearray(_pool[:16])
    _pool = _pool[16:]
    b[6] = b[6] & 0x0F | 0x40
    b[8] = b[8] & 0x3F | 0x80
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# The version (4) and variant (RFC 4122) bits of a UUID set on every byte at once, by table.
_VERSION = bytes(b & 0x0F | 0x40 for b in range(256))
_VARIANT = bytes(b & 0x3F | 0x80 for b in range(256))


def new_ids(count: int) -> list[str]:
    """``count`` ids as ``new_id`` makes them, the random bytes drawn and marked for all at
    once: a roster import numbers 50,000 rows, and one id at a time costs half as much again
    (0.042 against 0.028 s for 50,000)."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = raw[6::16].translate(_VERSION)
    raw[8::16] = raw[8::16].translate(_VARIANT)
    h = raw.hex()
    return [
        f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-{h[i + 12 : i + 16]}-{h[i + 16 : i + 20]}-"
        f"{h[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


def _learnt(conn: sqlite3.Connection) -> dict[tuple[str, str], Any]:
    found: dict[tuple[str, str], Any] | None = getattr(conn, "schema_learnt", None)
    if found is None:
        found = {}
        try:
            conn.schema_learnt = found  # type: ignore[attr-defined]
        except AttributeError:
            return _by_address.setdefault(id(conn), found)
    return found


def forget(conn: sqlite3.Connection) -> None:
    """Forget what was learnt of ``conn``'s schema (after migrations changed it)."""
    _learnt(conn).clear()


def columns(conn: sqlite3.Connection, table: str) -> tuple[str, ...]:
    learnt = _learnt(conn)
    cols: tuple[str, ...] | None = learnt.get(("columns", table))
    if cols is None:
        cols = tuple(r[1] for r in conn.execute(f"PRAGMA table_info({table})"))
        learnt[("columns", table)] = cols
    return cols


def real_columns(conn: sqlite3.Connection, table: str) -> frozenset[str]:
    """The columns of REAL affinity: SQLite stores an integer written to one as a float,
    so a row read back holds 3000.0 where 3000 was written."""
    learnt = _learnt(conn)
    found: frozenset[str] | None = learnt.get(("real", table))
    if found is None:
        found = frozenset(
            r[1] for r in conn.execute(f"PRAGMA table_info({table})") if _is_real(r[2] or "")
        )
        learnt[("real", table)] = found
    return found


def _is_real(declared: str) -> bool:
    """SQLite's affinity rules (datatype3, 3.1), in their order, down to REAL."""
    kind = declared.upper()
    if "INT" in kind or any(k in kind for k in ("CHAR", "CLOB", "TEXT")):
        return False
    if "BLOB" in kind or not kind:
        return False
    return any(k in kind for k in ("REAL", "FLOA", "DOUB"))


def data_columns(conn: sqlite3.Connection, table: str) -> tuple[str, ...]:
    return tuple(c for c in columns(conn, table) if c not in SYNC_COLUMNS)


def defaults(conn: sqlite3.Connection, table: str) -> dict[str, Any]:
    """Column defaults of the schema, so a new row's outbox op carries every field."""
    learnt = _learnt(conn)
    found: dict[str, Any] | None = learnt.get(("defaults", table))
    if found is None:
        found = {}
        for r in conn.execute(f"PRAGMA table_info({table})"):
            name, default = r[1], r[4]
            if default is None or name in SYNC_COLUMNS:
                continue
            found[name] = (
                default[1:-1]
                if default.startswith("'")
                else float(default)
                if "." in default
                else int(default)
            )
        learnt[("defaults", table)] = found
    return found


def field_clock(row: Mapping[str, Any], field: str) -> str:
    clocks: dict[str, str] = orjson.loads(row["clocks"] or "{}")
    return clocks.get(field) or str(row["created_at"])


def get(conn: sqlite3.Connection, table: str, row_id: str) -> Row | None:
    cur = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
    found = cur.fetchone()
    return dict(found) if found is not None else None


class RowWriter:
    """Writes synced rows for one device of one community."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock, community_id: str) -> None:
        self.conn = conn
        self.clock = clock
        self.community_id = community_id

    def _check_community(self, table: str) -> None:
        # A device that chose to enroll has no community until its first sync: a row written
        # before then would belong to none, and no server would take it.
        if not self.community_id and table != "community":
            raise ValidationError(
                "community",
                "no_community",
                "本机还没有社区，无法保存：请先新建社区，或在“同步”页登记到县服务器并同步",
                "there is no community on this computer yet, so nothing can be saved: start"
                " one, or enroll with the county server on the Sync page and sync",
            )

    def insert(self, table: str, values: Mapping[str, Any]) -> Row:
        _check_table(table)
        self._check_community(table)
        allowed = set(data_columns(self.conn, table))
        unknown = set(values) - allowed - {"id"}
        if unknown:
            raise KeyError(f"{table} has no column {sorted(unknown)}")
        hlc = self.clock.tick()
        row: Row = {**defaults(self.conn, table)}
        row.update((k, v) for k, v in values.items() if k in allowed)
        row.update(
            id=values.get("id") or new_id(),
            community_id=self.community_id,
            created_at=hlc,
            updated_at=hlc,
            updated_by=self.clock.device,
            deleted=0,
            clocks="{}",
        )
        names = list(row)
        self.conn.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [row[n] for n in names],
        )
        fields = {k: row[k] for k in names if k not in SYNC_COLUMNS}
        fields["community_id"] = self.community_id
        self._outbox(table, row["id"], hlc, fields, {})
        return row

    def update(self, table: str, row_id: str, changes: Mapping[str, Any]) -> tuple[Row, list[str]]:
        """Set the fields that really change; returns the new row and the names changed."""
        _check_table(table)
        if table in APPEND_ONLY:
            raise PermissionError(f"{table} is append-only")
        old = get(self.conn, table, row_id)
        if old is None:
            raise LookupError(f"{table} {row_id} not found")
        allowed = set(data_columns(self.conn, table)) | {"deleted"}
        unknown = set(changes) - allowed
        if unknown:
            raise KeyError(f"{table} has no column {sorted(unknown)}")
        changed = {k: v for k, v in changes.items() if old.get(k) != v}
        if not changed:
            return old, []
        hlc = self.clock.tick()
        clocks: dict[str, str] = orjson.loads(old["clocks"] or "{}")
        base = {k: clocks.get(k) or str(old["created_at"]) for k in changed}
        clocks.update(dict.fromkeys(changed, hlc))
        new = {**old, **changed, "updated_at": hlc, "updated_by": self.clock.device}
        new["clocks"] = orjson.dumps(clocks).decode()
        sets = [*changed, "updated_at", "updated_by", "clocks"]
        self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in sets)} WHERE id = ?",
            [new[c] for c in sets] + [row_id],
        )
        self._outbox(table, row_id, hlc, changed, base)
        return new, list(changed)

    def delete(self, table: str, row_id: str) -> Row:
        """Tombstone: the row stays, marked deleted, so the delete syncs like any edit."""
        if table in APPEND_ONLY:
            raise PermissionError(f"{table} is append-only")
        row, _ = self.update(table, row_id, {"deleted": 1})
        return row

    def insert_many(self, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
        """Bulk insert with one clock tick per row, for demo data and roster imports."""
        _check_table(table)
        self._check_community(table)
        rows = list(rows)
        if not rows:
            return 0
        fill = defaults(self.conn, table)
        names = data_columns(self.conn, table)
        base = {n: fill.get(n) for n in names}  # every column's schema default, or None
        # A column no row of the batch gives is written as a constant of the statement: a
        # roster fills about 20 of a person's 45 columns, and each bound value costs the
        # driver and SQLite a copy, an allocation and its locks. The ops' shape holds those
        # columns' values once (store.ops), so each op holds only the bound ones.
        given = set().union(*rows)
        bound = [n for n in names if n in given]
        fixed = {n: base[n] for n in names if n not in given}
        fixed["community_id"] = self.community_id
        shape = ops_form.shape_id(self.conn, (*names, "community_id"), fixed)
        # a bound column a row leaves out holds its default (None bound as _NULL, see above)
        missing = {n: base[n] for n in bound}
        pick = itemgetter(*bound) if bound else None
        row_sql = (
            f"INSERT INTO {table} (id, community_id, created_at, updated_at, updated_by, "
            f"{', '.join(names)}) VALUES (?, ?, ?, ?, ?, "
            f"{', '.join(_NULLABLE if n in given else literal(base[n]) for n in names)})"
        )
        device, community = self.clock.device, self.community_id
        tick, dumps, unnull = self.clock.tick, orjson.dumps, _UNNULL
        batch: list[tuple[Any, ...]] = []
        ops: list[Any] = []  # flat: op_id, tbl, row_id, hlc, fields of one op after another
        for values in rows:
            hlc = tick()
            rid = values.get("id") or new_id()
            # the bound columns in their order; keys that are no column are not written
            vals = () if pick is None else pick({**missing, **values})
            if len(bound) == 1:
                vals = (vals,)
            batch.append((rid, community, hlc, hlc, device, *map(unnull, vals, vals)))
            # a bytearray is bound as the same blob as bytes, without the adapter lookup
            ops += (hlc, table, rid, hlc, bytearray(dumps((shape, *vals))))
        self.conn.executemany(row_sql, batch)
        _insert_ops(self.conn, ops)
        return len(batch)

    def _outbox(
        self, table: str, row_id: str, hlc: str, fields: Mapping[str, Any], base: Mapping[str, str]
    ) -> None:
        self.conn.execute(
            "INSERT INTO outbox (op_id, tbl, row_id, hlc, fields, base) VALUES (?, ?, ?, ?, ?, ?)",
            (hlc, table, row_id, hlc, orjson.dumps(dict(fields)), orjson.dumps(dict(base))),
        )


_OP = "(?, ?, ?, ?, ?)"
_OP_SQL = f"INSERT INTO outbox (op_id, tbl, row_id, hlc, fields) VALUES {_OP}"
# Ops per statement: an executemany of one op per statement pays a statement reset for
# every op (and, while the outbox had AUTOINCREMENT, a read and write of its counter: a
# quarter of the outbox's insert time at 40,000 ops).
_OPS_PER_STATEMENT = 100
_OPS_SQL = _OP_SQL.replace(_OP, ", ".join([_OP] * _OPS_PER_STATEMENT))


def _insert_ops(conn: sqlite3.Connection, flat: list[Any]) -> None:
    """Insert ops given as one flat list of their five values, in order: seq follows it."""
    step = 5 * _OPS_PER_STATEMENT
    whole = len(flat) - len(flat) % step
    for start in range(0, whole, step):
        conn.execute(_OPS_SQL, flat[start : start + step])
    rest = flat[whole:]
    conn.executemany(_OP_SQL, [rest[i : i + 5] for i in range(0, len(rest), 5)])


def literal(value: str | int | float | None) -> str:
    """A schema default (text, a number, or None) as an SQL literal that stores what binding
    it stores."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _check_table(table: str) -> None:
    if table not in SYNCED_TABLES:
        raise KeyError(f"not a synced table: {table}")
