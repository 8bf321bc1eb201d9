"""Changes saved while the laptop's date was a year ahead: refused while the date is wrong,
nothing changed; once the date is right, sent with true clocks (``relocdesk.sync.redate``),
with no false conflict, and the device's later changes carry true clocks too."""

from __future__ import annotations

import time

import pytest

from relocdesk import hlc
from relocdesk.sync.protocol import SyncError
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot

YEAR = 365 * 24 * 3600.0


def _ahead() -> float:
    return time.time() + YEAR


def test_changes_saved_under_a_wrong_date_go_up_once_it_is_right(county: County) -> None:
    a, b = county.device(), county.device()
    home = add_household(a.desk, room="101")
    a.run()
    b.run()
    # The laptop's date is set a year ahead: its clock (and what it saves) follows it.
    a.desk.clock = hlc.Clock(a.desk.device_id, a.desk.clock.last, now=_ahead)
    a.desk.households.update(home["id"], notes="错误日期下的走访记录")
    new = add_household(a.desk, room="102")
    a.desk.households.update(new["id"], phone="13800001111")  # base: the future creation
    unsent = a.desk.conn.execute("SELECT op_id, hlc, base FROM outbox ORDER BY seq").fetchall()

    with pytest.raises(SyncError) as refused:
        a.run()
    assert refused.value.code == "clock_ahead" and "日期不对" in refused.value.zh
    # Still the wrong date: nothing was dated again.
    assert a.desk.conn.execute("SELECT op_id, hlc, base FROM outbox ORDER BY seq").fetchall() == (
        unsent
    )

    # The date is corrected; the clock saved in the file is still a year ahead.
    a.desk.clock = hlc.Clock(a.desk.device_id, a.desk.clock.last)
    report = a.run(verify=True)
    assert report.redated == len(unsent) and report.pushed == len(unsent)
    assert report.conflicts == 0 and report.verified is True
    assert "按正确日期重新标记时间的修改" in report.summary()

    limit = f"{int((time.time() + 60) * 1000):016d}"
    server = server_snapshot(county.storage, county.community_id)
    for key in (("household", home["id"]), ("household", new["id"])):
        row = server[key]
        assert row["created_at"] < limit and all(c < limit for c in row["clocks"].values())
    assert server[("household", home["id"])]["data"]["notes"] == "错误日期下的走访记录"
    assert server[("household", new["id"])]["data"]["phone"] == "13800001111"

    # The device goes on from the true time: its next change wins over none of the future.
    a.desk.households.update(home["id"], notes="改正日期后的记录")
    assert a.desk.clock.last < limit
    a.run()
    b.run()
    assert b.desk.households.get(home["id"])["notes"] == "改正日期后的记录"
    assert b.desk.households.get(new["id"])["phone"] == "13800001111"
    assert a.status()["open_conflicts"] == 0 and b.status()["open_conflicts"] == 0
