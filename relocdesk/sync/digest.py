"""The device's count and digest of its community, as the server computes them.

Kept up to date: the store's triggers note every row whose part of the digest changed since
it was last counted (``relocdesk.store.digest_log``); a check folds those rows in — the old
state's hash out, the new one's in, as the server does on each push — so a sync with the
check costs what its changes cost. Counting every row (``count_all``) is the fallback: the
first check, after a first download, when a synced table lacks its triggers, when the
journal has grown past half the rows, and as the repair when a check disagrees.

Held server rows (``sync_held``) count with the server's version, not the local row's; there
are normally none, so they are worked in at each check rather than kept. A row made by an op
the server refused (set aside in ``outbox_refused``: health data a building head may not
write, a value the server's checks refuse) and not changed since is not counted: the server
never took it and never will, and counting it would make every check a mismatch and every
mismatch a full download. A damaged op's row is counted: offering it is how it still gets there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson

from relocdesk.catalogue import SYNCED_TABLES
from relocdesk.store import digest_log
from relocdesk.sync import protocol

_CHUNK = 900
_TABLES = frozenset(SYNCED_TABLES)


def current(conn: sqlite3.Connection, community_id: str) -> tuple[int, int]:
    """Count and digest now. The caller holds a write transaction: the fold is stored."""
    if digest_log.triggers_missing(conn):
        base = count_all(conn, community_id)
    else:
        base = _kept(conn, community_id)
    return _without_refused(conn, community_id, _with_held(conn, community_id, base))


def recount(conn: sqlite3.Connection, community_id: str) -> tuple[int, int]:
    """Count every row again and store it (the repair); returns count and digest now."""
    found = _with_held(conn, community_id, count_all(conn, community_id))
    return _without_refused(conn, community_id, found)


def count_all(conn: sqlite3.Connection, community_id: str) -> tuple[int, int]:
    """Every local row of the community, counted and stored as the kept figure; from here
    the triggers keep it (put in now if they are not there)."""
    digest_log.install_triggers(conn)

    def items() -> Iterator[tuple[str, str, str, int]]:
        for table in SYNCED_TABLES:
            for row_id, version, deleted in conn.execute(
                f"SELECT id, updated_at, deleted FROM {table} WHERE community_id = ?",
                (community_id,),
            ):
                yield table, row_id, version, deleted

    found = protocol.digest(items())
    _store(conn, community_id, found)
    return found


def _kept(conn: sqlite3.Connection, community_id: str) -> tuple[int, int]:
    state = conn.execute(
        f"SELECT community_id, n_rows, digest, valid FROM {digest_log.STATE}"
    ).fetchone()
    if state is None or not state[3] or state[0] != community_id:
        return count_all(conn, community_id)
    count, value = int(state[1]), int(state[2])
    changed = conn.execute(f"SELECT count(*) FROM {digest_log.LOG}").fetchone()[0]
    if not changed:
        return count, value
    if changed * 2 > count:  # a pass over the rows is cheaper than a look-up per change
        return count_all(conn, community_id)
    log = conn.execute(f"SELECT tbl, row_id, community_id, version, deleted FROM {digest_log.LOG}")
    by_table: dict[str, list[Sequence[Any]]] = {}
    for entry in log:
        by_table.setdefault(entry[0], []).append(entry)
    hash_ = protocol.row_hash
    for table, entries in by_table.items():
        if table not in _TABLES:
            continue
        now = _states(conn, table, community_id, [e[1] for e in entries])
        for _, row_id, was_in, version, deleted in entries:
            if version is not None and was_in == community_id:
                count -= 1
                value ^= hash_(table, row_id, version, deleted)
            state_now = now.get(row_id)
            if state_now is not None:
                count += 1
                value ^= hash_(table, row_id, *state_now)
    _store(conn, community_id, (count, value))
    return count, value


def _states(
    conn: sqlite3.Connection, table: str, community_id: str, ids: list[str]
) -> dict[str, tuple[str, int]]:
    found: dict[str, tuple[str, int]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(
            (r[0], (r[1], r[2]))
            for r in conn.execute(
                f"SELECT id, updated_at, deleted FROM {table}"
                f" WHERE community_id = ? AND id IN ({','.join('?' * len(chunk))})",
                [community_id, *chunk],
            )
        )
    return found


def _store(conn: sqlite3.Connection, community_id: str, found: tuple[int, int]) -> None:
    conn.execute(
        f"INSERT INTO {digest_log.STATE} (one, community_id, n_rows, digest, valid)"
        " VALUES (1, ?, ?, ?, 1) ON CONFLICT(one) DO UPDATE SET"
        " community_id = excluded.community_id, n_rows = excluded.n_rows,"
        " digest = excluded.digest, valid = 1",
        (community_id, *found),
    )
    conn.execute(f"DELETE FROM {digest_log.LOG}")


def _with_held(
    conn: sqlite3.Connection, community_id: str, base: tuple[int, int]
) -> tuple[int, int]:
    """Held server rows count with the server's version in place of the local row's."""
    count, value = base
    for table, row_id, state in _held(conn):
        if table in _TABLES:
            local = conn.execute(
                f"SELECT updated_at, deleted FROM {table} WHERE id = ? AND community_id = ?",
                (row_id, community_id),
            ).fetchone()
            if local is not None:
                count -= 1
                value ^= protocol.row_hash(table, row_id, local[0], local[1])
        s = orjson.loads(state)
        version = protocol.version_of(s[protocol.CREATED_AT], s[protocol.CLOCKS])
        count += 1
        value ^= protocol.row_hash(table, row_id, version, 1 if s[protocol.DELETED] else 0)
    return count, value


def _held(conn: sqlite3.Connection) -> Iterable[tuple[str, str, str]]:
    return conn.execute("SELECT tbl, row_id, state FROM sync_held").fetchall()


def _without_refused(
    conn: sqlite3.Connection, community_id: str, base: tuple[int, int]
) -> tuple[int, int]:
    """Rows made by a refused op (its clock is the row's creation) and unchanged since,
    counted out: the server never had them."""
    count, value = base
    for table, row_id, hlc in conn.execute(
        "SELECT tbl, row_id, hlc FROM outbox_refused WHERE code <> ?", (protocol.DAMAGED_OP,)
    ).fetchall():
        if table not in _TABLES:
            continue
        local = conn.execute(
            f"SELECT updated_at, deleted FROM {table}"
            " WHERE id = ? AND community_id = ? AND created_at = ? AND updated_at = ?",
            (row_id, community_id, hlc, hlc),
        ).fetchone()
        if local is not None:
            count -= 1
            value ^= protocol.row_hash(table, row_id, local[0], local[1])
    return count, value
