"""A first download from the server's prepared snapshot, then the tail after its head,
leaves a device with the same database as a paged download: the same rows field by field,
the same count and digest (both equal to a digest recomputed from the server's rows here),
whether the snapshot is fresh, stale, or was being built while pushes arrived. A building
head is never handed the community's snapshot; a failed build leaves the old one."""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from relocdesk.server.snapshot import Snapshots
from relocdesk.sync import local, protocol
from relocdesk.sync import snapshot as device_snapshot
from relocdesk.sync.client import Cancelled
from tests.sync import scope_world
from tests.sync.harness import County, Workload, quick_device, search_index, snapshot

H = {protocol.VERSION_HEADER: str(protocol.VERSION)}
REAL_ASK = Snapshots.ask_snapshot


@pytest.fixture(autouse=True)
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The test communities are a few dozen rows: snapshots for any size, due after 5
    changes. Builds the server asks for are recorded, not run, unless a test runs them
    (``build_asked``): a build finishing in the background would race the assertions."""
    monkeypatch.setattr(Snapshots, "snapshot_min_rows", 0)
    monkeypatch.setattr(Snapshots, "snapshot_rebuild_after", 5)
    monkeypatch.setattr(Snapshots, "snapshot_quiet", 0.0)
    seen: list[str] = []
    monkeypatch.setattr(Snapshots, "ask_snapshot", lambda self, cid: seen.append(cid))
    return seen


def build_asked(county: County, asked: list[str]) -> None:
    for cid in sorted(set(asked)):
        REAL_ASK(county.storage, cid)
    asked.clear()
    county.storage.settle_snapshots()


def server_digest(county: County, community_id: str) -> tuple[int, int]:
    """Count and digest recomputed from the server's rows, row by row, by this test."""
    import hashlib

    r = county.storage.t_row
    count = value = 0
    with county.storage.read() as conn:
        query = select(r.c.tbl, r.c.row_id, r.c.created_at, r.c.deleted, r.c.clocks).where(
            r.c.community_id == community_id
        )
        for tbl, row_id, created, deleted, clocks in conn.execute(query):
            version = max([created, *orjson.loads(clocks).values()])
            key = f"{tbl}\x1f{row_id}\x1f{version}\x1f{1 if deleted else 0}".encode()
            count += 1
            value ^= int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") & (
                (1 << 63) - 1
            )
    return count, value


@contextlib.contextmanager
def pulls_after(county: County) -> Iterator[list[int]]:
    """The ``after`` of every pull the server answers meanwhile."""
    seen: list[int] = []
    storage = county.storage
    original = storage.pull

    def recording(device: Any, after: int, limit: int) -> dict[str, Any]:
        seen.append(after)
        return original(device, after, limit)

    storage.pull = recording  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        del storage.pull


def paged_device(county: County, community_id: str, user: str, mp: pytest.MonkeyPatch) -> Any:
    """A device that never asks for a snapshot (as an older app), synced."""
    engine = quick_device(county, community_id, user)
    with mp.context() as m:
        m.setattr(device_snapshot, "wanted", lambda desk: False)
        with pulls_after(county) as seen:
            engine.run(verify=False)
    assert seen[0] == 0
    return engine


def snapshot_device(county: County, community_id: str, user: str) -> tuple[Any, list[int]]:
    engine = quick_device(county, community_id, user)
    with pulls_after(county) as seen:
        engine.run(verify=False)
    return engine, seen


def assert_same(county: County, community_id: str, paged: Any, prepared: Any) -> None:
    assert snapshot(prepared.desk) == snapshot(paged.desk)  # row by row, field by field
    assert search_index(prepared.desk) == search_index(paged.desk)  # and every search entry
    want = server_digest(county, community_id)
    assert local.recounted_digest(paged.desk) == want
    assert local.recounted_digest(prepared.desk) == want
    assert local.local_digest(prepared.desk) == want
    assert prepared.run(verify=True).verified is True
    assert paged.run(verify=True).verified is True


