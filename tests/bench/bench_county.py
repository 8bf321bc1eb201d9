"""The county's view under load: N communities of H households on one server (PostgreSQL with
``--pg``), each synced from its own laptop, all under one county. Times:

- first look: every copy made and every community's figures computed (no target: once);
- the overview served once computed: ``CountyFigures.overview`` for the county, repeated
  (target p95 ≤ 300 ms for 100 communities);
- freshness: one laptop changes a household and syncs; with the ``Refresher`` running, the
  time until the county's overview shows it (target ≤ 5 s);
- the county workbook for last month (target ≤ 10 s), from the monthly tables the
  ``Refresher`` keeps (worked out once per community and month, behind the pages).

Each line also shows the same run's baseline (raw sqlite3 inserts of as many rows as one
community holds), since the machine is shared and every figure is noisy.

Run: .venv/bin/python tests/bench/bench_county.py [--communities 100] [--households 1000] [--pg]
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench._common import demo_database, percentile, table

PASSWORD = "county-bench 2026"


def seed(storage: Any, url: str, work: Path, n: int, households: int) -> list[Any]:
    """n laptops, each a demo community of its own (seed i), synced to the server."""
    from relocdesk.desk import Desk
    from relocdesk.sync.client import SyncEngine

    storage.create_county("522731", "惠水县")
    laptops = []
    for i in range(n):
        path = work / f"laptop{i}.db"
        shutil.copy(demo_database(households, seed=100 + i), path)
        desk = Desk(path, check_same_thread=False)
        community = desk.community()
        assert community is not None
        storage.create_community(community["name"], desk.community_id)
        user = f"sec{i}"
        storage.create_user(user, PASSWORD, "secretary", desk.community_id)
        storage.move_community(desk.community_id, "522731")
        token = storage.issue_token(user, desk.device_id)["token"]
        with desk.transaction():
            desk.set_setting("sync_server_url", url)
            desk.set_setting("sync_enrolled", "1")
        engine = SyncEngine(desk, token_source=lambda token=token: token)
        engine.run(verify=False)
        laptops.append(engine)
    return laptops


def run(
    communities: int, households: int, pg: bool, repeats: int = 50
) -> list[tuple[str, str, str]]:
    from relocdesk.server.county import CountyFigures
    from relocdesk.server.county.workbook import write_county_xlsx
    from relocdesk.server.storage import Storage
    from tests.bench.bench_sync import baseline
    from tests.conftest import add_household
    from tests.sync.harness import LiveServer, PgSchema

    work = Path(tempfile.mkdtemp(prefix="bench-county-"))
    schema = PgSchema() if pg else None
    url = schema.url if schema else f"sqlite:///{work / 'server.db'}"
    storage = Storage(url)
    storage.create_all()
    server = LiveServer(storage).start()
    rows: list[tuple[str, str, str]] = [("what", "time", "note")]
    figures = CountyFigures(storage, work / "copies")
    try:
        t = time.perf_counter()
        laptops = seed(storage, server.url, work, communities, households)
        rows.append(
            (
                "seed: laptops synced",
                f"{time.perf_counter() - t:.1f} s",
                f"{communities} communities x {households} households,"
                f" {'PostgreSQL' if pg else 'SQLite'}",
            )
        )
        probe = baseline(10 * households)
        rows.append(
            ("baseline: raw sqlite3 insert", f"{probe * 1000:.0f} ms", f"{10 * households} rows")
        )

        t = time.perf_counter()
        first = figures.overview("522731")
        rows.append(
            (
                "first look (copies + figures)",
                f"{time.perf_counter() - t:.1f} s",
                f"{first.total.households} households",
            )
        )

        served = []
        for _ in range(repeats):
            t = time.perf_counter()
            figures.overview("522731")
            served.append(time.perf_counter() - t)
        p95 = percentile(served, 95) * 1000
        rows.append(("overview served, p95", f"{p95:.1f} ms", f"{repeats} looks (target ≤ 300 ms)"))

        t = time.perf_counter()
        figures.warm([r.community_id for r in first.rows])
        took = f"{time.perf_counter() - t:.1f} s"
        rows.append(("months worked out (once, behind)", took, "this month and the last"))

        figures.start(interval=0.5)
        laptop = laptops[len(laptops) // 2]
        add_household(laptop.desk, building="99", room="101")
        t = time.perf_counter()
        laptop.run(verify=False)
        synced = time.perf_counter() - t
        deadline = time.monotonic() + 120
        cid = laptop.desk.community_id
        want = next(r for r in first.rows if r.community_id == cid).figures.households + 1
        seen = 0
        while time.monotonic() < deadline and seen != want:
            time.sleep(0.05)
            # what a page shows: the rows as they are, without waiting for a refresh
            board = figures.served("522731")
            seen = next(r for r in board.rows if r.community_id == cid).figures.households
        fresh = time.perf_counter() - t
        note = f"sync itself {synced:.2f} s (target ≤ 5 s)"
        rows.append(
            ("fresh after one sync", f"{fresh:.2f} s", note if seen == want else "NOT FRESH")
        )
        figures.stop()

        month = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).strftime(
            "%Y-%m"
        )
        t = time.perf_counter()
        write_county_xlsx(figures, "522731", month, work / "county.xlsx")
        rows.append(
            ("county workbook", f"{time.perf_counter() - t:.2f} s", f"{month} (target ≤ 10 s)")
        )
    finally:
        figures.stop()
        for lap in locals().get("laptops", []):
            lap.desk.close()
        server.stop()
        storage.close()
        if schema:
            schema.drop()
        shutil.rmtree(work, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=100)
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--pg", action="store_true", help="server on PostgreSQL")
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    table(run(args.communities, args.households, args.pg, args.repeats))


if __name__ == "__main__":
    main()
