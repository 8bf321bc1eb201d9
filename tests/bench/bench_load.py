"""The county server under a county's load, measured at the server (``tests/bench/load``).

A county of ``--communities`` communities of ``--households`` households (one demo community
pushed through the server, copied to the others) with ``--devices`` devices each, against
the server as a real process (``relocdesk-server --workers W``) on PostgreSQL. Three phases:

1. paced: each device syncs about every ``--interval`` seconds (the first at a random moment),
   for ``--paced`` seconds: half of the syncs have nothing to send, 40% send 1-10 changes,
   10% send 100 (edits of its households' notes and new visits, half each);
2. morning storm: every device syncs once within ``--storm`` seconds, after the others'
   changes of the paced phase, half of them with a few changes of their own;
3. first downloads: ``--downloads`` new devices (one per community, in turn) download their
   whole community, all starting within ``--download-window`` seconds.

Reported per phase and request: p50/p95/p99 as the devices saw them and as the server logged
them, errors, the CPU of the server's processes and of its PostgreSQL backends per request,
the harness's own CPU, the machine's busy cores, and PostgreSQL connections and lock waits.
Then checked against the database: every op a device had acknowledged is applied once, every
visit it added is stored, every household's notes are the last a device wrote.

Full run (about 10 minutes, CPU heavy; on a shared machine say so with the figures):
    .venv/bin/python tests/bench/bench_load.py
Small: .venv/bin/python tests/bench/bench_load.py --communities 2 --devices 3 --households 20
    --paced 5 --interval 2 --storm 2 --downloads 2
"""

from __future__ import annotations

import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import tests.bench._common  # noqa: F401  (the benchmarks' keyring, before any database opens)
from tests.bench.load.county import CountyPlan
from tests.bench.load.device import Round, Tally
from tests.bench.load.report import cost_rows, latency_rows, server_rows, table, target_rows

PG_DSN = "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"


@dataclass
class Settings:
    communities: int = 100
    devices: int = 10
    households: int = 1000
    procs: int = 2  # harness processes
    workers: int = 2  # server processes
    interval: float = 60.0
    paced: float = 180.0
    storm: float = 60.0
    downloads: int = 100
    download_window: float = 1.0
    seed: int = 1


@dataclass
class Outcome:
    text: str
    errors: list[tuple[str, str, str]]
    checks: dict[str, tuple[int, int]]  # what -> (expected, found)
    samples: list[tuple[str, str, float, int]] = field(default_factory=list)
    scheduled_ops: int = 0  # the changes the schedule had the devices make


def schedule(s: Settings, plan: CountyPlan) -> list[tuple[str, list[tuple[int, Round]]]]:
    """Every sync of every phase: (device's index in its list, round)."""
    rnd = random.Random(s.seed)

    def kind(storm: bool) -> tuple[int, str]:
        x = rnd.random()
        if storm:
            return (0, "no-op") if x < 0.5 else (rnd.randint(1, 5), "1-10 changes")
        if x < 0.5:
            return 0, "no-op"
        return (rnd.randint(1, 10), "1-10 changes") if x < 0.9 else (100, "100 changes")

    paced: list[tuple[int, Round]] = []
    for i in range(len(plan.devices)):
        t = rnd.uniform(0, s.interval)
        while t < s.paced:
            paced.append((i, Round(t, i, *kind(False))))
            t += s.interval * rnd.uniform(0.5, 1.5)
    storm = [(i, Round(rnd.uniform(0, s.storm), i, *kind(True))) for i in range(len(plan.devices))]
    first = [
        (i, Round(rnd.uniform(0, s.download_window), i, -1, "first download"))
        for i in range(len(plan.newcomers))
    ]
    storm = storm if s.storm > 0 else []  # --storm 0: no storm
    phases = [("paced", paced), ("storm", storm), ("first downloads", first)]
    return [(name, rounds) for name, rounds in phases if rounds]


