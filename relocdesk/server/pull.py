"""A pull: the community's rows changed after a device's cursor, in sequence order, and on
the last page the count and digest of the whole community (kept up to date by each push, so
handing them out costs nothing), and on every page the server's epoch. Fields the device's
role may not see are left out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from relocdesk import roles
from relocdesk.server.database import EPOCH_KEY
from relocdesk.server.published import Published
from relocdesk.server.push import HEAD_SQL, head_of
from relocdesk.server.releases import DOWNLOAD_KEY, LATEST_KEY, Releases
from relocdesk.server.scoped import Scopes
from relocdesk.sync import protocol

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

    from relocdesk.server.accounts import Device


class Pulls(Scopes, Published, Releases):
    def pull(self, device: Device, after: int, limit: int) -> dict[str, Any]:
        if device.role in roles.SCOPED:
            page = self.scoped_pull(device, after, max(1, min(limit, protocol.MAX_PULL_LIMIT)))
            if not page.get("more"):
                with self.read() as conn:
                    page["published"] = self.published_for(conn, device.community_id)
                    page["release"] = self.announced_in(conn)
            return page

        role, cid = device.role, device.community_id
        limit = max(1, min(limit, protocol.MAX_PULL_LIMIT))
        # Through the driver's cursor (``raw_rows``): SQLAlchemy's building of these small
        # queries cost more than the database's answers, on every pull.
        with self.read() as conn:
            head = head_of(self.raw_rows(conn, HEAD_SQL, (cid,)))
            found = self.raw_rows(conn, _PAGE, (cid, after, head.seq, limit))
            meta = dict(self.raw_rows(conn, _META, (EPOCH_KEY, LATEST_KEY, DOWNLOAD_KEY)))
            epoch = meta.get(EPOCH_KEY) or self.epoch(conn)  # made on first use
            published = self.published_for(conn, cid)
            release = {
                "client_latest": meta.get(LATEST_KEY),
                "client_download": meta.get(DOWNLOAD_KEY),
            }
            # Rows the role is not sent at all, and what they add to the count and digest.
            hidden = (
                withheld_rows(conn, self.t_row, device) if not roles.sees_everything(role) else {}
            )
        frag = orjson.Fragment
        if roles.sees_everything(role):
            rows = [[x[0], x[1], x[2], x[3], x[4], frag(x[5]), frag(x[6])] for x in found]
        else:
            rows = [
                roles.redact_state(role, [x[0], x[1], x[2], x[3], x[4], x[5], frag(x[6])])
                if roles.needs_redaction(role, x[1])
                else [x[0], x[1], x[2], x[3], x[4], frag(x[5]), frag(x[6])]
                for x in found
                if (x[1], x[2]) not in hidden
            ]
        last = found[-1][0] if found else after
        more = len(found) == limit and last < head.seq
        out: dict[str, Any] = {
            "rows": rows,
            "more": more,
            "next": last if more else max(int(head.seq), after),
            "head": int(head.seq),
            # A device that sees another epoch than it knows reconciles before it applies
            # this page (docs/sync.md, "Epochs").
            "epoch": epoch,
        }
        if not more:
            out["count"] = int(head.n_rows) - len(hidden)
            digest = int(head.digest)
            for h in hidden.values():
                digest ^= h
            out["digest"] = digest
            # the county's thresholds (``published``), kept by the device whole
            out["published"] = published
            # the update notice /v1/info also gives (docs/sync.md): one request fewer a sync
            out["release"] = release
        return out


_PAGE = (
    "SELECT seq, tbl, row_id, created_at, deleted, data, clocks FROM rd_row"
    " WHERE community_id = {} AND seq > {} AND seq <= {} ORDER BY seq LIMIT {}"
)
_META = 'SELECT "key", value FROM rd_meta WHERE "key" IN ({}, {}, {})'


def withheld_rows(conn: Connection, r: Table, device: Device) -> dict[tuple[str, str], int]:
    """The community's rows ``device``'s role is not sent — medical needs to a building
    head, with their status history and the conflicts about them — with each one's digest
    contribution: the count and digest it is given leave them out, so its check agrees."""
    from sqlalchemy import select

    query = select(r.c.tbl, r.c.row_id, r.c.created_at, r.c.deleted, r.c.data, r.c.clocks).where(
        r.c.community_id == device.community_id, r.c.tbl.in_(("need", "need_event", "conflict"))
    )
    found = conn.execute(query).all()
    medical = {
        x.row_id for x in found if x.tbl == "need" and roles.withheld(device.role, "need", x.data)
    }
    out: dict[tuple[str, str], int] = {}
    if not medical:
        return out
    for x in found:
        if x.tbl == "need":
            hide = x.row_id in medical
        else:
            data = orjson.loads(x.data)
            hide = (x.tbl == "need_event" and data.get("need_id") in medical) or (
                x.tbl == "conflict" and data.get("tbl") == "need" and data.get("row_id") in medical
            )
        if hide:
            version = protocol.version_of(x.created_at, orjson.loads(x.clocks))
            out[(x.tbl, x.row_id)] = protocol.row_hash(x.tbl, x.row_id, version, x.deleted)
    return out
