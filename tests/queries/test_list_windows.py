"""The lists' windows (what a screen reads: a count, then the rows of one screen at a time)
against the full query for random filters, sorts and window sizes: windows laid end to end
are the whole list, in its order, row for row. The full query is itself checked against a
brute force in Python (test_lists.py).

CI runs a bounded sample (50 examples, about 24 s); the full run (150 examples, about 47 s):
    RELOCDESK_FUZZ_FULL=1 python -m pytest -q tests/queries/test_list_windows.py
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk import enums
from relocdesk.desk import Desk
from relocdesk.queries.lists import (
    HOUSEHOLD_FLAGS,
    HOUSEHOLD_SORTS,
    PEOPLE_GROUPS,
    PEOPLE_SORTS,
    ListKind,
    ListQuery,
)
from tests.queries.lists_boards_demo import demo_desk

__all__ = ["demo_desk"]  # the fixture, imported for pytest
EXAMPLES = 150 if os.environ.get("RELOCDESK_FUZZ_FULL") == "1" else 50

HOUSEHOLD_FILTERS: dict[str, st.SearchStrategy[Any]] = {
    "unit": st.sampled_from([1, 2, 3]),
    "flag": st.sampled_from(sorted(HOUSEHOLD_FLAGS)),
    "registration_status": st.sampled_from(sorted(enums.REGISTRATION_STATUS)),
    "status": st.sampled_from(["active", "moved_out"]),
    "text": st.sampled_from(["王", "李", "0", "1", "张", "zz"]),
}
PEOPLE_FILTERS: dict[str, st.SearchStrategy[Any]] = {
    "unit": st.sampled_from([1, 2]),
    "employment_status": st.sampled_from(sorted(enums.EMPLOYMENT_STATUS)),
    "labour_capacity": st.sampled_from(sorted(enums.LABOUR_CAPACITY)),
    "gender": st.sampled_from(sorted(enums.GENDER)),
    "group": st.sampled_from(sorted(PEOPLE_GROUPS)),
    "text": st.sampled_from(["王", "李", "明", "华", "zz"]),
}


@st.composite
def list_queries(draw: st.DrawFn, buildings: list[str]) -> tuple[ListKind, ListQuery]:
    kind: ListKind = draw(st.sampled_from(["households", "people"]))
    pool = dict(HOUSEHOLD_FILTERS if kind == "households" else PEOPLE_FILTERS)
    pool["building_id"] = st.sampled_from(buildings)
    names = draw(st.lists(st.sampled_from(sorted(pool)), max_size=2, unique=True))
    filters = {name: draw(pool[name]) for name in names}
    sorts = sorted(HOUSEHOLD_SORTS if kind == "households" else PEOPLE_SORTS)
    sort = draw(st.none() | st.sampled_from(sorts))
    return kind, ListQuery(filters, sort, draw(st.booleans()))


def _buildings(desk: Desk) -> list[str]:
    return [r[0] for r in desk.conn.execute("SELECT id FROM building ORDER BY number")]


def test_windows_laid_end_to_end_are_the_full_query(demo_desk: Desk) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(list_queries(_buildings(demo_desk)), st.integers(1, 150), st.integers(0, 40))
    def check(asked: tuple[ListKind, ListQuery], size: int, start: int) -> None:
        kind, query = asked
        full = demo_desk.list_ids(kind, query)
        assert demo_desk.list_count(kind, query) == len(full)
        rows = demo_desk.list_rows(kind, full)
        start = min(start, len(full))
        windows: list[Any] = []
        for offset in range(start, len(full) + 1, size):
            windows += demo_desk.list_window(kind, query, offset, size)
        assert [r["rowid"] for r in windows] == full[start:]
        assert windows == [rows[i] for i in full[start:]]

    check()


def test_sorting_by_name_keeps_the_order_of_the_code_points(demo_desk: Desk) -> None:
    """The screen's order of Chinese names is code point order (SQLite's BINARY), read from
    the index now: the same names in the same order as Python sorts them, ties by rowid."""
    live = demo_desk.conn.execute(
        "SELECT p.rowid, p.name FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE p.deleted = 0 AND h.deleted = 0"
    ).fetchall()
    expected = [r[0] for r in sorted(live, key=lambda r: (r[1], r[0]))]
    got = demo_desk.list_window("people", ListQuery(sort="name"), 0, len(live) + 5)
    assert [r["rowid"] for r in got] == expected
    assert len({r["name"] for r in got}) < len(got)  # ties exist, and rowid breaks them


def test_a_sort_by_name_reads_the_index(demo_desk: Desk) -> None:
    """The plan behind a window sorted by name: the name index, no sorter over the people."""
    from relocdesk.queries import lists

    sql, params = lists._select("people", ListQuery(sort="name"), "p.rowid", ordered=True)
    plan = [r[3] for r in demo_desk.conn.execute(f"EXPLAIN QUERY PLAN {sql} LIMIT 100", params)]
    assert any("person_list_name_idx" in step for step in plan), plan
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in plan), plan


def test_a_sort_by_members_counts_them_in_the_index(demo_desk: Desk) -> None:
    """Each household's live members are counted from the people-by-household index alone
    (store migration 0016), not by reading every member's row for its deleted flag."""
    from relocdesk.queries import lists

    sql, params = lists._select("households", ListQuery(sort="members"), "h.rowid", True)
    plan = [r[3] for r in demo_desk.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert any("COVERING INDEX person_household_live_idx" in step for step in plan), plan
