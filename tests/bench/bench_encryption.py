"""What encryption at rest costs: the same work on SQLCipher-encrypted and on plain databases
in one run (target: ≤ 15 % slower), and the first-start conversion of a plain 10,000-household
database (target ≤ 10 s, counts and digest equal).

- search: 200 mixed queries through the façade on a 10,000-household community (p95)
- app start: ``main.py --benchmark-startup`` to a usable window (median of 3 processes)
- keystroke to results: the façade's search of each prefix of typed names (p95), on a new
  connection, and again once its pages are in SQLite's cache
- save of one edit: one person's phone through the façade, as a dialog's save (median)
- one page written and read, CPU (what the figures are made of), and the pages a save writes
- sync: first download of an empty device, then 100 changes up and down (median of 10
  rounds, encrypted and plain in turns), against a real server process on 127.0.0.1

"Plain" runs the same SQLite library (SQLCipher's build) with no key, so the difference is
the encryption alone. The key comes from a real keyring backend of this run (keyrings.alt's
file keyring), so the app starts without asking for a passphrase.

Each figure is given twice: wall-clock time, and the CPU time of this process (the device's
work; the server is another process and does the same work on both sides). On a machine
shared with other work the wall-clock tail is mostly waiting for a core, which the CPU time
leaves out; the encryption's own cost (AES and HMAC of each page read from or written to the
file) is CPU.

Run: .venv/bin/python -m tests.bench.bench_encryption [--households N] [--sync-households N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
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

from relocdesk.store.cipher import PLAIN_HEADER  # noqa: E402
from tests.bench._common import bench_dir, percentile, table  # noqa: E402
from tests.bench._plain import use_plain  # noqa: E402

# Run in the app's process before ui.app.main: the plain baseline of the start-up figure.
PLAIN_APP = (
    "import sys\n"
    "from tests.bench._plain import use_plain\n"
    # Held in a name: a context manager dropped at once is collected, its generator closed and
    # the plain patch undone, and the "plain" app then encrypted its database at start.
    "plain = use_plain()\n"
    "plain.__enter__()\n"
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
    elif plain:
        # A plain file cached by an older version: migrated once here, not at every app
        # start's copy (the encrypted one is made anew in each run, at the latest version).
        with use_plain(), Desk(path) as desk:
            desk.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for old in path.parent.glob(f"{path.name}.before-*.bak"):
            old.unlink()
    return path


Row = tuple[str, str, str]


def ratio(enc: float, plain: float) -> str:
    return f"{(enc / plain - 1) * 100:+.1f} %"


Times = tuple[list[float], list[float]]  # (wall-clock s, CPU s of this process) per item


def search_times(db: Path, queries: list[str], passes: int) -> Times:
    """Each query timed on a new connection: the first pass reads (and, encrypted, decrypts)
    the pages it needs for the first time; a second pass finds them in SQLite's cache, as a
    running app does after a while. Only the last pass is returned."""
    from relocdesk.desk import Desk

    with Desk(db) as desk:
        for q in queries[:20]:
            desk.search(q, 30)  # the app's first searches, before the figures
        for _ in range(passes):
            wall: list[float] = []
            cpu: list[float] = []
            for q in queries:
                t, c = time.perf_counter(), time.process_time()
                desk.search(q, 30)
                wall.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
    return wall, cpu


def save_times(db: Path, saves: int) -> Times:
    """One edit per save on a copy of ``db``: a person's phone through the façade, as the
    person dialog saves it (its row, the outbox, the clock and the search index)."""
    from relocdesk.desk import Desk

    work = Path(tempfile.mkdtemp(prefix="bench-enc-save-", dir=_RUN))
    shutil.copy(db, work / "community.db")
    rnd = random.Random(3)
    wall: list[float] = []
    cpu: list[float] = []
    with Desk(work / "community.db") as desk:
        people = [
            r[0] for r in desk.conn.execute("SELECT id FROM person WHERE deleted = 0 LIMIT 2000")
        ]
        for i, pid in enumerate(rnd.choices(people, k=saves + 20)):
            t, c = time.perf_counter(), time.process_time()
            desk.people.update(pid, phone=f"139{rnd.randrange(10**8):08d}")
            if i >= 20:  # the first saves load the pages a running app has in its cache
                wall.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
    shutil.rmtree(work, ignore_errors=True)
    return wall, cpu


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


def app_start(db: Path, plain: bool, runs: int) -> Times:
    """Wall-clock to a usable window, and the CPU time of the whole app process."""
    times: list[float] = []
    cpu: list[float] = []
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
            before = _children_cpu()
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
            if plain and not (data / "community.db").read_bytes().startswith(PLAIN_HEADER):
                raise SystemExit("the plain app start encrypted its database: not a baseline")
            times.append(float(usable.split()[1]) - started)
            cpu.append(_children_cpu() - before)
    return times, cpu


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


class SyncPair:
    """Two devices of one community (``a`` has it, ``b`` downloads it first) and their
    server process, encrypted or plain; ``first`` is the first download's time."""

    def __init__(self, households: int, plain: bool) -> None:
        from relocdesk.desk import Desk
        from relocdesk.server.storage import Storage
        from tests.bench.bench_sync import device
        from tests.sync.faults import ServerProcess

        self.plain = plain
        work = Path(tempfile.mkdtemp(prefix="bench-enc-sync-", dir=_RUN))
        db = f"sqlite:///{work / 'server.db'}"
        self.storage = Storage(db)
        self.storage.create_all()
        self.server = ServerProcess(db).start()
        with self.side():
            shutil.copy(demo(households, plain), work / "a.db")
            with Desk(work / "a.db") as d:
                community, name = d.community_id, d.community()["name"]
            self.storage.create_community(name, community)
            self.storage.create_user("bench", "pw", "secretary", community)
            self.a = device(self.storage, work / "a.db", self.server.url, "bench")
            self.a.run(verify=False)
            self.b = device(self.storage, work / "b.db", self.server.url, "bench", community)
            t = time.perf_counter()
            self.b.run(verify=False)
            self.first = time.perf_counter() - t
        self.people = [r[0] for r in self.a.desk.conn.execute("SELECT id FROM person LIMIT 2000")]
        self.rnd = random.Random(1)

    def side(self) -> contextlib.AbstractContextManager[None]:
        return use_plain() if self.plain else contextlib.nullcontext()

    def changes(self) -> Times:
        """100 saves on ``a``, then (timed) ``a`` pushes them and ``b`` pulls them."""
        with self.side():
            for pid in self.rnd.sample(self.people, 100):
                with self.a.desk.transaction() as w:
                    w.update("person", pid, {"phone": f"139{self.rnd.randrange(10**8):08d}"})
            t, c = time.perf_counter(), time.process_time()
            self.a.run(verify=False)
            self.b.run(verify=False)
            return [time.perf_counter() - t], [time.process_time() - c]

    def close(self) -> None:
        self.a.desk.close()
        self.b.desk.close()
        self.server.kill()
        self.storage.close()


