"""A sync takes no step it does not need, and what it stores and sends stays the same: a
pull that brings nothing opens no transaction, a push that fits in one batch goes up from
the syncing thread (no thread is started for it), and the server keeps the device's unsent
count in the push's own transaction. A real server on 127.0.0.1 and real device files."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import select

from relocdesk.sync import local, outbox, received
from relocdesk.sync.client import SyncEngine
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot, snapshot


class PushThreads(httpx.BaseTransport):
    """The network, noting the thread each push is sent from."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.threads: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/push":
            self.threads.append(threading.current_thread().name)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_a_pull_that_brings_nothing_writes_nothing(county: County) -> None:
    a = county.device()
    add_household(a.desk)
    a.run(verify=True)
    conn = a.desk.conn
    before = conn.total_changes
    applied = received.apply_page(a.desk, [], new_cursor=local.cursor(a.desk))
    assert applied.rows == 0 and conn.total_changes == before and not conn.in_transaction
    # A sync with nothing to do still ends verified, its cursor where it was.
    cursor = local.cursor(a.desk)
    assert a.run(verify=True).verified is True and local.cursor(a.desk) == cursor


def pushed(county: County, households: int, **kw: Any) -> tuple[SyncEngine, int, list[str]]:
    """A synced device with ``households`` new ones pushed and checked: the device, how many
    ops went up, and the threads the pushes were sent from."""
    net = PushThreads()
    a = county.device(transport=net, **kw)
    a.run()
    net.threads.clear()
    for _ in range(households):
        add_household(a.desk)
    report = a.run(verify=True)
    assert report.pushed >= households and report.verified is True
    assert a.desk.unsent_count() == 0
    return a, report.pushed, net.threads


def test_one_batch_goes_up_from_the_syncing_thread(county: County) -> None:
    a, _, threads = pushed(county, 3)
    assert threads == [threading.current_thread().name]
    b = county.device()
    assert b.run(verify=True).verified is True
    assert snapshot(a.desk) == snapshot(b.desk)


def test_several_batches_still_go_up_one_in_flight_from_the_push_thread(county: County) -> None:
    _, ops, threads = pushed(county, 5, push_batch=2)
    assert len(threads) == (ops + 1) // 2
    assert all(name.startswith("relocdesk-push") for name in threads)


def unsent_of(county: County, record: str) -> tuple[int | None, str | None]:
    d = county.storage.t_device
    with county.storage.read() as conn:
        found = conn.execute(select(d.c.unsent, d.c.unsent_at).where(d.c.id == record)).one()
    return found.unsent, found.unsent_at


def test_a_push_keeps_the_unsent_count_in_its_own_transaction(county: County) -> None:
    a = county.device()
    for _ in range(3):
        add_household(a.desk)
    ops = orjson.loads(orjson.dumps(outbox.batch(a.desk.conn, 100)))
    storage = county.storage
    device = storage.authenticate(storage.issue_token(county.user, "probe")["token"])
    rows = len(server_snapshot(storage, county.community_id))  # the community's own

    def fail() -> None:
        raise RuntimeError("the disk is gone")

    storage.before_commit = fail
    try:
        with pytest.raises(RuntimeError):
            storage.push(device, ops, (7, "2026-03-01T10:42:00"))
    finally:
        storage.before_commit = None
    assert unsent_of(county, device.id) == (None, None)  # nothing of the push, nor its count
    assert len(server_snapshot(storage, county.community_id)) == rows
    result = storage.push(device, ops, (7, "2026-03-01T10:42:00"))
    assert len(result["acked"]) == len(ops) == 4  # a building and three households
    assert unsent_of(county, device.id) == (3, "2026-03-01T10:42:00")
    assert len(server_snapshot(storage, county.community_id)) == rows + 4


def test_the_report_counts_the_open_conflicts_as_the_status_does(county: County) -> None:
    a, b = county.device(), county.device()
    add_household(a.desk)
    a.run()
    b.run()
    home = a.desk.conn.execute("SELECT id FROM household").fetchone()[0]
    for engine, phone in ((a, "13900000001"), (b, "13900000002")):
        with engine.desk.transaction() as w:
            w.update("household", home, {"phone": phone})
    a.run()
    report = b.run(verify=True)
    assert report.verified is True
    assert report.open_conflicts == b.status()["open_conflicts"] == 1
