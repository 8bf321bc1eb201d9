"""A device offline for months with thousands of edits, while the others made thousands
more, comes back and converges: nothing lost, every clash recorded."""

from __future__ import annotations

import random

from relocdesk import hlc
from tests.sync.harness import County, Workload

DAY_MS = 86_400_000


def test_months_offline_converges(sqlite_county: County) -> None:
    work = Workload(sqlite_county, 3)
    for n in range(150):
        work.create(0, n)
    work.settle()
    start = 1_780_000_000_000
    # Wall clocks that move through three months as the edits go on.
    for i, e in enumerate(work.devices):
        ticks = iter(range(10**9))
        e.desk.clock = hlc.Clock(
            e.desk.device_id,
            e.desk.clock.last,
            now=lambda i=i, ticks=ticks: (start + next(ticks) * 90 * DAY_MS // 2500 + i) / 1000,
        )
    rnd = random.Random(3)
    kinds = ["room", "notes", "unit", "phone", "room", "notes", "visit", "create", "delete"]
    for _ in range(2000):  # the offline device
        work.step(rnd.choice(kinds), 2, rnd.randint(0, 200), rnd.randint(0, 99))
    for n in range(2000):  # the others, syncing now and then
        work.step(rnd.choice(kinds), n % 2, rnd.randint(0, 200), rnd.randint(0, 99))
        if n % 250 == 249:
            work.step("sync", n % 2, 0, 0)
    assert work.devices[2].desk.unsent_count() > 1500
    report = work.devices[2].run()
    assert report.pushed > 1500 and report.conflicts > 0
    work.settle()
    work.check()