def page_times(plain: bool, pages: int = 3000) -> Times:
    """CPU per page written and per page read: ``pages`` rows of one page each, committed in
    one transaction, then read back on a new connection (its cache empty). What every figure
    above is made of: encrypted, each page is AES-256 plus an HMAC (``cipher.HMAC``)."""
    from relocdesk.store import cipher, database_key

    key = None if plain else database_key.database_key()
    path = Path(tempfile.mkdtemp(prefix="bench-enc-pages-", dir=_RUN)) / "pages.db"
    conn = cipher.connect(path, key)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # the read below finds them in the WAL
    conn.execute("CREATE TABLE page (body BLOB)")
    rnd = random.Random(7)
    conn.execute("BEGIN")
    for _ in range(pages):
        conn.execute("INSERT INTO page VALUES (?)", (rnd.randbytes(3800),))
    c = time.process_time()
    conn.execute("COMMIT")
    written = (time.process_time() - c) / pages
    conn.close()
    conn = cipher.connect(path, key)
    c = time.process_time()
    conn.execute("SELECT sum(length(body)) FROM page").fetchone()
    read = (time.process_time() - c) / pages
    conn.close()
    return [written], [read]


def frames_per_save(db: Path, saves: int = 100) -> float:
    """Pages a save writes: the WAL's frames after ``saves`` saves, none checkpointed."""
    from relocdesk.desk import Desk

    work = Path(tempfile.mkdtemp(prefix="bench-enc-frames-", dir=_RUN))
    shutil.copy(db, work / "community.db")
    rnd = random.Random(4)
    with Desk(work / "community.db") as desk:
        desk.conn.execute("PRAGMA wal_autocheckpoint = 0")
        desk.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        people = [
            r[0] for r in desk.conn.execute("SELECT id FROM person WHERE deleted = 0 LIMIT 2000")
        ]
        for pid in rnd.sample(people, saves):
            desk.people.update(pid, phone=f"139{rnd.randrange(10**8):08d}")
        size = (work / "community.db-wal").stat().st_size
        page = int(desk.conn.execute("PRAGMA page_size").fetchone()[0])
    return (size - 32) / (page + 24) / saves  # the WAL header, and each frame's header


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