def stored_head(county: County, community_id: str) -> int | None:
    s = county.storage.t_snapshot
    with county.storage.read() as conn:
        found = conn.execute(select(s.c.head).where(s.c.community_id == community_id)).scalar()
    return None if found is None else int(found)


def community_head(county: County, community_id: str) -> int:
    c = county.storage.t_community
    with county.storage.read() as conn:
        return int(conn.execute(select(c.c.seq).where(c.c.id == community_id)).scalar_one())


def test_snapshot_and_tail_equal_a_paged_download(
    county: County, monkeypatch: pytest.MonkeyPatch, asked: list[str]
) -> None:
    work = Workload(county, 2)
    for i in range(6):
        work.step("notes", 0, i, i)
        work.step("visit", 1, i, i)
    work.step("delete", 0, 1, 0)
    work.settle()
    cid, storage = work.community_id, county.storage
    built = storage.build_snapshot(cid)
    assert built == community_head(county, cid) == stored_head(county, cid)
    # Stale: the community moves on after the snapshot was built.
    for i in range(8):
        work.step("room", 0, i, i + 10)
        work.step("create", 1, 0, i)
    work.settle()
    assert community_head(county, cid) > built
    prepared, seen = snapshot_device(county, cid, work.user)
    assert seen[0] == built  # the pages after the snapshot's head only
    paged = paged_device(county, cid, work.user, monkeypatch)
    assert_same(county, cid, paged, prepared)
    # The stale snapshot was asked to be rebuilt, in the background: now at the head.
    assert cid in asked
    build_asked(county, asked)
    assert stored_head(county, cid) == community_head(county, cid)


