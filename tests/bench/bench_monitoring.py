"""Benchmark: all warnings and the dashboard on a 10,000-household demo community.

Run: .venv/bin/python -m tests.bench.bench_monitoring [households] [--indexes]
Targets (DESIGN §6 and the issue): all warnings ≤ 1 s, dashboard ≤ 500 ms, judged at p95.
"warnings" is a whole evaluation from the database as it is after an edit (monitoring's
temporary tables copied afresh); the warning counts and the dashboard after it share what
it made, as the app's dashboard does after the warnings list. "dashboard (nothing shared)"
is the dashboard alone after an edit, with no warnings list evaluated.
``--indexes`` runs on a copy of the demo database with PROPOSED_INDEXES added; migration
0004 has made visit_live_idx, so today it adds nothing (kept for the next proposal).
"""

from __future__ import annotations

import importlib
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from tests.bench._common import connect, demo_database, percentile, summary_ms

# Indexes to try before asking for a migration (visit_live_idx is migration 0004's).
PROPOSED_INDEXES = (
    "CREATE INDEX IF NOT EXISTS visit_live_idx ON visit(household_id, date) WHERE deleted = 0",
)


def _with_indexes(path: Path) -> Path:

    copy = path.with_name(path.stem + "-0003.db")
    if not copy.exists():
        shutil.copy(path, copy)
        conn = connect(copy)
        for sql in PROPOSED_INDEXES:
            conn.execute(sql)
        conn.close()
    return copy


def main(households: int = 10_000, rounds: int = 15, indexes: bool = False) -> None:
    from relocdesk import reports
    from relocdesk.desk import Desk
    from relocdesk.monitoring import count_warnings, evaluate, forget

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
            "dashboard (nothing shared)": [],
        }
        cpu: dict[str, list[float]] = {name: [] for name in timings}
        count = 0
        board: list[Any] = []
        for _ in range(rounds):
            # the floor on this machine, now: every person and household row read once
            def raw() -> None:
                cur = desk.conn.cursor()
                cur.row_factory = None
                cur.execute("SELECT * FROM person").fetchall()
                cur.execute("SELECT * FROM household").fetchall()

            def warnings() -> None:
                nonlocal count
                forget(desk.conn)  # as after an edit: nothing of an earlier evaluation is kept
                count = len(evaluate(desk))

            def cold() -> None:
                board_module._cache.clear()  # nothing of an earlier dashboard is kept
                board.append(reports.dashboard(desk.conn))

            def alone() -> None:
                forget(desk.conn)
                board_module._cache.clear()
                reports.dashboard(desk.conn)

            steps = {
                "raw read (baseline)": raw,
                "warnings": warnings,
                "warning counts": lambda: count_warnings(desk),
                "dashboard (cold)": cold,
                "dashboard (warm)": lambda: reports.dashboard(
                    desk.conn, building_id=board[0].by_building[0].building_id
                ),
                "dashboard (nothing shared)": alone,
            }
            for name, step in steps.items():
                c, t = time.process_time(), time.perf_counter()
                step()
                timings[name].append(time.perf_counter() - t)
                cpu[name].append(time.process_time() - c)
    targets = {
        "raw read (baseline)": 1000,
        "warnings": 1000,
        "warning counts": 500,
        "dashboard (cold)": 500,
        "dashboard (warm)": 500,
        "dashboard (nothing shared)": 500,
    }
    extra = " (with the proposed 0003 indexes)" if indexes else ""
    print(f"\n{households} households, {count} warnings, {rounds} rounds{extra}")
    print(f"{'what':<26} {'timing':<40} {'cpu p50':>10}  target")
    for name, values in timings.items():
        p95 = percentile(values, 95) * 1000
        verdict = "ok" if p95 <= targets[name] else "OVER"
        print(
            f"{name:<26} {summary_ms(values):<40} {percentile(cpu[name], 50) * 1000:7.1f} ms"
            f"  ≤ {targets[name]} ms at p95 ({verdict})"
        )
    floor = percentile(timings["raw read (baseline)"], 50)
    cpu_floor = percentile(cpu["raw read (baseline)"], 50)
    for name in ("warnings", "warning counts", "dashboard (cold)", "dashboard (nothing shared)"):
        ratio = percentile(timings[name], 50) / floor
        cpu_ratio = percentile(cpu[name], 50) / cpu_floor
        print(f"ratio {name} / raw read (p50): {ratio:.2f}x wall, {cpu_ratio:.2f}x cpu")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 10_000, indexes="--indexes" in sys.argv)
