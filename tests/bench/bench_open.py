"""Opening a 10,000-household database and running its (no-op) migrations (target ≤ 200 ms).

Run: .venv/bin/python -m tests.bench.bench_open
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from tests.bench._common import connect, demo_database, percentile, summary_ms, table

IN_PROCESS = """
import sys, time
t = time.perf_counter()
from relocdesk.desk import Desk
d = Desk(sys.argv[1]); n = d.households.count(); d.close()
print(time.perf_counter() - t)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    args = parser.parse_args()
    from relocdesk.desk import Desk

    path = demo_database(args.households)
    Desk(path).close()  # a cached file made by an older version gets its new steps once, here
    raw: list[float] = []
    for _ in range(20):  # in-run baseline: what plain sqlite3 needs to open and count
        t = time.perf_counter()
        conn = connect(path)
        conn.execute("SELECT count(*) FROM household WHERE deleted = 0").fetchone()
        conn.close()
        raw.append(time.perf_counter() - t)
    warm: list[float] = []
    for _ in range(20):
        t = time.perf_counter()
        desk = Desk(path)
        assert desk.applied_migrations == []
        desk.close()
        warm.append(time.perf_counter() - t)
    cold = [
        float(subprocess.check_output([sys.executable, "-c", IN_PROCESS, str(path)], text=True))
        for _ in range(5)
    ]
    print(f"open + migrate (no-op), {args.households:,} households")
    table(
        [
            ("case", "n", "time"),
            ("open in a running process", str(len(warm)), summary_ms(warm)),
            ("fresh process incl. imports", str(len(cold)), summary_ms(cold)),
            ("baseline: raw SQLCipher open+count", str(len(raw)), summary_ms(raw)),
        ]
    )
    ratio = percentile(warm, 95) / percentile(raw, 95)
    print(f"in-process p95 / raw sqlite3 p95: {ratio:.1f}x   (target: in-process p95 <= 200 ms)")


if __name__ == "__main__":
    main()
