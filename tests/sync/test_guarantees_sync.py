"""The fields of store migration 0012 go through the county server (SQLite and PostgreSQL):
the monitoring type with its flag, the risk type, the "3+1" guarantees and the groups in
difficulty arrive on the other device, edits of different fields on two devices both
survive, and the other device's warnings read what arrived."""

from __future__ import annotations

import datetime
from typing import Any

from relocdesk.monitoring import evaluate
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot

HOUSEHOLD = (
    "monitored",
    "monitor_type",
    "monitor_risk",
    "housing_safety",
    "water_safety",
    "guarantees_checked",
)


def _household(engine: Any, household_id: str) -> tuple[Any, ...]:
    row = engine.desk.households.get(household_id)
    assert row is not None
    return tuple(row[f] for f in HOUSEHOLD)


def _warned(engine: Any, codes: set[str]) -> set[tuple[str, str]]:
    found = evaluate(engine.desk, datetime.date.today(), codes=codes)
    return {(w.indicator, w.subject_id) for w in found}


def test_guarantees_types_and_groups_reach_the_other_device(county: County) -> None:
    a, b = county.device(), county.device()
    hh = add_household(a.desk)
    child = a.desk.people.create(household_id=hh["id"], name="罗小雨", birth_date="2016-03-02")
    a.run()
    b.run()
    checked = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    a.desk.households.update(
        hh["id"], monitor_type="sudden_hardship", monitor_risk="disaster",
        housing_safety="unsafe", water_safety="safe", guarantees_checked=checked,
    )  # fmt: skip
    a.desk.people.update(child["id"], child_in_difficulty=1)
    a.run()
    b.run()
    assert _household(b, hh["id"]) == (1, "sudden_hardship", "disaster", "unsafe", "safe", checked)
    assert b.desk.people.get(child["id"])["child_in_difficulty"] == 1  # type: ignore[index]
    assert _warned(b, {"HOU-05", "INT-09"}) == {("HOU-05", hh["id"]), ("INT-09", hh["id"])}
    # Apart, one device ends the monitoring and the other finds the water unsafe: both kept,
    # and the flag follows the type on both.
    a.desk.households.update(hh["id"], monitor_type=None)
    b.desk.households.update(hh["id"], water_safety="unsafe")
    a.run()
    b.run()
    a.run()
    for engine in (a, b):
        assert _household(engine, hh["id"]) == (0, None, "disaster", "unsafe", "unsafe", checked)
        assert ("HOU-06", hh["id"]) in _warned(engine, {"HOU-06"})
    data = server_snapshot(county.storage, county.community_id)[("household", hh["id"])]["data"]
    assert (data["monitored"], data["monitor_type"], data["water_safety"]) == (0, None, "unsafe")
