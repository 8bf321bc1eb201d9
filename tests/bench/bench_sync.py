"""Sync benchmarks against a real server process on 127.0.0.1 (SQLite, or PostgreSQL).

A demo community of about 40,000 records (``--households``, default 2,850: households,
people, referrals, visits, needs and their events). Times:

- full push: the device that holds the community pushes its whole outbox (target ≤ 4 s)
- first download: an empty device enrolled to the community (target ≤ 3 s), page by page
  (as an app without snapshots) and from the server's prepared snapshot plus the tail after
  it, each with the server process's CPU for it (docs/sync.md, "Snapshots")
- 100 changed records up and down: 100 person edits on device A, A syncs, B syncs
  (target ≤ 100 ms)
- nothing to do: a sync with nothing to send or receive (target ≤ 15 ms)
- the device's digest after 100 changes: kept (folding in the changed rows) against counted
  over every row

``--pouchdb`` runs a PouchDB peer in the same run (``_pouchdb.py``: ``pouchdb-server`` and
``pouchdb`` from the npm registry, installed into the bench's cache folder; 40,000 documents
shaped like our row states, batch size 100) and prints its full push and first download
beside ours, with how many times faster ours is per record.
``--load N`` adds N devices syncing at once (PostgreSQL: run with ``--pg``).

Run: .venv/bin/python tests/bench/bench_sync.py [--households N] [--pg] [--pouchdb] [--load 50]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench._common import bench_dir, demo_database, percentile, table

PG_DSN = "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"


def records(desk: Any) -> int:
    from relocdesk.store.rows import SYNCED_TABLES

    return sum(
        int(desk.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in SYNCED_TABLES
    )


def device(storage: Any, path: Path, url: str, user: str, community: str | None = None) -> Any:
    from relocdesk.desk import Desk
    from relocdesk.sync.client import SyncEngine

    desk = Desk(path, check_same_thread=False)
    token = storage.issue_token(user, desk.device_id)["token"]
    with desk.transaction():
        if community and not desk.community_id:
            desk.adopt_community(community)
        desk.set_setting("sync_server_url", url)
        desk.set_setting("sync_enrolled", "1")
    return SyncEngine(desk, token_source=lambda: token)


def timed(fn: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def with_cpu(server: Any, fn: Any) -> tuple[float, Any, str]:
    """``fn()`` timed, with the CPU this process and the server process spent meanwhile: on
    a machine shared with other runs the wall time says more of them than of us."""
    server_before, own_before = server_cpu(server), time.process_time()
    t, out = timed(fn)
    own, served = time.process_time() - own_before, server_cpu(server) - server_before
    return t, out, f"CPU device {own:.2f} s, server {served:.2f} s"


def baseline(n: int) -> float:
    """Machine speed in this run: the others' work makes every figure noisy, and the sync
    figures read better beside what plain SQLite did at the same moment."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT, b INTEGER, c TEXT, d REAL)")
    values = [(f"{i:032x}", f"name {i}", i, "x" * 20, i / 3) for i in range(n)]
    t = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", values)
    elapsed = time.perf_counter() - t
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=2850)
    parser.add_argument("--pg", action="store_true", help="server on PostgreSQL")
    parser.add_argument("--load", type=int, default=0, help="devices syncing at once")
    parser.add_argument("--workers", type=int, default=2, help="server processes for --load")
    parser.add_argument("--pouchdb", action="store_true", help="a PouchDB peer in the same run")
    args = parser.parse_args()

    from relocdesk.desk import Desk
    from relocdesk.server.storage import Storage
    from tests.sync.faults import ServerProcess
    from tests.sync.harness import PgSchema

    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    schema = PgSchema() if args.pg else None
    db = schema.url if schema else f"sqlite:///{work / 'server.db'}"
    storage = Storage(db)
    storage.create_all()
    server = ServerProcess(db).start()
    rows: list[tuple[str, str, str]] = [("what", "time", "note")]
    try:
        src = demo_database(args.households)
        shutil.copy(src, work / "a.db")
        with Desk(work / "a.db") as d:
            community, name, n_records = d.community_id, d.community()["name"], records(d)
            unsent = d.unsent_count()
        storage.create_community(name, community)
        storage.create_user("bench", "pw", "secretary", community)
        print(
            f"community: {n_records} records, {unsent} ops in the outbox;"
            f" server: {'PostgreSQL' if args.pg else 'SQLite'}"
        )

        probe = baseline(n_records)
        rows.append(
            (
                "baseline: raw sqlite3 insert",
                f"{probe * 1000:.0f} ms",
                f"{n_records} rows; quiet machine {n_records / 500:.0f} ms (500k rows/s):"
                f" load factor {probe / (n_records / 500_000):.1f}",
            )
        )

        a = device(storage, work / "a.db", server.url, "bench")
        t, rep, cpu = with_cpu(server, lambda: a.run(verify=False))
        rows.append(("full push", f"{t:.2f} s", f"{rep.pushed} ops; {cpu} (target ≤ 4 s)"))
        ours = {"full push": (t, rep.pushed)}
        t, rep = timed(lambda: a.run(verify=True))
        rows.append(("  then: check digest", f"{t * 1000:.0f} ms", f"verified={rep.verified}"))

        rows.extend(first_downloads(storage, server, work, community))
        b = device(storage, work / "b.db", server.url, "bench", community)
        t, rep, cpu = with_cpu(server, lambda: b.run(verify=False))
        rows.append(("first download", f"{t:.2f} s", f"{rep.pulled} rows; {cpu} (target ≤ 3 s)"))
        ours["first download"] = (t, rep.pulled)
        t, rep = timed(lambda: b.run(verify=True))
        rows.append(("  then: check digest", f"{t * 1000:.0f} ms", f"verified={rep.verified}"))

        people = [r[0] for r in a.desk.conn.execute("SELECT id FROM person LIMIT 2000")]
        rnd = random.Random(1)
        for label, verify in (
            ("100 changes up and down", False),
            ("100 changes, digest checked", True),
        ):
            times, own, served = [], [], []
            for _ in range(5):
                for pid in rnd.sample(people, 100):
                    with a.desk.transaction() as w:
                        w.update("person", pid, {"phone": f"139{rnd.randrange(10**8):08d}"})
                cpu, mine = server_cpu(server), time.process_time()
                t, _ = timed(lambda v=verify: (a.run(verify=v), b.run(verify=v)))
                times.append(t)
                own.append(time.process_time() - mine)
                served.append(server_cpu(server) - cpu)
            rows.append(
                (
                    label,
                    f"{statistics.median(times) * 1000:.0f} ms",
                    "median of 5, A pushes 100, B pulls 100 (target ≤ 100 ms); CPU device"
                    f" {statistics.median(own) * 1000:.0f} ms, server"
                    f" {statistics.median(served) * 1000:.0f} ms",
                )
            )
        rows.extend(digest_check(a.desk, people, rnd))
        nothing = [timed(lambda: b.run())[0] for _ in range(30)]
        rows.append(
            (
                "nothing to do",
                f"{statistics.median(nothing) * 1000:.1f} ms",
                f"median of 30, p95 {percentile(nothing, 95) * 1000:.1f} ms (target ≤ 15 ms)",
            )
        )
        a.desk.close()
        b.desk.close()
        if args.pouchdb:  # after ours: node's work must not weigh on our figures
            from tests.bench import _pouchdb

            reader = storage.authenticate(storage.issue_token("bench", "pouchdb-docs")["token"])
            peer = (bench_dir() / "pouchdb", work / "pouchdb")
            rows.extend(_pouchdb.compare(*peer, storage, reader, ours))
        if args.load:
            rows.extend(load(storage, db, work, community, args.load, args.workers))
    finally:
        server.kill()
        storage.close()
        if schema:
            schema.drop()
        shutil.rmtree(work, ignore_errors=True)
    print()
    table(rows)


