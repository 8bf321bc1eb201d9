"""Issue 11, defect 9: one device deletes a household while another, offline, edits it. The
edit must not vanish into the tombstone unseen: it becomes a conflict (synced, so every
device sees it) that the editor resolves by restoring the row or accepting the delete."""

from __future__ import annotations

from typing import Any

from relocdesk.sync.client import SyncEngine
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot, snapshot


def _deleted_while_edited(county: County) -> tuple[SyncEngine, SyncEngine, str, dict[str, Any]]:
    a, b = county.device(), county.device()
    home = add_household(a.desk, room="502")
    a.run()
    b.run()
    a.desk.households.delete(home["id"])  # moved out, says the secretary
    a.run()
    b.desk.households.update(home["id"], notes="女儿已转学到安置点小学")  # b, offline
    b.run()
    opened = b.desk.conflicts.open()
    assert len(opened) == 1, opened
    return a, b, home["id"], dict(opened[0])


def test_an_edit_of_a_deleted_row_is_a_conflict_the_editor_sees(county: County) -> None:
    a, b, hid, c = _deleted_while_edited(county)
    assert (c["tbl"], c["row_id"], c["field"]) == ("household", hid, "deleted")
    assert (c["lost"], c["won"]) == (0, 1)
    assert c["lost_device"] == b.desk.device_id and c["won_device"] == a.desk.device_id
    # Until someone decides, the delete stands, and the edit is kept on the tombstone.
    row = b.desk.conn.execute(
        "SELECT deleted, notes FROM household WHERE id = ?", (hid,)
    ).fetchone()
    assert tuple(row) == (1, "女儿已转学到安置点小学")
    a.run()
    assert [x["id"] for x in a.desk.conflicts.open()] == [c["id"]]


def test_restoring_brings_the_row_back_with_the_edit_everywhere(county: County) -> None:
    a, b, hid, c = _deleted_while_edited(county)
    b.desk.conflicts.restore_row(c["id"], by="王芳")
    b.run()
    a.run()
    for engine in (a, b):
        row = engine.desk.households.get(hid)
        assert row is not None and row["deleted"] == 0
        assert row["notes"] == "女儿已转学到安置点小学"
        assert engine.desk.conflicts.get(c["id"])["resolution"] == "restored"
        assert engine.desk.conflicts.open() == []
    assert server_snapshot(county.storage, county.community_id)[("household", hid)]["deleted"] == 0
    assert snapshot(a.desk) == snapshot(b.desk)


def test_accepting_the_delete_keeps_it_deleted(county: County) -> None:
    a, b, hid, c = _deleted_while_edited(county)
    b.desk.conflicts.confirm(c["id"], by="王芳")
    b.run()
    a.run()
    for engine in (a, b):
        found = engine.desk.conn.execute("SELECT deleted FROM household WHERE id = ?", (hid,))
        assert tuple(found.fetchone()) == (1,)
        assert engine.desk.conflicts.open() == []


def test_an_edit_of_a_live_row_makes_no_such_conflict(county: County) -> None:
    a, b = county.device(), county.device()
    home = add_household(a.desk, room="503")
    a.run()
    b.run()
    b.desk.households.update(home["id"], notes="正常走访")
    b.run()
    a.run()
    assert b.desk.conflicts.open() == [] and a.desk.conflicts.open() == []
