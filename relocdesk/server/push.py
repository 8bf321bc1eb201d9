"""A push: a device's ops merged into the server's rows, each op exactly once.

The sequence: each community has a counter in its ``rd_community`` row. A push locks that
row (``SELECT … FOR UPDATE``; SQLite serialises writers anyway) before it takes numbers and
holds the lock until it commits. So numbers of one community are handed out and committed
in the same order, and a puller that has seen number N has seen every number below it —
the trap of a global sequence (a later number committed before an earlier one, a reader
moving its cursor past the gap) cannot occur. Different communities never wait on each
other.

The merge is worked out before the lock, from one read, and used under the lock only if
the community has not moved since (its number the same — every changed row takes a new
number — and the same ops still unapplied); otherwise it is worked out again under the lock.
So read-merge-write of a push stays atomic against the community's other pushes, and the
lock is held for the writes only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from relocdesk import roles
from relocdesk.server import checks
from relocdesk.server.merge import RowState, apply_op, refuse
from relocdesk.server.scoped import Scopes
from relocdesk.server.unsent import UnsentCounts
from relocdesk.sync import protocol

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from relocdesk.server.accounts import Device

Op = checks.Op


@dataclass
class Head:
    """A community's counter row: its last number, row count and digest."""

    seq: int
    n_rows: int
    digest: int


# The columns of the rows ``_number`` makes, in the order it gives them.
ROW_COLUMNS = ("tbl", "row_id", "community_id", "seq", "created_at", "deleted", "data", "clocks")
UPDATE_COLUMNS = ("seq", "deleted", "data", "clocks", "row_id", "tbl")
APPLIED_COLUMNS = ("community_id", "op_id", "seq")


@dataclass
class Numbered:
    """The rows of a push with their new numbers, as they will be written and sent back."""

    inserts: list[tuple[Any, ...]] = field(default_factory=list)  # ROW_COLUMNS
    updates: list[tuple[Any, ...]] = field(default_factory=list)  # UPDATE_COLUMNS
    back: list[list[Any]] = field(default_factory=list)


@dataclass
class Plan:
    """A push worked out: the ops not applied yet, the rows they change (conflict rows
    included) and how many conflicts it made."""

    todo: list[Op]
    changed: list[RowState]
    conflicts: int


