"""desk.pending_forms: what "all pending" would print, against the rule worked out here in
plain Python over whole tables (never the query's SQL), on a seeded demo community."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.queries.printing import FORM_KINDS, ON_DEMAND, RECENT_VISIT_DAYS

TODAY = datetime.date(2026, 11, 20)
Row = dict[str, Any]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    path = tmp_path_factory.mktemp("printing") / "community.db"
    with Desk(path) as d:
        demo.build(d, 300, seed=11, today=TODAY)
        _print_some(d)
        yield d


def _print_some(desk: Desk) -> None:
    """Some forms printed, as the print page records them; one card then goes stale."""
    households = _table(desk, "household")
    referrals = [r for r in _table(desk, "referral") if r["outcome"] == "pending"]
    visits = _table(desk, "visit")
    printed_cards = [h["id"] for h in households[:40]]
    with desk.transaction():
        desk.audit.record("print", "household", printed_cards, actor="test")
        desk.audit.record("print", "referral", [r["id"] for r in referrals[:5]], actor="test")
        desk.audit.record("print", "visit", [v["id"] for v in visits[-5:]], actor="test")
    # A member of a printed household changes after the print: its card is pending again.
    member = next(p for p in _table(desk, "person") if p["household_id"] == printed_cards[0])
    desk.people.update(member["id"], phone="13900000000")


def _table(desk: Desk, table: str) -> list[Row]:
    return [dict(r) for r in desk.conn.execute(f"SELECT * FROM {table}")]


def _last_printed(desk: Desk, subject_table: str) -> dict[str, str]:
    printed: dict[str, str] = {}
    for a in _table(desk, "audit"):
        if a["action"] == "print" and a["subject_table"] == subject_table and not a["deleted"]:
            printed[a["subject_id"]] = max(printed.get(a["subject_id"], ""), a["updated_at"])
    return printed


def _nulls_first(value: Any) -> tuple[bool, Any]:
    return (value is not None, value)


def expected_permits(desk: Desk) -> list[Row]:
    households = {h["id"]: h for h in _table(desk, "household")}
    return [
        p
        for p in _table(desk, "person")
        if not p["deleted"] and p["permit_status"] == "to_apply" and p["household_id"] in households
    ]


def expected_cards(desk: Desk) -> list[Row]:
    """Active households whose card was never printed, or whose household, members, visits
    or needs (deleted ones too: a removal is a change) changed after the last print."""
    printed = _last_printed(desk, "household")
    changed: dict[str, str] = {}
    for h in _table(desk, "household"):
        changed[h["id"]] = h["updated_at"]
    for table in ("person", "visit", "need"):
        for r in _table(desk, table):
            hid = r["household_id"]
            changed[hid] = max(changed.get(hid, ""), r["updated_at"] or "")
    return [
        h
        for h in _table(desk, "household")
        if not h["deleted"]
        and h["status"] == "active"
        and (h["id"] not in printed or changed[h["id"]] > printed[h["id"]])
    ]


def expected_referrals(desk: Desk) -> list[Row]:
    printed = _last_printed(desk, "referral")
    return [
        r
        for r in _table(desk, "referral")
        if not r["deleted"] and r["outcome"] == "pending" and r["id"] not in printed
    ]


def expected_visits(desk: Desk, on: datetime.date) -> list[Row]:
    printed = _last_printed(desk, "visit")
    since = on - datetime.timedelta(days=RECENT_VISIT_DAYS)
    return [
        v
        for v in _table(desk, "visit")
        if not v["deleted"]
        and datetime.date.fromisoformat(v["date"]) >= since
        and v["id"] not in printed
    ]


def test_pending_permits(desk: Desk) -> None:
    expected = expected_permits(desk)
    got = desk.pending_forms("residence_permit", TODAY)
    assert got.kind == "residence_permit" and got.on == TODAY
    assert sorted(got.ids) == sorted(p["id"] for p in expected) and got.count == len(expected)
    assert got.count >= 2
    # In the order of the rooms, each household's head first.
    people = {p["id"]: p for p in expected}
    households = {h["id"]: h for h in _table(desk, "household")}
    buildings = {b["id"]: b["number"] for b in _table(desk, "building")}

    def place(pid: str) -> tuple[Any, ...]:
        p = people[pid]
        h = households[p["household_id"]]
        where = (buildings.get(h["building_id"]), h["unit"], h["room"])
        return (*map(_nulls_first, where), p["relation"] != "head", _nulls_first(p["birth_date"]))

    keys = [place(pid) for pid in got.ids]
    assert keys == sorted(keys)


def test_pending_cards_leave_out_printed_unless_changed_since(desk: Desk) -> None:
    expected = expected_cards(desk)
    got = desk.pending_forms("household_card", TODAY)
    assert sorted(got.ids) == sorted(h["id"] for h in expected)
    printed = _last_printed(desk, "household")
    assert len(printed) == 40
    # 39 printed cards are up to date; the one whose member changed is pending again.
    assert len(set(got.ids) & set(printed)) == 1
    active = [h for h in _table(desk, "household") if not h["deleted"] and h["status"] == "active"]
    assert got.count == len(active) - 39


def test_pending_referrals(desk: Desk) -> None:
    expected = expected_referrals(desk)
    got = desk.pending_forms("referral", TODAY)
    assert sorted(got.ids) == sorted(r["id"] for r in expected)
    assert got.count > 0
    assert not set(got.ids) & set(_last_printed(desk, "referral"))
    by_id = {r["id"]: r for r in expected}
    keys = [(by_id[rid]["date"], by_id[rid]["created_at"]) for rid in got.ids]
    assert keys == sorted(keys)


def test_pending_visits_depend_on_the_day(desk: Desk) -> None:
    later = TODAY + datetime.timedelta(days=60)
    now, then = desk.pending_forms("visit_record", TODAY), desk.pending_forms("visit_record", later)
    assert sorted(now.ids) == sorted(v["id"] for v in expected_visits(desk, TODAY))
    assert sorted(then.ids) == sorted(v["id"] for v in expected_visits(desk, later))
    # Sixty days on, the visits of those sixty days' start are no longer recent.
    assert now.count > then.count > 0
    assert set(then.ids) < set(now.ids)


def test_kinds_printed_on_demand_or_per_month_are_never_pending(desk: Desk) -> None:
    assert set(FORM_KINDS) >= ON_DEMAND | {"monthly_summary"}
    for kind in (*ON_DEMAND, "monthly_summary"):
        assert desk.pending_forms(kind, TODAY).count == 0


def test_a_print_takes_its_forms_out_of_pending(tmp_path: Path) -> None:
    with Desk(tmp_path / "c.db") as d:
        demo.build(d, 20, seed=2, today=TODAY)
        before = d.pending_forms("residence_permit", TODAY)
        assert before.count == len(expected_permits(d)) > 0
        d.forms.print("residence_permit", out=tmp_path / "p.pdf", all_pending=True, today=TODAY)
        assert d.pending_forms("residence_permit", TODAY).count == 0 == len(expected_permits(d))
