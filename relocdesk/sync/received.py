"""What the device receives: pages of server rows (a pull's, a snapshot's, a push answer's)
stored in the local SQLite file.

A page of server rows, the acknowledged ops and the new cursor are stored in one SQLite
transaction: a sync broken at any point resumes from the last stored cursor and loses
nothing. A server row never simply overwrites a local row that still has unsent ops: the
fields those ops set keep their local values and clocks (the server decides them when the
ops arrive); every other field takes the server's. Rows this device cannot store are held
(``held``), never dropped.
"""

from __future__ import annotations

import operator
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson

from relocdesk import hlc
from relocdesk.catalogue import SYNC_COLUMNS
from relocdesk.hlc import device_of
from relocdesk.store import digest_log, search
from relocdesk.store import ops as ops_form
from relocdesk.store import rows as store_rows
from relocdesk.sync import held, local, protocol, row_writes
from relocdesk.sync.local import LocalDesk, chunks

# Set while a full re-download, or a download of the whole community into a device with
# nothing indexed yet, is under way: its pages leave the search index alone, and the pull's
# end makes it once (``finish_index``). Kept in the file, so a download broken off is indexed
# by the sync that finishes it.
INDEX_PENDING = "sync_index_pending"
_SEARCHED = frozenset({"person", "household", "building"})
# How far ahead of this computer's clock a received clock may be and still be followed.
_MAX_AHEAD_MS = 24 * 3600 * 1000


@dataclass
class Applied:
    rows: int = 0
    new_conflicts: int = 0
    held: int = 0
    latest: str = ""  # the latest clock among the usable rows, as the server sent them


@contextmanager
def sync_transaction(desk: LocalDesk) -> Iterator[None]:
    """The desk's transaction with foreign keys off: pages arrive in sequence order, so a
    person can come before the household a later edit moved to a higher number (the scope's
    removals, which follow references downwards, use it too)."""
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
    desk: LocalDesk,
    states: Sequence[Sequence[Any]],
    *,
    acked: Sequence[str] = (),
    new_cursor: int | None = None,
    full: bool = False,
) -> Applied:
    """Store server rows, drop acknowledged ops and move the cursor, in one transaction
    (none at all when there is nothing to store: a pull that found nothing new)."""
    result = Applied()
    if not states and not acked and (new_cursor is None or new_cursor == local.cursor(desk)):
        return result
    conn = desk.conn
    with sync_transaction(desk):
        if states and (full or not local.cursor(desk)):
            # A download of the whole community: the digest is counted once at its end
            # rather than kept row by row through every page, and the search index made
            # once (refreshing it page by page was a third of a first download's time)
            # when every row comes down again or none is indexed yet. A device holding its
            # own records whose first sync brings a few rows refreshes just those: making
            # its whole index again took 2 s of a first full push of 10,000 households.
            digest_log.set_aside(conn)
            if full or conn.execute("SELECT 1 FROM search_doc LIMIT 1").fetchone() is None:
                desk.set_setting(INDEX_PENDING, "1")
        index = desk.setting(INDEX_PENDING) is None
        for chunk in chunks(list(acked)):
            conn.execute(f"DELETE FROM outbox WHERE op_id IN ({','.join('?' * len(chunk))})", chunk)
        by_table: dict[str, list[Sequence[Any]]] = {}
        for s in states:
            if s[protocol.TBL] in protocol.TABLES:
                by_table.setdefault(s[protocol.TBL], []).append(s)
        latest = ""
        for table, group in by_table.items():
            got = _apply_table(desk, table, group, index)
            result.rows += got.rows
            result.new_conflicts += got.new_conflicts
            result.held += got.held
            latest = max(latest, got.latest)
        if latest and hlc.wall_ms(latest) <= time.time() * 1000 + _MAX_AHEAD_MS:
            # A clock far ahead (a device whose date was wrong) is stored but not followed:
            # this device's own edits keep today's date.
            desk.clock.observe(latest)
        if new_cursor is not None:
            desk.set_setting(local.CURSOR, str(new_cursor))
    return result


def finish_index(desk: LocalDesk) -> None:
    """The search index of a download of the whole community, made in one pass over every
    row once its pages are stored (``INDEX_PENDING``)."""
    if desk.setting(INDEX_PENDING) is None:
        return
    with desk.transaction():
        search.rebuild(desk.conn)
        desk.set_setting(INDEX_PENDING, None)