class Pushes(Scopes, UnsentCounts):
    def push(
        self, device: Device, ops: Sequence[Sequence[Any]], told: tuple[int, str] | None = None
    ) -> dict[str, Any]:
        """Apply a batch of ops in one transaction; returns every op id as acknowledged, the
        community's number before and after, and the rows the device must take back.
        ``told``: the device's unsent count and when it counted (``unsent``), kept in the same
        transaction as what the device holds once it stores the answer."""
        if device.role in roles.READ_ONLY_ROLES and ops:
            raise protocol.forbidden(
                "县级账号只能查看，不能修改社区数据", "county accounts may read, not change, data"
            )
        cid = device.community_id
        # Everything about the ops themselves is checked before the lock: a bad batch never
        # makes the community's other devices wait.
        parsed = checks.checked_ops(ops, cid)
        with refused_as_forbidden(parsed):
            roles.check_writes(device.role, parsed)
        # The merge is worked out before the community's lock, from one read; under the
        # lock it is used if nothing of the community moved meanwhile (the same number, the
        # same ops still to apply), else worked out again there. The lock is held for the
        # writes, not for reading and merging: the community's other devices wait less.
        with self.read() as conn, refused_as_forbidden(parsed):
            seen = self._head(conn, cid)
            plan = self._plan(conn, device, parsed, seen.seq)
        with self.write() as conn, refused_as_forbidden(parsed):
            head = self._lock_head(conn, cid)
            if head.seq != seen.seq or self._not_applied(conn, cid, parsed) != plan.todo:
                plan = self._plan(conn, device, parsed, head.seq)
            seq_before = head.seq
            numbered = _number(device.role, cid, plan.changed, head)
            numbered.back += self._applied_before(conn, device, parsed, plan)
            applied = [(cid, p[0], head.seq) for p in plan.todo]
            if self.is_postgres:
                self._store_postgres(conn, numbered, applied)
            else:
                _store_sqlite(conn, numbered, applied)
            self._move_head(conn, cid, head, seq_before)
            left = self._told_after(conn, device, told, len(parsed))
            if self.before_commit is not None:
                self.before_commit()
        if left is not None:
            self.unsent_kept(device.id, left)
        out = {
            "acked": [p[0] for p in parsed],
            "applied": len(plan.todo),
            "seq_before": seq_before,
            "seq_after": head.seq,
            "rows": numbered.back,
            "conflicts": plan.conflicts,
        }
        if roles.sees_everything(device.role) and device.role not in roles.SCOPED:
            # The community's count and digest at ``seq_after``, as the last page of a pull
            # would give them: a device whose cursor is now there checks without pulling
            # again. Not for a role sent less than every row: its figures are its own.
            out.update(count=head.n_rows, digest=head.digest)
        return out

    def _told_after(
        self, conn: Connection, device: Device, told: tuple[int, str] | None, acked: int
    ) -> int | None:
        """The unsent count the device will hold once it stores this push's answer, written
        when it is news (``unsent``); None when nothing was written."""
        if told is None:
            return None
        left = max(told[0] - acked, 0)
        if not self.unsent_due(device.id, left):
            return None
        self.write_unsent(conn, device.id, left, told[1])
        return left

    def _plan(self, conn: Connection, device: Device, parsed: list[Op], upto: int) -> Plan:
        """The ops still to apply and the rows they change, merged, as of number ``upto``."""
        todo = self._not_applied(conn, device.community_id, parsed)
        self.check_scope(conn, device, upto, todo)
        states = self._states(conn, sorted({p[2] for p in todo}))
        conflicts = _merge(device, todo, states)
        touched = [s for s in states.values() if s.touched]
        return Plan(todo, [*touched, *conflicts], len(conflicts))

    def _applied_before(
        self, conn: Connection, device: Device, parsed: list[Op], plan: Plan
    ) -> list[list[Any]]:
        """The rows, as they stand now, of ops in the batch applied by an earlier push: the
        device never heard so (a lost reply, or a push behind its back) and may have kept its
        own value when it pulled the merged row with the op still unsent. Acknowledged with
        nothing back, it would hold that value for good; sent back, it takes the winner.
        Not for a building head: a row may have left its buildings since (pulls say so)."""
        todo = {p[0] for p in plan.todo}
        back = {(s.tbl, s.row_id) for s in plan.changed}
        again = sorted({p[2] for p in parsed if p[0] not in todo})
        if not again or device.role in roles.SCOPED:
            return []
        out: list[list[Any]] = []
        for key, state in self._states(conn, again).items():
            if key in back or state.community_id != device.community_id:
                continue
            if roles.withheld(device.role, state.tbl, state.data):
                continue
            wire = state.wire()
            if roles.needs_redaction(device.role, state.tbl):
                wire = roles.redact_state(device.role, wire)
            out.append(wire)
        return out

    def _move_head(self, conn: Connection, cid: str, head: Head, seq_before: int) -> None:
        """The community's head (sequence, row count, digest) as the rows just numbered
        left it; nothing to write when nothing was numbered."""
        if head.seq != seq_before:
            self.raw_write(conn, _MOVE_HEAD, (head.seq, head.n_rows, head.digest, cid))

    # The community's counter row through the driver's cursor (``raw_rows``): SQLAlchemy's
    # building of these three statements cost more than the database's work on them.
    def _head(self, conn: Connection, cid: str) -> Head:
        return head_of(self.raw_rows(conn, HEAD_SQL, (cid,)))

    def _lock_head(self, conn: Connection, cid: str) -> Head:
        # SQLite has no FOR UPDATE: its writer holds the whole file from BEGIN IMMEDIATE.
        locking = " FOR UPDATE" if self.is_postgres else ""
        return head_of(self.raw_rows(conn, HEAD_SQL + locking, (cid,)))

    def _not_applied(self, conn: Connection, cid: str, parsed: list[Op]) -> list[Op]:
        """The ops this community has not applied yet: a retried push applies nothing twice."""
        sql = f"SELECT op_id FROM {self.t_applied.name} WHERE community_id = {{}} AND op_id"
        done = {x[0] for x in self._by_ids(conn, sql, (cid,), [p[0] for p in parsed])}
        return [p for p in parsed if p[0] not in done]

    def _states(self, conn: Connection, row_ids: list[str]) -> dict[tuple[str, str], RowState]:
        """The stored rows with these ids, whatever their table or community (a foreign one
        is refused by the merge)."""
        columns = "tbl, row_id, community_id, created_at, deleted, seq, data, clocks"
        sql = f"SELECT {columns} FROM {self.t_row.name} WHERE row_id"
        states: dict[tuple[str, str], RowState] = {}
        loads, version_of, row_hash = orjson.loads, protocol.version_of, protocol.row_hash
        for tbl, row_id, community_id, created_at, deleted, seq, data, clocks in self._by_ids(
            conn, sql, (), row_ids
        ):
            clocks = loads(clocks)
            version = version_of(created_at, clocks)
            states[(tbl, row_id)] = RowState(
                tbl,
                row_id,
                community_id,
                created_at,
                deleted,
                loads(data),
                clocks,
                old_hash=row_hash(tbl, row_id, version, deleted),
                seq=int(seq),
            )
        return states

    def _by_ids(
        self, conn: Connection, sql: str, args: tuple[Any, ...], ids: Sequence[str]
    ) -> list[tuple[Any, ...]]:
        """What ``sql`` (its ``{}`` marks take ``args``; it ends with the id column) finds for
        these ids, the ids passed as one array, through the driver's own cursor. A push of
        2,500 ops looks up its ops and rows twice or three times; through SQLAlchemy, the
        compiling of an IN of 900 bound values cost more than the lookups (a full push of
        139,403 ops: about 2 s of the server's CPU)."""
        if not ids:
            return []
        if self.is_postgres:
            return self.raw_rows(conn, sql + " = ANY({})", (*args, list(ids)))
        listed = orjson.dumps(list(ids)).decode()
        return self.raw_rows(conn, sql + " IN (SELECT value FROM json_each({}))", (*args, listed))

    def _store_postgres(
        self, conn: Connection, numbered: Numbered, applied: list[tuple[Any, ...]]
    ) -> None:
        # COPY, an order of magnitude faster than row-by-row inserts.
        _pg_copy(conn, "rd_row", ROW_COLUMNS, numbered.inserts)
        if numbered.updates:
            raw: Any = conn.connection.dbapi_connection
            with raw.cursor() as cur:
                cur.executemany(
                    "UPDATE rd_row SET seq = %s, deleted = %s, data = %s, clocks = %s"
                    " WHERE row_id = %s AND tbl = %s",
                    numbered.updates,
                )
        _pg_copy(conn, "rd_applied_op", APPLIED_COLUMNS, applied)


