"""A device restored from its own backup, against a real county server: what the backup held
unsent goes up, what was sent after the backup (by it or by others) comes back down."""

from __future__ import annotations

from relocdesk.store import backup
from tests.conftest import add_household
from tests.sync.harness import County, snapshot


def test_restore_then_sync_loses_nothing(county: County) -> None:
    a, b = county.device(), county.device()
    sent = add_household(a.desk, room="101")
    a.run()
    offline = add_household(a.desk, room="102")  # made offline, never sent before the restore
    assert a.desk.unsent_count() > 0
    made = a.desk.backups.take_now()

    # After the backup: more work goes up from a, and b edits a's household.
    after = add_household(a.desk, room="103")
    a.desk.people.create(household_id=after["id"], name="王建国", relation="head")
    a.run()
    b.run()
    b.desk.households.update(sent["id"], phone="13800000000")
    b.run()

    # a's file is restored (say, the disk failed): 102 is there unsent, 103 is gone locally.
    outcome = a.desk.backups.restore(made)
    assert outcome.reconciles is True and outcome.integrity == "ok"
    assert backup.integrity(a.desk.conn) == "ok"
    assert a.desk.households.get(after["id"]) is None
    report = a.run()
    assert a.desk.unsent_count() == 0
    b.run()
    for d in (a.desk, b.desk):
        assert d.households.get(offline["id"])["room"] == "102"
        assert d.households.get(after["id"])["room"] == "103"
        assert d.households.get(sent["id"])["phone"] == "13800000000"
    assert snapshot(a.desk) == snapshot(b.desk)
    assert report.full_download is True
