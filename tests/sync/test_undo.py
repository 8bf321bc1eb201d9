"""Undo of a dialog's last save, across two devices and a real county server: it goes back as
a new edit that syncs, and is refused once someone else's later edit is on the server."""

from __future__ import annotations

import time

import pytest

from relocdesk import undo
from relocdesk.validation import ValidationError
from tests.conftest import add_household
from tests.sync.harness import County, snapshot


def test_undo_is_a_new_edit_that_syncs(county: County) -> None:
    a, b = county.device(), county.device()
    hh = add_household(a.desk, room="101", phone="13800000001", notes="原来的备注")
    a.run()
    b.run()
    # The dialog's save: two fields of one row.
    a.desk.undo.record(
        lambda: a.desk.households.update(hh["id"], phone="13900000002", notes="填错了")
    )
    a.run()
    b.run()
    assert b.desk.households.get(hh["id"])["phone"] == "13900000002"

    done = a.desk.undo.undo()
    assert [w.table for w in done.writes] == ["household"]
    row = a.desk.households.get(hh["id"])
    assert (row["phone"], row["notes"]) == ("13800000001", "原来的备注")
    assert a.desk.unsent_count() == 1  # the undo ran a sync first; its own edit waits
    a.run()
    b.run()
    theirs = b.desk.households.get(hh["id"])
    assert (theirs["phone"], theirs["notes"]) == ("13800000001", "原来的备注")
    assert snapshot(a.desk) == snapshot(b.desk)
    # Undone once: nothing more to undo.
    with pytest.raises(ValidationError) as e:
        a.desk.undo.undo()
    assert e.value.code == "nothing"


def test_refused_when_the_server_holds_a_later_edit_by_someone_else(county: County) -> None:
    a, b = county.device(), county.device()
    hh = add_household(a.desk, room="101", phone="13800000001")
    a.run()
    b.run()
    a.desk.undo.record(lambda: a.desk.households.update(hh["id"], phone="13900000002"))
    a.run()
    b.run()
    b.desk.households.update(hh["id"], phone="13700000003")  # b's later edit
    b.run()
    # a has not synced since: the undo syncs first, sees b's edit and refuses.
    with pytest.raises(ValidationError) as e:
        a.desk.undo.undo()
    assert e.value.code == "changed_since"
    assert "其他人" in e.value.message_zh and "someone else" in e.value.message_en
    assert a.desk.households.get(hh["id"])["phone"] == "13700000003"
    a.run()
    b.run()
    assert b.desk.households.get(hh["id"])["phone"] == "13700000003"
    assert snapshot(a.desk) == snapshot(b.desk)


def test_undo_of_a_new_need_deletes_it_everywhere_and_a_visit_is_kept(
    county: County,
) -> None:
    a, b = county.device(), county.device()
    hh = add_household(a.desk, room="101")
    need = a.desk.undo.record(
        lambda: a.desk.needs.create(
            household_id=hh["id"], category="employment", description="想找工作"
        )
    )
    a.run()
    b.run()
    assert b.desk.needs.get(need["id"]) is not None
    done = a.desk.undo.undo()
    assert [w.table for w in done.writes] == ["need"]
    a.run()
    b.run()
    for d in (a.desk, b.desk):
        assert d.needs.get(need["id"]) is None

    # A visit note is append-only: its save cannot be undone, and nothing is written.
    visit = a.desk.undo.record(
        lambda: a.desk.visits.create(household_id=hh["id"], date="2026-11-20", visitor="冯杰")
    )
    with pytest.raises(ValidationError) as e:
        a.desk.undo.undo()
    assert e.value.code == "append_only" and "走访记录" in e.value.message_zh
    assert a.desk.visits.get(visit["id"]) is not None


def test_too_late_and_offline(county: County) -> None:
    a = county.device()
    hh = add_household(a.desk, room="101", phone="13800000001")
    a.desk.undo.record(lambda: a.desk.households.update(hh["id"], phone="13900000002"))
    later = time.monotonic() + undo.WINDOW_S + 1
    with pytest.raises(ValidationError) as e:
        a.desk.undo.undo(later)
    assert e.value.code == "nothing"
    # The server is down: the undo goes ahead locally and syncs later.
    county.server.stop()
    a.desk.undo.undo()
    assert a.desk.households.get(hh["id"])["phone"] == "13800000001"
