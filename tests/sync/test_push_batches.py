"""Push batches are sized by bytes as well as by count: ops with long text go up in several
batches that each stay under the budget, and every op arrives once."""

from __future__ import annotations

import threading

import orjson
import pytest

from relocdesk.desk import Desk
from relocdesk.sync import outbox, protocol
from relocdesk.sync.client import SyncEngine
from relocdesk.sync.protocol import SyncError
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot


def test_long_ops_go_up_in_batches_under_the_byte_budget(county: County) -> None:
    a = county.device()
    add_household(a.desk, room="101")
    a.run()
    note = "长" * 5000  # 15 KB of UTF-8, under the server's 16 KB a field: 300 are 4.5 MB
    with a.desk.transaction() as w:
        homes = [
            w.insert("household", {"household_no": f"H{i:04d}", "notes": f"{i} {note}"})["id"]
            for i in range(300)
        ]
    batch = outbox.batch(a.desk.conn, protocol.PUSH_BATCH)
    assert 1 < len(batch) < len(homes)
    assert len(orjson.dumps(batch)) <= protocol.PUSH_BYTES
    # One op larger than the budget still goes, alone.
    assert len(outbox.batch(a.desk.conn, protocol.PUSH_BATCH, max_bytes=1000)) == 1
    report = a.run(verify=True)
    assert report.pushed == len(homes) and report.verified is True
    assert a.desk.unsent_count() == 0
    server = server_snapshot(county.storage, county.community_id)
    for i, hid in enumerate(homes):
        assert server[("household", hid)]["data"]["notes"] == f"{i} {note}"


def _twenty_to_push(county: County, prefix: str) -> SyncEngine:
    """A synced device with 20 new households in its outbox, pushing 5 ops a batch."""
    a = county.device(push_batch=5)
    add_household(a.desk, room="101")
    a.run()
    with a.desk.transaction() as w:
        for i in range(20):
            w.insert("household", {"household_no": f"{prefix}{i:03d}"})
    return a


def test_the_next_batch_goes_up_before_the_answer_to_the_last_is_stored(county: County) -> None:
    """One batch in flight while the device stores the answer to the one before: with the
    device's file held by another writer from the moment the server answers the first
    batch, the second batch still reaches the server. Every op arrives once, the outbox
    ends empty and the digests agree."""
    a = _twenty_to_push(county, "P")
    other = Desk(a.desk.path, check_same_thread=False)
    locked, came = threading.Event(), []

    def release() -> None:
        if locked.is_set():
            locked.clear()
            other.conn.execute("ROLLBACK")

    def hook() -> None:  # in the server, before each batch commits
        if not came and not locked.is_set():
            other.conn.execute("BEGIN IMMEDIATE")  # the device cannot store the answer
            locked.set()
            came.append(False)
            threading.Timer(2.5, release).start()  # the device waits 5 s for its file
        elif locked.is_set():
            came.append(True)  # this batch came while the first answer was not stored
            release()

    county.storage.before_commit = hook
    try:
        report = a.run(verify=True)
    finally:
        county.storage.before_commit = None
        other.close()
    assert came[:2] == [False, True]
    assert report.pushed == 20 and report.verified is True
    assert a.desk.unsent_count() == 0


def test_a_push_cancelled_between_batches_keeps_every_answered_batch(county: County) -> None:
    """Cancelled once the server has applied two batches: the device stores the second
    answer before it stops (the batch made ahead is not sent), so its outbox holds exactly
    what the server has not applied, and the next sync sends only that."""
    a = _twenty_to_push(county, "C")
    commits: list[int] = []
    county.storage.before_commit = lambda: commits.append(1)
    try:
        with pytest.raises(SyncError) as e:
            a.run(cancel=lambda: len(commits) >= 2)
    finally:
        county.storage.before_commit = None
    assert e.value.code == "cancelled" and len(commits) == 2
    assert a.desk.unsent_count() == 10
    report = a.run(verify=True)
    assert report.pushed == 10 and report.verified is True
