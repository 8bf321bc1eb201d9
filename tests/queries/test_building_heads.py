"""Building heads and buildings against a brute force over whole tables: each head's
buildings and active households counted by hand, buildings in the order they are numbered."""

from __future__ import annotations

from relocdesk.desk import Desk
from relocdesk.queries.building_heads import BUILDING_SEPARATOR
from tests.queries.lists_boards_demo import Row, by_id, demo_desk, table

__all__ = ["demo_desk"]  # the fixture, imported for pytest


def _active_households(desk: Desk) -> dict[str, int]:
    """Active, live households per building id."""
    counts: dict[str, int] = {}
    for h in table(desk, "household"):
        if not h["deleted"] and h["status"] == "active":
            counts[h["building_id"]] = counts.get(h["building_id"], 0) + 1
    return counts


def _live_buildings(desk: Desk) -> list[Row]:
    return [b for b in table(desk, "building") if not b["deleted"]]


def test_heads_with_their_buildings_and_households(demo_desk: Desk) -> None:
    households = _active_households(demo_desk)
    buildings = _live_buildings(demo_desk)
    heads = sorted(
        (h for h in table(demo_desk, "building_head") if not h["deleted"]), key=lambda h: h["name"]
    )
    got = demo_desk.building_heads_list()
    assert [h["id"] for h in got] == [h["id"] for h in heads]
    for head in got:
        mine = sorted(
            (b for b in buildings if b["building_head_id"] == head["id"]),
            key=lambda b: (len(b["number"]), b["number"]),
        )
        numbers = [b["number"] for b in mine]
        assert head["buildings"] == (BUILDING_SEPARATOR.join(numbers) or None)
        assert head["households"] == sum(households.get(b["id"], 0) for b in mine)
    assert any(h["households"] for h in got)
    assert any((h["buildings"] or "").endswith(f"2{BUILDING_SEPARATOR}10") for h in got)


def test_buildings_with_their_head_and_households(demo_desk: Desk) -> None:
    households = _active_households(demo_desk)
    heads = by_id(table(demo_desk, "building_head"))
    expected = sorted(_live_buildings(demo_desk), key=lambda b: (len(b["number"]), b["number"]))
    got = demo_desk.buildings_list()
    assert [b["number"] for b in got] == [b["number"] for b in expected]
    assert [b["number"] for b in got][-1] == "10"  # numbered order, not text order
    for row, b in zip(got, expected, strict=True):
        head = heads.get(b["building_head_id"]) or {}
        assert row["households"] == households.get(b["id"], 0)
        assert (row["head_name"], row["head_phone"]) == (head.get("name"), head.get("phone"))
        assert row["building_head_id"] == b["building_head_id"]
    assert any(b["building_head_id"] is None for b in got)  # building 6 lost its head


def test_building_choices_for_the_list_filters(demo_desk: Desk) -> None:
    expected = sorted(_live_buildings(demo_desk), key=lambda b: (len(b["number"]), b["number"]))
    got = demo_desk.building_choices()
    assert [(c.id, c.number, c.units) for c in got] == [
        (b["id"], b["number"], b["units"] or 0) for b in expected
    ]
    assert "5" not in [c.number for c in got]  # the deleted building is not offered
