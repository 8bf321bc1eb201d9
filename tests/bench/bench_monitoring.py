"""Benchmark: all warnings and the dashboard on a 10,000-household demo community.

Run: .venv/bin/python -m tests.bench.bench_monitoring [households] [--indexes]
Targets (DESIGN §6 and the issue): all warnings ≤ 1 s, dashboard ≤ 500 ms, judged at p95.
``--indexes`` runs on a copy of the demo database with PROPOSED_INDEXES added (the ones
asked of migration 0003), to show what they are worth.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import time
from pathlib import Path

from tests.bench._common import demo_database, percentile, summary_ms

# Proposed for migration 0003: the latest visit per household and the visits of a month,
# read from the index alone (tombstoned visits are not in it).
PROPOSED_INDEXES = (
    "CREATE INDEX IF NOT EXISTS visit_live_idx ON visit(household_id, date) WHERE deleted = 0",
)


def _with_indexes(path: Path) -> Path:
    import sqlite3

    copy = path.with_name(path.stem + "-0003.db")
    if not copy.exists():
        shutil.copy(path, copy)
        conn = sqlite3.connect(copy)
        for sql in PROPOSED_INDEXES:
            conn.execute(sql)
        conn.close()
    return copy


def main(households: int = 10_000, rounds: int = 15, indexes: bool = False) -> None:
    from relocdesk import reports
    from relocdesk.desk import Desk
    from relocdesk.monitoring import count_warnings, evaluate

    board_module = importlib.import_module("relocdesk.reports.dashboard")
    path = demo_database(households)
    if indexes:
        path = _with_indexes(path)
    with Desk(path) as desk:
        evaluate(desk)  # warm the page cache once, as a running app would have it
        timings: dict[str, list[float]] = {
            "raw read (baseline)": [],
            "warnings": [],
            "warning counts": [],
            "dashboard (cold)": [],
            "dashboard (warm)": [],
        }
        count = 0
        for _ in range(rounds):
            # the floor on this machine, now: every person and household row read once
            t = time.perf_counter()
            cur = desk.conn.cursor()
            cur.row_factory = None
            cur.execute("SELECT * FROM person").fetchall()
            cur.execute("SELECT * FROM household").fetchall()
            timings["raw read (baseline)"].append(time.perf_counter() - t)
            t = time.perf_counter()
            count = len(evaluate(desk))
            timings["warnings"].append(time.perf_counter() - t)
            t = time.perf_counter()
            count_warnings(desk)
            timings["warning counts"].append(time.perf_counter() - t)
            board_module._cache.clear()  # cold: nothing of an earlier dashboard is kept
            t = time.perf_counter()
            board = reports.dashboard(desk.conn)
            timings["dashboard (cold)"].append(time.perf_counter() - t)
            t = time.perf_counter()
            reports.dashboard(desk.conn, building_id=board.by_building[0].building_id)
            timings["dashboard (warm)"].append(time.perf_counter() - t)
    targets = {
        "raw read (baseline)": 1000,
        "warnings": 1000,
        "warning counts": 500,
        "dashboard (cold)": 500,
        "dashboard (warm)": 500,
    }
    extra = " (with the proposed 0003 indexes)" if indexes else ""
    print(f"\n{households} households, {count} warnings, {rounds} rounds{extra}")
    print(f"{'what':<20} {'timing':<40} target")
    for name, values in timings.items():
        p95 = percentile(values, 95) * 1000
        verdict = "ok" if p95 <= targets[name] else "OVER"
        print(f"{name:<20} {summary_ms(values):<40} ≤ {targets[name]} ms at p95 ({verdict})")
    floor = percentile(timings["raw read (baseline)"], 50)
    for name in ("warnings", "warning counts", "dashboard (cold)"):
        ratio = percentile(timings[name], 50) / floor
        print(f"ratio {name} / raw read (p50): {ratio:.1f}x")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 10_000, indexes="--indexes" in sys.argv)
