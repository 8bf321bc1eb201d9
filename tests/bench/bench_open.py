"""Opening a 10,000-household database and running its (no-op) migrations (target ≤ 200 ms).

Run: .venv/bin/python -m tests.bench.bench_open
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from tests.bench._common import demo_database, summary_ms, table

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
        ]
    )


if __name__ == "__main__":
    main()
