"""The county the load runs against: N communities of H households, D devices each.

One demo community (``relocdesk.demo``, H households) is pushed through the real server by a
real device (``SyncEngine``), so its rows are what a push stores. The other communities are
that community's rows copied with ids of their own (every id of the community's rows, and
every reference to one, renamed the same way), their heads (sequence, count, digest) worked
out as a push keeps them, and written with COPY: a hundred demo builds and full pushes would
take longer than the load itself. Users and device tokens go straight into the server's
tables in the format ``issue_token`` writes (only the token's hash is kept); a password hash
is made once for all users, since the devices never enroll with it.
"""

from __future__ import annotations

import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PASSWORD = "load-bench 2026"


@dataclass
class SimDevice:
    """What a simulated device holds: no database, only what its requests need."""

    name: str  # the device id, also the device part of its clocks
    token: str
    community: int  # index in the county's communities
    cursor: int  # where its community stood when it last synced (0: never)
    # the households it edits: row id -> the clock of its notes field as the device knows it
    households: dict[str, str] = field(default_factory=dict)


@dataclass
class Community:
    id: str
    head: int
    n_rows: int
    households: list[tuple[str, str]]  # (row id, clock of its notes field)


@dataclass
class CountyPlan:
    communities: list[Community]
    devices: list[SimDevice]  # enrolled and synced: they edit and sync
    newcomers: list[SimDevice]  # enrolled, never synced: the first-download storm
    template_rows: int


def renamed(k: int, text: bytes, ids: set[bytes]) -> bytes:
    """``text`` with every id of the template community renamed for community ``k`` (its
    first eight hex digits replaced by k): references keep pointing inside the community."""
    if k == 0:
        return text
    prefix = b"%08x" % k

    def one(m: re.Match[bytes]) -> bytes:
        return prefix + m[0][8:] if m[0] in ids else m[0]

    return _UUID.sub(one, text)


def push_template(storage: Any, work: Path, url: str, households: int) -> tuple[str, str]:
    """The demo community pushed whole by a real device; returns (community id, name)."""
    from relocdesk.desk import Desk
    from tests.bench._common import demo_database
    from tests.bench.bench_sync import device

    path = work / "template.db"
    shutil.copy(demo_database(households), path)
    with Desk(path) as d:
        cid, name = d.community_id, d.community()["name"]
    storage.create_community(name, cid)
    storage.create_user("load-template", PASSWORD, "secretary", cid)
    engine = device(storage, path, url, "load-template")
    report = engine.run(verify=True)
    engine.desk.close()
    if report.verified is not True:
        raise RuntimeError(f"the template community did not verify: {report}")
    return cid, name


def template_rows(conn: Any, cid: str) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT tbl, row_id, seq, created_at, deleted, data, clocks FROM rd_row"
        " WHERE community_id = %s ORDER BY seq",
        (cid,),
    ).fetchall()


def head_of(rows: list[tuple[Any, ...]], k: int, ids: set[bytes]) -> tuple[int, int]:
    """(count, digest) of community k's copy, row by row as a push keeps them."""
    from relocdesk.sync import protocol

    digest = 0
    for tbl, row_id, _seq, created_at, deleted, _data, clocks in rows:
        version = protocol.version_of(created_at, orjson.loads(clocks))
        new_id = renamed(k, row_id.encode(), ids).decode()
        digest ^= protocol.row_hash(tbl, new_id, version, deleted)
    return len(rows), digest


def copy_community(conn: Any, rows: list[tuple[Any, ...]], k: int, ids: set[bytes]) -> str:
    cid = renamed(k, rows[0][1].encode(), ids).decode() if rows[0][0] == "community" else ""
    with (
        conn.cursor() as cur,
        cur.copy(
            "COPY rd_row (tbl, row_id, community_id, seq, created_at, deleted, data, clocks)"
            " FROM STDIN"
        ) as cp,
    ):
        for tbl, row_id, seq, created_at, deleted, data, clocks in rows:
            new_id = renamed(k, row_id.encode(), ids).decode()
            new_data = renamed(k, data.encode(), ids).decode()
            cp.write_row((tbl, new_id, cid, seq, created_at, deleted, new_data, clocks))
    return cid


