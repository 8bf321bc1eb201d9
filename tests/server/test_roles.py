"""Least privilege per role, decided on the server. A building head is a resident
volunteer: it works with its community's households, referrals, visits and needs, but never
sees or changes health data; a refused write is kept as a conflict for a secretary."""

from __future__ import annotations

import orjson

from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot, snapshot
from tests.sync.scope_world import cover_all_buildings

HEALTH = ("disability_grade", "serious_illness", "severe_disability")


def _building_head(county: County):  # type: ignore[no-untyped-def]
    county.storage.create_user("head1", county.password, "building_head", county.community_id)
    cover_all_buildings(county, county.engines[0], "head1")
    return county.device(user="head1")


def test_building_head_never_receives_health_data(county: County) -> None:
    sec = county.device()
    hh = add_household(sec.desk)
    p = sec.desk.people.create(
        household_id=hh["id"],
        name="李四",
        disability_grade="2",
        serious_illness="尿毒症",
        severe_disability=1,
        employment_status="unemployed_willing",
    )
    sec.run()
    head = _building_head(county)
    report = head.run(verify=True)
    row = head.desk.people.get(p["id"])
    assert row["name"] == "李四" and row["employment_status"] == "unemployed_willing"
    assert row["disability_grade"] is None and row["serious_illness"] is None
    assert row["severe_disability"] == 0
    # Hidden fields are data only: the count-and-digest check still agrees.
    assert report.verified is True and not report.full_download
    raw = b"".join(f.read_bytes() for f in county.tmp_path.glob(f"{head.desk.path.name}*"))
    assert "尿毒症".encode() not in raw


def test_building_head_health_write_is_refused_and_kept_as_conflict(county: County) -> None:
    sec = county.device()
    hh = add_household(sec.desk)
    p = sec.desk.people.create(household_id=hh["id"], name="王五", serious_illness="糖尿病")
    sec.run()
    head = _building_head(county)
    head.run()
    # Its own work goes through; the health field does not.
    head.desk.people.update(p["id"], serious_illness="肺结核", employer="帮扶车间")
    new = head.desk.people.create(household_id=hh["id"], name="王小", disability_grade="3")
    report = head.run(verify=True)
    assert report.verified is True and head.desk.unsent_count() == 0
    srv = server_snapshot(county.storage, county.community_id)
    assert srv[("person", p["id"])]["data"]["serious_illness"] == "糖尿病"
    assert srv[("person", p["id"])]["data"]["employer"] == "帮扶车间"
    assert "disability_grade" not in srv[("person", new["id"])]["data"]
    assert srv[("person", new["id"])]["data"]["name"] == "王小"
    # The device holds what the server kept, and conflicts about health with blank values.
    assert head.desk.people.get(p["id"])["serious_illness"] is None
    assert head.desk.people.get(new["id"])["disability_grade"] is None
    head_conflicts = head.desk.conn.execute(
        "SELECT field, lost_value, won_value FROM conflict ORDER BY field"
    ).fetchall()
    assert [tuple(c) for c in head_conflicts] == [
        ("disability_grade", None, None),
        ("serious_illness", None, None),
    ]
    # The secretary sees the refused values and may take them over: nothing silently lost.
    sec.run()
    lost = {
        c["field"]: (orjson.loads(c["lost_value"]), orjson.loads(c["won_value"]))
        for c in sec.desk.conn.execute("SELECT * FROM conflict")
    }
    assert lost == {"serious_illness": ("肺结核", "糖尿病"), "disability_grade": ("3", None)}
    assert sec.desk.people.get(p["id"])["serious_illness"] == "糖尿病"


def test_secretary_and_clerk_devices_hold_the_same_full_rows(county: County) -> None:
    sec = county.device()
    hh = add_household(sec.desk)
    sec.desk.people.create(household_id=hh["id"], name="赵六", disability_grade="1")
    sec.run()
    county.storage.create_user("clerk1", county.password, "clerk", county.community_id)
    clerk = county.device(user="clerk1")
    clerk.run(verify=True)
    assert snapshot(clerk.desk) == snapshot(sec.desk)
    assert clerk.desk.conn.execute("SELECT disability_grade FROM person").fetchone()[0] == "1"


def test_the_app_locks_exactly_the_person_fields_the_server_keeps_back(county: County) -> None:
    """The person dialog shows Desk.hidden_fields locked: they must be the fields a pull
    leaves out for that role, no more and no fewer, and none for staff."""
    from relocdesk.desk import Desk
    from relocdesk.server.accounts import Device

    sec = county.device()
    hh = add_household(sec.desk)
    sec.desk.people.create(
        household_id=hh["id"],
        name="孙七",
        disability_grade="2",
        serious_illness="尿毒症",
        severe_disability=1,
        employment_status="unemployed_willing",
    )
    sec.run()
    county.storage.create_user("head2", county.password, "building_head", county.community_id)
    head_id = cover_all_buildings(county, sec, "head2")
    full = county.storage.pull(Device("d", "d", "u", county.community_id, "secretary"), 0, 100)
    sent = set(next(orjson.loads(orjson.dumps(r[5])) for r in full["rows"] if r[1] == "person"))
    assert set(HEALTH) | {"name", "employment_status"} <= sent
    for role in ("secretary", "clerk", "building_head", "county"):
        asker = Device("d", "d", "u", county.community_id, role, head_id)
        rows = county.storage.pull(asker, 0, 100)["rows"]
        person = next(orjson.loads(orjson.dumps(r[5])) for r in rows if r[1] == "person")
        assert Desk.hidden_fields(role, "person") == sent - set(person), role
    assert Desk.hidden_fields("building_head", "person") == set(HEALTH)
    assert Desk.hidden_fields("building_head", "household") == frozenset()
