"""Faults between device and server — dropped requests, answers lost after the server
committed, duplicated requests, 500s, the server killed mid-push — and clients killed with
SIGKILL mid-pull and mid-push. The invariants stay: same data everywhere, nothing lost,
nothing applied twice, the local database intact."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.sync.protocol import SyncError
from tests.conftest import connect
from tests.sync.faults import FaultProxy, ServerProcess, kill_process
from tests.sync.harness import County, MemoryKeyring, Workload, snapshot
from tests.sync.test_convergence import KINDS


@pytest.fixture
def served(tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[tuple[County, ServerProcess]]:
    db = f"sqlite:///{tmp_path / 'server.db'}"
    county = County(db, tmp_path, serve=False)
    backend = ServerProcess(db).start()
    yield county, backend
    backend.kill()
    county.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_faulty_network_and_server_restarts(
    served: tuple[County, ServerProcess], seed: int
) -> None:
    county, backend = served
    proxy = FaultProxy(backend, seed)
    try:
        work = Workload(county, 4, url=proxy.url, retries=6, backoff=0.01)
        proxy.weights = {
            "pass": 0.45,
            "drop_request": 0.12,
            "drop_response": 0.15,
            "duplicate": 0.12,
            "error500": 0.12,
            "restart": 0.04,
        }
        pushes = iter(range(10**6))
        random_plan = proxy.plan

        def plan(method: str, path: str) -> str:
            # Every tenth push also kills the server while it works on it.
            if path.startswith("/v1/push") and next(pushes) % 10 == 3:
                return "restart"
            return random_plan(method, path)

        proxy.plan = plan
        rnd = random.Random(seed)
        failed = 0
        for _ in range(60):
            step = (
                rnd.choice([*KINDS, "sync", "sync"]),
                rnd.randint(0, 4),
                rnd.randint(0, 7),
                rnd.randint(0, 99),
            )
            try:
                work.step(*step)
            except SyncError:
                failed += 1  # gave up after its retries: the next sync carries on
        proxy.weights = {"pass": 1.0}
        proxy.plan = random_plan
        work.settle()
        work.check()
        for fault in ("drop_request", "drop_response", "duplicate", "error500", "restart"):
            assert proxy.counts[fault] > 0, proxy.counts
        for e in work.devices:
            assert e.desk.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        proxy.close()


_CLIENT = """
import os, sys
from relocdesk.desk import Desk
from relocdesk.sync.client import SyncEngine
engine = SyncEngine(Desk(sys.argv[1]), os.environ["RD_URL"],
                    token_source=lambda: os.environ["RD_TOKEN"], push_batch=100, pull_limit=100)
engine.run()
"""


def _client_process(path: Path, url: str, token: str) -> subprocess.Popen[bytes]:
    import os

    env = {**os.environ, "RD_URL": url, "RD_TOKEN": token}
    return subprocess.Popen(
        [sys.executable, "-c", _CLIENT, str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(cond, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _setting(path: Path, key: str) -> str | None:
    c = connect(path, timeout=10)
    try:
        row = c.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]
    finally:
        c.close()


def _server_rows_after(county: County, community_id: str, cursor: int) -> int:
    from sqlalchemy import func, select

    r = county.storage.t_row
    with county.storage.read() as conn:
        q = select(func.count()).where(r.c.community_id == community_id, r.c.seq > cursor)
        return int(conn.execute(q).scalar_one())


def _outbox(path: Path) -> int:
    c = connect(path, timeout=10)
    try:
        return int(c.execute("SELECT count(*) FROM outbox").fetchone()[0])
    finally:
        c.close()


def test_client_killed_mid_push_and_mid_pull(served: tuple[County, ServerProcess]) -> None:
    county, backend = served
    work = Workload(county, 2, url=backend.url)
    a, b = work.devices
    with a.desk.transaction() as w:
        w.insert_many(
            "household",
            (
                {"building_id": work.building, "household_no": f"K{i:05d}", "room": str(i)}
                for i in range(4000)
            ),
        )
    work.ops += 4000
    total = a.desk.unsent_count()
    path_a, path_b = a.desk.path, b.desk.path
    token_a = county.storage.issue_token(work.user, a.desk.device_id)["token"]
    token_b = county.storage.issue_token(work.user, b.desk.device_id)["token"]
    a.desk.close()
    b.desk.close()

    # Killed mid-push: some batches acknowledged, the rest still in the outbox.
    proc = _client_process(path_a, backend.url, token_a)
    _wait(lambda: _outbox(path_a) < total - 500)
    kill_process(proc)
    left = _outbox(path_a)
    assert 0 < left < total

    # Killed mid-pull on the other device: the cursor was stored page by page.
    proc = _client_process(path_b, backend.url, token_b)
    _wait(lambda: int(_setting(path_b, "sync_cursor") or 0) > 300)
    kill_process(proc)

    for path, token in ((path_a, token_a), (path_b, token_b)):
        desk = Desk(path)
        assert desk.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        from relocdesk.sync.client import SyncEngine

        engine = SyncEngine(desk, backend.url, token_source=lambda t=token: t)
        before = int(desk.setting("sync_cursor") or 0)
        newer = _server_rows_after(county, work.community_id, before)
        report = engine.run()
        assert report.cursor >= before
        if path == path_b:
            # Resumed from the saved cursor: only what it had not stored came down again.
            assert before > 300 and report.pulled == newer
        county.engines.append(engine)
    a2, b2 = county.engines[-2:]
    work.devices = [a2, b2]
    work.settle()
    work.check()
    assert len(a2.desk.households.find()) == 4003
    assert snapshot(a2.desk) == snapshot(b2.desk)
