"""A sync takes no step it does not need, and what it stores and sends stays the same: a
pull that brings nothing opens no transaction, and a push that fits in one batch goes up
from the syncing thread (no thread is started for it). A real server on 127.0.0.1 and real
device files."""

from __future__ import annotations

import threading
from typing import Any

import httpx

from relocdesk.sync import local
from relocdesk.sync.client import SyncEngine
from tests.conftest import add_household
from tests.sync.harness import County, snapshot


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
    applied = local.apply_page(a.desk, [], new_cursor=local.cursor(a.desk))
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
