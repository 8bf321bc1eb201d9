"""A pull: the community's rows changed after a device's cursor, in sequence order, and on
the last page the count and digest of the whole community (kept up to date by each push, so
handing them out costs nothing), and on every page the server's epoch. Fields the device's
role may not see are left out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from relocdesk import roles
from relocdesk.server.database import Database
from relocdesk.sync import protocol

if TYPE_CHECKING:
    from relocdesk.server.accounts import Device


class Pulls(Database):
    def pull(self, device: Device, after: int, limit: int) -> dict[str, Any]:
        from sqlalchemy import select

        c, r = self.t_community, self.t_row
        limit = max(1, min(limit, protocol.MAX_PULL_LIMIT))
        with self.read() as conn:
            head = conn.execute(
                select(c.c.seq, c.c.n_rows, c.c.digest).where(c.c.id == device.community_id)
            ).one()
            found = conn.execute(
                select(
                    r.c.seq, r.c.tbl, r.c.row_id, r.c.created_at, r.c.deleted, r.c.data, r.c.clocks
                )
                .where(
                    r.c.community_id == device.community_id, r.c.seq > after, r.c.seq <= head.seq
                )
                .order_by(r.c.seq)
                .limit(limit)
            ).all()
            epoch = self.epoch(conn)
        frag = orjson.Fragment
        role = device.role
        if roles.sees_everything(role):
            rows = [[x[0], x[1], x[2], x[3], x[4], frag(x[5]), frag(x[6])] for x in found]
        else:
            rows = [
                roles.redact_state(role, [x[0], x[1], x[2], x[3], x[4], x[5], frag(x[6])])
                if roles.needs_redaction(role, x[1])
                else [x[0], x[1], x[2], x[3], x[4], frag(x[5]), frag(x[6])]
                for x in found
            ]
        more = len(rows) == limit and rows[-1][0] < head.seq
        out: dict[str, Any] = {
            "rows": rows,
            "more": more,
            "next": rows[-1][0] if more else max(int(head.seq), after),
            "head": int(head.seq),
            # A device that sees another epoch than it knows reconciles before it applies
            # this page (docs/sync.md, "Epochs").
            "epoch": epoch,
        }
        if not more:
            out["count"] = int(head.n_rows)
            out["digest"] = int(head.digest)
        return out