def seed(
    storage: Any,
    pg: Any,
    url: str,
    work: Path,
    *,
    communities: int,
    households: int,
    devices: int,
    newcomers: int,
) -> CountyPlan:
    """The county on the server at ``url`` whose database ``pg`` (a psycopg connection to
    the same schema) reaches."""
    template, name = push_template(storage, work, url, households)
    rows = template_rows(pg, template)
    if rows[0][0] != "community" or rows[0][1] != template:
        rows.sort(key=lambda r: r[0] != "community")  # the community row leads
    ids = {r[1].encode() for r in rows}
    head = max(r[2] for r in rows)
    made: list[Community] = []
    for k in range(communities):
        n_rows, digest = head_of(rows, k, ids)
        if k == 0:
            stored = pg.execute(
                "SELECT n_rows, digest FROM rd_community WHERE id = %s", (template,)
            ).fetchone()
            # The copies' heads are worked out the way a push keeps them: checked on the real one.
            assert (n_rows, digest) == tuple(stored), "head worked out differs from the push's"
            cid = template
        else:
            cid = copy_community(pg, rows, k, ids)
            pg.execute(
                "INSERT INTO rd_community (id, name, seq, n_rows, digest, created_at)"
                " VALUES (%s, %s, %s, %s, %s, now()::text)",
                (cid, f"{name} {k}", head, n_rows, digest),
            )
        made.append(Community(cid, head, n_rows, _households(rows, k, ids)))
        pg.commit()
    sims, late = enroll_all(pg, made, devices, newcomers)
    # As after any bulk load (a restore too): without statistics the planner takes a lookup
    # of 100 ids in 1.4 million rows for a table scan, and compiles it with JIT.
    pg.execute("ANALYZE rd_row, rd_applied_op, rd_community, rd_device, rd_user")
    pg.commit()
    return CountyPlan(made, sims, late, len(rows))


def _households(rows: list[tuple[Any, ...]], k: int, ids: set[bytes]) -> list[tuple[str, str]]:
    out = []
    for tbl, row_id, _seq, created_at, deleted, _data, clocks in rows:
        if tbl == "household" and not deleted:
            clock = orjson.loads(clocks).get("notes", created_at)
            out.append((renamed(k, row_id.encode(), ids).decode(), clock))
    return out


def enroll_all(
    pg: Any, communities: list[Community], devices: int, newcomers: int
) -> tuple[list[SimDevice], list[SimDevice]]:
    """Users (three devices each, the server's cap) and device tokens of every community, as
    ``create_user`` and ``issue_token`` write them; each device edits a slice of its
    community's households of its own, so no two devices edit the same field."""
    import uuid

    from relocdesk.server.accounts import DEVICE_CAP, token_hash
    from relocdesk.server.passwords import hash_password

    hashed = hash_password(PASSWORD)
    sims: list[SimDevice] = []
    late: list[SimDevice] = []
    users: list[tuple[Any, ...]] = []
    tokens: list[tuple[Any, ...]] = []
    for k, c in enumerate(communities):
        for j in range(devices + newcomers):
            user = f"load{k}u{j // DEVICE_CAP}"
            if j % DEVICE_CAP == 0:
                users.append((user, c.id, "secretary", hashed))
            sim = SimDevice(f"load{k}d{j}", "rd1." + secrets.token_urlsafe(32), k, 0)
            if j < devices:
                sim.cursor = c.head
                sim.households = dict(c.households[j::devices])
                sims.append(sim)
            else:
                late.append(sim)
            tokens.append(
                (
                    str(uuid.uuid4()),
                    sim.name,
                    sim.name,
                    user,
                    c.id,
                    "secretary",
                    token_hash(sim.token),
                )
            )
    with pg.cursor() as cur:
        cur.executemany(
            "INSERT INTO rd_user (name, community_id, role, password_hash, created_at)"
            " VALUES (%s, %s, %s, %s, now()::text)",
            users,
        )
        cur.executemany(
            "INSERT INTO rd_device (id, device_id, device_name, user_name, community_id, role,"
            " token_hash, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, now()::text)",
            tokens,
        )
    return sims, late
