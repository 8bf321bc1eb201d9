"""A building head's device and health data it may not write, against a real county server
on 127.0.0.1: the façade refuses a medical need at once, naming the field, in both languages;
and an op the server refuses by the role's write policy (one that reached the outbox some
other way: an older app, a repair) is set aside with the server's reason, so the rest of the
device's changes still reach the county instead of the whole push failing at every sync."""

from __future__ import annotations

import pytest

from relocdesk.sync import refused
from relocdesk.validation import ValidationError
from tests.sync import scope_world
from tests.sync.harness import County, server_snapshot


def _head(county: County) -> tuple[scope_world.World, object]:
    world = scope_world.build(county, per_building=1)
    user = scope_world.head_account(county, world, "A")
    head = county.device(user=user)
    head.run(verify=True)
    return world, head


def test_a_heads_device_refuses_a_medical_need_naming_the_field(county: County) -> None:
    world, head = _head(county)
    desk = head.desk  # type: ignore[attr-defined]
    mine = world.households["1"][0]
    unsent = desk.unsent_count()
    with pytest.raises(ValidationError) as refused_here:
        desk.needs.create(household_id=mine, category="medical", description="高血压")
    assert refused_here.value.field == "category"
    assert "医疗" in refused_here.value.message_zh and "medical" in refused_here.value.message_en
    need = desk.needs.create(household_id=mine, category="employment", description="找工作")
    with pytest.raises(ValidationError):
        desk.needs.update(need["id"], category="medical")
    assert desk.needs.get(need["id"])["category"] == "employment"
    assert desk.unsent_count() == unsent + 1  # only the need it may record


def test_an_op_the_role_may_not_write_is_set_aside_and_the_rest_goes(county: County) -> None:
    world, head = _head(county)
    desk = head.desk  # type: ignore[attr-defined]
    mine = world.households["1"][0]
    # Written below the façade, as an older version of the app could have: the server's
    # write policy is what refuses it.
    with desk.transaction() as w:
        bad = w.insert(
            "need",
            {
                "household_id": mine,
                "category": "medical",
                "description": "慢性病复查",
                "raised_date": "2026-12-01",
            },
        )
    visit = desk.visits.create(household_id=mine, visitor="王楼长", notes="送药上门")

    report = head.run()  # type: ignore[attr-defined]
    assert report.refused == 1
    assert refused.count(desk) == 1
    (kept,) = refused.listed(desk)
    assert kept["row_id"] == bad["id"] and kept["code"] == "forbidden"
    assert "医疗" in kept["zh"] and "medical" in kept["en"]
    assert desk.unsent_count() == 0
    server = server_snapshot(county.storage, county.community_id)
    assert ("visit", visit["id"]) in server
    assert ("need", bad["id"]) not in server
    assert head.run(verify=True).verified is True  # type: ignore[attr-defined]
