"""What storing a snapshot costs the device, in parts, beside the two ways proposed to make it
cheaper (docs/sync.md, "Snapshots: where a first download's time goes").

The server's real snapshot of a demo community (built once by a server process on 127.0.0.1,
as ``bench_sync`` does, and cached in the bench folder; it holds personal data of no one,
the demo's invented people), stored into an empty enrolled device by:

- ``today``: ``relocdesk.sync.snapshot.download`` (pages parsed by orjson, checked, stored by
  ``apply_page``), then the search index (``received.finish_index``);
- ``json_each``: each page's text handed to SQLite, staged in a temporary table with
  ``jsonb_each`` and stored with one ``INSERT … SELECT`` per table, no checks of the rows;
- ``json_each+checks``: the same with the checks ``held.all_usable`` makes, done in SQL (a
  page that fails them would go the ``today`` way);
- ``attach floor``: every table copied from an attached encrypted database that already
  holds the rows in the device's columns (``INSERT INTO main.t SELECT * FROM snap.t``): the
  least a prepared database could cost, without getting it there.

Each in its own process, one after the other; CPU of the process, by phase. The ``json_each``
ways are checked to store exactly the rows ``today`` stores (every table, every value and
its type, the search index, the settings a download writes).

Run: .venv/bin/python tests/bench/bench_snapshot_store.py [--households 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import ast
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench._common import bench_dir, demo_database, table

WAYS = ("today", "json_each", "json_each+checks", "attach floor")


def snapshot_body(households: int) -> tuple[bytes, str]:
    """The server's snapshot of the demo community and the community's id (cached)."""
    body, cid = bench_dir() / f"snapshot-{households}.gz", bench_dir() / f"snapshot-{households}.id"
    if not body.exists() or not cid.exists():
        _build_snapshot(households, body, cid)
    return body.read_bytes(), cid.read_text()


def _build_snapshot(households: int, body: Path, cid: Path) -> None:
    import httpx

    from relocdesk.desk import Desk
    from relocdesk.server.storage import Storage
    from relocdesk.sync import protocol
    from tests.bench.bench_sync import device, snapshot_ready
    from tests.sync.faults import ServerProcess

    work = Path(tempfile.mkdtemp(prefix="bench-snapshot-"))
    db = f"sqlite:///{work / 'server.db'}"
    storage = Storage(db)
    storage.create_all()
    server = ServerProcess(db).start()
    try:
        shutil.copy(demo_database(households), work / "a.db")
        with Desk(work / "a.db") as d:
            community, name = d.community_id, d.community()["name"]
        storage.create_community(name, community)
        storage.create_user("bench", "pw", "secretary", community)
        device(storage, work / "a.db", server.url, "bench").run(verify=False)
        snapshot_ready(storage, server.url, community)
        token = storage.issue_token("bench", "bench-snapshot")["token"]
        headers = {protocol.VERSION_HEADER: "1", "Authorization": f"Bearer {token}"}
        got = httpx.get(f"{server.url}/v1/snapshot", headers=headers, timeout=60)
        got.raise_for_status()
        body.write_bytes(got.content)
        cid.write_text(community)
    finally:
        server.kill()
        storage.close()
        shutil.rmtree(work, ignore_errors=True)


def empty_device(path: Path, community: str) -> Any:
    from relocdesk.desk import Desk

    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    desk = Desk(path)
    with desk.transaction():
        desk.adopt_community(community)
    return desk


def page_lines(body: bytes) -> Iterator[bytes]:
    """The snapshot's pages as JSON text, inflated a megabyte at a time."""
    inflate = zlib.decompressobj(47)
    pending = b""
    for start in range(0, len(body), 1 << 20):
        pending += inflate.decompress(body[start : start + (1 << 20)])
        *lines, pending = pending.split(b"\n")
        yield from (line for line in lines if line and not line.startswith(b"{"))
    last = pending + inflate.flush()
    if last and not last.startswith(b"{"):
        yield last


def store_today(desk: Any, body: bytes, phases: dict[str, float]) -> None:
    from relocdesk.sync import snapshot

    class Counts:
        pulled = 0
        conflicts = 0

    def call(*_: Any, **__: Any) -> Any:
        return snapshot.parse(body)

    snapshot.download(desk, call, Counts(), None, lambda: None, False)
    phases["rows stored"] = time.process_time()


