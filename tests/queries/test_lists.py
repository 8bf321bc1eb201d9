"""The household and people lists against a brute force in plain Python over whole tables:
the same filters and orders applied by hand, row values computed by hand."""

from __future__ import annotations

from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.enums import EMPLOYED
from relocdesk.queries.lists import HOUSEHOLD_FLAGS, PEOPLE_GROUPS, ListQuery
from tests.queries.lists_boards_demo import (
    Row,
    by_id,
    demo_desk,
    nulls_first,
    ordered,
    sql_int,
    table,
)

__all__ = ["demo_desk"]  # the fixture, imported for pytest


class Community:
    """The tables of the demo, read once, with what each list row derives from them."""

    def __init__(self, desk: Desk) -> None:
        self.households = table(desk, "household")
        self.people = table(desk, "person")
        self.buildings = by_id(table(desk, "building"))
        self.person = by_id(self.people)
        self.members: dict[str, list[Row]] = {}
        for p in self.people:
            if not p["deleted"]:
                self.members.setdefault(p["household_id"], []).append(p)

    def building(self, household: Row) -> Row:
        return self.buildings.get(household["building_id"]) or {"number": None}

    def number(self, household: Row) -> Any:
        return self.building(household)["number"]

    def head_name(self, household: Row) -> str | None:
        head = self.person.get(household["head_person_id"])
        return None if head is None else str(head["name"])

    def room_walk(self, household: Row) -> tuple[Any, ...]:
        """Building 2 before 10, room 101 before 1001: the walking order, part by part."""
        number = self.number(household)
        parts = (sql_int(number), number, household["unit"], sql_int(household["room"]))
        return (*(nulls_first(p) for p in parts), nulls_first(household["room"]))

    def room_key(self, household: Row) -> str | None:
        number = self.number(household)
        if number is None:
            return None
        unit = "" if household["unit"] is None else household["unit"]
        return f"{number}-{unit}-{household['room'] or ''}"

    def per_capita(self, h: Row) -> float:
        income = h["income_wages"] + h["income_business"] + h["income_transfers"]
        income += h["income_property"]
        return float(income / max(1, len(self.members.get(h["id"], []))))


@pytest.fixture(scope="module")
def town(demo_desk: Desk) -> Community:
    return Community(demo_desk)


# -- households -------------------------------------------------------------------------------


def _type(h: Row) -> str:
    """A household's monitoring type, the flag's where it has none (worked out here apart)."""
    return h["monitor_type"] or ("unstable" if h["formerly_poor"] else "marginal")


def _household_flag(town: Community, h: Row, flag: str) -> bool:
    members = town.members.get(h["id"], [])
    return {
        "monitored": h["monitored"] == 1,
        "monitor_unstable": h["monitored"] == 1 and _type(h) == "unstable",
        "monitor_marginal": h["monitored"] == 1 and _type(h) == "marginal",
        "monitor_sudden_hardship": h["monitored"] == 1 and _type(h) == "sudden_hardship",
        "formerly_poor": h["formerly_poor"] == 1,
        "dibao_rural": h["dibao"] == "rural",
        "dibao_urban": h["dibao"] == "urban",
        "dibao_any": h["dibao"] in ("rural", "urban"),
        "extreme_poverty": h["extreme_poverty"] == 1,
        "no_employed": bool(members)
        and not any(m["employment_status"] in EMPLOYED for m in members),
    }[flag]


def _households_shown(town: Community, filters: dict[str, Any]) -> list[Row]:
    text = str(filters.get("text") or "").lower()
    return [
        h
        for h in town.households
        if not h["deleted"]
        and h["status"] == filters.get("status", "active")
        and filters.get("building_id") in (None, h["building_id"])
        and filters.get("unit") in (None, h["unit"])
        and filters.get("registration_status") in (None, h["registration_status"])
        and ("flag" not in filters or _household_flag(town, h, filters["flag"]))
        and (
            not text
            or any(text in (v or "").lower() for v in (town.head_name(h), h["household_no"]))
            or text in (h["room"] or "").lower()
        )
    ]


def _ids(rows: list[Row]) -> list[int]:
    return [r["rowid"] for r in rows]


