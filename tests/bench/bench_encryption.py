"""What encryption at rest costs: the same work on SQLCipher-encrypted and on plain databases
in one run (target: ≤ 15 % slower), and the first-start conversion of a plain 10,000-household
database (target ≤ 10 s, counts and digest equal).

- search: 200 mixed queries through the façade on a 10,000-household community (p95)
- app start: ``main.py --benchmark-startup`` to a usable window (median of 3 processes)
- keystroke to results: the façade's search of each prefix of typed names (p95)
- sync: first download of an empty device, then 100 changes up and down (median of 5),
  against a real server process on 127.0.0.1

"Plain" runs the same SQLite library (SQLCipher's build) with no key, so the difference is
the encryption alone. The key comes from a real keyring backend of this run (keyrings.alt's
file keyring), so the app starts without asking for a passphrase.

Run: .venv/bin/python -m tests.bench.bench_encryption [--households N] [--sync-households N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
_RUN = Path(tempfile.mkdtemp(prefix="bench-encryption-"))
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
os.environ["XDG_DATA_HOME"] = str(_RUN / "keyring")
os.environ["RELOCDESK_KEY_FILE"] = str(_RUN / "no-passphrase-file.json")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench._common import bench_dir, percentile, table  # noqa: E402
from tests.bench._plain import use_plain  # noqa: E402

# Run in the app's process before ui.app.main: the plain baseline of the start-up figure.
PLAIN_APP = (
    "import sys\n"
    "from tests.bench._plain import use_plain\n"
    "use_plain().__enter__()\n"
    "from ui.app import main\n"
    "sys.exit(main(sys.argv))\n"
)


def demo(households: int, plain: bool) -> Path:
    """A demo community, plain or encrypted, built once per run size and cached."""
    from relocdesk import demo as demo_builder
    from relocdesk.desk import Desk

    path = bench_dir() / f"enc-demo-{households}-{'plain' if plain else 'encrypted'}.db"
    if path.exists() and not plain:
        from relocdesk.store import cipher, database_key

        try:  # a cached encrypted file made under another run's key is of no use
            cipher.connect(path, database_key.database_key()).close()
        except Exception:
            path.unlink()
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        for p in tmp.parent.glob(tmp.name + "*"):
            p.unlink()
        with use_plain() if plain else contextlib.nullcontext(), Desk(tmp) as desk:
            demo_builder.build(desk, households, seed=1)
            desk.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.move(tmp, path)
    return path


def ratio(enc: float, plain: float) -> str:
    return f"{(enc / plain - 1) * 100:+.1f} %"


def search_times(db: Path, queries: list[str]) -> list[float]:
    from relocdesk.desk import Desk

    with Desk(db) as desk:
        for q in queries[:20]:
            desk.search(q, 30)  # warm the cache as a running app has it
        out = []
        for q in queries:
            t = time.perf_counter()
            desk.search(q, 30)
            out.append(time.perf_counter() - t)
    return out


def mixed(db: Path, n: int) -> list[str]:
    from relocdesk.desk import Desk
    from tests.bench.bench_search import mixed_queries

    with Desk(db) as desk:
        return [q for _, q in mixed_queries(desk.conn, n)]


def typed(db: Path, n: int) -> list[str]:
    """Each prefix of typed names, as search-as-you-type sends them."""
    from relocdesk.desk import Desk

    with Desk(db) as desk:
        names = [r[0] for r in desk.conn.execute("SELECT name FROM person LIMIT 3000")]
    rng = random.Random(5)
    out: list[str] = []
    while len(out) < n:
        name = rng.choice(names)
        out.extend(name[: i + 1] for i in range(len(name)))
    return out[:n]


def app_start(db: Path, plain: bool, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            data.mkdir()
            shutil.copy(db, data / "community.db")
            env = {
                **os.environ,
                "RELOCDESK_DATA_DIR": str(data),
                "XDG_CONFIG_HOME": str(Path(tmp) / "cfg"),
                "PYTHONPATH": str(ROOT),
            }
            command = [sys.executable, "-c", PLAIN_APP] if plain else [str(ROOT / "main.py")]
            if not plain:
                command.insert(0, sys.executable)
            started = time.time()
            run = subprocess.run(
                [*command, "--benchmark-startup", "--page", "households"],
                capture_output=True,
                text=True,
                env=env,
                timeout=180,
                cwd=ROOT,
            )
            usable = next((x for x in run.stdout.splitlines() if x.startswith("usable ")), "")
            if run.returncode != 0 or not usable:
                raise SystemExit(f"start-up failed: {run.stderr[-2000:]}")
            times.append(float(usable.split()[1]) - started)
    return times


def sync_times(households: int, plain: bool) -> tuple[float, float]:
    """(first download s, median of 5 rounds of 100 changes up and down s)."""
    from relocdesk.desk import Desk
    from relocdesk.server.storage import Storage
    from tests.bench.bench_sync import device
    from tests.sync.faults import ServerProcess

    work = Path(tempfile.mkdtemp(prefix="bench-enc-sync-", dir=_RUN))
    db = f"sqlite:///{work / 'server.db'}"
    storage = Storage(db)
    storage.create_all()
    server = ServerProcess(db).start()
    try:
        with use_plain() if plain else contextlib.nullcontext():
            shutil.copy(demo(households, plain), work / "a.db")
            with Desk(work / "a.db") as d:
                community, name = d.community_id, d.community()["name"]
            storage.create_community(name, community)
            storage.create_user("bench", "pw", "secretary", community)
            a = device(storage, work / "a.db", server.url, "bench")
            a.run(verify=False)
            b = device(storage, work / "b.db", server.url, "bench", community)
            t = time.perf_counter()
            b.run(verify=False)
            first = time.perf_counter() - t
            people = [r[0] for r in a.desk.conn.execute("SELECT id FROM person LIMIT 2000")]
            rnd = random.Random(1)
            rounds = []
            for _ in range(5):
                for pid in rnd.sample(people, 100):
                    with a.desk.transaction() as w:
                        w.update("person", pid, {"phone": f"139{rnd.randrange(10**8):08d}"})
                t = time.perf_counter()
                a.run(verify=False)
                b.run(verify=False)
                rounds.append(time.perf_counter() - t)
            a.desk.close()
            b.desk.close()
    finally:
        server.kill()
        storage.close()
    return first, statistics.median(rounds)


def conversion(households: int) -> tuple[float, int, bool]:
    from relocdesk.store import conversion as conv
    from relocdesk.store import database_key
    from tests.test_encryption import independent_digest

    src = demo(households, plain=True)
    copy = _RUN / "convert" / "community.db"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(src, copy)
    before = independent_digest(copy, None)
    key = database_key.database_key()
    t = time.perf_counter()
    found = conv.encrypt_in_place(copy, key)
    took = time.perf_counter() - t
    same = independent_digest(copy, key) == before
    return took, found.counts.get("household", 0), same


def alternate(runs: int, fn: Callable[[bool], list[float]]) -> tuple[list[float], list[float]]:
    """Encrypted and plain taken in turns, so a change in the machine's load hits both."""
    enc: list[float] = []
    plain: list[float] = []
    for _ in range(runs):
        enc.extend(fn(False))
        plain.extend(fn(True))
    return enc, plain


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--sync-households", type=int, default=2850)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--skip", nargs="*", default=[], help="conversion search app sync")
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = [("what", "encrypted / plain", "cost")]
    load = os.getloadavg()[0]

    if "conversion" not in args.skip:
        took, households, same = conversion(args.households)
        rows.append(
            (
                f"convert a plain {households:,}-household db",
                f"{took:.2f} s",
                f"counts and digest equal: {same} (target ≤ 10 s)",
            )
        )
    enc_db, plain_db = demo(args.households, False), demo(args.households, True)
    if "search" not in args.skip:
        queries = mixed(enc_db, args.queries)
        for label, qs in (
            ("search, 200 mixed (p95)", queries),
            ("keystroke to results (p95)", typed(enc_db, args.queries)),
        ):

            def one(plain: bool, qs: list[str] = qs) -> list[float]:
                with use_plain() if plain else contextlib.nullcontext():
                    return search_times(plain_db if plain else enc_db, qs)

            enc, plain = alternate(3, one)
            e, p = percentile(enc, 95), percentile(plain, 95)
            rows.append((label, f"{e * 1000:.2f} / {p * 1000:.2f} ms", ratio(e, p)))
    if "app" not in args.skip:
        enc, plain = alternate(
            args.starts, lambda plain: app_start(plain_db if plain else enc_db, plain, 1)
        )
        e, p = statistics.median(enc), statistics.median(plain)
        rows.append(("app start to usable (median)", f"{e:.2f} / {p:.2f} s", ratio(e, p)))
    if "sync" not in args.skip:
        firsts: dict[bool, list[float]] = {False: [], True: []}
        changes: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(2):
            for plain in (False, True):
                f, c = sync_times(args.sync_households, plain)
                firsts[plain].append(f)
                changes[plain].append(c)
        e, p = min(firsts[False]), min(firsts[True])
        rows.append(("sync: first download (best of 2)", f"{e:.2f} / {p:.2f} s", ratio(e, p)))
        e, p = min(changes[False]), min(changes[True])
        rows.append(
            ("sync: 100 changes up+down", f"{e * 1000:.0f} / {p * 1000:.0f} ms", ratio(e, p))
        )
    print(f"load average at start: {load:.1f} on {os.cpu_count()} cores")
    table(rows)
    shutil.rmtree(_RUN, ignore_errors=True)


if __name__ == "__main__":
    main()
