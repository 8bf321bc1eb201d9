"""Building heads' scope: what a head's device costs against a secretary's on the same
community, against a real server process on 127.0.0.1 (SQLite, or PostgreSQL with --pg).

A demo community (``--households``, default 10,000) is pushed by the office's device; then
one building head (the one with the most households) and one secretary each enroll an empty
device. Measured, in the same run:

- first download: the head's device (its buildings only) vs the secretary's (everything);
  the head's first one also builds the server's scope index of the community (once per
  server process), so a second head device is timed too;
- 100 changes + digest: 100 edits of people in the head's buildings on the office device, the
  office syncs, then each device syncs with the digest checked (its own scope's count and
  digest on the head's), median of 5 rounds.

Run: .venv/bin/python tests/bench/bench_scope.py [--households N] [--pg]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench._common import demo_database, table
from tests.bench.bench_sync import device, records, timed


def busiest_head(conn: object) -> tuple[str, int]:
    row = conn.execute(  # type: ignore[attr-defined]
        "SELECT b.building_head_id, count(*) FROM household h JOIN building b"
        " ON b.id = h.building_id WHERE b.building_head_id IS NOT NULL"
        " GROUP BY b.building_head_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    return str(row[0]), int(row[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10000)
    parser.add_argument("--pg", action="store_true", help="server on PostgreSQL")
    args = parser.parse_args()

    from relocdesk.desk import Desk
    from relocdesk.server.storage import Storage
    from tests.sync.faults import ServerProcess
    from tests.sync.harness import PgSchema

    work = Path(tempfile.mkdtemp(prefix="bench-scope-"))
    schema = PgSchema() if args.pg else None
    db = schema.url if schema else f"sqlite:///{work / 'server.db'}"
    storage = Storage(db)
    storage.create_all()
    server = ServerProcess(db).start()
    rows: list[tuple[str, str, str]] = [("what", "time", "note")]
    try:
        shutil.copy(demo_database(args.households), work / "office.db")
        with Desk(work / "office.db") as d:
            community, name, n_records = d.community_id, d.community()["name"], records(d)
            head_id, head_households = busiest_head(d.conn)
        storage.create_community(name, community)
        storage.create_user("office", "pw", "secretary", community)
        storage.create_user("secretary", "pw", "secretary", community)
        storage.create_user("head", "pw", "building_head", community)
        office = device(storage, work / "office.db", server.url, "office")
        office.run(verify=False)
        storage.set_building_head("head", head_id)
        print(
            f"community: {n_records} records; the head keeps {head_households} households;"
            f" server: {'PostgreSQL' if args.pg else 'SQLite'}"
        )
        sec = device(storage, work / "sec.db", server.url, "secretary", community)
        head = device(storage, work / "head.db", server.url, "head", community)
        head.desk.set_setting("sync_role", "building_head")
        t_sec, rep_sec = timed(lambda: sec.run(verify=True))
        t_head, rep_head = timed(lambda: head.run(verify=True))
        rows.append(
            (
                "first download, secretary",
                f"{t_sec:.2f} s",
                f"{rep_sec.pulled} rows, verified={rep_sec.verified}",
            )
        )
        rows.append(
            (
                "first download, building head",
                f"{t_head:.2f} s",
                f"{rep_head.pulled} rows, verified={rep_head.verified};"
                f" ratio to the secretary's {t_head / t_sec:.2f}",
            )
        )
        # The server builds a community's scope index on first use, then keeps it: a second
        # device of the head downloads with the index warm, as every later one does.
        head2 = device(storage, work / "head2.db", server.url, "head", community)
        head2.desk.set_setting("sync_role", "building_head")
        t_warm, rep_warm = timed(lambda: head2.run(verify=True))
        rows.append(
            (
                "  again, index warm (another head device)",
                f"{t_warm:.2f} s",
                f"{rep_warm.pulled} rows, verified={rep_warm.verified};"
                f" ratio to the secretary's {t_warm / t_sec:.2f}",
            )
        )
        mine = [
            r[0]
            for r in office.desk.conn.execute(
                "SELECT p.id FROM person p JOIN household h ON h.id = p.household_id"
                " JOIN building b ON b.id = h.building_id WHERE b.building_head_id = ?",
                (head_id,),
            )
        ]
        rnd = random.Random(1)
        times: dict[str, list[float]] = {"secretary": [], "head": []}
        for _ in range(5):
            for pid in rnd.sample(mine, min(100, len(mine))):
                with office.desk.transaction() as w:
                    w.update("person", pid, {"phone": f"139{rnd.randrange(10**8):08d}"})
            office.run(verify=False)
            for who, engine in (("secretary", sec), ("head", head)):
                t, rep = timed(lambda e=engine: e.run(verify=True))
                assert rep.verified, who
                times[who].append(t)
        s, h = statistics.median(times["secretary"]), statistics.median(times["head"])
        rows.append(("100 changes + digest, secretary", f"{s * 1000:.0f} ms", "median of 5"))
        rows.append(
            (
                "100 changes + digest, building head",
                f"{h * 1000:.0f} ms",
                f"median of 5; ratio {h / s:.2f}",
            )
        )
        outside = head.desk.conn.execute(
            "SELECT count(*) FROM household h JOIN building b ON b.id = h.building_id"
            " WHERE b.building_head_id IS NOT ?",
            (head_id,),
        ).fetchone()[0]
        rows.append(("households of other heads on the head's device", str(outside), "must be 0"))
        table(rows)
    finally:
        server.kill()
        storage.close()
        if schema:
            schema.drop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