def start_server(db: str, work: Path, workers: int) -> tuple[subprocess.Popen[bytes], int, Path]:
    from tests.sync.harness import free_port

    port = free_port()
    log = work / "server.log"
    command = [sys.executable, "-m", "relocdesk.server.cli", "--db", db, "--port", str(port)]
    command += ["--workers", str(workers), "--state-file", str(work / "state.json")]
    with log.open("wb") as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/info", timeout=1):
                return proc, port, log
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}")


def run(s: Settings, work: Path) -> Outcome:
    import psycopg

    from relocdesk.server.storage import Storage
    from tests.bench.load.county import seed
    from tests.sync.harness import PgSchema

    schema = PgSchema()
    application = f"rdload_{schema.name}"
    db = f"{schema.url}&application_name={application}"
    storage = Storage(db)
    storage.create_all()
    proc, port, log = start_server(db, work, s.workers)
    pg = psycopg.connect(PG_DSN, options=f"-csearch_path={schema.name}")
    try:
        t = time.perf_counter()
        newcomers = math.ceil(s.downloads / s.communities) if s.downloads else 0
        plan = seed(
            storage,
            pg,
            f"http://127.0.0.1:{port}",
            work,
            communities=s.communities,
            households=s.households,
            devices=s.devices,
            newcomers=newcomers,
        )
        plan.newcomers = plan.newcomers[: s.downloads]
        seeded = time.perf_counter() - t
        before = _counts(pg, plan)
        phases = schedule(s, plan)
        tally, loads, spans = _drive(s, plan, phases, port, proc.pid, schema.name, application)
        after = _counts(pg, plan)
        checks = _checks(pg, plan, tally, before, after)
        limits = _limits(pg, s)
    finally:
        pg.close()
        proc.terminate()
        proc.wait(30)
        storage.close()
        schema.drop()
    requests = defaultdict(int)
    for phase, what, _, _ in tally.samples:
        if what.startswith(("GET", "POST")):
            requests[phase] += 1
    text = "\n\n".join(
        [
            f"county: {s.communities} communities x {s.households} households"
            f" ({plan.template_rows} rows each), {s.devices} devices each;"
            f" seeded in {seeded:.0f} s;"
            f" server: {s.workers} processes on PostgreSQL; harness: {s.procs} processes",
            table(latency_rows(tally.samples, tally.errors)),
            table(server_rows(log, spans)),
            table(cost_rows(loads, requests, tally.cpu)),
            limits,
            table(target_rows(tally.samples, tally.errors)),
            "checks (expected / found): "
            + "; ".join(f"{k} {a} / {b}" for k, (a, b) in checks.items()),
            "errors: " + ("; ".join(f"{p} {w}: {d}" for p, w, d in tally.errors[:5]) or "none"),
        ]
    )
    planned = sum(r.ops for _, rounds in phases for _, r in rounds if r.ops > 0)
    return Outcome(text, tally.errors, checks, tally.samples, planned)


