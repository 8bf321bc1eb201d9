"""Repairing a bad row without SQL: for county IT, through ``relocdesk-server admin``.

A row stored before the server checked ops (a clock that is no clock, a nested value, a
date decades ahead) is held by every device that receives it. Repairing it rewrites it as
the checks would have let it in: fields the catalogue does not name, or whose value is not a
scalar of their kind, are dropped; clocks that do not parse or run ahead of the server's
are replaced by a clock of the server's own; values given by the operator are set. Removing
it is a repair that also tombstones the row — devices learn of it like any delete, and
nothing is erased from the server's history. Either way the row gets the community's next
number, so every device receives the repaired state on its next sync, and the community's
count and digest are kept exact.
"""

from __future__ import annotations

import time
from typing import Any

import orjson

from relocdesk import hlc
from relocdesk.catalogue import FIELDS, INTEGER
from relocdesk.server import checks
from relocdesk.server.database import Database
from relocdesk.sync import protocol

SERVER_DEVICE = "county-server"


class Repairs(Database):
    def repair_row(
        self, tbl: str, row_id: str, values: dict[str, Any] | None = None, *, remove: bool = False
    ) -> dict[str, Any]:
        """Rewrite one stored row as the checks would have let it in; returns what changed:
        ``{"community_id", "seq", "dropped": [field], "reclocked": [field]}``."""
        from sqlalchemy import select

        kinds = FIELDS.get(tbl)
        if kinds is None:
            raise LookupError(f"未知的数据表 / unknown table: {tbl}")
        for name, value in (values or {}).items():
            if not checks.fits(kinds.get(name), value):
                raise ValueError(f"字段 {name} 的值不合适 / {tbl}.{name}: unsuitable value")
        r, c = self.t_row, self.t_community
        now_ms = int(time.time() * 1000)
        stamp = hlc.make(now_ms, 0, SERVER_DEVICE)
        with self.write() as conn:
            found = conn.execute(
                select(r).where(r.c.tbl == tbl, r.c.row_id == row_id)
            ).one_or_none()
            if found is None:
                raise LookupError(f"没有此行 / no such row: {tbl} {row_id}")
            head = conn.execute(
                select(c.c.seq, c.c.digest).where(c.c.id == found.community_id).with_for_update()
            ).one()
            old_hash = _hash_of(tbl, row_id, found.created_at, found.clocks, found.deleted)
            data, dropped = _clean_data(kinds, found.data)
            limit = now_ms + checks.MAX_AHEAD_MS
            created = found.created_at if _usable(found.created_at, limit) else stamp
            clocks, reclocked = _clean_clocks(found.clocks, limit, stamp)
            if created != found.created_at:
                reclocked.append("created_at")
            for name, value in {**(values or {}), **({"deleted": 1} if remove else {})}.items():
                data[name] = value
                clocks[name] = stamp
            deleted = 1 if data.get("deleted") else int(bool(found.deleted))
            seq = int(head.seq) + 1
            digest = int(head.digest) ^ old_hash
            digest ^= protocol.row_hash(tbl, row_id, protocol.version_of(created, clocks), deleted)
            conn.execute(
                r.update()
                .where(r.c.tbl == tbl, r.c.row_id == row_id)
                .values(
                    seq=seq,
                    created_at=created,
                    deleted=deleted,
                    data=orjson.dumps(data).decode(),
                    clocks=orjson.dumps(clocks).decode(),
                )
            )
            conn.execute(
                c.update().where(c.c.id == found.community_id).values(seq=seq, digest=digest)
            )
        return {
            "community_id": found.community_id,
            "seq": seq,
            "dropped": dropped,
            "reclocked": reclocked,
        }


def _usable(stamp: Any, limit_ms: int) -> bool:
    return hlc.is_clock(stamp) and hlc.wall_ms(stamp) <= limit_ms


def _json_object(text: str) -> dict[str, Any]:
    """A stored JSON object, or an empty one where the text is not one (the bad row)."""
    try:
        raw = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {}
    return raw if isinstance(raw, dict) else {}


def _clean_data(kinds: dict[str, str], text: str) -> tuple[dict[str, Any], list[str]]:
    raw = _json_object(text)
    allowed = {**kinds, "deleted": INTEGER}
    data = {k: v for k, v in raw.items() if checks.fits(allowed.get(k), v)}
    return data, sorted(set(raw) - set(data))


def _clean_clocks(text: str, limit_ms: int, stamp: str) -> tuple[dict[str, str], list[str]]:
    raw = _json_object(text)
    clocks = {str(k): (v if _usable(v, limit_ms) else stamp) for k, v in raw.items()}
    return clocks, sorted(k for k in raw if clocks[str(k)] == stamp)


def _hash_of(tbl: str, row_id: str, created_at: str, clocks_text: str, deleted: int) -> int:
    """The row's digest contribution as stored, whatever its clocks hold."""
    try:
        clocks = orjson.loads(clocks_text)
    except orjson.JSONDecodeError:
        clocks = {}
    values = [str(v) for v in clocks.values()] if isinstance(clocks, dict) else []
    return protocol.row_hash(tbl, row_id, max([created_at, *values]), deleted)
