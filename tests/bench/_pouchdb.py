"""The PouchDB peer of ``bench_sync.py --pouchdb``: the same kind of records replicated
through ``pouchdb-server`` on 127.0.0.1 in the same run, so the two are compared on the same
machine at the same moment (the machine is shared: a figure from another session says
little).

The two npm packages (``pouchdb-server``, ``pouchdb``) are installed once, with npm, into
the benchmark's own cache folder (``RELOCDESK_BENCH_DIR``/pouchdb), never into the
repository. ``pouchdb_peer.js`` beside this file does the replication (40,000 documents, or
the community's rows where it has fewer: 39,806 at the default 2,850 households; batch size
100): a full push from a PouchDB that holds them, then a first download into an
empty one. When node or npm is missing or the install fails, the benchmark says why and
prints its own figures all the same.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

PACKAGES = ("pouchdb-server", "pouchdb")
DOCS = 40_000
BATCH = 100
PEER = Path(__file__).with_name("pouchdb_peer.js")


def install(cache: Path) -> str | None:
    """Install the packages into ``cache`` unless they are there; the reason when they
    cannot be had, else None."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return "node or npm not found on PATH"
    if all((cache / "node_modules" / p / "package.json").exists() for p in PACKAGES):
        return None
    cache.mkdir(parents=True, exist_ok=True)
    print(f"(installing {', '.join(PACKAGES)} with npm into the bench cache: a few minutes)")
    command = [npm, "install", "--prefix", str(cache), "--no-save", "--no-package-lock"]
    command += ["--no-audit", "--no-fund", *PACKAGES]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1200, check=False)
    except subprocess.TimeoutExpired:
        return "npm install took more than 20 minutes"
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"npm install failed (exit {done.returncode}): {tail[:200]}"
    return None


def documents(storage: Any, device: Any, n: int) -> list[dict[str, Any]]:
    """The community's first ``n`` rows as the server sends them, one document each: the row
    state's parts as fields, its table and id as ``_id``."""
    out: list[dict[str, Any]] = []
    after = 0
    while len(out) < n:
        page = storage.pull(device, after, 20_000)
        for _seq, tbl, row_id, created, deleted, data, clocks in orjson.loads(
            orjson.dumps(page["rows"])
        ):
            out.append(
                {
                    "_id": f"{tbl}:{row_id}",
                    "tbl": tbl,
                    "created_at": created,
                    "deleted": deleted,
                    "data": data,
                    "clocks": clocks,
                }
            )
        if not page.get("more"):
            break
        after = int(page["next"])
    return out[:n]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def pouchdb_server(cache: Path, work: Path) -> Iterator[str]:
    """A pouchdb-server on 127.0.0.1 storing in ``work`` (LevelDB, on disk like ours)."""
    import httpx

    port = free_port()
    work.mkdir(parents=True, exist_ok=True)
    script = cache / "node_modules" / "pouchdb-server" / "bin" / "pouchdb-server"
    command = ["node", str(script), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--dir", str(work), "--config", str(work / "config.json"), "--no-stdout-logs"]
    proc = subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("pouchdb-server did not start")
            time.sleep(0.2)
        yield url
    finally:
        proc.kill()
        proc.wait()


def replicate(cache: Path, work: Path, docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Full push and first download of ``docs`` through a fresh pouchdb-server."""
    work.mkdir(parents=True, exist_ok=True)
    source = work / "docs.jsonl"
    source.write_bytes(b"\n".join(orjson.dumps(d) for d in docs) + b"\n")
    env = {**os.environ, "NODE_PATH": str(cache / "node_modules")}
    with pouchdb_server(cache, work / "server") as url:
        done = subprocess.run(
            ["node", str(PEER), url, str(source), str(work), str(BATCH)],
            capture_output=True,
            text=True,
            timeout=3600,
            env=env,
            check=False,
        )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"the PouchDB peer failed: {tail[:200]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def compare(
    cache: Path, work: Path, storage: Any, device: Any, ours: dict[str, tuple[float, int]]
) -> list[tuple[str, str, str]]:
    """Rows for the benchmark's table: PouchDB's times beside ours, and how many times
    faster ours is per record (``ours``: what -> (seconds, records))."""
    reason = install(cache)
    if reason is None:
        try:
            got = replicate(cache, work, documents(storage, device, DOCS))
        except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError) as e:
            reason = str(e)
    if reason is not None:
        return [("PouchDB peer", "not run", reason)]
    out = []
    for what, key in (("full push", "push_s"), ("first download", "download_s")):
        theirs = float(got[key])
        seconds, records = ours[what]
        ratio = (theirs / got["docs"]) / (seconds / records)
        out.append(
            (
                f"PouchDB {what}",
                f"{theirs:.2f} s",
                f"{got['docs']} docs, batch {BATCH}, pouchdb {got['pouchdb']}; ours {seconds:.2f} s"
                f" for {records} records: {ratio:.1f}× PouchDB per record (target ≥ 20×)",
            )
        )
    return out
