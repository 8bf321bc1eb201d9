"""The device side of sync against the local SQLite file: outbox batches, applying server
rows, the cursor and the digest.

A page of server rows, the acknowledged ops and the new cursor are stored in one SQLite
transaction: a sync broken at any point resumes from the last stored cursor and loses
nothing. A server row never simply overwrites a local row that still has unsent ops: the
fields those ops set keep their local values and clocks (the server decides them when the
ops arrive); every other field takes the server's.

Two small tables of its own (made here, not by the store's migrations): ``sync_held`` keeps
server rows the local schema refuses (e.g. two people registered with the same ID number on
two devices), so they are neither lost nor block the cursor; ``sync_seen`` lists the rows a
full re-download has received, to drop local rows the server does not have.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from relocdesk.catalogue import SYNC_COLUMNS, SYNCED_TABLES
from relocdesk.hlc import device_of
from relocdesk.store import rows as store_rows
from relocdesk.sync import protocol

if TYPE_CHECKING:
    from relocdesk.desk import Desk

CURSOR = "sync_cursor"
FULL = "sync_full"
_SEARCHED = frozenset({"person", "household", "building"})
_CHUNK = 900

_TABLES_SQL = (
    "CREATE TABLE IF NOT EXISTS sync_held ("
    " tbl TEXT NOT NULL, row_id TEXT NOT NULL, state TEXT NOT NULL, reason TEXT,"
    " PRIMARY KEY (tbl, row_id)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS sync_seen ("
    " tbl TEXT NOT NULL, row_id TEXT NOT NULL, PRIMARY KEY (tbl, row_id)) WITHOUT ROWID",
)


def ensure_tables(conn: sqlite3.Connection) -> None:
    have = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE name IN ('sync_held', 'sync_seen')"
        )
    }
    if len(have) < 2:
        for sql in _TABLES_SQL:
            conn.execute(sql)


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None
    )


def cursor(desk: Desk) -> int:
    return int(desk.setting(CURSOR) or 0)


def outbox_batch(conn: sqlite3.Connection, limit: int) -> list[list[Any]]:
    """The oldest unsent ops, in wire form (their JSON travels as it is stored)."""
    frag = orjson.Fragment
    return [
        [r[0], r[1], r[2], r[3], frag(r[4]), frag(r[5] or "{}")]
        for r in conn.execute(
            "SELECT op_id, tbl, row_id, hlc, fields, base FROM outbox ORDER BY seq LIMIT ?",
            (limit,),
        )
    ]


@dataclass
class Applied:
    rows: int = 0
    new_conflicts: int = 0
    held: int = 0


@contextmanager
def _sync_transaction(desk: Desk) -> Iterator[None]:
    """The desk's transaction with foreign keys off: pages arrive in sequence order, so a
    person can come before the household a later edit moved to a higher number."""
    conn = desk.conn
    fk = bool(conn.execute("PRAGMA foreign_keys").fetchone()[0])
    if fk:
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with desk.transaction():
            yield
    finally:
        if fk:
            conn.execute("PRAGMA foreign_keys = ON")


def apply_page(
    desk: Desk,
    states: Sequence[Sequence[Any]],
    *,
    acked: Sequence[str] = (),
    new_cursor: int | None = None,
    full: bool = False,
) -> Applied:
    """Store server rows, drop acknowledged ops and move the cursor, in one transaction."""
    result = Applied()
    conn = desk.conn
    with _sync_transaction(desk):
        for chunk in _chunks(list(acked)):
            conn.execute(f"DELETE FROM outbox WHERE op_id IN ({','.join('?' * len(chunk))})", chunk)
        by_table: dict[str, list[Sequence[Any]]] = {}
        for s in states:
            if s[protocol.TBL] in protocol.TABLES:
                by_table.setdefault(s[protocol.TBL], []).append(s)
        latest = ""
        for table, group in by_table.items():
            got = _apply_table(desk, table, group)
            result.rows += got.rows
            result.new_conflicts += got.new_conflicts
            result.held += got.held
            for s in group:
                v = protocol.version_of(s[protocol.CREATED_AT], s[protocol.CLOCKS])
                latest = max(latest, v)
            if full:
                conn.executemany(
                    "INSERT OR IGNORE INTO sync_seen (tbl, row_id) VALUES (?, ?)",
                    [(table, s[protocol.ROW_ID]) for s in group],
                )
        if latest:
            desk.clock.observe(latest)
        if new_cursor is not None:
            desk.set_setting(CURSOR, str(new_cursor))
    return result


def _pending(conn: sqlite3.Connection, table: str, ids: list[str]) -> dict[str, set[str]]:
    """Fields with unsent ops, per row."""
    found: dict[str, set[str]] = {}
    if conn.execute("SELECT 1 FROM outbox LIMIT 1").fetchone() is None:
        return found
    for chunk in _chunks(ids):
        for row_id, fields in conn.execute(
            f"SELECT row_id, fields FROM outbox WHERE tbl = ? AND row_id IN"
            f" ({','.join('?' * len(chunk))})",
            [table, *chunk],
        ):
            found.setdefault(row_id, set()).update(orjson.loads(fields))
    return found


def _apply_table(desk: Desk, table: str, group: list[Sequence[Any]]) -> Applied:
    conn = desk.conn
    result = Applied()
    cols = store_rows.columns(conn, table)
    data_cols = [c for c in cols if c not in SYNC_COLUMNS]
    fill = store_rows.defaults(conn, table)
    ids = [s[protocol.ROW_ID] for s in group]
    pending = _pending(conn, table, ids)
    existing: set[str] = set()
    if table == "conflict":
        for chunk in _chunks(ids):
            existing.update(
                r[0]
                for r in conn.execute(
                    f"SELECT id FROM conflict WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )
            )
    community = desk.community_id
    values: list[list[Any]] = []
    for s in group:
        row_id, created, data, clocks = (
            s[protocol.ROW_ID],
            s[protocol.CREATED_AT],
            s[protocol.DATA],
            s[protocol.CLOCKS],
        )
        deleted = 1 if s[protocol.DELETED] else 0
        mine = pending.get(row_id)
        local = store_rows.get(conn, table, row_id) if mine else None
        if local is not None and mine:
            data = dict(data)
            clocks = dict(clocks)
            local_clocks: dict[str, str] = orjson.loads(local["clocks"] or "{}")
            for f in mine:
                if f == "community_id":
                    continue
                data[f] = local.get(f)
                clock = local_clocks.get(f) or local["created_at"]
                if clock == created:
                    clocks.pop(f, None)
                else:
                    clocks[f] = clock
            if "deleted" in mine:
                deleted = 1 if local["deleted"] else 0
        version = protocol.version_of(created, clocks)
        values.append(
            [
                row_id,
                community,
                created,
                version,
                device_of(version),
                deleted,
                orjson.dumps(clocks).decode(),
                *[data[c] if c in data else fill.get(c) for c in data_cols],
            ]
        )
        if table == "conflict" and row_id not in existing:
            result.new_conflicts += 1
    names = [
        "id",
        "community_id",
        "created_at",
        "updated_at",
        "updated_by",
        "deleted",
        "clocks",
        *data_cols,
    ]
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        f" ON CONFLICT(id) DO UPDATE SET " + ", ".join(f"{n} = excluded.{n}" for n in names[1:])
    )
    held = _held_keys(conn, table)
    try:
        conn.executemany(sql, values)
    except sqlite3.IntegrityError:
        # One row the schema refuses must not stop the others: store them one by one.
        for v, s in zip(values, group, strict=True):
            try:
                conn.execute(sql, v)
            except sqlite3.IntegrityError as e:
                _hold(conn, table, s, str(e))
                result.held += 1
                held.discard(s[protocol.ROW_ID])
                continue
    stored = [s[protocol.ROW_ID] for s in group]
    if held:
        gone = [i for i in stored if i in held]
        if gone:
            for chunk in _chunks(gone):
                conn.execute(
                    f"DELETE FROM sync_held WHERE tbl = ? AND row_id IN"
                    f" ({','.join('?' * len(chunk))})",
                    [table, *chunk],
                )
    if table in _SEARCHED:
        for i in stored:
            desk.touched(table, i)
    result.rows = len(group) - result.held
    return result


def _held_keys(conn: sqlite3.Connection, table: str) -> set[str]:
    if not has_table(conn, "sync_held"):
        return set()
    return {r[0] for r in conn.execute("SELECT row_id FROM sync_held WHERE tbl = ?", (table,))}


def _hold(conn: sqlite3.Connection, table: str, state: Sequence[Any], reason: str) -> None:
    ensure_tables(conn)
    conn.execute(
        "INSERT INTO sync_held (tbl, row_id, state, reason) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(tbl, row_id) DO UPDATE SET state = excluded.state, reason = excluded.reason",
        (table, state[protocol.ROW_ID], orjson.dumps(list(state)).decode(), reason),
    )


def held_count(conn: sqlite3.Connection) -> int:
    if not has_table(conn, "sync_held"):
        return 0
    return int(conn.execute("SELECT count(*) FROM sync_held").fetchone()[0])


def retry_held(desk: Desk) -> Applied:
    """Try the held rows again: the row in the way may have changed or gone since."""
    if not held_count(desk.conn):
        return Applied()
    states = [orjson.loads(r[0]) for r in desk.conn.execute("SELECT state FROM sync_held")]
    return apply_page(desk, states)


def local_digest(desk: Desk) -> tuple[int, int]:
    """Count and digest of this community's rows as the server would compute them."""
    conn = desk.conn
    held: dict[tuple[str, str], Sequence[Any]] = {}
    if has_table(conn, "sync_held"):
        for tbl, row_id, state in conn.execute("SELECT tbl, row_id, state FROM sync_held"):
            held[(tbl, row_id)] = orjson.loads(state)

    def items() -> Iterable[tuple[str, str, str, int]]:
        for table in SYNCED_TABLES:
            for row_id, version, deleted in conn.execute(
                f"SELECT id, updated_at, deleted FROM {table} WHERE community_id = ?",
                (desk.community_id,),
            ):
                if (table, row_id) not in held:
                    yield table, row_id, version, deleted
        for (table, row_id), s in held.items():
            version = protocol.version_of(s[protocol.CREATED_AT], s[protocol.CLOCKS])
            yield table, row_id, version, 1 if s[protocol.DELETED] else 0

    return protocol.digest(items())