def test_households_default_order_is_the_walking_order(demo_desk: Desk, town: Community) -> None:
    got = demo_desk.list_ids("households", ListQuery())
    expected = ordered(_households_shown(town, {}), town.room_walk)
    assert got == _ids(expected)
    numbers = [town.number(h) for h in expected]
    assert numbers.index("10") > numbers.index("4")  # not text order: '10' < '4'


@pytest.mark.parametrize("flag", sorted(HOUSEHOLD_FLAGS))
def test_households_by_flag(demo_desk: Desk, town: Community, flag: str) -> None:
    got = demo_desk.list_ids("households", ListQuery({"flag": flag}))
    expected = ordered(_households_shown(town, {"flag": flag}), town.room_walk)
    assert got == _ids(expected)
    assert got, f"the demo has households flagged {flag}"


def test_households_by_building_unit_status_registration_and_text(
    demo_desk: Desk, town: Community
) -> None:
    building = next(b for b in town.buildings.values() if b["number"] == "10")
    head = town.head_name(town.households[20]) or ""
    for filters in (
        {"building_id": building["id"], "unit": 2},
        {"status": "moved_out"},
        {"registration_status": "transferred", "building_id": building["id"]},
        {"text": head[:1]},
        {"text": "1001"},
        {"building_id": None, "text": ""},  # empty choices are no filter
    ):
        got = demo_desk.list_ids("households", ListQuery(filters))
        shown = {k: v for k, v in filters.items() if v not in (None, "")}
        expected = ordered(_households_shown(town, shown), town.room_walk)
        assert got == _ids(expected), filters
        assert got, filters


@pytest.mark.parametrize(
    ("sort", "descending"),
    [("household_no", True), ("members", False), ("head", False), ("per_capita", True)],
)
def test_households_sorted_by_a_column(
    demo_desk: Desk, town: Community, sort: str, descending: bool
) -> None:
    keys = {
        "household_no": lambda h: nulls_first(h["household_no"]),
        "members": lambda h: len(town.members.get(h["id"], [])),
        "head": lambda h: nulls_first(town.head_name(h)),
        "per_capita": town.per_capita,
    }
    got = demo_desk.list_ids("households", ListQuery({"flag": "no_employed"}, sort, descending))
    rows = _households_shown(town, {"flag": "no_employed"})
    assert got == _ids(ordered(rows, keys[sort], descending=descending))


def _flags(h: Row) -> str:
    codes = [
        ("monitored", h["monitored"]),
        ("formerly_poor", h["formerly_poor"]),
        ("dibao_rural", h["dibao"] == "rural"),
        ("dibao_urban", h["dibao"] == "urban"),
        ("extreme_poverty", h["extreme_poverty"]),
    ]
    return ",".join(code for code, on in codes if on)


def test_household_rows_by_rowid(demo_desk: Desk, town: Community) -> None:
    ids = demo_desk.list_ids("households", ListQuery({"flag": "dibao_any"}))
    window = ids[3:40]
    got = demo_desk.list_rows("households", window)
    assert sorted(got) == sorted(window)
    by_rowid = {h["rowid"]: h for h in town.households}
    for rowid in window:
        h, row = by_rowid[rowid], got[rowid]
        origin = f"{h['origin_township'] or ''} {h['origin_village'] or ''}".strip()
        assert row == {
            "rowid": rowid,
            "id": h["id"],
            "household_id": h["id"],
            "household_no": h["household_no"],
            "room_key": town.room_key(h),
            "head": town.head_name(h),
            "members": len(town.members.get(h["id"], [])),
            "origin": origin,
            "registration_status": h["registration_status"],
            "flags": _flags(h),
            "per_capita": pytest.approx(town.per_capita(h)),
            "phone": h["phone"],
        }
    assert any(row["flags"] for row in got.values())
    assert demo_desk.list_rows("households", []) == {}


# -- people -----------------------------------------------------------------------------------


def _in_group(p: Row, group: str) -> bool:
    return {
        "left_behind_child": p["left_behind_child"] == 1,
        "elderly_alone": p["elderly_alone"] == 1,
        "severe_disability": p["severe_disability"] == 1,
        "child_in_difficulty": p["child_in_difficulty"] == 1,
        "elderly_in_difficulty": p["elderly_in_difficulty"] == 1,
        "serious_illness": bool(p["serious_illness"]),
        "out_of_school": p["school_status"] == "not_enrolled",
        "no_medical_insurance": p["ins_medical"] == 0,
        "employed": p["employment_status"] in EMPLOYED,
    }[group]


