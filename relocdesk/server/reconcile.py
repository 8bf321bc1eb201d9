"""Reconciliation after a restore: a device asks which of its row versions the server lacks,
then offers those rows whole, with their field clocks.

A restored server has forgotten what was pushed after its backup; the devices still hold it.
"The server does not have it" is then a reason to send a row up, never to delete it on the
device (docs/sync.md, "Epochs and restores"). An offered row is merged field by field by
clock (``merge.merge_state``) under the community's lock and numbered like a push, so every
other device pulls it; the version a device offers is kept as it is, so the digests agree
afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import orjson

from relocdesk import hlc, roles
from relocdesk.server import checks
from relocdesk.server.database import chunks
from relocdesk.server.merge import RowState, merge_state
from relocdesk.server.push import Pushes, _number, _store_sqlite
from relocdesk.sync import protocol

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from relocdesk.server.accounts import Device

MAX_ROWS = 20000  # ids in one versions request, rows in one offer
# An offer brings old clocks back; one from the future would win every later edit.
MAX_AHEAD_MS = 24 * 3600 * 1000


class Reconciles(Pushes):
    def versions(self, device: Device, rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
        """For ``[[tbl, row_id, clocks mark], …]`` (``protocol.clocks_mark``): the positions
        of the rows the server lacks or holds with other field clocks. Those the device
        offers; the merge keeps, field by field, the later of the two."""
        asked = [_parse_version(r) for r in rows]
        known = self._versions(device.community_id, sorted({a[1] for a in asked}))
        lacks = [
            i for i, (tbl, row_id, mark) in enumerate(asked) if known.get((tbl, row_id)) != mark
        ]
        if lacks and device.role in roles.SCOPED:
            # Rows outside a building head's scope are neither confirmed nor asked for: the
            # answer must not tell it what other buildings hold.
            lacks = self._scoped_lacks(device, asked, lacks)
        return {"lacks": lacks, "epoch": self.epoch()}

    def _scoped_lacks(
        self, device: Device, asked: list[tuple[str, str, str]], lacks: list[int]
    ) -> list[int]:
        from sqlalchemy import select

        c = self.t_community
        with self.read() as conn:
            upto = conn.execute(select(c.c.seq).where(c.c.id == device.community_id)).scalar_one()
            keys = [(asked[i][0], asked[i][1]) for i in lacks]
            inside = self.in_scope_ids(conn, device, int(upto), keys)
        return [i for i in lacks if (asked[i][0], asked[i][1]) in inside]

    def _versions(self, cid: str, row_ids: list[str]) -> dict[tuple[str, str], str]:
        from sqlalchemy import select

        r = self.t_row
        found: dict[tuple[str, str], str] = {}
        with self.read() as conn:
            for chunk in chunks(row_ids):
                query = select(r.c.tbl, r.c.row_id, r.c.created_at, r.c.clocks).where(
                    r.c.row_id.in_(chunk), r.c.community_id == cid
                )
                for x in conn.execute(query):
                    clocks = orjson.loads(x.clocks)
                    found[(x.tbl, x.row_id)] = protocol.clocks_mark(x.created_at, clocks)
        return found

    def offer(self, device: Device, states: Sequence[Sequence[Any]]) -> dict[str, Any]:
        """Merge whole row states a device holds; returns how many changed the server."""
        if device.role in roles.READ_ONLY_ROLES and states:
            raise protocol.forbidden(
                "县级账号只能查看，不能修改社区数据", "county accounts may read, not change, data"
            )
        cid = device.community_id
        offered = [_parse_state(n, s, cid, device.role) for n, s in enumerate(states)]
        with self.write() as conn:
            head = self._lock_head(conn, cid)
            seq_before = head.seq
            # A building head offers back only its own buildings' rows.
            self.check_scope(
                conn, device, head.seq, [["", o.tbl, o.row_id, "", o.data, {}] for o in offered]
            )
            stored = self._states(conn, sorted({o.row_id for o in offered}))
            changed: list[RowState] = []
            for n, o in enumerate(offered):
                current = stored.get((o.tbl, o.row_id))
                if current is not None and current.community_id != cid:
                    raise checks.foreign_row(n)
                merged = merge_state(current, cid, o)
                if merged is not None and merged not in changed:
                    changed.append(merged)
                    stored[(o.tbl, o.row_id)] = merged
            numbered = _number(device.role, cid, changed, head)
            self._store(conn, numbered)
            self._move_head(conn, cid, head, seq_before)
        return {"accepted": len(changed), "seq_before": seq_before, "seq_after": head.seq}

    def _store(self, conn: Connection, numbered: Any) -> None:
        if self.is_postgres:
            self._store_postgres(conn, numbered, [])
        else:
            _store_sqlite(conn, numbered, [])


def _parse_version(row: Any) -> tuple[str, str, str]:
    if (
        isinstance(row, list)
        and len(row) == 3
        and all(isinstance(x, str) and 0 < len(x) <= 64 for x in row)
        and row[0] in protocol.TABLES
        and checks.is_id(row[1])
    ):
        return row[0], row[1], row[2]
    raise protocol.bad_request("核对请求格式不正确", "malformed reconcile request")


def _parse_state(n: int, state: Any, cid: str, role: str) -> RowState:
    """Row ``n`` of an offer as the wire carries it; fields the role may not write are left
    out. A refused field names the row's place, so the device can offer the rest."""
    try:
        _seq, tbl, row_id, created_at, deleted, data, clocks = state
        ok = (
            tbl in protocol.TABLES
            and isinstance(row_id, str)
            and checks.is_id(row_id)  # as a push's: no NUL, no space, at most 64
            and isinstance(created_at, str)
            and isinstance(data, dict)
            and isinstance(clocks, dict)
            and all(isinstance(v, str) for v in clocks.values())
        )
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise protocol.bad_request(
            "核对的数据格式不正确", "malformed row offered for reconcile", item=n
        )
    _check_clocks(n, tbl, row_id, [created_at, *clocks.values()])
    for name, value in data.items():
        checks.check_field(n, tbl, name, value)  # the catalogue's fields and kinds, as a push
    for name in clocks:  # kept with the row and sent to every device: a field's, or none
        checks.check_field(n, tbl, name, None)
    if data.get("community_id", cid) != cid or (tbl == "community" and row_id != cid):
        raise checks.foreign_row(n)
    banned = roles.refused(role, tbl, data)
    values = {k: v for k, v in data.items() if k not in banned and k != "community_id"}
    kept = {k: v for k, v in clocks.items() if k not in banned}
    return RowState(tbl, row_id, cid, created_at, 1 if deleted else 0, values, kept)


def _check_clocks(n: int, tbl: str, row_id: str, stamps: list[str]) -> None:
    """Every clock of offered row ``n`` is a hybrid clock, and none is far in the future."""
    limit = int(time.time() * 1000) + MAX_AHEAD_MS
    for stamp in stamps:
        try:
            ms, _counter, device = hlc.parse(stamp)
            ok = bool(device) and len(stamp) <= 64
        except ValueError:
            ok = False
        if not ok:
            raise protocol.bad_request(
                f"核对的数据 {tbl} {row_id[:8]} 的时钟格式不正确",
                f"offered row {tbl} {row_id[:8]} has a malformed clock",
                item=n,
            )
        if ms > limit:
            raise protocol.bad_request(
                f"核对的数据 {tbl} {row_id[:8]} 的时钟超前服务器一天以上，请检查本机时间",
                f"offered row {tbl} {row_id[:8]} has a clock more than a day ahead of the"
                " server; check this device's date and time",
                item=n,
            )