def _drive(
    s: Settings,
    plan: CountyPlan,
    phases: list[tuple[str, list[tuple[int, Round]]]],
    port: int,
    server_pid: int,
    schema: str,
    application: str,
) -> tuple[Tally, dict[str, Any], dict[str, tuple[float, float]]]:
    """The worker processes through the phases, the watch marking each phase's ends."""
    import multiprocessing

    from tests.bench.load.device import work
    from tests.bench.load.watch import Watch

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(s.procs + 1)
    cids = [c.id for c in plan.communities]
    procs, pipes = [], []
    for w in range(s.procs):
        mine = [d for i, d in enumerate(plan.devices) if i % s.procs == w]
        late = [d for i, d in enumerate(plan.newcomers) if i % s.procs == w]
        sims = [*mine, *late]
        split = []
        for name, rounds in phases:
            first = name == "first downloads"
            local = [
                Round(r.at, (len(mine) + i // s.procs) if first else i // s.procs, r.ops, r.kind)
                for i, r in rounds
                if i % s.procs == w
            ]
            split.append((name, local))
        here, there = ctx.Pipe(duplex=False)
        p = ctx.Process(
            target=work, args=(port, cids, sims, split, barrier, there, s.seed + w), daemon=True
        )
        p.start()
        procs.append(p)
        pipes.append(here)
    dsn = f"{PG_DSN} options=-csearch_path={schema}"
    watch = Watch(dsn, application, server_pid)
    watch.start()
    spans: dict[str, tuple[float, float]] = {}
    # A worker that died leaves the others waiting: give up long after any phase could end.
    limit = s.paced + s.storm + s.download_window + 900
    for name, _ in phases:
        barrier.wait(limit)
        watch.mark(f"{name} start")
        barrier.wait(limit)
        watch.mark(f"{name} end")
        spans[name] = (watch.marks[f"{name} start"].at, watch.marks[f"{name} end"].at)
    tally = Tally()
    for here, p in zip(pipes, procs, strict=True):
        got: Tally = here.recv()
        p.join()
        tally.samples += got.samples
        tally.errors += got.errors
        for phase, cpu in got.cpu.items():
            tally.cpu[phase] = tally.cpu.get(phase, 0.0) + cpu
        tally.acked.update(got.acked)
        tally.visits.update(got.visits)
        tally.notes.update(got.notes)
    watch.stop.set()
    watch.join()
    loads = {name: watch.between(f"{name} start", f"{name} end") for name, _ in phases}
    return tally, loads, spans


def _counts(pg: Any, plan: CountyPlan) -> dict[str, tuple[int, int]]:
    """Per community: (ops applied, visit rows)."""
    applied = dict(pg.execute("SELECT community_id, count(*) FROM rd_applied_op GROUP BY 1"))
    visits = dict(
        pg.execute("SELECT community_id, count(*) FROM rd_row WHERE tbl = 'visit' GROUP BY 1")
    )
    return {c.id: (applied.get(c.id, 0), visits.get(c.id, 0)) for c in plan.communities}


def _checks(
    pg: Any,
    plan: CountyPlan,
    tally: Tally,
    before: dict[str, tuple[int, int]],
    after: dict[str, tuple[int, int]],
) -> dict[str, tuple[int, int]]:
    """What the devices were told was stored, against what the database holds."""
    want_ops: dict[str, int] = defaultdict(int)
    want_visits: dict[str, int] = defaultdict(int)
    for d in plan.devices:
        cid = plan.communities[d.community].id
        want_ops[cid] += tally.acked.get(d.name, 0)
        want_visits[cid] += tally.visits.get(d.name, 0)
    ids = list(tally.notes)
    found = dict(
        pg.execute(
            "SELECT row_id, data::jsonb ->> 'notes' FROM rd_row"
            " WHERE tbl = 'household' AND row_id = ANY(%s)",
            (ids,),
        )
    )
    return {
        "ops applied": (
            sum(want_ops.values()),
            sum(after[c][0] - before[c][0] for c in after),
        ),
        "communities whose applied ops match": (
            len(after),
            sum(after[c][0] - before[c][0] == want_ops[c] for c in after),
        ),
        "visits stored": (
            sum(want_visits.values()),
            sum(after[c][1] - before[c][1] for c in after),
        ),
        "households with the last notes written": (
            len(ids),
            sum(found.get(h) == n for h, n in tally.notes.items()),
        ),
    }


def _limits(pg: Any, s: Settings) -> str:
    from relocdesk.server.database import engine_for

    engine = engine_for("postgresql://")
    pool = engine.pool.size() + engine.pool._max_overflow  # type: ignore[attr-defined]
    engine.dispose()
    reserved = int(pg.execute("SHOW superuser_reserved_connections").fetchone()[0])
    most = int(pg.execute("SHOW max_connections").fetchone()[0])
    return (
        f"connections: PostgreSQL max_connections {most} ({reserved} reserved);"
        f" the server may open {s.workers} processes x {pool} (pool + overflow) ="
        f" {s.workers * pool}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    defaults = Settings()
    for name, value in vars(defaults).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    args = parser.parse_args()
    s = Settings(**vars(args))
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    print(
        f"(load average before: {os.getloadavg()[0]:.2f}; this machine has"
        f" {os.cpu_count()} cores and is shared)"
    )
    out = run(s, work)
    print(out.text)


if __name__ == "__main__":
    main()