def _pending(conn: sqlite3.Connection, table: str, ids: list[str]) -> dict[str, set[str]]:
    """Fields with unsent ops, per row. An op this device can no longer read keeps every
    field of its row: the local row may be all that holds the change (until the push sets
    the op aside and the digest check offers the row back: relocdesk.sync.refused)."""
    found: dict[str, set[str]] = {}
    if conn.execute("SELECT 1 FROM outbox LIMIT 1").fetchone() is None:
        return found
    known = ops_form.shapes(conn)
    for chunk in chunks(ids):
        for row_id, fields in conn.execute(
            f"SELECT row_id, fields FROM outbox WHERE tbl = ? AND row_id IN"
            f" ({','.join('?' * len(chunk))})",
            [table, *chunk],
        ):
            named = ops_form.readable(fields, known)
            if named is None:
                named = dict.fromkeys(store_rows.data_columns(conn, table))
            found.setdefault(row_id, set()).update(named)
    return found


# The sync columns of a local row, in the order ``_row_values`` gives them; data columns follow.
_ROW_HEAD = ("id", "community_id", "created_at", "updated_at", "updated_by", "deleted", "clocks")


def _apply_table(
    desk: LocalDesk, table: str, group: list[Sequence[Any]], index: bool = True
) -> Applied:
    conn = desk.conn
    result = Applied()
    data_cols = [c for c in store_rows.columns(conn, table) if c not in SYNC_COLUMNS]
    fill = store_rows.defaults(conn, table)
    ids = [s[protocol.ROW_ID] for s in group]
    pending = _pending(conn, table, ids)
    known = _existing(conn, ids) if table == "conflict" else set()
    values: list[list[Any]] = []
    refused: list[str] = []
    usable: list[Sequence[Any]] = group if held.all_usable(group) else []
    for s in group if not usable else ():
        problem = held.unusable(s)
        if problem:
            held.hold(conn, table, s, problem)
            refused.append(s[protocol.ROW_ID])
        else:
            usable.append(s)
    # A row's data columns in one C-level step: the schema's defaults overlaid by what the
    # server sent, read out in column order (fields this schema lacks are dropped).
    blank = {c: fill.get(c) for c in data_cols}
    pick = _picker(data_cols)
    dumps = orjson.dumps
    for s in usable:
        mine = pending.get(s[protocol.ROW_ID])
        local = store_rows.get(conn, table, s[protocol.ROW_ID]) if mine else None
        created = s[protocol.CREATED_AT]
        data, clocks, deleted = _keep_pending(s, local, mine) if local and mine else _as_sent(s)
        version = max(created, *clocks.values()) if clocks else created
        sent = protocol.version_of(created, s[protocol.CLOCKS]) if mine else version
        if sent > result.latest:
            result.latest = sent
        values.append(
            [
                s[protocol.ROW_ID],
                desk.community_id,
                created,
                version,
                device_of(version),
                deleted,
                dumps(clocks).decode(),
                *pick(blank | data),
            ]
        )
        if table == "conflict" and s[protocol.ROW_ID] not in known:
            result.new_conflicts += 1
    was_held = held.keys(conn, table)
    refused += row_writes.upsert(conn, table, [*_ROW_HEAD, *data_cols], values, usable)
    result.held = len(refused)
    released = was_held.difference(refused)
    held.release(conn, table, [i for i in ids if i in released])
    if index and table in _SEARCHED:
        for i in ids:
            desk.touched(table, i)
    result.rows = len(group) - result.held
    return result


def _picker(names: Sequence[str]) -> Callable[[Mapping[str, Any]], Sequence[Any]]:
    """The values of ``names`` from a mapping, as a sequence, in that order."""
    if len(names) == 1:
        name = names[0]
        return lambda row: (row[name],)
    if not names:
        return lambda row: ()
    getter: Callable[[Mapping[str, Any]], Sequence[Any]] = operator.itemgetter(*names)
    return getter


def _as_sent(s: Sequence[Any]) -> tuple[dict[str, Any], dict[str, str], int]:
    return s[protocol.DATA], s[protocol.CLOCKS], 1 if s[protocol.DELETED] else 0


def _keep_pending(
    s: Sequence[Any], local: Mapping[str, Any], mine: set[str]
) -> tuple[dict[str, Any], dict[str, str], int]:
    """The server's row, but the fields named by unsent ops keep their local values and
    clocks: the server decides them when those ops arrive."""
    data, clocks, deleted = dict(s[protocol.DATA]), dict(s[protocol.CLOCKS]), s[protocol.DELETED]
    created = s[protocol.CREATED_AT]
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
        deleted = local["deleted"]
    return data, clocks, 1 if deleted else 0


def _existing(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Which of these conflict rows this device already has (the others are new to it)."""
    found: set[str] = set()
    for chunk in chunks(ids):
        found.update(
            r[0]
            for r in conn.execute(
                f"SELECT id FROM conflict WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
        )
    return found


def retry_held(desk: LocalDesk) -> Applied:
    """Try the held rows again: the row in the way may have changed or gone since."""
    if not held.count(desk.conn):
        return Applied()
    states = [orjson.loads(r[0]) for r in desk.conn.execute("SELECT state FROM sync_held")]
    return apply_page(desk, states)