# A row state's parts, staged: one parse of the page, the version (largest clock) worked out.
_STAGE = (
    "INSERT INTO temp.snap SELECT value ->> 1, value ->> 2, value ->> 3,"
    " max(value ->> 3, coalesce((SELECT max(c.value) FROM json_each(value, '$[6]') c), '')),"
    " CASE WHEN value ->> 4 THEN 1 ELSE 0 END, jsonb_extract(value, '$[5]'),"
    " json_extract(value, '$[6]') FROM jsonb_each(jsonb(CAST(? AS TEXT)))"
)
_CLOCK = (
    "(typeof({x}) = 'text' AND length({x}) BETWEEN 23 AND 86 AND {x} GLOB '"
    + "[0-9]" * 16
    + "-"
    + "[0-9a-f]" * 4
    + "-*' AND substr({x}, 23) NOT GLOB '*[^0-9A-Za-z_.:-]*')"
)
# The rows of a page ``held.all_usable`` would refuse: not an array, data or clocks not an
# object, a clock not a clock, a value not a scalar or an integer out of range.
_UNUSABLE = (
    "SELECT count(*) FROM json_each(CAST(? AS TEXT)) r WHERE NOT (r.type = 'array'"
    " AND json_type(r.value, '$[5]') = 'object' AND json_type(r.value, '$[6]') = 'object'"
    " AND json_type(r.value, '$[2]') = 'text'"
    " AND json_type(r.value, '$[4]') IN ('true', 'false', 'integer', 'null')"
    " AND " + _CLOCK.format(x="(r.value ->> 3)") + " AND NOT EXISTS (SELECT 1 FROM"
    " json_each(r.value, '$[6]') c WHERE NOT " + _CLOCK.format(x="c.value") + ")"
    " AND NOT EXISTS (SELECT 1 FROM json_each(r.value, '$[5]') f WHERE f.type IN"
    " ('object', 'array') OR (f.type = 'integer' AND typeof(f.atom) <> 'integer')))"
)


def _insert_sql(conn: Any, table: str) -> tuple[str, list[Any]]:
    """One table's rows from the staged page: the schema's default for a field the row
    lacks, NULL for one it sends as null."""
    from relocdesk.catalogue import SYNC_COLUMNS
    from relocdesk.store import rows

    fill = rows.defaults(conn, table)
    data_cols = [c for c in rows.columns(conn, table) if c not in SYNC_COLUMNS]
    picks, args = [], []
    for c in data_cols:
        if c in fill:
            missing = f"json_type(data, '$.{c}') IS NULL"
            picks.append(f"CASE WHEN {missing} THEN ? ELSE data ->> '$.{c}' END")
            args.append(fill[c])
        else:
            picks.append(f"data ->> '$.{c}'")
    sql = (
        f"INSERT INTO {table} (id, community_id, created_at, updated_at, updated_by, deleted,"
        f" clocks{''.join(', ' + c for c in data_cols)}) SELECT row_id, ?, created, version,"
        f" substr(version, 23), deleted, clocks{''.join(', ' + p for p in picks)}"
        " FROM temp.snap WHERE tbl = ?"
    )
    return sql, args


def store_json_each(desk: Any, body: bytes, phases: dict[str, float], checked: bool) -> None:
    from relocdesk import hlc
    from relocdesk.catalogue import SYNCED_TABLES
    from relocdesk.store import digest_log
    from relocdesk.sync import local, received, reconcile, snapshot

    conn = desk.conn
    conn.execute("CREATE TEMP TABLE snap (tbl, row_id, created, version, deleted, data, clocks)")
    sqls = {t: _insert_sql(conn, t) for t in SYNCED_TABLES}
    with received.sync_transaction(desk):
        digest_log.set_aside(conn)
        desk.set_setting(received.INDEX_PENDING, "1")
        for n, page in enumerate(page_lines(body), 1):
            if checked and conn.execute(_UNUSABLE, (page,)).fetchone()[0]:
                raise ValueError("a page the checks refuse: it would be stored the old way")
            conn.execute(_STAGE, (page,))
            if n % 4 == 0:
                _flush(desk, sqls)
        _flush(desk, sqls)
        latest = max(
            conn.execute(f"SELECT coalesce(max(updated_at), '') FROM {t}").fetchone()[0]
            for t in SYNCED_TABLES
        )
        if latest and hlc.wall_ms(latest) <= time.time() * 1000 + 24 * 3600 * 1000:
            desk.clock.observe(latest)
        header = snapshot.parse(body).header
        reconcile.remember(desk, header)
        desk.set_setting(local.CURSOR, str(header["head"]))
    phases["rows stored"] = time.process_time()


