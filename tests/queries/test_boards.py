"""The boards against a brute force in plain Python over whole tables: referral counts
counted by hand, overdue needs judged by hand, on two different days."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.queries.boards import RECENT_VISITS, REFERRAL_TARGET, REFERRAL_WINDOW_DAYS
from tests.queries.lists_boards_demo import TODAY, Row, by_id, demo_desk, nulls_first, table

__all__ = ["demo_desk"]  # the fixture, imported for pytest

LATER = TODAY + datetime.timedelta(days=60)


class Tables:
    def __init__(self, desk: Desk) -> None:
        self.people = table(desk, "person")
        self.households = by_id(table(desk, "household"))
        self.buildings = by_id(table(desk, "building"))
        self.heads = table(desk, "building_head")
        self.referrals = table(desk, "referral")
        self.needs = table(desk, "need")
        self.visits = table(desk, "visit")

    def address(self, household_id: str) -> Row:
        h = self.households[household_id]
        b = self.buildings.get(h["building_id"]) or {}
        return {"household_no": h["household_no"], "building_no": b.get("number")} | {
            k: h[k] for k in ("unit", "room")
        }


@pytest.fixture(scope="module")
def tables(demo_desk: Desk) -> Tables:
    return Tables(demo_desk)


# -- unemployed people and their referrals ----------------------------------------------------


def _unemployed(t: Tables, on: datetime.date, head: str | None = None) -> dict[str, Row]:
    since = (on - datetime.timedelta(days=REFERRAL_WINDOW_DAYS)).isoformat()
    found = {}
    for p in t.people:
        h = t.households[p["household_id"]]
        b = t.buildings.get(h["building_id"]) or {}
        if p["deleted"] or h["deleted"] or h["status"] != "active":
            continue
        if p["employment_status"] != "unemployed_willing":
            continue
        if head and b.get("building_head_id") != head:
            continue
        recent = [
            r
            for r in t.referrals
            if r["person_id"] == p["id"]
            and not r["deleted"]
            and since < r["date"] <= on.isoformat()
        ]
        found[p["id"]] = {
            "name": p["name"],
            "household_id": h["id"],
            "building_head_id": b.get("building_head_id"),
            "recent": len(recent),
            "pending": sum(r["outcome"] == "pending" for r in recent),
            "last_date": max((r["date"] for r in recent), default=None),
            "below_target": len(recent) < REFERRAL_TARGET,
            **t.address(h["id"]),
        }
    return found


def _board_key(r: Any) -> tuple[Any, ...]:
    return (r["recent"], r["building_no"], r["unit"], r["room"], r["name"])


@pytest.mark.parametrize("on", [TODAY, LATER])
def test_unemployed_board_counts_the_referrals_of_the_window(
    demo_desk: Desk, tables: Tables, on: datetime.date
) -> None:
    got = demo_desk.unemployed_board(on)
    expected = _unemployed(tables, on)
    assert {r["person_id"]: {k: r[k] for k in expected[r["person_id"]]} for r in got} == expected
    assert [_board_key(r) for r in got] == sorted(_board_key(r) for r in got)
    assert any(r["recent"] >= REFERRAL_TARGET for r in got) or on == LATER
    assert any(r["below_target"] for r in got)


def test_the_day_changes_the_board(demo_desk: Desk) -> None:
    now = {r["person_id"]: r["recent"] for r in demo_desk.unemployed_board(TODAY)}
    later = {r["person_id"]: r["recent"] for r in demo_desk.unemployed_board(LATER)}
    assert now.keys() == later.keys()
    assert sum(later.values()) < sum(now.values())  # referrals age out of the window


def test_unemployed_board_of_one_building_head(demo_desk: Desk, tables: Tables) -> None:
    head = tables.heads[0]["id"]
    got = demo_desk.unemployed_board(TODAY, head)
    assert {r["person_id"] for r in got} == set(_unemployed(tables, TODAY, head))
    assert got and all(r["building_head_id"] == head for r in got)
    assert len(got) < len(demo_desk.unemployed_board(TODAY))


def test_person_referrals_latest_first(demo_desk: Desk, tables: Tables) -> None:
    person = max(
        {r["person_id"] for r in tables.referrals},
        key=lambda pid: sum(r["person_id"] == pid for r in tables.referrals),
    )
    got = demo_desk.person_referrals(person)
    mine = [r for r in tables.referrals if r["person_id"] == person and not r["deleted"]]
    mine.sort(key=lambda r: (r["date"], r["created_at"]), reverse=True)
    assert [r["id"] for r in got] == [r["id"] for r in mine]
    assert len(got) > 1
    assert all(g["employer"] == r["employer"] for g, r in zip(got, mine, strict=True))


# -- the needs board --------------------------------------------------------------------------


def _needs(t: Tables, on: datetime.date, status: str | None, household: str | None) -> list[Row]:
    return [
        {
            "id": n["id"],
            # open on the day (raised by then), with a due date before it
            "overdue": n["status"] in ("open", "in_progress")
            and n["raised_date"] <= on.isoformat()
            and bool(n["due_date"])
            and n["due_date"] < on.isoformat(),
            **t.address(n["household_id"]),
        }
        for n in t.needs
        if not n["deleted"]
        and status in (None, n["status"])
        and household in (None, n["household_id"])
    ]


def _needs_order(r: Any) -> tuple[Any, ...]:
    due = r["due_date"]
    return (not r["overdue"], due is None, nulls_first(due))


@pytest.mark.parametrize("status", ["open", "in_progress", "resolved", None])
@pytest.mark.parametrize("on", [TODAY, LATER])
def test_needs_board(
    demo_desk: Desk, tables: Tables, on: datetime.date, status: str | None
) -> None:
    got = demo_desk.needs_board(on, status)
    expected = {r["id"]: r for r in _needs(tables, on, status, None)}
    assert {r["id"]: {k: r[k] for k in expected[r["id"]]} for r in got} == expected
    assert [_needs_order(r) for r in got] == sorted(_needs_order(r) for r in got)
    for a, b in itertools.pairwise(got):  # same due day: the latest raised first
        if _needs_order(a) == _needs_order(b):
            assert a["raised_date"] >= b["raised_date"]


def test_a_later_day_makes_more_needs_overdue(demo_desk: Desk) -> None:
    now = sum(r["overdue"] for r in demo_desk.needs_board(TODAY))
    later = sum(r["overdue"] for r in demo_desk.needs_board(LATER))
    assert 0 < now < later


def test_needs_board_of_one_household(demo_desk: Desk, tables: Tables) -> None:
    household = next(n["household_id"] for n in tables.needs if not n["deleted"])
    got = demo_desk.needs_board(TODAY, None, household)
    assert {r["id"] for r in got} == {r["id"] for r in _needs(tables, TODAY, None, household)}
    assert got and all(r["household_id"] == household for r in got)


# -- visits and the household in hand --------------------------------------------------------


def _raised(t: Tables) -> dict[str, int]:
    counts: dict[str, int] = {}
    for n in t.needs:
        if not n["deleted"] and n["visit_id"]:
            counts[n["visit_id"]] = counts.get(n["visit_id"], 0) + 1
    return counts


def test_recent_visits_of_the_community(demo_desk: Desk, tables: Tables) -> None:
    got = demo_desk.recent_visits()
    live = sorted(
        (v for v in tables.visits if not v["deleted"]),
        key=lambda v: (v["date"], v["created_at"]),
        reverse=True,
    )
    assert len(live) > RECENT_VISITS == len(got)
    assert [r["date"] for r in got] == [v["date"] for v in live[:RECENT_VISITS]]
    newer = {v["id"] for v in live if v["date"] > got[-1]["date"]}
    assert newer <= {r["id"] for r in got}
    raised, visits = _raised(tables), by_id(live)
    for r in got:
        v = visits[r["id"]]
        assert r["needs"] == raised.get(r["id"], 0)
        assert {k: r[k] for k in ("visitor", "kind", "notes")} == {
            k: v[k] for k in ("visitor", "kind", "notes")
        }
        assert {k: r[k] for k in tables.address(v["household_id"])} == tables.address(
            v["household_id"]
        )
    assert any(r["needs"] for r in got)


def test_recent_visits_of_one_household(demo_desk: Desk, tables: Tables) -> None:
    household = tables.visits[0]["household_id"]
    got = demo_desk.recent_visits(household)
    mine = [v for v in tables.visits if v["household_id"] == household and not v["deleted"]]
    mine.sort(key=lambda v: (v["date"], v["created_at"]), reverse=True)
    assert [r["id"] for r in got] == [v["id"] for v in mine]
    assert got


def test_household_in_hand(demo_desk: Desk, tables: Tables) -> None:
    h = next(iter(tables.households.values()))
    got = demo_desk.household_in_hand(h["id"])
    assert got is not None
    head = next((p for p in tables.people if p["id"] == h["head_person_id"]), None)
    assert {k: got[k] for k in tables.address(h["id"])} == tables.address(h["id"])
    assert got["id"] == got["household_id"] == h["id"]
    assert got["head_name"] == (head or {}).get("name")
    assert demo_desk.household_in_hand("no-such-household") is None


def test_the_window_and_the_due_date_on_their_boundary_days(
    demo_desk: Desk, tables: Tables
) -> None:
    """A referral exactly REFERRAL_WINDOW_DAYS old no longer counts (the window is the last
    REFERRAL_WINDOW_DAYS days, today included, as EMP-02 counts); a need due today is not late."""
    board = _unemployed(tables, TODAY)
    referral = next(r for r in tables.referrals if not r["deleted"] and r["person_id"] in board)
    on = datetime.date.fromisoformat(referral["date"]) + datetime.timedelta(
        days=REFERRAL_WINDOW_DAYS
    )
    got = {r["person_id"]: r["recent"] for r in demo_desk.unemployed_board(on)}
    expected = {pid: r["recent"] for pid, r in _unemployed(tables, on).items()}
    assert got == expected
    need = next(
        n for n in tables.needs if n["status"] == "open" and n["due_date"] and not n["deleted"]
    )
    due = datetime.date.fromisoformat(need["due_date"])
    for day, late in ((due, False), (due + datetime.timedelta(days=1), True)):
        overdue = {r["id"]: r["overdue"] for r in demo_desk.needs_board(day, "open")}
        assert overdue[need["id"]] is late
        assert overdue == {r["id"]: r["overdue"] for r in _needs(tables, day, "open", None)}
