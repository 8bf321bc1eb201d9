"""Push batches are sized by bytes as well as by count: ops with long text go up in several
batches that each stay under the budget, and every op arrives once."""

from __future__ import annotations

import orjson

from relocdesk.sync import local, protocol
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
    batch = local.outbox_batch(a.desk.conn, protocol.PUSH_BATCH)
    assert 1 < len(batch) < len(homes)
    assert len(orjson.dumps(batch)) <= protocol.PUSH_BYTES
    # One op larger than the budget still goes, alone.
    assert len(local.outbox_batch(a.desk.conn, protocol.PUSH_BATCH, max_bytes=1000)) == 1
    report = a.run(verify=True)
    assert report.pushed == len(homes) and report.verified is True
    assert a.desk.unsent_count() == 0
    server = server_snapshot(county.storage, county.community_id)
    for i, hid in enumerate(homes):
        assert server[("household", hid)]["data"]["notes"] == f"{i} {note}"
