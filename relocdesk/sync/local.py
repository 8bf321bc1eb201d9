"""The device side of sync against the local SQLite file: outbox batches, applying server
rows, the cursor and the digest.

A page of server rows, the acknowledged ops and the new cursor are stored in one SQLite
transaction: a sync broken at any point resumes from the last stored cursor and loses
nothing. A server row never simply overwrites a local row that still has unsent ops: the
fields those ops set keep their local values and clocks (the server decides them when the
ops arrive); every other field takes the server's.

Two small tables of its own, made by the store's migration 0005: ``sync_held`` keeps server
rows the local schema refuses (e.g. two people registered with the same ID number on two
devices), so they are neither lost nor block the cursor; ``sync_seen`` is no longer
written: a full re-download drops no local row (see ``reconcile``).
"""

from __future__ import annotations

import itertools
import operator
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import orjson

from relocdesk import hlc
from relocdesk.catalogue import SYNC_COLUMNS
from relocdesk.hlc import Clock, device_of
from relocdesk.store import digest_log, search
from relocdesk.store import ops as ops_form
from relocdesk.store import rows as store_rows
from relocdesk.sync import digest, protocol


class LocalDesk(Protocol):
    """What sync needs of the device's façade (``relocdesk.desk.Desk``): its file, settings,
    clock and write transaction. Named here so sync does not import the façade, which
    reaches the sync engine for the screens."""

    path: Path
    conn: sqlite3.Connection
    clock: Clock
    device_id: str
    community_id: str

    def setting(self, key: str) -> str | None: ...

    def set_setting(self, key: str, value: str | None) -> None: ...

    def transaction(self) -> AbstractContextManager[object]: ...

    def touched(self, table: str, row_id: str) -> None: ...

    def adopt_community(self, community_id: str) -> None: ...

    def unsent_count(self) -> int: ...


CURSOR = "sync_cursor"
FULL = "sync_full"
# Set while a full re-download, or a download of the whole community into a device with
# nothing indexed yet, is under way: its pages leave the search index alone, and the pull's
# end makes it once (``finish_index``). Kept in the file, so a download broken off is indexed
# by the sync that finishes it.
INDEX_PENDING = "sync_index_pending"
_SEARCHED = frozenset({"person", "household", "building"})
_CHUNK = 900
# How far ahead of this computer's clock a received clock may be and still be followed.
_MAX_AHEAD_MS = 24 * 3600 * 1000


def cursor(desk: LocalDesk) -> int:
    return int(desk.setting(CURSOR) or 0)


