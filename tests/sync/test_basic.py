"""Two devices of one community: what one writes, the other gets; a field both change
becomes a conflict on every device."""

from __future__ import annotations

from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot, snapshot


def test_create_and_receive(county: County) -> None:
    a, b = county.device(), county.device()
    hh = add_household(a.desk, room="101")
    a.desk.people.create(household_id=hh["id"], name="张三", relation="head")
    r1 = a.run()
    assert r1.pushed == 3 and a.desk.unsent_count() == 0
    r2 = b.run()
    assert r2.pulled >= 3
    assert b.desk.households.get(hh["id"])["room"] == "101"
    assert [h.title for h in b.desk.search("张三")] == ["张三"]
    assert snapshot(a.desk) == snapshot(b.desk)
    assert r2.verified is True
    # nothing to do
    r3 = b.run()
    assert r3.pushed == 0 and r3.pulled == 0


def test_concurrent_edit_becomes_conflict(county: County) -> None:
    a, b = county.device(), county.device()
    hh = add_household(a.desk, room="101")
    a.run()
    b.run()
    ra = a.desk.households.update(hh["id"], room="201", phone="13800000000")
    rb = b.desk.households.update(hh["id"], room="301", notes="b note")
    # The larger clock wins, wherever it is decided.
    won, lost = ("301", "201") if rb["updated_at"] > ra["updated_at"] else ("201", "301")
    a.run()
    report = b.run()
    assert report.conflicts == 1
    a.run()
    for d in (a.desk, b.desk):
        row = d.households.get(hh["id"])
        assert row["room"] == won
        assert row["phone"] == "13800000000" and row["notes"] == "b note"
        (c,) = d.conn.execute("SELECT * FROM conflict").fetchall()
        assert c["field"] == "room" and c["lost_value"] == f'"{lost}"'
        assert c["won_value"] == f'"{won}"'
    assert snapshot(a.desk) == snapshot(b.desk)
    srv = server_snapshot(county.storage, county.community_id)
    assert srv[("household", hh["id"])]["data"]["room"] == won


def test_same_id_number_on_two_devices_is_held_not_lost(county: County) -> None:
    import datetime

    from relocdesk.validation import make_id_number

    a, b = county.device(), county.device()
    hh = add_household(a.desk)
    a.run()
    b.run()
    id_no = make_id_number("522731", datetime.date(1980, 5, 1), 13)
    pa = a.desk.people.create(household_id=hh["id"], name="王芳", id_number=id_no)
    pb = b.desk.people.create(household_id=hh["id"], name="王芳", id_number=id_no)
    a.run()
    report = b.run(verify=True)
    # b's schema refuses a second live person with that number: the row is kept aside,
    # the cursor moves on, and the check still agrees with the server.
    assert report.held == 1 and b.status()["held"] == 1 and report.verified is True
    a.run()
    assert a.status()["held"] == 1
    # Once one of them is removed, the held row comes in by itself.
    a.desk.people.delete(pa["id"])
    a.run()
    b.run()
    assert b.status()["held"] == 0 and b.desk.people.get(pb["id"]) is not None
    a.run()
    assert a.status()["held"] == 0
    assert snapshot(a.desk) == snapshot(b.desk)


def test_progress_and_cancel(county: County) -> None:
    from relocdesk.sync.client import Cancelled, SyncEngine

    a = county.device()
    for n in range(30):
        add_household(a.desk, room=str(n))
    a.push_batch = 10
    seen: list[tuple[int, int, str]] = []
    a.run(progress=lambda done, total, text: seen.append((done, total, text)))
    assert any("pushing" in t for _, _, t in seen) and a.desk.unsent_count() == 0
    add_household(a.desk, room="x")
    b = SyncEngine(a.desk, token_source=a._token_source)
    try:
        b.run(cancel=lambda: True)
        raise AssertionError("not cancelled")
    except Cancelled as e:
        assert "取消" in e.zh
    assert a.desk.unsent_count() == 1  # kept for the next sync