def alternate(runs: int, fn: Callable[[bool], Times]) -> tuple[Times, Times]:
    """Encrypted and plain taken in turns, so a change in the machine's load hits both."""
    enc: Times = ([], [])
    plain: Times = ([], [])
    for i in range(runs):
        for side in (False, True) if i % 2 == 0 else (True, False):
            wall, cpu = fn(side)
            out = plain if side else enc
            out[0].extend(wall)
            out[1].extend(cpu)
    return enc, plain


def compared(label: str, enc: Times, plain: Times, pick: Callable[[list[float]], float]) -> Row:
    """A table row: wall-clock and CPU time, encrypted / plain, and what encryption costs."""
    (ew, ec), (pw, pc) = (pick(enc[0]), pick(enc[1])), (pick(plain[0]), pick(plain[1]))
    return (
        label,
        f"{ew * 1000:.2f} / {pw * 1000:.2f} ms wall, {ec * 1000:.2f} / {pc * 1000:.2f} ms CPU",
        f"{ratio(ew, pw)} wall, {ratio(ec, pc)} CPU",
    )


def p95(values: list[float]) -> float:
    return percentile(values, 95)


def sync_rows(households: int, rounds: int) -> list[Row]:
    """First download best of 2 per side; 100 changes in turns on the second pair of setups."""
    firsts: dict[bool, list[float]] = {False: [], True: []}
    pairs: dict[bool, SyncPair] = {}
    for attempt in range(2):
        for side in (False, True):
            pair = SyncPair(households, side)
            firsts[side].append(pair.first)
            if attempt == 0:
                pair.close()
            else:
                pairs[side] = pair
    try:
        enc, plain = alternate(rounds, lambda side: pairs[side].changes())
    finally:
        for pair in pairs.values():
            pair.close()
    e, p = min(firsts[False]), min(firsts[True])
    return [
        ("sync: first download (best of 2)", f"{e:.2f} / {p:.2f} s wall", ratio(e, p)),
        compared(f"sync: 100 changes up+down (median of {rounds})", enc, plain, statistics.median),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--sync-households", type=int, default=2850)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--sync-rounds", type=int, default=10)
    parser.add_argument("--skip", nargs="*", default=[], help="conversion search save app sync")
    args = parser.parse_args()
    rows: list[Row] = [("what", "encrypted / plain", "cost")]
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

    def db(plain: bool) -> Path:
        return plain_db if plain else enc_db

    if "search" not in args.skip:
        mixed_qs, typed_qs = mixed(enc_db, args.queries), typed(enc_db, args.queries)
        for label, qs, passes in (
            (f"search, {args.queries} mixed (p95)", mixed_qs, 1),
            ("keystroke to results (p95)", typed_qs, 1),
            ("keystroke, pages cached (p95)", typed_qs, 2),
        ):

            def one(plain: bool, qs: list[str] = qs, passes: int = passes) -> Times:
                with use_plain() if plain else contextlib.nullcontext():
                    return search_times(db(plain), qs, passes)

            rows.append(compared(label, *alternate(3, one), p95))
    if "save" not in args.skip:

        def saves(plain: bool) -> Times:
            with use_plain() if plain else contextlib.nullcontext():
                return save_times(db(plain), args.saves // 2)

        rows.append(compared("save of one edit (median)", *alternate(2, saves), statistics.median))
        enc, plain = alternate(5, page_times)
        w = [statistics.median(side[0]) * 1e6 for side in (enc, plain)]
        r = [statistics.median(side[1]) * 1e6 for side in (enc, plain)]
        rows.append(
            (
                "one page written / read (CPU, median of 5)",
                f"{w[0]:.1f} / {w[1]:.1f} µs written, {r[0]:.1f} / {r[1]:.1f} µs read",
                f"pages a save writes: {frames_per_save(enc_db):.1f}",
            )
        )
    if "app" not in args.skip:
        enc, plain = alternate(args.starts, lambda plain: app_start(db(plain), plain, 1))
        rows.append(compared("app start to usable (median)", enc, plain, statistics.median))
    if "sync" not in args.skip:
        rows.extend(sync_rows(args.sync_households, args.sync_rounds))
    print(f"load average at start: {load:.1f} on {os.cpu_count()} cores")
    table(rows)
    shutil.rmtree(_RUN, ignore_errors=True)


if __name__ == "__main__":
    main()