def outbox_batch(
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
    return outbox_after(conn, 0, limit, skip, max_bytes, damaged)[0]


def outbox_after(
    conn: sqlite3.Connection,
    after: int,
    limit: int,
    skip: Collection[str] = (),
    max_bytes: int = protocol.PUSH_BYTES,
    damaged: list[str] | None = None,
) -> tuple[list[list[Any]], int]:
    """``outbox_batch`` of the ops queued after outbox number ``after`` (those of a batch
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
    batch: list[list[Any]] = []
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
        if batch and size > max_bytes:
            break
        batch.append([r[0], r[1], r[2], r[3], frag(fields), frag(r[5] or "{}")])
        after = r[6]
    return batch, after


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


@dataclass
class Applied:
    rows: int = 0
    new_conflicts: int = 0
    held: int = 0
    latest: str = ""  # the latest clock among the usable rows, as the server sent them


@contextmanager
def _sync_transaction(desk: LocalDesk) -> Iterator[None]:
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


# Public for the scope's removals, which follow references downwards as pages do upwards.
sync_transaction = _sync_transaction


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
    if not states and not acked and (new_cursor is None or new_cursor == cursor(desk)):
        return result
    conn = desk.conn
    with _sync_transaction(desk):
        if states and (full or not cursor(desk)):
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
        for chunk in _chunks(list(acked)):
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
            desk.set_setting(CURSOR, str(new_cursor))
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
    for chunk in _chunks(ids):
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
    usable: list[Sequence[Any]] = group if all_usable(group) else []
    for s in group if not usable else ():
        problem = unusable(s)
        if problem:
            _hold(conn, table, s, problem)
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
    held = _held_keys(conn, table)
    refused += _upsert(conn, table, [*_ROW_HEAD, *data_cols], values, usable)
    result.held = len(refused)
    released = held.difference(refused)
    _release_held(conn, table, [i for i in ids if i in released])
    if index and table in _SEARCHED:
        for i in ids:
            desk.touched(table, i)
    result.rows = len(group) - result.held
    return result


_SCALARS = (str, int, float, bool, type(None))
_SCALAR_TYPES = frozenset(_SCALARS)
_INT_RANGE = range(-(2**63), 2**63)


def _picker(names: Sequence[str]) -> Callable[[Mapping[str, Any]], Sequence[Any]]:
    """The values of ``names`` from a mapping, as a sequence, in that order."""
    if len(names) == 1:
        name = names[0]
        return lambda row: (row[name],)
    if not names:
        return lambda row: ()
    getter: Callable[[Mapping[str, Any]], Sequence[Any]] = operator.itemgetter(*names)
    return getter


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
    for chunk in _chunks(ids):
        found.update(
            r[0]
            for r in conn.execute(
                f"SELECT id FROM conflict WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
        )
    return found


def _upsert(
    conn: sqlite3.Connection,
    table: str,
    names: Sequence[str],
    values: list[list[Any]],
    group: list[Sequence[Any]],
) -> list[str]:
    """Insert the new rows and write, in rows already here, the columns whose values differ;
    returns the ids of those the schema refused, now held.

    A row stored again whole rewrote every index of its table, whatever changed: a pulled
    phone also wrote the person's pages of the ID-number, name and household indexes, each
    page encrypted (docs/encryption.md). The rows end the same either way.
    """
    marks = ", ".join([store_rows.NULLABLE] * len(names))  # bound through store_rows.bindable
    full = (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})"
        f" ON CONFLICT(id) DO UPDATE SET " + ", ".join(f"{n} = excluded.{n}" for n in names[1:])
    )
    writes = _writes(_stored(conn, table, names, values), table, names, values, full)
    refused: list[str] = []
    try:
        for sql, batch in _runs(writes):
            conn.executemany(sql, batch)
    except sqlite3.IntegrityError:
        # One row the schema refuses must not stop the others: store them one by one (each
        # write is idempotent, so those already made are made again harmlessly).
        for (sql, args), s in zip(writes, group, strict=True):
            try:
                if sql:
                    conn.execute(sql, args)
            except sqlite3.IntegrityError as e:
                _hold(conn, table, s, str(e))
                refused.append(s[protocol.ROW_ID])
    return refused


Write = tuple[str, Sequence[Any]]  # a statement and its arguments ("": nothing to write)


def _stored(
    conn: sqlite3.Connection, table: str, names: Sequence[str], values: list[list[Any]]
) -> dict[str, Sequence[Any]]:
    """The rows of ``values`` this device has, as ``names`` in order."""
    cur = conn.cursor()
    cur.row_factory = None
    found: dict[str, Sequence[Any]] = {}
    for chunk in _chunks([v[0] for v in values]):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {', '.join(names)} FROM {table} WHERE id IN ({marks})"
        found.update((r[0], r) for r in cur.execute(sql, chunk))
    return found


def _writes(
    stored: dict[str, Sequence[Any]],
    table: str,
    names: Sequence[str],
    values: list[list[Any]],
    full: str,
) -> list[Write]:
    """Each row's write, in order: the whole row when it is new (or its id came before in
    this page, so what is stored is no longer what was read), else its differing columns."""
    out: list[Write] = []
    seen: set[str] = set()
    for v in values:
        old = None if v[0] in seen else stored.get(v[0])
        seen.add(v[0])
        if old is None:
            out.append((full, store_rows.bindable(v)))
            continue
        # The same type and value: SQLite stores it as it is. Anything else is written.
        cols = [i for i in range(1, len(names)) if type(old[i]) is not type(v[i]) or old[i] != v[i]]
        if not cols:
            out.append(("", ()))
            continue
        sets = ", ".join(f"{names[i]} = ?" for i in cols)
        out.append((f"UPDATE {table} SET {sets} WHERE id = ?", [*(v[i] for i in cols), v[0]]))
    return out


def _runs(writes: list[Write]) -> Iterator[tuple[str, list[Sequence[Any]]]]:
    """Neighbouring writes of one statement together, in order (a page's changes mostly
    share their columns)."""
    sql, batch = "", list[Sequence[Any]]()
    for next_sql, args in writes:
        if next_sql != sql:
            if sql:
                yield sql, batch
            sql, batch = next_sql, []
        batch.append(args)
    if sql:
        yield sql, batch


def _release_held(conn: sqlite3.Connection, table: str, stored: list[str]) -> None:
    """Held rows of ``table`` that have now been stored are held no longer."""
    for chunk in _chunks(stored):
        conn.execute(
            f"DELETE FROM sync_held WHERE tbl = ? AND row_id IN ({','.join('?' * len(chunk))})",
            [table, *chunk],
        )


def _held_keys(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT row_id FROM sync_held WHERE tbl = ?", (table,))}


def _hold(conn: sqlite3.Connection, table: str, state: Sequence[Any], reason: str) -> None:
    conn.execute(
        "INSERT INTO sync_held (tbl, row_id, state, reason) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(tbl, row_id) DO UPDATE SET state = excluded.state, reason = excluded.reason",
        (table, state[protocol.ROW_ID], orjson.dumps(list(state)).decode(), reason),
    )


def held_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM sync_held").fetchone()[0])


def retry_held(desk: LocalDesk) -> Applied:
    """Try the held rows again: the row in the way may have changed or gone since."""
    if not held_count(desk.conn):
        return Applied()
    states = [orjson.loads(r[0]) for r in desk.conn.execute("SELECT state FROM sync_held")]
    return apply_page(desk, states)


def local_digest(desk: LocalDesk) -> tuple[int, int]:
    """Count and digest of this community's rows as the server would compute them, kept up
    to date by the store's triggers (``relocdesk.sync.digest``)."""
    with desk.transaction():
        return digest.current(desk.conn, desk.community_id)


def recounted_digest(desk: LocalDesk) -> tuple[int, int]:
    """The same, counted over every row and stored: the repair when a check disagrees."""
    with desk.transaction():
        return digest.recount(desk.conn, desk.community_id)


def start_full(desk: LocalDesk) -> None:
    """Begin a full re-download: the cursor goes back to 0; the outbox stays."""
    conn = desk.conn
    with desk.transaction():
        conn.execute("DELETE FROM sync_seen")
        desk.set_setting(CURSOR, "0")
        desk.set_setting(FULL, "1")


def finish_full(desk: LocalDesk) -> int:
    """After a full re-download. Local rows the server did not send stay: "the server does
    not have it" is never a reason to delete local work (a restored server has forgotten
    what devices pushed after its backup); ``reconcile`` offers them to the server before a
    full re-download starts. Returns how many rows were dropped: none."""
    with desk.transaction():
        desk.conn.execute("DELETE FROM sync_seen")
        desk.set_setting(FULL, None)
    return 0


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
