"""A snooze made on one laptop reaches the others through the county server: the building
head who opens the list on another device does not see the warning again."""

from __future__ import annotations

import datetime

from relocdesk.monitoring import acknowledge, evaluate
from tests.monitoring.test_indicators import TODAY, household, person
from tests.sync.harness import County, memory_keyring, sqlite_county

__all__ = ["memory_keyring", "sqlite_county"]


def test_a_snooze_syncs_to_the_other_devices(sqlite_county: County) -> None:
    a, b = sqlite_county.device(), sqlite_county.device()
    hh = household(a.desk)
    subject = str(person(a.desk, hh, relation="head", ins_medical=0)["id"])
    a.run()
    b.run()
    (w,) = evaluate(b.desk, TODAY, codes={"MED-01"})
    assert w.subject_id == subject and w.status == "active"

    until = TODAY + datetime.timedelta(days=7)
    acknowledge(a.desk, "MED-01", subject, "正在办理参保", until, by="李书记", today=TODAY)
    assert a.run().pushed == 1
    b.run()
    (w,) = evaluate(b.desk, TODAY, codes={"MED-01"})
    assert w.status == "snoozed" and w.until == until.isoformat()
    assert w.ack_reason == "正在办理参保" and w.ack_by == "李书记"
    # the snooze ends on the same day everywhere
    after = until + datetime.timedelta(days=1)
    assert [x.status for x in evaluate(b.desk, after, codes={"MED-01"})] == ["active"]