HEAD_SQL = "SELECT seq, n_rows, digest FROM rd_community WHERE id = {}"
_MOVE_HEAD = "UPDATE rd_community SET seq = {}, n_rows = {}, digest = {} WHERE id = {}"


def head_of(found: list[Any]) -> Head:
    """The community's counter row as ``HEAD_SQL`` found it (what ``.one()`` would raise
    when it is not there)."""
    if len(found) != 1:
        from sqlalchemy.exc import NoResultFound

        raise NoResultFound("No row was found when one was required")
    seq, n_rows, digest = found[0]
    return Head(int(seq), int(n_rows), int(digest))


@contextmanager
def refused_as_forbidden(ops: Sequence[Sequence[Any]]) -> Iterator[None]:
    """A push outside the role's write policy answers 403, nothing of it stored, naming the
    refused op's place in ``ops``: the device sets that op aside and sends the rest."""
    try:
        yield
    except roles.WriteRefused as e:
        at = [str(op[0]) for op in ops].index(e.op_id) if e.op_id is not None else None
        raise protocol.forbidden(e.zh, e.en, item=at) from None


def _merge(
    device: Device, todo: list[Op], states: dict[tuple[str, str], RowState]
) -> list[RowState]:
    """Apply the ops to the rows in ``states`` (new rows join it); returns the conflict rows.
    Fields the device's role may not write are not applied but kept as conflicts."""
    cid, role = device.community_id, device.role
    # A role that sees every field writes every field and every row it may write at all
    # (roles.check_row, roles.refused): asked once a batch, not twice an op.
    limited = not roles.sees_everything(role)
    conflicts: list[RowState] = []
    for op_id, tbl, row_id, stamp, fields, base in todo:
        state = states.get((tbl, row_id))
        if state is not None and state.community_id != cid:
            # as a refusal of the role's: refused_as_forbidden names the op's place
            raise roles.WriteRefused(*checks.FOREIGN_ROW, op_id=op_id)
        banned = None
        if limited:
            if state is not None:
                roles.check_row(role, tbl, state.data, op_id)  # as stored decides too
            banned = roles.refused(role, tbl, fields)
        if banned:
            conflicts.extend(refuse(state, cid, op_id, tbl, row_id, stamp, banned))
            fields = {k: v for k, v in fields.items() if k not in banned}
            base = {k: v for k, v in base.items() if k not in banned}
        state, made = apply_op(state, cid, op_id, tbl, row_id, stamp, fields, base)
        if banned:
            state.clean = False  # the device must get back what the server kept
        states[(tbl, row_id)] = state
        if made:
            conflicts.extend(made)
    return conflicts