def _people_shown(town: Community, filters: dict[str, Any]) -> list[Row]:
    households = by_id(town.households)
    shown = []
    for p in town.people:
        h = households[p["household_id"]]
        if p["deleted"] or h["deleted"]:
            continue
        if any(
            filters.get(key) not in (None, value)
            for key, value in (
                ("building_id", h["building_id"]),
                ("unit", h["unit"]),
                ("employment_status", p["employment_status"]),
                ("labour_capacity", p["labour_capacity"]),
                ("gender", p["gender"]),
            )
        ):
            continue
        if "group" in filters and not _in_group(p, filters["group"]):
            continue
        if filters.get("text") and filters["text"].lower() not in p["name"].lower():
            continue
        shown.append(p)
    return shown


def _person_walk(town: Community) -> Any:
    households = by_id(town.households)

    def key(p: Row) -> tuple[Any, ...]:
        return (*town.room_walk(households[p["household_id"]]), nulls_first(p["birth_date"]))

    return key


def test_people_default_order(demo_desk: Desk, town: Community) -> None:
    got = demo_desk.list_ids("people", ListQuery())
    assert got == _ids(ordered(_people_shown(town, {}), _person_walk(town)))
    assert len(got) < len(town.people)  # the deleted and the tombstoned households' are out


@pytest.mark.parametrize("group", sorted(PEOPLE_GROUPS))
def test_people_by_group(demo_desk: Desk, town: Community, group: str) -> None:
    got = demo_desk.list_ids("people", ListQuery({"group": group}))
    assert got == _ids(ordered(_people_shown(town, {"group": group}), _person_walk(town)))


def test_people_by_building_unit_work_capacity_gender_and_name(
    demo_desk: Desk, town: Community
) -> None:
    building = next(b for b in town.buildings.values() if b["number"] == "3")
    surname = town.people[5]["name"][:1]
    for filters in (
        {"building_id": building["id"], "unit": 1, "gender": "female"},
        {"employment_status": "unemployed_willing", "labour_capacity": "full"},
        {"text": surname},
    ):
        got = demo_desk.list_ids("people", ListQuery(filters))
        assert got == _ids(ordered(_people_shown(town, filters), _person_walk(town))), filters
        assert got, filters


@pytest.mark.parametrize("descending", [False, True])
def test_people_sorted_by_name_within_a_filter(
    demo_desk: Desk, town: Community, descending: bool
) -> None:
    filters = {"employment_status": "local_job"}
    got = demo_desk.list_ids("people", ListQuery(filters, "name", descending))
    expected = ordered(
        _people_shown(town, filters), lambda p: nulls_first(p["name"]), descending=descending
    )
    assert got == _ids(expected)


def _groups(p: Row) -> str:
    codes = ("left_behind_child", "elderly_alone", "severe_disability")
    found = [c for c in codes if p[c]]
    if p["serious_illness"]:
        found.append("serious_illness")
    found += [c for c in ("child_in_difficulty", "elderly_in_difficulty") if p[c]]
    return ",".join(found)


def test_people_rows_by_rowid(demo_desk: Desk, town: Community) -> None:
    ids = demo_desk.list_ids("people", ListQuery(sort="birth_date", descending=True))
    window = ids[-150:]
    got = demo_desk.list_rows("people", window)
    households = by_id(town.households)
    by_rowid = {p["rowid"]: p for p in town.people}
    for rowid in window:
        p = by_rowid[rowid]
        assert got[rowid] == {
            "rowid": rowid,
            "id": p["id"],
            "household_id": p["household_id"],
            **{k: p[k] for k in ("name", "gender", "birth_date", "relation", "id_number")},
            "room_key": town.room_key(households[p["household_id"]]),
            **{k: p[k] for k in ("employment_status", "employer", "labour_capacity")},
            "groups": _groups(p),
            "phone": p["phone"],
        }
    assert any(row["groups"] for row in got.values())


def test_an_unknown_sort_key_is_refused(demo_desk: Desk) -> None:
    with pytest.raises(KeyError):
        demo_desk.list_ids("people", ListQuery(sort="groups; DROP TABLE person"))
