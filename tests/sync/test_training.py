"""Trainings go through the county server like the other records: one entered on one device
arrives whole on the other (provider and result included), edits of different fields on two
devices both survive, and the indicator on the second device reads the synced training."""

from __future__ import annotations

import datetime
from typing import Any

from relocdesk.monitoring import evaluate
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot

FIELDS = ("person_id", "course", "provider", "start_date", "end_date", "certificate", "result")


def _row(engine: Any, training_id: str) -> dict[str, Any]:
    row = engine.desk.trainings.get(training_id)
    assert row is not None
    return {f: row[f] for f in FIELDS}


def _flagged(engine: Any, person_id: str) -> bool:
    found = evaluate(engine.desk, datetime.date.today(), codes={"EMP-04"})
    return person_id in {w.subject_id for w in found}


def test_a_training_and_its_edits_reach_the_other_device(county: County) -> None:
    a, b = county.device(), county.device()
    hh = add_household(a.desk)
    person = a.desk.people.create(
        household_id=hh["id"], name="韦小芳", relation="head", birth_date="1992-04-02",
        labour_capacity="full", employment_status="unemployed_willing",
    )  # fmt: skip
    a.run()
    b.run()
    assert _flagged(b, person["id"])  # unemployed, nothing on record yet
    day = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
    t = a.desk.trainings.create(
        person_id=person["id"], course="家政服务员培训", provider="县职业技术学校",
        start_date="2026-01-05", end_date=day, result="in_training",
    )  # fmt: skip
    assert a.run().pushed == 1
    b.run()
    assert _row(b, t["id"]) == _row(a, t["id"])
    assert _flagged(b, person["id"])  # still in training: not yet trained
    # Two devices edit two fields of the training while apart: both edits are kept.
    a.desk.trainings.update(t["id"], provider="县人社局职业技能培训中心")
    b.desk.trainings.update(t["id"], result="completed", certificate="专项职业能力证书")
    a.run()
    b.run()
    a.run()
    for engine in (a, b):
        got = _row(engine, t["id"])
        assert (got["provider"], got["result"], got["certificate"]) == (
            "县人社局职业技能培训中心",
            "completed",
            "专项职业能力证书",
        )
        assert not _flagged(engine, person["id"])
    srv = server_snapshot(county.storage, county.community_id)
    data = srv[("training", t["id"])]["data"]
    assert (data["provider"], data["result"]) == ("县人社局职业技能培训中心", "completed")