def _number(role: str, cid: str, changed: list[RowState], head: Head) -> Numbered:
    """Give each changed row the community's next number, keep the count and digest of
    ``head`` up to date, and collect what the device must get back (as its role may see).
    Rows are tuples in the order of ``ROW_COLUMNS`` and ``UPDATE_COLUMNS``, as the driver
    takes them: a dict per row, turned into a tuple to write, cost as much as numbering."""
    out = Numbered()
    dumps, version_of, row_hash = orjson.dumps, protocol.version_of, protocol.row_hash
    sees_all = roles.sees_everything(role)
    seq, n_rows, digest = head.seq, head.n_rows, head.digest
    for state in changed:
        seq += 1
        state.seq = seq
        tbl, row_id, deleted, clocks = state.tbl, state.row_id, state.deleted, state.clocks
        data_text, clocks_text = dumps(state.data).decode(), dumps(clocks).decode()
        if state.old_hash is None:
            n_rows += 1
            row = (tbl, row_id, cid, seq, state.created_at, deleted, data_text, clocks_text)
            out.inserts.append(row)
        else:
            digest ^= state.old_hash
            out.updates.append((seq, deleted, data_text, clocks_text, row_id, tbl))
        digest ^= row_hash(tbl, row_id, version_of(state.created_at, clocks), deleted)
        if not state.clean and (sees_all or not roles.withheld(role, tbl, state.data)):
            wire = state.wire()
            if roles.needs_redaction(role, tbl):
                wire = roles.redact_state(role, wire)
            out.back.append(wire)
    head.seq, head.n_rows, head.digest = seq, n_rows, digest
    return out


def _store_sqlite(conn: Connection, numbered: Numbered, applied: list[tuple[Any, ...]]) -> None:
    # Straight to the driver: compiling 40,000 parameter sets through SQLAlchemy costs more
    # than writing them.
    _sqlite_many(conn, "rd_row", ROW_COLUMNS, numbered.inserts)
    _sqlite_many(conn, "rd_applied_op", APPLIED_COLUMNS, applied)
    if numbered.updates:
        conn.exec_driver_sql(
            "UPDATE rd_row SET seq = ?, deleted = ?, data = ?, clocks = ?"
            " WHERE row_id = ? AND tbl = ?",
            numbered.updates,
        )


def _sqlite_many(
    conn: Connection, table: str, names: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    if rows:
        marks = ", ".join("?" * len(names))
        conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)


def _pg_copy(
    conn: Connection, table: str, names: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    raw: Any = conn.connection.dbapi_connection
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as cp:
        for r in rows:
            cp.write_row(r)
