"""The household file's reads against a brute force: plain ``SELECT *`` of each table, the
same rules applied in Python, on a seeded demo community with a few edits made after it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.queries import household_file as q

TODAY = datetime.date(2026, 5, 1)
Row = dict[str, Any]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    d = Desk(tmp_path_factory.mktemp("household_file") / "community.db")
    demo.build(d, 300, seed=11, today=TODAY)
    # Changes after the build: ops with a base (edits) and a deletion, for the History tab.
    households = d.conn.execute("SELECT id FROM household ORDER BY household_no").fetchall()
    edited = households[0]["id"]
    d.households.update(edited, notes="走访后补记", phone="13912345678")
    members = d.households.members(edited)
    d.people.update(members[0]["id"], employer="同心社区就业帮扶车间")
    if len(members) > 1:
        d.people.delete(members[-1]["id"])
    d.set_setting("sync_role", "secretary")
    yield d
    d.close()


def table(desk: Desk, name: str) -> list[Row]:
    return [dict(r) for r in desk.conn.execute(f"SELECT * FROM {name}")]


@pytest.fixture
def tables(desk: Desk) -> dict[str, list[Row]]:
    names = ("household", "person", "building", "referral", "visit", "need", "training")
    names += ("outbox", "outbox_shape")
    return {n: table(desk, n) for n in names}


def live(rows: list[Row]) -> list[Row]:
    return [r for r in rows if not r["deleted"]]


def household_ids(tables: dict[str, list[Row]]) -> list[str]:
    return sorted(h["id"] for h in live(tables["household"]))


def desc(rows: list[Row], *keys: str) -> list[Row]:
    # SQLite sorts NULL first ascending, so last descending.
    def key(r: Row) -> tuple[Any, ...]:
        return tuple((r[k] is not None, r[k] or "") for k in keys)

    return sorted(rows, key=key, reverse=True)


def expected_history(tables: dict[str, list[Row]], hid: str, member_ids: set[str]) -> list[Row]:
    ops = [
        op
        for op in tables["outbox"]
        if (op["tbl"] == "household" and op["row_id"] == hid)
        or (op["tbl"] == "person" and op["row_id"] in member_ids)
    ]
    ops.sort(key=lambda op: op["seq"], reverse=True)
    shapes = {s["id"]: orjson.loads(s["names"]) for s in tables["outbox_shape"]}
    # a shape is its names, or (with values fixed for the whole batch) {"names": [...], ...}
    shapes = {k: v if isinstance(v, list) else v["names"] for k, v in shapes.items()}
    out = []
    for op in ops[: q.HISTORY_LIMIT]:
        stored = orjson.loads(op["fields"])
        # a bulk insert's op is stored as [shape, values...]: its names are the shape's
        changed = list(stored) if isinstance(stored, dict) else shapes[stored[0]]
        base = orjson.loads(op["base"]) if op["base"] else {}
        out.append(
            {
                "table": op["tbl"],
                "row_id": op["row_id"],
                "stamp": op["hlc"],
                "fields": tuple(k for k in changed if k != "community_id"),
                "created": not base and "deleted" not in changed,
            }
        )
    return out


def test_household_file_equals_brute_force(desk: Desk, tables: dict[str, list[Row]]) -> None:
    people = live(tables["person"])
    buildings = {b["id"]: b for b in tables["building"]}
    seen = {"referrals": 0, "trainings": 0, "edits": 0, "deleted": 0}
    for hid in household_ids(tables):
        f = desk.household_file(hid)
        assert f.household is not None and f.household["id"] == hid
        members = [p for p in people if p["household_id"] == hid]
        ids = {m["id"] for m in members}
        assert {m["id"] for m in f.members} == ids
        assert f.building == buildings[f.household["building_id"]]["number"]
        names = {p["id"]: p["name"] for p in tables["person"]}

        referrals = desc([r for r in live(tables["referral"]) if r["person_id"] in ids], "date")
        assert [r.date for r in f.referrals] == [r["date"] for r in referrals]
        assert sorted((r.id, r.person_name, r.employer, r.outcome) for r in f.referrals) == sorted(
            (r["id"], names[r["person_id"]], r["employer"], r["outcome"]) for r in referrals
        )
        visits = desc([v for v in live(tables["visit"]) if v["household_id"] == hid], "date")
        visits = desc(visits, "date", "created_at")
        assert [v.id for v in f.visits] == [v["id"] for v in visits]
        needs = desc([n for n in live(tables["need"]) if n["household_id"] == hid], "raised_date")
        assert [n.raised_date for n in f.needs] == [n["raised_date"] for n in needs]
        assert {n.id for n in f.needs} == {n["id"] for n in needs}
        trainings = [t for t in live(tables["training"]) if t["person_id"] in ids]
        assert sorted(t.id for t in f.trainings) == sorted(t["id"] for t in trainings)
        assert [t.start_date for t in f.trainings] == [
            t["start_date"] for t in desc(trainings, "start_date")
        ]
        every = {p["id"] for p in tables["person"] if p["household_id"] == hid}
        history = expected_history(tables, hid, ids)
        assert [
            {
                "table": e.table,
                "row_id": e.row_id,
                "stamp": e.stamp,
                "fields": e.fields,
                "created": e.created,
            }
            for e in f.history
        ] == history
        assert all(e.made_at is not None for e in f.history)
        seen["referrals"] += bool(referrals)
        seen["trainings"] += bool(trainings)
        seen["edits"] += any(not e["created"] for e in history)
        seen["deleted"] += len(every - ids)
        assert f.role == "secretary"
    # The brute force saw the cases that matter, not only empty tabs.
    assert all(seen.values()), seen


def test_buildings_and_a_missing_household(desk: Desk, tables: dict[str, list[Row]]) -> None:
    hid = household_ids(tables)[0]
    expected = sorted(
        live(tables["building"]),
        key=lambda b: (int(b["number"]) if b["number"].isdigit() else 0, b["number"]),
    )
    assert list(desk.household_file(hid).buildings) == [(b["id"], b["number"]) for b in expected]
    gone = desk.household_file("no-such-household")
    assert gone.household is None and gone.members == () and gone.history == ()


def test_household_summary_equals_brute_force(desk: Desk, tables: dict[str, list[Row]]) -> None:
    buildings = {b["id"]: b["number"] for b in tables["building"]}
    households = {h["id"]: h for h in tables["household"]}
    seen_open, seen_cut = 0, 0
    for hid in household_ids(tables):
        s = desk.household_summary(hid)
        assert s.household["id"] == hid
        assert s.household["building_no"] == buildings.get(households[hid]["building_id"])
        members = [p for p in live(tables["person"]) if p["household_id"] == hid]
        heads_first = sorted(
            members,
            key=lambda p: (p["relation"] != "head", p["birth_date"] is not None, p["birth_date"]),
        )
        assert [(m["relation"] == "head", m["birth_date"]) for m in s.members] == [
            (m["relation"] == "head", m["birth_date"]) for m in heads_first
        ]
        assert {m["id"] for m in s.members} == {m["id"] for m in members}
        open_needs = sorted(
            (
                n
                for n in live(tables["need"])
                if n["household_id"] == hid and n["status"] in ("open", "in_progress")
            ),
            key=lambda n: n["raised_date"],
        )
        assert [n.raised_date for n in s.needs] == [n["raised_date"] for n in open_needs]
        assert {n.id for n in s.needs} == {n["id"] for n in open_needs}
        visits = desc(
            [v for v in live(tables["visit"]) if v["household_id"] == hid], "date", "created_at"
        )
        assert [v.id for v in s.visits] == [v["id"] for v in visits[:5]]
        seen_open += bool(open_needs)
        seen_cut += len(visits) > 5
    assert seen_open and seen_cut, (seen_open, seen_cut)
    with pytest.raises(LookupError):
        desk.household_summary("no-such-household")


def test_building_head_of_equals_brute_force(desk: Desk, tables: dict[str, list[Row]]) -> None:
    buildings = {b["id"]: b for b in tables["building"]}
    heads = set()
    for h in live(tables["household"]):
        expected = buildings[h["building_id"]]["building_head_id"]
        assert desk.building_head_of(h["id"]) == expected
        heads.add(expected)
    assert len(heads - {None}) > 1
    assert desk.building_head_of("no-such-household") is None


def test_the_file_follows_an_edit(desk: Desk, tables: dict[str, list[Row]]) -> None:
    """A change made after a read shows in the next read: the query reads, it does not cache."""
    hid = household_ids(tables)[5]
    before = desk.household_file(hid)
    desk.visits.create(household_id=hid, date="2026-05-02", kind="routine", visitor="刘书记")
    after = desk.household_file(hid)
    assert len(after.visits) == len(before.visits) + 1
    assert after.visits[0].date == "2026-05-02" and after.visits[0].visitor == "刘书记"
