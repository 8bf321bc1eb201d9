"""Building heads see their buildings: against a real server on 127.0.0.1, a building-head
device pulls only its buildings' households and what hangs off them (0 rows of other
buildings in the device's database, checked with SQL on the device file), pushes outside
its scope are refused whole with 0 rows written (also hand-made hostile pushes over raw
HTTP), and a household moved to another building disappears from its device."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import orjson
import pytest

from relocdesk import hlc
from relocdesk.sync import protocol
from tests.sync import scope_world
from tests.sync.harness import County, server_snapshot

H = {protocol.VERSION_HEADER: str(protocol.VERSION)}


def _push(county: County, token: str, ops: list[Any]) -> httpx.Response:
    return httpx.post(
        f"{county.url}/v1/push",
        content=orjson.dumps({"ops": ops}),
        headers={**H, "Authorization": f"Bearer {token}"},
    )


def _pull(county: County, token: str, after: int = 0) -> dict[str, Any]:
    resp = httpx.get(
        f"{county.url}/v1/pull",
        params={"after": after},
        headers={**H, "Authorization": f"Bearer {token}"},
    )
    assert resp.status_code == 200, resp.text
    got: dict[str, Any] = orjson.loads(resp.content)
    return got


def _op(tbl: str, row_id: str, fields: dict[str, Any], base: dict[str, str] | None = None) -> list:
    stamp = hlc.make(int(time.time() * 1000), 0, "hostile0")
    return [str(uuid.uuid4()), tbl, row_id, stamp, fields, base or {}]


def _expected(county: County, world: scope_world.World, letter: str) -> set[tuple[str, str]]:
    """What head ``letter`` must receive, computed from the secretary's full copy by SQL:
    the community row, its own head row and buildings, its households and every row that
    belongs to them, medical needs (and their events) left out."""
    conn = scope_world.device_db(world.secretary)
    head = world.heads[letter]
    buildings = {
        r[0] for r in conn.execute("SELECT id FROM building WHERE building_head_id = ?", (head,))
    }
    households = {
        r[0] for r in conn.execute("SELECT id, building_id FROM household") if r[1] in buildings
    }
    out = {("community", county.community_id), ("building_head", head)}
    out |= {("building", b) for b in buildings}
    medical = {r[0] for r in conn.execute("SELECT id FROM need WHERE category = 'medical'")}
    for tbl, query in scope_world.HOUSEHOLD_OF.items():
        id_query = query.replace("SELECT ", "SELECT " + _id_col(tbl) + ", ", 1)
        for row_id, hh in conn.execute(id_query):
            if hh in households and not (tbl == "need" and row_id in medical):
                out.add((tbl, row_id))
    for row_id, need_id in conn.execute("SELECT id, need_id FROM need_event"):
        if need_id in medical:
            out.discard(("need_event", row_id))
    people = {p for (t, p) in out if t == "person"}
    for row_id, subject in conn.execute("SELECT id, subject_id FROM warning_ack"):
        if subject in households or subject in people:
            out.add(("warning_ack", row_id))
    return out


def _id_col(tbl: str) -> str:
    alias = {
        "need_event": "e",
        "referral": "r",
        "referral_event": "e",
        "training": "t",
        "employment_event": "t",
    }
    return f"{alias[tbl]}.id" if tbl in alias else "id"


def _device_keys(engine: Any) -> set[tuple[str, str]]:
    conn = scope_world.device_db(engine)
    from relocdesk.catalogue import SYNCED_TABLES

    return {(t, r[0]) for t in SYNCED_TABLES for r in conn.execute(f"SELECT id FROM {t}")}


def test_a_building_head_device_holds_only_its_buildings(county: County) -> None:
    world = scope_world.build(county)
    user = scope_world.head_account(county, world, "A")
    head = county.device(user=user)
    report = head.run(verify=True)
    assert report.verified is True
    got = _device_keys(head)
    assert got == _expected(county, world, "A")
    conn = scope_world.device_db(head)
    other = set(world.households["3"])
    per_table = scope_world.households_by_table(conn)
    for tbl, households in per_table.items():
        assert not households & other, tbl
        assert households <= set(world.households["1"]) | set(world.households["2"]), tbl
    assert scope_world.rows(conn, "need", "category = 'medical'") == []
    assert scope_world.rows(conn, "building_head", "id = ?", world.heads["B"]) == []
    assert {r["number"] for r in scope_world.rows(conn, "building")} == {"1", "2"}
    # Health fields stay out as for every building head.
    assert {r["serious_illness"] for r in scope_world.rows(conn, "person")} == {None}


def test_pushes_outside_the_scope_are_refused_whole(county: County) -> None:
    world = scope_world.build(county, per_building=2)
    user = scope_world.head_account(county, world, "A")
    token = str(county.storage.issue_token(user, "raw-client")["token"])
    mine, theirs = world.households["1"][0], world.households["3"][0]
    their_person = world.people[theirs][0]
    before = server_snapshot(county.storage, county.community_id)
    good = _op(
        "visit", str(uuid.uuid4()), {"household_id": mine, "date": "2026-03-01", "visitor": "王"}
    )
    for bad in (
        _op("household", theirs, {"room": "999"}),
        _op("household", mine, {"building_id": world.buildings["3"]}),
        _op(
            "household",
            str(uuid.uuid4()),
            {"household_no": "X1", "building_id": world.buildings["3"]},
        ),
        _op("household", str(uuid.uuid4()), {"household_no": "X2"}),
        _op("person", their_person, {"phone": "13900000000"}),
        _op("person", world.people[mine][0], {"household_id": theirs}),
        _op("person", str(uuid.uuid4()), {"household_id": theirs, "name": "冒名"}),
        _op("visit", str(uuid.uuid4()), {"household_id": theirs, "date": "2026-03-01"}),
        _op(
            "referral",
            str(uuid.uuid4()),
            {"person_id": their_person, "employer": "x", "kind": "workshop"},
        ),
        _op("training", str(uuid.uuid4()), {"person_id": their_person, "course": "x"}),
        _op("warning_ack", str(uuid.uuid4()), {"subject_id": theirs, "indicator": "x"}),
        _op("conflict", str(uuid.uuid4()), {"tbl": "household", "row_id": theirs, "field": "room"}),
        _op("audit", str(uuid.uuid4()), {"subject_table": "person", "subject_id": their_person}),
        _op(
            "need", str(uuid.uuid4()), {"household_id": "no-such-household", "category": "housing"}
        ),
    ):
        resp = _push(county, token, [good, bad])
        assert resp.status_code == 403, (bad, resp.text)
        body = orjson.loads(resp.content)
        assert body["code"] == "out_of_scope"
        assert "整批未保存" in body["zh"] and "nothing of the batch" in body["en"]
    assert server_snapshot(county.storage, county.community_id) == before  # 0 rows written
    # A new household in its own building, then its people, in one batch: in scope.
    new_hh = str(uuid.uuid4())
    ok = [
        _op("household", new_hh, {"household_no": "N1", "building_id": world.buildings["2"]}),
        _op("person", str(uuid.uuid4()), {"household_id": new_hh, "name": "新人"}),
        good,
    ]
    assert _push(county, token, ok).status_code == 200


def test_hostile_pulls_see_nothing_of_other_buildings(county: County) -> None:
    world = scope_world.build(county, per_building=2)
    user = scope_world.head_account(county, world, "B")
    token = str(county.storage.issue_token(user, "raw-client")["token"])
    got = _pull(county, token)
    seen = {(r[1], r[2]) for r in got["rows"]}
    assert seen == _expected(county, world, "B")
    assert got["count"] == len(seen)
    assert sorted(got["scope"]["households"]) == sorted(world.households["3"])
    # Asking the reconcile endpoint about another building's rows tells nothing either.
    theirs = world.households["1"][0]
    resp = httpx.post(
        f"{county.url}/v1/reconcile/versions",
        content=orjson.dumps(
            {"rows": [["household", theirs, "x"], ["household", world.households["3"][0], "x"]]}
        ),
        headers={**H, "Authorization": f"Bearer {token}"},
    )
    assert orjson.loads(resp.content)["lacks"] == [1]


def test_an_unbound_building_head_gets_the_community_row_only(county: County) -> None:
    scope_world.build(county, per_building=1)
    county.storage.create_user("loose-head", county.password, "building_head", county.community_id)
    token = str(county.storage.issue_token("loose-head", "raw")["token"])
    got = _pull(county, token)
    assert [(r[1], r[2]) for r in got["rows"]] == [("community", county.community_id)]


def test_binding_names_a_building_head_of_the_users_community(county: County) -> None:
    world = scope_world.build(county, per_building=1)
    county.storage.create_user("h9", county.password, "building_head", county.community_id)
    with pytest.raises(LookupError):
        county.storage.set_building_head("h9", "no-such-head")
    with pytest.raises(ValueError):
        county.storage.set_building_head(county.user, world.heads["A"])  # a secretary
    other = county.new_community("别的社区")
    county.storage.create_user("h10", county.password, "building_head", other)
    with pytest.raises(LookupError):
        county.storage.set_building_head("h10", world.heads["A"])


def _holds(engine: Any, household: str) -> dict[str, set[str]]:
    conn = scope_world.device_db(engine)
    return {t: hh & {household} for t, hh in scope_world.households_by_table(conn).items()}


def test_a_household_moved_away_disappears_and_one_moved_in_arrives_whole(county: County) -> None:
    world = scope_world.build(county, per_building=2)
    user = scope_world.head_account(county, world, "A")
    head = county.device(user=user)
    assert head.run(verify=True).verified is True
    sec = world.secretary
    leaving, coming = world.households["1"][0], world.households["3"][0]
    sec.desk.households.update(leaving, building_id=world.buildings["3"])
    sec.desk.households.update(coming, building_id=world.buildings["2"])
    sec.run()
    report = head.run(verify=True)
    assert report.left == 1 and report.kept_back == 0 and report.verified is True
    assert "迁出" in report.summary() and "left your buildings" in report.summary()
    assert not any(_holds(head, leaving).values())
    # The household that came in brings its people, visits, needs, referrals, trainings
    # that were numbered long before the device's cursor.
    made = [t for t in scope_world.HOUSEHOLD_OF if t != "warning_closeout"]  # none made here
    assert all(_holds(head, coming)[t] for t in made), _holds(head, coming)
    assert _device_keys(head) == _expected(county, world, "A")
    # Search forgets the household that left and its people, and finds the one that came.
    found = {h.household_id for h in head.desk.search("张", limit=500)}
    assert leaving not in found and coming in found


def test_unsent_work_on_a_household_that_left_is_kept_back_not_dropped(county: County) -> None:
    from relocdesk.sync import scope

    world = scope_world.build(county, per_building=2)
    user = scope_world.head_account(county, world, "A")
    head = county.device(user=user)
    head.run()
    leaving, staying = world.households["1"][0], world.households["2"][0]
    # Offline, the head records two visits; meanwhile the office moves one household away.
    head.desk.visits.create(household_id=leaving, visitor="王楼长", notes="门没开")
    head.desk.visits.create(household_id=staying, visitor="王楼长", notes="在家")
    world.secretary.desk.households.update(leaving, building_id=world.buildings["3"])
    world.secretary.run()
    report = head.run()
    assert report.kept_back == 1 and report.left == 0
    assert head.status()["kept_back"] == 1
    assert _holds(head, leaving)["household"] == {leaving}  # kept, with the unsent visit
    visits = server_snapshot(county.storage, county.community_id)
    notes = {v["data"].get("notes") for k, v in visits.items() if k[0] == "visit"}
    assert "在家" in notes and "门没开" not in notes
    # Another sync neither sends nor loses it.
    assert head.run().kept_back == 1 and head.desk.unsent_count() == 1
    # A person decides: discard it; the household goes, and the device verifies again.
    assert scope.discard_kept_back(head.desk) == 1
    assert not any(_holds(head, leaving).values())
    assert head.run(verify=True).verified is True
    world.secretary.run()  # the expected rows are read from the office's full copy
    assert _device_keys(head) == _expected(county, world, "A")


def test_a_head_bound_to_another_record_gets_the_other_buildings(county: County) -> None:
    world = scope_world.build(county, per_building=1)
    user = scope_world.head_account(county, world, "A")
    head = county.device(user=user)
    head.run()
    county.storage.set_building_head(user, world.heads["B"])
    assert head.run(verify=True).verified is True
    assert _device_keys(head) == _expected(county, world, "B")


def test_the_admin_command_binds_and_unbinds(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    from relocdesk.server import cli as server_cli

    world = scope_world.build(county, per_building=1)
    county.storage.create_user("h-cli", county.password, "building_head", county.community_id)
    token = str(county.storage.issue_token("h-cli", "raw")["token"])
    base = ["admin", "set-building-head", "--db", county.storage.url, "--user", "h-cli"]
    assert server_cli.main([*base, "--building-head", world.heads["B"]]) == 0
    assert "h-cli" in capsys.readouterr().out
    assert sorted(_pull(county, token)["scope"]["households"]) == sorted(world.households["3"])
    assert server_cli.main([*base, "--building-head", "no-such-head"]) != 0
    err = capsys.readouterr().err
    assert "楼栋长记录" in err and "building-head record" in err and "Traceback" not in err
    assert server_cli.main([*base, "--building-head", "none"]) == 0
    assert _pull(county, token)["scope"]["households"] == []
