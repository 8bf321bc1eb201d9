"""A first download stored page by page leaves the search index as one segment per table,
as a bulk build does (relocdesk.sync.local.downloaded_whole, docs/encryption.md)."""

from __future__ import annotations

from tests.conftest import add_household
from tests.sync.harness import County
from tests.test_search_blocks import blocks


def test_a_first_download_in_many_pages_leaves_one_segment(county: County) -> None:
    """A device's first download stores the community page by page, each page's entries a
    segment of their own; once it is all down they are merged into one."""
    a = county.device()
    for n in range(12):
        hh = add_household(a.desk, room=f"{n + 1:02d}01", phone=f"1385555{n:04d}")
        a.desk.people.create(household_id=hh["id"], name=f"张{'一二三四五六七八九十'[n % 10]}")
    a.run()
    b = county.device(pull_limit=5)
    report = b.run()
    assert report.pulled >= 25
    assert all(segments == 1 for _, segments in blocks(b.desk).values())
    assert [h.title for h in b.desk.search("张三")][:1] == ["张三"]
    assert len(b.desk.search("1385555")) == 12
