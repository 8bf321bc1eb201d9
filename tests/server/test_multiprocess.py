"""Several server processes on one PostgreSQL database, devices syncing through all of
them at the same time: the same invariants as with one."""

from __future__ import annotations

import random
import threading

import pytest

from tests.sync.faults import ServerProcess
from tests.sync.harness import County, Workload
from tests.sync.test_convergence import KINDS

pytestmark = pytest.mark.postgres


def test_two_server_processes_concurrent_devices(pg_county: County) -> None:
    db = pg_county.storage.url
    servers = [ServerProcess(db).start(), ServerProcess(db).start()]
    try:
        work = Workload(pg_county, 4, url=servers[0].url)
        for i, e in enumerate(work.devices):
            e.desk.set_setting("sync_server_url", servers[i % 2].url)
        rnd = random.Random(7)
        for _ in range(50):
            kind = rnd.choice([k for k in KINDS if k != "sync"] + ["all"] * 2)
            if kind == "all":
                # Every device at once, through both processes.
                errors: list[BaseException] = []

                def run(e, errors=errors):  # type: ignore[no-untyped-def]
                    try:
                        e.run()
                    except BaseException as exc:
                        errors.append(exc)

                threads = [threading.Thread(target=run, args=(e,)) for e in work.devices]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                assert not errors, errors
            else:
                work.step(kind, rnd.randint(0, 3), rnd.randint(0, 7), rnd.randint(0, 99))
        work.settle()
        work.check()
    finally:
        for s in servers:
            s.kill()