def _flush(desk: Any, sqls: dict[str, tuple[str, list[Any]]]) -> None:
    conn = desk.conn
    for (t,) in conn.execute("SELECT DISTINCT tbl FROM temp.snap").fetchall():
        if t in sqls:
            sql, args = sqls[t]
            conn.execute(sql, [desk.community_id, *args, t])
    conn.execute("DELETE FROM temp.snap")


def store_attached(desk: Any, source: Path, phases: dict[str, float]) -> None:
    from relocdesk.catalogue import SYNCED_TABLES
    from relocdesk.store import cipher, database_key
    from relocdesk.sync import received

    conn = desk.conn
    conn.execute(
        f"ATTACH DATABASE ? AS snap KEY {cipher.key_pragma(database_key.database_key())}",
        (str(source),),
    )
    conn.execute(f"PRAGMA snap.cipher_hmac_algorithm = {cipher.HMAC}")
    phases["attached"] = time.process_time()
    with received.sync_transaction(desk):
        for t in SYNCED_TABLES:
            conn.execute(f"INSERT INTO main.{t} SELECT * FROM snap.{t} ORDER BY rowid")
        phases["rows copied, before commit"] = time.process_time()
    phases["rows stored"] = time.process_time()
    conn.execute("DETACH DATABASE snap")


def one_way(way: str, households: int, path: Path) -> dict[str, float]:
    """Store the snapshot one way into a new device at ``path``; CPU seconds by phase."""
    from relocdesk.store import search
    from relocdesk.sync import received

    body, community = snapshot_body(households)
    desk = empty_device(path, community)
    search.pinyin_tokens("张")  # the pinyin dictionary loaded before the clock starts
    phases: dict[str, float] = {}
    started = time.process_time()
    if way == "today":
        store_today(desk, body, phases)
    elif way == "attach floor":
        store_attached(desk, path.with_name("today-0.db"), phases)
    else:
        store_json_each(desk, body, phases, checked=way.endswith("checks"))
    if way != "attach floor":
        received.finish_index(desk)
        phases["search index made"] = time.process_time()
    desk.close()
    return {k: v - started for k, v in phases.items()}


def stored(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every synced table, the search index and the settings a download writes, each value
    with its type (the device's own id and clock aside)."""
    from relocdesk.catalogue import SYNCED_TABLES
    from tests.bench._common import connect

    conn = connect(path)
    conn.row_factory = None
    out = {}
    for t in [*SYNCED_TABLES, "search_doc", "search_name", "search_digits", "sync_digest"]:
        found = conn.execute(f"SELECT * FROM {t}").fetchall()
        out[t] = sorted((tuple((type(v).__name__, v) for v in r) for r in found), key=repr)
    out["settings"] = sorted(
        tuple(r)
        for r in conn.execute("SELECT key, value FROM settings")
        if r[0] not in ("device_id", "hlc_last")
    )
    conn.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # way, path: a child's run
    args = parser.parse_args()
    if args.one:
        print(repr(one_way(args.one[0], args.households, Path(args.one[1]))))
        return
    snapshot_body(args.households)
    work = Path(tempfile.mkdtemp(prefix="bench-snapshot-store-"))
    rows: list[tuple[str, str, str]] = [("way", "CPU", "by phase (median of runs; CPU s)")]
    try:
        for way in WAYS:
            runs = [
                _child(way, args.households, work / f"{_file(way)}-{i}.db")
                for i in range(args.runs)
            ]
            total = statistics.median(max(r.values()) for r in runs)
            parts = ", ".join(f"{k} {statistics.median(r[k] for r in runs):.2f}" for k in runs[0])
            rows.append((way, f"{total:.2f} s", parts))
        want = stored(work / "today-0.db")
        for way in ("json_each", "json_each+checks"):
            same = stored(work / f"{_file(way)}-0.db") == want
            rows.append((f"  {way}: stored as today", "yes" if same else "NO", ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table(rows)


def _file(way: str) -> str:
    return way.replace(" ", "-").replace("+", "-")


def _child(way: str, households: int, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--households", str(households), "--one", way, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    got: dict[str, float] = ast.literal_eval(out.strip().splitlines()[-1])
    return got


if __name__ == "__main__":
    main()
