"""A seeded demo community for the list, board and building-head queries, built once per
session, with the awkward cases the demo never makes: a building numbered past 9, a
tenth-floor room and a head covering buildings 2 and 10 (walking order is not text order),
tombstoned and moved-out households, deleted people, referrals, needs and visits, a
building without a head and a deleted building. The tests compare each query with a brute
force over ``SELECT * FROM <table>``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest

from relocdesk import demo
from relocdesk.desk import Desk

TODAY = datetime.date(2026, 6, 15)
Row = dict[str, Any]


@pytest.fixture(scope="session")
def demo_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    desk = Desk(tmp_path_factory.mktemp("lists-boards") / "community.db")
    demo.build(desk, 400, seed=7, today=TODAY)
    _awkward_cases(desk)
    yield desk
    desk.close()


def _awkward_cases(desk: Desk) -> None:
    with desk.conn:
        run = desk.conn.execute
        run("UPDATE building SET number = '10' WHERE number = '7'")
        run(
            "UPDATE building SET building_head_id ="
            " (SELECT building_head_id FROM building WHERE number = '2') WHERE number = '10'"
        )
        run("UPDATE building SET building_head_id = NULL WHERE number = '6'")
        run("UPDATE building SET deleted = 1 WHERE number = '5'")
        run(
            "UPDATE household SET room = '1001' WHERE rowid IN"
            " (SELECT rowid FROM household ORDER BY rowid LIMIT 3)"
        )
        run("UPDATE household SET deleted = 1 WHERE rowid % 50 = 7")
        run("UPDATE household SET status = 'moved_out' WHERE rowid % 40 = 3")
        run("UPDATE person SET deleted = 1 WHERE rowid % 60 = 11")
        run("UPDATE referral SET deleted = 1 WHERE rowid % 9 = 4")
        run("UPDATE need SET deleted = 1 WHERE rowid % 13 = 5")
        run("UPDATE visit SET deleted = 1 WHERE rowid % 17 = 2")


def table(desk: Desk, name: str) -> list[Row]:
    """Every row of a table, rowid included, as plain dicts: the brute force's input."""
    return [dict(r) for r in desk.conn.execute(f"SELECT rowid AS rowid, * FROM {name}")]


def by_id(rows: list[Row]) -> dict[str, Row]:
    return {r["id"]: r for r in rows}


def sql_int(text: Any) -> int | None:
    """What SQLite's CAST(text AS INTEGER) gives: the leading integer, else 0."""
    if text is None:
        return None
    found = re.match(r"\s*[+-]?\d+", str(text))
    return int(found.group()) if found else 0


def nulls_first(value: Any) -> tuple[bool, Any]:
    """A sort key placing None where SQLite places NULL: first ascending, last descending."""
    return (value is not None, value)


def ordered(rows: list[Row], key: Any, *, descending: bool = False) -> list[Row]:
    """Sorted by ``key`` in one direction, ties by rowid ascending, as ``ORDER BY k, rowid``."""
    by_rowid = sorted(rows, key=lambda r: r["rowid"])
    return sorted(by_rowid, key=key, reverse=descending)  # stable: ties keep rowid order
