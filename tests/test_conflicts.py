"""Confirm and reverse in the core, on real conflicts: two devices change the same field
offline, the county server's merge keeps the later change and records the other one.

Reversing writes the lost value back as a new edit (an outbox op) that reaches the other
device; confirming keeps the winner. Either way the conflict is resolved on both devices.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from relocdesk.conflicts import REVERSED_NOTE
from relocdesk.desk import Desk
from relocdesk.sync.client import SyncEngine
from tests.conftest import add_household
from tests.sync.harness import County, quick_device

pytest.importorskip("fastapi")


@pytest.fixture
def devices(tmp_path: Path) -> Iterator[tuple[SyncEngine, SyncEngine]]:
    county = County(f"sqlite:///{tmp_path / 'server.db'}", tmp_path)
    try:
        a = quick_device(county, county.community_id, county.user)
        b = quick_device(county, county.community_id, county.user)
        yield a, b
    finally:
        county.close()


def ops(desk: Desk, table: str, row_id: str) -> list[dict[str, Any]]:
    """The fields of each op for a row still in the outbox."""
    cur = desk.conn.execute(
        "SELECT fields FROM outbox WHERE tbl = ? AND row_id = ? ORDER BY seq", (table, row_id)
    )
    return [orjson.loads(r[0]) for r in cur]


def clash(a: SyncEngine, b: SyncEngine, edit_a: Any, edit_b: Any) -> None:
    """Both devices edit offline, then all sync until each has the server's conflict row."""
    edit_a(a.desk)
    edit_b(b.desk)
    a.run()
    b.run()
    a.run()


def household_clash(a: SyncEngine, b: SyncEngine, field: str) -> str:
    hh = add_household(a.desk, room="101", phone="13800000000")
    a.run()
    b.run()
    values = {"room": ("201", "301"), "phone": ("13900000001", "13900000002")}[field]
    clash(
        a,
        b,
        lambda d: d.households.update(hh["id"], **{field: values[0]}),
        lambda d: d.households.update(hh["id"], **{field: values[1]}),
    )
    return str(hh["id"])


def test_reverse_restores_the_lost_value_everywhere(devices: tuple[SyncEngine, SyncEngine]) -> None:
    a, b = devices
    hid = household_clash(a, b, "room")
    (c,) = a.desk.conflicts.open()
    assert c["tbl"] == "household" and c["row_id"] == hid and c["field"] == "room"
    lost, won = c["lost"], c["won"]
    assert {lost, won} == {"201", "301"} and a.desk.households.get(hid)["room"] == won
    assert a.desk.unsent_count() == 0

    row = a.desk.conflicts.reverse(c["id"], by="刘书记")

    assert row["resolution"] == "reversed" and row["resolved_by"] == "刘书记"
    assert a.desk.households.get(hid)["room"] == lost
    assert any(op.get("room") == lost for op in ops(a.desk, "household", hid))
    assert any(op.get("resolution") == "reversed" for op in ops(a.desk, "conflict", c["id"]))
    assert a.desk.conflicts.count_open() == 0 and a.desk.conflicts.open() == []
    got = a.desk.conflicts.get(c["id"])
    assert got is not None and got["resolution"] == "reversed"
    # The edit syncs like any edit: the other device gets the value and the resolution.
    a.run()
    b.run()
    assert b.desk.households.get(hid)["room"] == lost
    assert b.desk.conflicts.count_open() == 0
    got_b = b.desk.conflicts.get(c["id"])
    assert got_b is not None and got_b["resolution"] == "reversed"


def test_confirm_keeps_the_winner(devices: tuple[SyncEngine, SyncEngine]) -> None:
    a, b = devices
    hid = household_clash(a, b, "phone")
    (c,) = b.desk.conflicts.open()
    won = c["won"]
    assert b.desk.households.get(hid)["phone"] == won

    row = b.desk.conflicts.confirm(c["id"], by="王楼长")

    assert row["resolution"] == "confirmed" and row["resolved_by"] == "王楼长"
    assert b.desk.households.get(hid)["phone"] == won
    assert ops(b.desk, "household", hid) == []  # the household itself is not written
    assert any(op.get("resolution") == "confirmed" for op in ops(b.desk, "conflict", c["id"]))
    assert b.desk.conflicts.count_open() == 0
    b.run()
    a.run()
    assert a.desk.households.get(hid)["phone"] == won
    assert a.desk.conflicts.count_open() == 0


def test_reverse_a_need_status_through_its_history(devices: tuple[SyncEngine, SyncEngine]) -> None:
    """A status changes through an event, so the need's history says the conflict was undone."""
    a, b = devices
    hh = add_household(a.desk)
    need = a.desk.needs.create(household_id=hh["id"], category="employment", description="找工作")
    a.run()
    b.run()
    clash(
        a,
        b,
        lambda d: d.needs.set_status(need["id"], "in_progress", recorded_by="a"),
        lambda d: d.needs.set_status(need["id"], "resolved", recorded_by="b", resolution="已安置"),
    )
    status = next(c for c in a.desk.conflicts.open() if c["field"] == "status")
    a.desk.conflicts.reverse(status["id"], by="刘书记")
    assert a.desk.needs.get(need["id"])["status"] == status["lost"]
    last = a.desk.needs.history(need["id"])[-1]
    assert last["status"] == status["lost"] and last["note"] == REVERSED_NOTE
    assert last["recorded_by"] == "刘书记"


def test_an_unknown_conflict_is_refused(desk: Desk) -> None:
    with pytest.raises(LookupError):
        desk.conflicts.reverse("no-such-conflict")
    with pytest.raises(LookupError):
        desk.conflicts.confirm("no-such-conflict")
