"""Streaming output at county scale: `relocdesk warnings --json` on a 100k-household demo, peak
memory and time of the process (targets <= 400 MB and <= 5 s), against in the same run the bare
process (interpreter, the app's imports, the database opened) and, with --whole, the old way
of printing the whole document at once.

Each command runs as its own process; its peak RSS (ru_maxrss) and CPU come from wait4.
Run: .venv/bin/python -m tests.bench.bench_output [--households N] [--whole] [--export]
Figures: docs/scaling.md, "The device at 100,000 households".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.bench._common import bench_dir, demo_database, table

# The old `warnings --json`: the whole object built, then printed as one string.
WHOLE = """
import sys
from relocdesk.cli_support import print_json
from relocdesk.desk import Desk
from relocdesk.monitoring import evaluate
with Desk(sys.argv[1]) as desk:
    warnings = evaluate(desk)
shown = [w for w in warnings if not w.acknowledged]
print_json({"date": "-", "count": len(shown), "warnings": [w.to_dict() for w in shown]})
"""
BARE = """
import sys
import relocdesk.cli, relocdesk.monitoring, relocdesk.jsonstream
from relocdesk.desk import Desk
with Desk(sys.argv[1]) as desk:
    desk.people.count()
"""


def measure(argv: list[str], out: Path) -> tuple[float, float, float, int]:
    """(wall s, cpu s, peak MB, bytes written) of one child process."""
    started = time.perf_counter()
    with out.open("wb") as f:
        child = subprocess.Popen(argv, stdout=f, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(
            f"{argv[1:4]} failed: {child.stderr.read().decode() if child.stderr else ''}"
        )
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--whole", action="store_true", help="also the old whole-document way")
    parser.add_argument("--export", action="store_true", help="also `relocdesk export`")
    args = parser.parse_args()

    db = demo_database(args.households)
    folder = bench_dir() / f"output-{args.households}"
    folder.mkdir(exist_ok=True)
    link = folder / "community.db"
    if not link.exists():
        link.symlink_to(db)
    work = bench_dir()
    py = sys.executable
    cli = [py, "-m", "relocdesk.cli", "--data-dir", str(folder)]
    runs: list[tuple[str, list[str], Path]] = [
        ("bare process (imports, database open)", [py, "-c", BARE, str(link)], work / "bare.out"),
        ("warnings --json (streamed)", [*cli, "warnings", "--json"], work / "warnings.json"),
        (
            "search 王 --json --limit 1000",
            [*cli, "search", "王", "--json", "--limit", "1000"],
            work / "search.json",
        ),
    ]
    if args.whole:
        runs.append(
            ("warnings, whole document (old)", [py, "-c", WHOLE, str(link)], work / "whole.json")
        )
    if args.export:
        runs.append(
            (
                "export (streamed rows)",
                [*cli, "export", str(work / "export.xlsx")],
                work / "export.out",
            )
        )
    got = {name: measure(argv, out) for name, argv, out in runs}
    rows = [("command", "wall s / cpu s / peak MB", "output")]
    for name, (wall, cpu, peak, size) in got.items():
        rows.append((name, f"{wall:.2f} / {cpu:.2f} / {peak:.0f}", f"{size / 1e6:.1f} MB"))
    table(rows)
    wall, cpu, peak, _ = got["warnings --json (streamed)"]
    bare = got["bare process (imports, database open)"]
    print(
        f"\nwarnings --json at {args.households:,} households: peak {peak:.0f} MB "
        f"(target <= 400: {'PASS' if peak <= 400 else 'FAIL'}; {peak / bare[2]:.1f}x the bare "
        f"process), cpu {cpu:.2f} s, wall {wall:.2f} s (target <= 5 s: "
        f"{'PASS' if wall <= 5 else 'FAIL'})"
    )
    if args.whole:
        whole = got["warnings, whole document (old)"]
        print(f"the old whole document: peak {whole[2]:.0f} MB, cpu {whole[1]:.2f} s")


if __name__ == "__main__":
    main()