def test_writes_during_the_build_come_down_in_the_tail(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = Workload(county, 2)
    work.settle()
    cid, storage = work.community_id, county.storage
    before = community_head(county, cid)

    def push_meanwhile() -> None:
        for i in range(4):
            work.step("notes", 1, i, i + 50)
            work.step("create", 1, 0, i)
        work.devices[1].run(verify=False)  # committed while the build reads

    monkeypatch.setattr(storage, "while_building", push_meanwhile)
    built = storage.build_snapshot(cid)
    monkeypatch.setattr(storage, "while_building", None)
    assert built == before < community_head(county, cid)
    prepared, seen = snapshot_device(county, cid, work.user)
    assert seen[0] == built
    paged = paged_device(county, cid, work.user, monkeypatch)
    assert_same(county, cid, paged, prepared)


def test_a_failed_build_leaves_the_old_snapshot(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = Workload(county, 1)
    work.settle()
    cid, storage = work.community_id, county.storage
    built = storage.build_snapshot(cid)
    old, _ = storage.prepared(cid)
    for i in range(8):
        work.step("create", 0, 0, i)
    work.settle()

    def fail() -> None:
        raise OSError("disk full")

    monkeypatch.setattr(storage, "while_building", fail)
    with pytest.raises(OSError):
        storage.build_snapshot(cid)
    REAL_ASK(storage, cid)  # in the background: logged, not raised
    storage.settle_snapshots()
    found, due = storage.prepared(cid)
    assert found == old and found is not None and found.head == built and due
    monkeypatch.setattr(storage, "while_building", None)
    prepared, seen = snapshot_device(county, cid, work.user)
    assert seen[0] == built
    paged = paged_device(county, cid, work.user, monkeypatch)
    assert_same(county, cid, paged, prepared)


def test_no_snapshot_of_another_epoch_and_none_ready_means_paging(
    county: County, asked: list[str]
) -> None:
    work = Workload(county, 1)
    work.settle()
    cid, storage = work.community_id, county.storage
    # None built yet: the device pages from 0 and a build is asked for.
    first, seen = snapshot_device(county, cid, work.user)
    assert seen[0] == 0 and cid in asked
    build_asked(county, asked)
    assert stored_head(county, cid) == community_head(county, cid)
    storage.new_epoch()  # a restore: the stored snapshot is of the old history
    assert storage.prepared(cid)[0] is None
    second, seen = snapshot_device(county, cid, work.user)
    assert seen[0] == 0
    assert snapshot(second.desk) == snapshot(first.desk)


def test_a_damaged_snapshot_is_paged_around(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = Workload(county, 1)
    for i in range(6):
        work.step("visit", 0, i, i)
    work.settle()
    cid, storage = work.community_id, county.storage
    storage.build_snapshot(cid)
    s = storage.t_snapshot
    with storage.write() as conn:
        body = conn.execute(select(s.c.body).where(s.c.community_id == cid)).scalar_one()
        cut = bytes(body)[: len(body) * 2 // 3]  # the header whole, the page cut short
        conn.execute(s.update().where(s.c.community_id == cid).values(body=cut))
    damaged, seen = snapshot_device(county, cid, work.user)
    assert seen[0] == 0  # nothing of the cut page stored: paged from the start
    paged = paged_device(county, cid, work.user, monkeypatch)
    assert_same(county, cid, paged, damaged)


def test_pages_are_stored_a_few_at_a_time_and_a_broken_download_resumes(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol, "PULL_LIMIT", 3)  # the server's snapshot pages: 3 rows
    monkeypatch.setattr(device_snapshot, "BATCH_ROWS", 7)  # stored three pages at a time
    work = Workload(county, 1)
    for i in range(12):
        work.step("create", 0, 0, i)
    work.settle()
    cid = work.community_id
    head = county.storage.build_snapshot(cid)
    engine = quick_device(county, cid, work.user)
    stored: list[int] = []
    with pytest.raises(Cancelled):
        engine.run(progress=lambda done, *_: stored.append(done), cancel=lambda: bool(stored))
    assert local.cursor(engine.desk) == stored[0] < head
    assert len(snapshot(engine.desk)) == 9  # one transaction of three pages
    with pulls_after(county) as seen:
        engine.run(verify=False)
    assert seen[0] == stored[0]  # resumed by paging from the cursor
    paged = paged_device(county, cid, work.user, monkeypatch)
    assert_same(county, cid, paged, engine)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_rests_while_pages_are_stored(county: County, enabled: bool) -> None:
    work = Workload(county, 1)
    work.settle()
    county.storage.build_snapshot(work.community_id)
    engine = quick_device(county, work.community_id, work.user)
    while_storing: list[bool] = []
    (gc.enable if enabled else gc.disable)()
    try:
        engine.run(progress=lambda *_: while_storing.append(gc.isenabled()))
        assert while_storing[0] is False  # the snapshot's pages
        assert gc.isenabled() is enabled  # then as it was
    finally:
        gc.enable()


def test_a_building_head_is_never_handed_the_communitys_snapshot(county: County) -> None:
    world = scope_world.build(county, per_building=2)
    storage, cid = county.storage, county.community_id
    assert storage.build_snapshot(cid) == community_head(county, cid)
    user = scope_world.head_account(county, world, "A")
    token = storage.issue_token(user, "head-device")["token"]
    resp = httpx.get(f"{county.url}/v1/snapshot", headers={**H, "Authorization": f"Bearer {token}"})
    assert resp.status_code == 404 and resp.json()["code"] == "no_snapshot"
    # Its device pages its own scope; not one row of building 3 arrives.
    head = county.device(user=user)
    with pulls_after(county) as seen:
        head.run()
    assert seen[0] == 0
    b3 = set(world.households["3"])
    held = {r[0] for r in head.desk.conn.execute("SELECT id FROM household")}
    assert held and not held & b3
    # A secretary is handed the snapshot: every building's households are in it.
    sec = storage.issue_token(county.user, "office-2")["token"]
    resp = httpx.get(f"{county.url}/v1/snapshot", headers={**H, "Authorization": f"Bearer {sec}"})
    assert resp.status_code == 200
    got = device_snapshot.parse(resp.content)
    rows = [r for page in got.pages() for r in page]
    assert b3 <= {r[2] for r in rows if r[1] == "household"}
    assert got.header["count"] == len(rows) == server_digest(county, cid)[0]


steps = st.lists(
    st.tuples(
        st.sampled_from(["notes", "room", "create", "delete", "visit", "sync", "build"]),
        st.integers(0, 1),
        st.integers(0, 7),
        st.integers(0, 99),
    ),
    min_size=3,
    max_size=25,
)


@pytest.mark.slow
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=steps)
def test_any_history_snapshot_and_tail_equal_paging(
    sqlite_county: County, script: list[tuple[str, int, int, int]]
) -> None:
    county = sqlite_county
    work = Workload(county, 2)
    for kind, d, target, value in script:
        if kind == "build":
            work.devices[d].run(verify=False)
            county.storage.build_snapshot(work.community_id)
        else:
            work.step(kind, d, target, value)
    work.settle()
    cid = work.community_id
    with pytest.MonkeyPatch.context() as mp:
        paged = paged_device(county, cid, work.user, mp)
    prepared, seen = snapshot_device(county, cid, work.user)
    assert seen[0] == (stored_head(county, cid) or 0)
    assert_same(county, cid, paged, prepared)


def test_a_build_waits_for_the_community_to_stop_pushing(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build asked for while a device is still pushing batches is put off until the
    community has been quiet for ``snapshot_quiet`` seconds (a push meanwhile puts it off
    again), never longer than ``snapshot_quiet_max``; the times are the test's."""
    monkeypatch.setattr(Snapshots, "snapshot_quiet", 2.0)
    monkeypatch.setattr(Snapshots, "snapshot_quiet_max", 10.0)
    work = Workload(county, 1)
    for i in range(3):
        work.step("create", 0, 0, i)
    work.settle()  # real pushes through the server: each one noted
    storage, cid = county.storage, work.community_id
    pushed = storage._last_pushes()
    at = pushed[cid]
    assert storage.quiet_left(cid, at + 0.5) == pytest.approx(1.5)
    pushed[cid] = at + 1.0  # another batch
    assert storage.quiet_left(cid, at + 1.5) == pytest.approx(1.5)
    assert storage.quiet_left(cid, at + 3.0) == 0.0
    # Pushes that never stop: built once put off for snapshot_quiet_max.
    start = at + 100.0
    for t in range(10):
        pushed[cid] = start + t
        assert storage.quiet_left(cid, start + t) == pytest.approx(min(2.0, 10.0 - t))
    pushed[cid] = start + 10.0
    assert storage.quiet_left(cid, start + 10.0) == 0.0
    # Another community, never pushed to, is built at once.
    assert storage.quiet_left("elsewhere", start) == 0.0


def test_a_build_put_off_holds_up_no_other_community(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one builder thread goes on with another community while a pushed one is put off
    (a timer asks for the latter again)."""
    monkeypatch.setattr(Snapshots, "snapshot_quiet", 600.0)
    monkeypatch.setattr(Snapshots, "snapshot_quiet_max", 600.0)
    busy, calm = Workload(county, 1), Workload(county, 1)
    for w in (busy, calm):
        for i in range(8):
            w.step("create", 0, 0, i)
        w.settle()
    storage = county.storage
    storage._last_pushes().pop(calm.community_id, None)  # quiet for long
    REAL_ASK(storage, busy.community_id)
    REAL_ASK(storage, calm.community_id)
    storage.settle_snapshots()
    assert stored_head(county, calm.community_id) == community_head(county, calm.community_id)
    assert storage.prepared(busy.community_id)[0] is None
    assert storage.quiet_left(busy.community_id, time.monotonic()) > 500
