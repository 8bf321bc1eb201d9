"""A pulled row already on the device is written in the columns that differ, and not at all
when none do (relocdesk.sync.local._upsert): the stored rows are what storing every column
gave, and the indexes of columns nobody changed are left alone (docs/encryption.md)."""

from __future__ import annotations

from typing import Any

from relocdesk import hlc
from relocdesk.desk import Desk
from relocdesk.store import rows as store_rows
from relocdesk.sync import local, protocol, reconcile
from tests.conftest import add_household

LATER = hlc.make(4102444800000, 0, "00aa00bb00cc00dd")  # 2100: after every local clock


def stored(desk: Desk, table: str, row_id: str) -> dict[str, Any]:
    return {k: (v, type(v)) for k, v in dict(store_rows.get(desk.conn, table, row_id)).items()}


def sent(desk: Desk) -> None:
    """The outbox as after a push: no field keeps its local value against a pulled row."""
    with desk.transaction():
        desk.conn.execute("DELETE FROM outbox")


def changed(state: list[Any], **data: Any) -> list[Any]:
    """The state with ``data`` set, each of those fields clocked later."""
    out = [*state]
    out[protocol.DATA] = {**state[protocol.DATA], **data}
    out[protocol.CLOCKS] = {**state[protocol.CLOCKS], **dict.fromkeys(data, LATER)}
    return out


def test_only_differing_columns_are_written_and_an_equal_row_not_at_all(desk: Desk) -> None:
    hh = add_household(desk, room="501", phone="13800000001")
    zhang = desk.people.create(household_id=hh["id"], name="张三", phone="13800000002")
    li = desk.people.create(household_id=hh["id"], name="李四", monthly_wage=3000)
    sent(desk)
    hh_state, zhang_state, li_state = reconcile.states(
        desk, [("household", hh["id"]), ("person", zhang["id"]), ("person", li["id"])]
    )
    before = desk.conn.total_changes
    local.apply_page(desk, [])  # what any page writes (the clock's setting)
    nothing = desk.conn.total_changes - before
    before = desk.conn.total_changes
    local.apply_page(desk, [hh_state, zhang_state, li_state])  # as stored: no row written
    assert desk.conn.total_changes - before == nothing
    assert stored(desk, "person", zhang["id"])["phone"] == ("13800000002", str)

    new_hh = [0, "household", "h-new", LATER, 0, {**hh_state[protocol.DATA], "room": "601"}, {}]
    new_hh[protocol.DATA]["household_no"] = "H-NEW"
    page = [
        changed(zhang_state, phone="13911112222", name="张三丰"),
        changed(li_state, monthly_wage=3000.0, skills=None),  # equal in Python, not in SQL
        changed(hh_state, room="502"),
        new_hh,
    ]
    applied = local.apply_page(desk, page)
    assert applied.rows == 4 and applied.held == 0
    person = stored(desk, "person", zhang["id"])
    assert person["phone"] == ("13911112222", str) and person["name"] == ("张三丰", str)
    assert person["updated_at"][0] == LATER
    assert stored(desk, "person", li["id"])["monthly_wage"] == (3000.0, float)
    assert stored(desk, "household", hh["id"])["room"] == ("502", str)
    assert stored(desk, "household", "h-new")["room"] == ("601", str)
    # What the search shows and finds follows, as after any applied row.
    assert [h.title for h in desk.search("张三丰")] == ["张三丰"]
    assert [h.id for h in desk.search("13911112222")] == [zhang["id"]]
    assert [h.id for h in desk.search("3-2-502")][:1] == [hh["id"]]


def test_a_row_sent_twice_in_a_page_ends_as_its_last_state(desk: Desk) -> None:
    hh = add_household(desk)
    sent(desk)
    (state,) = reconcile.states(desk, [("household", hh["id"])])
    first, last = changed(state, room="701"), changed(state, room="702", notes="n")
    local.apply_page(desk, [first, last])
    row = stored(desk, "household", hh["id"])
    assert row["room"] == ("702", str) and row["notes"] == ("n", str)