def server_cpu(server: Any) -> float:
    """Seconds of CPU the server process's threads have run (nanoseconds, from each
    thread's schedstat: /proc's ``stat`` counts in 10 ms ticks, coarser than one request)."""
    import contextlib

    total = 0
    for task in Path(f"/proc/{server.proc.pid}/task").iterdir():
        with contextlib.suppress(OSError, ValueError):  # a thread that ended meanwhile
            total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def snapshot_ready(storage: Any, url: str, community: str) -> tuple[float, int]:
    """Wait for the server's snapshot of the community (asked for after the full push);
    returns the seconds waited and its size in bytes."""
    import httpx

    from relocdesk.server import snapshot
    from relocdesk.sync import protocol

    token = storage.issue_token("bench", f"probe-{community}")["token"]
    headers = {protocol.VERSION_HEADER: str(protocol.VERSION), "Authorization": f"Bearer {token}"}
    head = storage.pull(storage.authenticate(token), 0, 1)["head"]
    started = time.perf_counter()
    while time.perf_counter() - started < 600:
        # The one at the community's head: one built during the push would leave a tail.
        resp = httpx.get(f"{url}/v1/snapshot", headers=headers, timeout=60)
        if resp.status_code == 200 and int(resp.headers[snapshot.HEAD_HEADER]) == head:
            return time.perf_counter() - started, len(resp.content)
        time.sleep(0.2)
    raise RuntimeError("no snapshot after 600 s")


