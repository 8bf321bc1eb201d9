"""A demo community for the read side's tests, and plain reads of its tables for the
independent computations the queries are checked against.

A test module takes the fixtures by importing them (``from tests.queries.demo_community
import demo_db, ...``); the community is built once per module that uses it.
"""

from __future__ import annotations

import datetime
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from relocdesk import demo
from relocdesk.desk import Desk

TODAY = datetime.date(2026, 5, 15)
HOUSEHOLDS = 300


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("queries") / "community.db"
    with Desk(path) as desk:
        demo.build(desk, HOUSEHOLDS, seed=11, today=TODAY)
    return path


@pytest.fixture(scope="module")
def demo_desk(demo_db: Path) -> Iterator[Desk]:
    """The demo community, for tests that only read."""
    with Desk(demo_db) as desk:
        yield desk


@pytest.fixture
def own_demo(demo_db: Path, tmp_path: Path) -> Iterator[Desk]:
    """A copy of the demo community for a test that writes."""
    path = tmp_path / "community.db"
    shutil.copy(demo_db, path)
    with Desk(path) as desk:
        yield desk


def table(conn: sqlite3.Connection, name: str) -> list[dict[str, Any]]:
    """Every row of a table, deleted ones too: the tests apply the rules themselves."""
    return [dict(r) for r in conn.execute(f"SELECT * FROM {name}")]


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in rows}


def address_of(conn: sqlite3.Connection) -> Callable[[str], dict[str, Any]]:
    """A household's address and head, worked out from the plain tables."""
    households = by_id(table(conn, "household"))
    buildings = by_id(table(conn, "building"))
    people = by_id(table(conn, "person"))

    def address(household_id: str) -> dict[str, Any]:
        h = households[household_id]
        building = buildings.get(h["building_id"]) or {}
        head = people.get(h["head_person_id"]) or {}
        return {
            "household_id": h["id"],
            "household_no": h["household_no"],
            "building_no": building.get("number"),
            "unit": h["unit"],
            "room": h["room"],
            "head_name": head.get("name"),
            "head_phone": h["phone"] if head.get("phone") is None else head["phone"],
        }

    return address


def nulls_first(value: Any) -> tuple[bool, Any]:
    """A sort key that puts None first, as SQLite's ascending order does."""
    return (value is not None, value if value is not None else 0)
