"""What a scoped account (a building head) is sent and may write, decided here from its
account: the pull of its buildings' rows with their own count and digest, and the check
that refuses a push or offer touching anything outside them (``relocdesk.server.scope``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import orjson

from relocdesk import roles
from relocdesk.server.database import Database, chunks
from relocdesk.server.scope import CommunityIndex, check_ops

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from relocdesk.server.accounts import Device


class Scopes(Database):
    @contextmanager
    def scope_index(self, conn: Connection, cid: str, upto: int) -> Iterator[CommunityIndex]:
        """The community's index as of number ``upto``, held (under its lock) while used."""
        guard: threading.Lock = self.__dict__.setdefault("_scope_guard", threading.Lock())
        with guard:
            locks: dict[str, threading.Lock] = self.__dict__.setdefault("_scope_locks", {})
            indexes: dict[str, CommunityIndex] = self.__dict__.setdefault("_scope_indexes", {})
            lock = locks.setdefault(cid, threading.Lock())
        with lock:
            index = indexes.get(cid)
            if index is None or index.seq > upto:
                # First use, or a reader whose snapshot is older than what another one
                # already read in: a private index exactly at its number.
                fresh = CommunityIndex()
                self._fill(conn, fresh, cid, 0, upto)
                if index is None:
                    indexes[cid] = fresh
                yield fresh
                return
            if index.seq < upto:
                self._fill(conn, index, cid, index.seq, upto)
            yield index

    def _fill(
        self, conn: Connection, index: CommunityIndex, cid: str, after: int, upto: int
    ) -> None:
        from sqlalchemy import select

        r = self.t_row
        query = (
            select(r.c.seq, r.c.tbl, r.c.row_id, r.c.created_at, r.c.deleted, r.c.data, r.c.clocks)
            .where(r.c.community_id == cid, r.c.seq > after, r.c.seq <= upto)
            .order_by(r.c.seq)
        )
        for x in conn.execute(query):
            index.add(int(x.seq), x.tbl, x.row_id, x.created_at, int(x.deleted), x.data, x.clocks)
        index.seq = max(index.seq, upto)

    def scoped_pull(
        self, device: Device, after: int, limit: int, households: Sequence[str] = ()
    ) -> dict[str, Any]:
        """A building head's pull: its rows after ``after`` in number order, and on the last
        page the count and digest of its scope, its own id and its buildings' and
        households' ids (the device removes what left). With ``households``: every row of
        those (in its scope), whatever the number — one page, for households that came into
        its buildings with rows numbered before the device's cursor."""
        from sqlalchemy import select

        c, r = self.t_community, self.t_row
        role = device.role
        with self.read() as conn:
            head = conn.execute(select(c.c.seq).where(c.c.id == device.community_id)).scalar_one()
            with self.scope_index(conn, device.community_id, int(head)) as index:
                scope = index.scope(device.building_head_id)
                if households:
                    keys = index.rows_of(device.building_head_id, set(households))
                    more, last = False, after
                else:
                    keys, more, last = scope.page(after, int(head), limit)
            found: dict[tuple[str, str], Any] = {}
            for chunk in chunks(sorted({k[1] for k in keys})):
                query = select(
                    r.c.seq, r.c.tbl, r.c.row_id, r.c.created_at, r.c.deleted, r.c.data, r.c.clocks
                ).where(r.c.community_id == device.community_id, r.c.row_id.in_(chunk))
                for x in conn.execute(query):
                    found[(x.tbl, x.row_id)] = x
            epoch = self.epoch(conn)
        frag = orjson.Fragment
        rows = []
        for k in keys:
            x = found[k]
            state = [x.seq, x.tbl, x.row_id, x.created_at, x.deleted, x.data, frag(x.clocks)]
            if roles.needs_redaction(role, x.tbl):
                rows.append(roles.redact_state(role, state))
            else:
                rows.append([*state[:5], frag(x.data), state[6]])
        out: dict[str, Any] = {
            "rows": rows,
            "more": more,
            "next": last if more else max(int(head), after),
            "head": int(head),
            "epoch": epoch,
        }
        if households:
            return out
        if not more:
            out["count"] = scope.count
            out["digest"] = scope.digest
            out["scope"] = {
                "head": device.building_head_id,
                "buildings": scope.buildings,
                "households": scope.households,
            }
        return out

    def check_scope(
        self, conn: Connection, device: Device, upto: int, ops: Sequence[Sequence[Any]]
    ) -> None:
        """Refuse the batch whole if a scoped device's op touches a row outside its scope."""
        if device.role not in roles.SCOPED:
            return
        with self.scope_index(conn, device.community_id, upto) as index:
            check_ops(index, device.building_head_id, list(ops))

    def in_scope_ids(
        self, conn: Connection, device: Device, upto: int, keys: Sequence[tuple[str, str]]
    ) -> set[tuple[str, str]]:
        """Which of ``keys`` a scoped device may know of (those the server lacks included)."""
        with self.scope_index(conn, device.community_id, upto) as index:
            allowed = index.allowed(device.building_head_id)
            out = set()
            for k in keys:
                entry = index.entries.get(k)
                if entry is None or index.token(entry.link) in allowed:
                    out.add(k)
            return out
