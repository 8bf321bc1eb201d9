"""A download of the whole community (a first download, a full re-download) leaves the
search index alone page by page and makes it once, at the pull's end: refreshing it for
every page was a third of a first download's time. A download broken off between two pages
is indexed by the sync that finishes it; the index it ends with is what the device that
wrote the rows holds, entry for entry."""

from __future__ import annotations

import pytest

from relocdesk.sync import local, received
from relocdesk.sync.client import Cancelled
from tests.sync.harness import County, Workload, quick_device, search_index

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"]


def people_in(work: Workload) -> None:
    """A person in each household, the first of them its head."""
    desk = work.devices[0].desk
    for n, hid in enumerate(work.live(0)):
        name, phone = NAMES[n % len(NAMES)], f"1390000{n:04d}"
        p = desk.people.create(household_id=hid, name=name, phone=phone)
        if n == 0:
            desk.households.update(hid, head_person_id=p["id"])
    work.settle()


def test_a_download_broken_off_is_indexed_by_the_sync_that_finishes_it(
    county: County,
) -> None:
    work = Workload(county, 1)
    for n in range(3, 9):
        work.create(0, n)
    people_in(work)
    engine = quick_device(county, work.community_id, work.user, pull_limit=4)
    pages: list[int] = []
    with pytest.raises(Cancelled):
        engine.run(progress=lambda done, *_: pages.append(done), cancel=lambda: len(pages) >= 2)
    desk = engine.desk
    assert local.cursor(desk) > 0  # pages were stored ...
    assert desk.setting(received.INDEX_PENDING) == "1"
    # ... and search finds what they brought before the download is resumed, which may be
    # days later (it found nobody until then)
    stored = {
        r[0]
        for r in desk.conn.execute(
            "SELECT id FROM person WHERE deleted = 0 UNION ALL SELECT id FROM household"
            " WHERE deleted = 0"
        )
    }
    assert stored
    assert {e[1] for e in search_index(desk)} == stored
    for (no,) in desk.conn.execute("SELECT household_no FROM household WHERE deleted = 0"):
        assert any(h.kind == "household" for h in desk.search(no)), no

    engine.run()
    assert desk.setting(received.INDEX_PENDING) is None
    assert search_index(desk) == search_index(work.devices[0].desk)
    assert len(desk.search("张伟")) == 2 and desk.search("13900000003")


def test_a_full_re_download_ends_with_the_same_search_index(county: County) -> None:
    work = Workload(county, 2)
    people_in(work)
    engine = work.devices[1]
    before = search_index(engine.desk)
    local.start_full(engine.desk)
    engine.run()
    assert engine.desk.setting(received.INDEX_PENDING) is None
    assert search_index(engine.desk) == before == search_index(work.devices[0].desk)


def test_a_device_with_records_of_its_own_refreshes_what_its_first_sync_brings(
    county: County,
) -> None:
    """Its index is not made again (each entry keeps its number): the first sync of a
    device holding 10,000 households brings a few rows, and rebuilding took 2 s."""
    work = Workload(county, 1)
    people_in(work)
    engine = quick_device(county, work.community_id, work.user)
    desk = engine.desk
    home = desk.households.create(building_id=None, unit=1, room="909", household_no="L1")
    mine = desk.people.create(household_id=home["id"], name="赵敏")["id"]
    doc = "SELECT rowid FROM search_doc WHERE ref_id = ?"
    before = desk.conn.execute(doc, (mine,)).fetchone()[0]
    engine.run()
    assert desk.setting(received.INDEX_PENDING) is None
    assert desk.conn.execute(doc, (mine,)).fetchone()[0] == before
    assert search_index(desk) >= search_index(work.devices[0].desk)
    assert [h.id for h in desk.search("赵敏")] == [mine]