def first_downloads(
    storage: Any, server: Any, work: Path, community: str
) -> list[tuple[str, str, str]]:
    """A first download page by page (as an app without snapshots does) beside one from the
    server's prepared snapshot and the tail after it, with the server's CPU for each."""
    from relocdesk.sync import snapshot

    waited, size = snapshot_ready(storage, server.url, community)
    out = [("snapshot at the head, after the push", f"{waited:.2f} s", f"{size / 1e6:.1f} MB gzip")]
    figures = []
    for label, use in (("paged", False), ("snapshot + tail", True)):
        times, cpus = [], []
        for i in range(3):
            e = device(storage, work / f"first-{use}-{i}.db", server.url, "bench", community)
            wanted = snapshot.wanted
            if not use:
                snapshot.wanted = lambda desk: False  # type: ignore[assignment]
            try:
                cpu = server_cpu(server)
                t, rep = timed(lambda e=e: e.run(verify=False))
                cpus.append(server_cpu(server) - cpu)
                times.append(t)
            finally:
                snapshot.wanted = wanted  # type: ignore[assignment]
            e.desk.close()
        t, cpu = statistics.median(times), statistics.median(cpus)
        figures.append((t, cpu))
        out.append(
            (
                f"first download, {label}",
                f"{t:.2f} s",
                f"median of 3, {rep.pulled} rows; server CPU {cpu * 1000:.1f} ms"
                f" ({cpu * 1e7 / max(rep.pulled, 1):.1f} ms per 10,000 rows)",
            )
        )
    (paged, paged_cpu), (snap, snap_cpu) = figures
    out.append(
        (
            "  snapshot vs paged",
            f"{paged / snap:.1f}× faster",
            f"server CPU {paged_cpu * 1000:.0f} → {snap_cpu * 1000:.0f} ms"
            " (targets: 10k households ≤ 1.5 s; CPU per 9.6k rows ≤ 5 ms)",
        )
    )
    return out


def digest_check(desk: Any, people: list[str], rnd: random.Random) -> list[tuple[str, str, str]]:
    """The device's own part of a check: the kept digest folding in 100 changed rows, beside
    counting every row (what each check cost before the digest was kept)."""
    from relocdesk.sync import local

    kept, full = [], []
    for _ in range(5):
        for pid in rnd.sample(people, 100):
            with desk.transaction() as w:
                w.update("person", pid, {"phone": f"139{rnd.randrange(10**8):08d}"})
        t, got = timed(lambda: local.local_digest(desk))
        kept.append(t)
        t, counted = timed(lambda: local.recounted_digest(desk))
        full.append(t)
        assert got == counted
    return [
        (
            "device digest, 100 changes",
            f"{statistics.median(kept) * 1000:.1f} ms",
            "median of 5: the kept digest folds in the changed rows",
        ),
        (
            "  the same, every row counted",
            f"{statistics.median(full) * 1000:.0f} ms",
            "median of 5: the fallback and repair (each check's cost before)",
        ),
    ]


def load(
    storage: Any, db: str, work: Path, community: str, n: int, workers: int
) -> list[tuple[str, str, str]]:
    """N devices, each with the community downloaded, editing and syncing all at once."""
    from tests.sync.faults import ServerProcess

    servers = [ServerProcess(db).start() for _ in range(workers)]
    try:
        engines = [
            device(storage, work / f"load{i}.db", servers[i % workers].url, "bench", community)
            for i in range(n)
        ]
        errors: list[str] = []
        first: list[float] = []
        rounds: list[float] = []
        lock = threading.Lock()

        def one(i: int, e: Any) -> None:
            rnd = random.Random(i)
            try:
                t, _ = timed(lambda: e.run(verify=False))
                with lock:
                    first.append(t)
                ids = [r[0] for r in e.desk.conn.execute("SELECT id FROM household LIMIT 500")]
                for _ in range(5):
                    for hid in rnd.sample(ids, 5):
                        with e.desk.transaction() as w:
                            w.update("household", hid, {"notes": f"load {rnd.random()}"})
                    t, _ = timed(lambda: e.run(verify=False))
                    with lock:
                        rounds.append(t)
            except Exception as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=one, args=(i, e)) for i, e in enumerate(engines)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        # Settle: everyone gets everything; all must agree with the server.
        for e in engines:
            e.run(verify=False)
        verified = sum(bool(e.run(verify=True).verified) for e in engines)
        for e in engines:
            e.desk.close()
        return [
            (
                f"{n} devices at once: first download",
                f"p95 {percentile(first, 95):.2f} s",
                f"p50 {statistics.median(first):.2f} s" if first else "-",
            ),
            (
                f"{n} devices at once: 5 edit+sync rounds",
                f"p95 {percentile(rounds, 95) * 1000:.0f} ms",
                f"p50 {statistics.median(rounds) * 1000:.0f} ms, {len(rounds)} syncs,"
                f" wall {wall:.1f} s, {workers} server processes",
            ),
            (
                f"{n} devices: errors / verified",
                f"{len(errors)} / {verified}",
                "; ".join(errors[:3]) or "no errors",
            ),
        ]
    finally:
        for s in servers:
            s.kill()


if __name__ == "__main__":
    main()