def start_full(desk: Desk) -> None:
    """Begin a full re-download: the cursor goes back to 0; the outbox stays."""
    conn = desk.conn
    ensure_tables(conn)
    with desk.transaction():
        conn.execute("DELETE FROM sync_seen")
        desk.set_setting(CURSOR, "0")
        desk.set_setting(FULL, "1")


def finish_full(desk: Desk) -> int:
    """After a full re-download: drop local rows the server does not have and no unsent op
    needs. Returns how many were dropped."""
    conn = desk.conn
    dropped = 0
    with _sync_transaction(desk):
        for table in SYNCED_TABLES:
            gone = [
                r[0]
                for r in conn.execute(
                    f"SELECT id FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM sync_seen s"
                    f" WHERE s.tbl = ? AND s.row_id = t.id) AND NOT EXISTS (SELECT 1 FROM"
                    f" outbox o WHERE o.tbl = ? AND o.row_id = t.id)",
                    (table, table),
                )
            ]
            for chunk in _chunks(gone):
                conn.execute(
                    f"DELETE FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )
            if table in _SEARCHED:
                for i in gone:
                    desk.touched(table, i)
            dropped += len(gone)
        conn.execute("DELETE FROM sync_seen")
        desk.set_setting(FULL, None)
    return dropped


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
