"""Counts kept for a connection are never handed to the next connection that CPython puts
at the same address: the county server opens a new read-only connection to a community's
copy for every look, and a copy refreshed in between must be counted afresh."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.monitoring import count_warnings, evaluate
from relocdesk.store import cipher, database_key

TODAY = datetime.date.today()  # the households added below are made today


def _total(path: Path) -> tuple[int, int]:
    """(id of the connection, active warnings counted on it); the connection is closed."""
    conn = cipher.connect(path, database_key.database_key())
    conn.row_factory = cipher.Row
    try:
        return id(conn), sum(c.active for c in count_warnings(conn, TODAY))
    finally:
        conn.close()


def test_a_new_connection_at_a_reused_address_counts_its_own_database(tmp_path: Path) -> None:
    small, large = tmp_path / "before.db", tmp_path / "after.db"
    with Desk(small) as desk:
        demo.build(desk, 40, seed=5, today=TODAY)
    shutil.copy(small, large)
    with Desk(large) as desk:  # the copy after a sync brought more households
        building = desk.buildings.create(number="99", units=1, floors=6)
        for room in ("101", "102", "103"):
            desk.households.create(
                building_id=building["id"], unit=1, room=room, household_no=f"N-{room}"
            )
    expected = {}
    for path in (small, large):  # worked out from the full list, not from the counts
        with Desk(path) as desk:
            expected[path] = sum(not w.acknowledged for w in evaluate(desk, TODAY))
    assert expected[large] > expected[small]
    reused = 0
    for _ in range(40):  # CPython hands a freed connection's address to the next one often
        first_id, first = _total(small)
        second_id, second = _total(large)
        assert (first, second) == (expected[small], expected[large])
        reused += first_id == second_id
    assert reused, "no connection address was reused: the case was not exercised"
