"""The county dashboard's pages under load, through HTTP as a browser asks for them: N
communities of H households, each synced from its own laptop to ``relocdesk-server`` running
as its own process (PostgreSQL with ``--pg``), all under one county. Times:

- first look: the overview page when no copy exists yet (every copy made and every figure
  computed; no target: once);
- the overview page once computed, repeated (target p95 ≤ 300 ms at 100 x 1,000);
- a community's page and the households behind a figure (audited), repeated;
- freshness: one laptop adds a household and syncs; the time until the overview page shows it
  (target ≤ 5 s);
- baselines of the same run: ``/v1/info`` (the smallest answer of the same server) and the
  sign-in page (a template and no figures), since the machine is shared and noisy.

Run: .venv/bin/python tests/bench/bench_web.py [--communities 100] [--households 1000] [--pg]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
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
        storage.create_community(f"{community['name']}{i + 1}", desk.community_id)
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


def timed(get: Callable[[], Any], repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        response = get()
        out.append(time.perf_counter() - t)
        assert response.status_code == 200, response.status_code
    return out


def p95_row(what: str, values: list[float], note: str) -> tuple[str, str, str]:
    ms = [v * 1000 for v in values]
    return (what, f"p50 {percentile(ms, 50):.1f} / p95 {percentile(ms, 95):.1f} ms", note)


def households_of(html: str, community_id: str) -> int:
    row = re.search(rf'<tr data-community="{community_id}">(.*?)</tr>', html, re.S)
    assert row is not None
    found = re.search(r'data-key="households" data-value="(\d+)"', row.group(1))
    assert found is not None
    return int(found.group(1))


def run(communities: int, households: int, pg: bool, repeats: int) -> list[tuple[str, str, str]]:
    from relocdesk.server.storage import Storage
    from tests.conftest import add_household
    from tests.sync.harness import PgSchema
    from tests.web.chromium import ServerProcess
    from tests.web.conftest import Browser

    work = Path(tempfile.mkdtemp(prefix="bench-web-"))
    schema = PgSchema() if pg else None
    url = schema.url if schema else f"sqlite:///{work / 'server.db'}"
    storage = Storage(url)
    storage.create_all()
    server = ServerProcess(url, work)
    rows: list[tuple[str, str, str]] = [("what", "time", "note")]
    laptops: list[Any] = []
    browser = Browser(server.url)
    try:
        t = time.perf_counter()
        laptops = seed(storage, server.url, work, communities, households)
        db = "PostgreSQL" if pg else "SQLite"
        note = f"{communities} communities x {households} households, {db}"
        rows.append(("seed: laptops synced", f"{time.perf_counter() - t:.1f} s", note))
        storage.create_county_user("bench-view", PASSWORD, "522731")
        assert browser.sign_in("bench-view", PASSWORD).status_code == 303
        rows.append(
            p95_row(
                "baseline: GET /v1/info", timed(lambda: browser.http.get("/v1/info"), repeats), ""
            )
        )
        rows.append(
            p95_row(
                "baseline: sign-in page",
                timed(lambda: browser.http.get("/web/login"), repeats),
                "a template, no figures",
            )
        )

        t = time.perf_counter()
        first = browser.http.get("/web/overview", timeout=3600)
        if first.status_code != 200:  # say why, from the server's own log
            log = server.log.read_text("utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"first look answered {first.status_code}:\n{log}")
        rows.append(("first look (copies + figures)", f"{time.perf_counter() - t:.1f} s", ""))
        overview = timed(lambda: browser.http.get("/web/overview"), repeats)
        rows.append(p95_row("overview page", overview, f"{repeats} looks (target p95 ≤ 300 ms)"))
        by_households = timed(
            lambda: browser.http.get("/web/overview?sort=households&dir=desc"), repeats
        )
        rows.append(p95_row("overview page, sorted", by_households, ""))

        laptop = laptops[len(laptops) // 2]
        cid = laptop.desk.community_id
        page = f"/web/community/{cid}"
        rows.append(p95_row("community page", timed(lambda: browser.http.get(page), repeats), ""))
        behind = f"/web/community/{cid}/households?figure=people"
        rows.append(
            p95_row(
                "households behind a figure",
                timed(lambda: browser.http.get(behind), max(5, repeats // 5)),
                "audited each time",
            )
        )

        before = households_of(first.text, cid)
        add_household(laptop.desk, building="99", room="101")
        t = time.perf_counter()
        laptop.run(verify=False)
        synced = time.perf_counter() - t
        seen, deadline = before, time.monotonic() + 120
        while seen != before + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
            seen = households_of(browser.http.get("/web/overview").text, cid)
        fresh = time.perf_counter() - t
        state = f"sync itself {synced:.2f} s (target ≤ 5 s)" if seen == before + 1 else "NOT FRESH"
        rows.append(("overview fresh after one sync", f"{fresh:.2f} s", state))
    finally:
        browser.close()
        for laptop in laptops:
            laptop.desk.close()
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
