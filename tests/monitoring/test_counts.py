"""The count-only path (count_warnings) equals len(evaluate(...)) per indicator, area,
building and status; the dashboard's areas are monitoring's AREAS."""

from __future__ import annotations

import datetime
import importlib
from collections import Counter
from typing import Any

import pytest

from relocdesk import demo, reports
from relocdesk.desk import Desk
from relocdesk.monitoring import (
    AREAS,
    acknowledge,
    count_warnings,
    evaluate,
    forget,
    load,
)

TODAY = datetime.date(2026, 5, 15)


@pytest.fixture(scope="module")
def demo_desk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    desk = Desk(tmp_path_factory.mktemp("counts") / "community.db")
    demo.build(desk, 300, seed=23, today=TODAY)
    # some acknowledged and some snoozed warnings, spread over indicators
    for n, w in enumerate(evaluate(desk, TODAY)[::37]):
        until = None if n % 2 else TODAY + datetime.timedelta(days=3)
        acknowledge(desk, w.indicator, w.subject_id, "跟进中", until, by="李书记", today=TODAY)
    yield desk
    desk.close()


def _from_warnings(desk: Desk, on: datetime.date) -> Counter[tuple[Any, ...]]:
    return Counter((w.indicator, w.building_id, w.acknowledged) for w in evaluate(desk, on))


def _from_counts(desk: Desk, on: datetime.date, *, afresh: bool = True) -> Counter[tuple[Any, ...]]:
    if afresh:  # counted by SQL, not taken from the evaluation just before
        forget(desk.conn)
    got: Counter[tuple[Any, ...]] = Counter()
    for c in count_warnings(desk, on):
        got[c.indicator, c.building_id, False] += c.active
        got[c.indicator, c.building_id, True] += c.acknowledged
    return +got


@pytest.mark.parametrize("days_later", [0, 5, 40])
def test_counts_equal_the_warnings_per_indicator_building_and_status(
    demo_desk: Desk, days_later: int
) -> None:
    on = TODAY + datetime.timedelta(days=days_later)
    expected = _from_warnings(demo_desk, on)
    assert _from_counts(demo_desk, on) == expected
    if days_later == 0:
        assert any(acked for _, _, acked in expected)  # the acknowledgements are exercised


def test_counts_equal_the_warnings_per_indicator_and_area(demo_desk: Desk) -> None:
    warnings = evaluate(demo_desk, TODAY)
    counts = count_warnings(demo_desk, TODAY)
    for ind in load().indicators:
        n = sum(c.active + c.acknowledged for c in counts if c.indicator == ind.code)
        assert n == len([w for w in warnings if w.indicator == ind.code]), ind.code
    for area in AREAS:
        n = sum(c.active for c in counts if c.area == area)
        assert n == len([w for w in warnings if w.area == area and not w.acknowledged]), area


def test_counts_for_chosen_indicators_only(demo_desk: Desk) -> None:
    counts = count_warnings(demo_desk, TODAY, codes={"EMP-01", "INT-04"})
    assert {c.indicator for c in counts} == {"EMP-01", "INT-04"}
    assert sum(c.active + c.acknowledged for c in counts) == len(
        evaluate(demo_desk, TODAY, codes={"EMP-01", "INT-04"})
    )


def test_dashboard_areas_are_monitoring_areas_with_labels(demo_desk: Desk) -> None:
    board = reports.dashboard(demo_desk.conn, TODAY)
    assert list(board.warnings_by_area) == list(AREAS)
    assert all(isinstance(zh, str) and isinstance(en, str) for zh, en in AREAS.values())
    active = Counter(w.area for w in evaluate(demo_desk, TODAY) if not w.acknowledged)
    assert board.warnings_by_area == {area: active[area] for area in AREAS}
    for b in board.by_building[:3]:
        part = reports.dashboard(demo_desk.conn, TODAY, building_id=b.building_id)
        assert sum(part.warnings_by_area.values()) == b.active_warnings


def test_tables_and_counts_are_shared_until_something_is_written(demo_desk: Desk) -> None:
    expected = _from_warnings(demo_desk, TODAY)
    # the dashboard after the warnings list takes the evaluation's counts and tables
    assert _from_counts(demo_desk, TODAY, afresh=False) == expected
    assert count_warnings(demo_desk, TODAY) == count_warnings(demo_desk, TODAY)
    assert _from_counts(demo_desk, TODAY) == expected
    hh = demo_desk.conn.execute(
        "SELECT household_id FROM visit WHERE deleted = 0 ORDER BY date LIMIT 1"
    ).fetchone()[0]
    before = Counter({k: n for k, n in expected.items() if k[0] == "INT-04"})
    demo_desk.visits.create(household_id=hh, date=TODAY.isoformat(), visitor="李书记")
    after = _from_counts(demo_desk, TODAY, afresh=False)
    assert after == _from_warnings(demo_desk, TODAY)
    assert sum(n for k, n in after.items() if k[0] == "INT-04") <= sum(before.values())
    # a write by another connection is seen too
    other = Desk(demo_desk.path)
    try:
        w = next(w for w in evaluate(other, TODAY) if not w.acknowledged)
        acknowledge(other, w.indicator, w.subject_id, "跟进中", by="李书记", today=TODAY)
    finally:
        other.close()
    assert (
        _from_counts(demo_desk, TODAY, afresh=False)[w.indicator, w.building_id, True]
        == (_from_warnings(demo_desk, TODAY)[w.indicator, w.building_id, True])
    )


def test_forget_drops_the_temporary_tables(demo_desk: Desk) -> None:
    count_warnings(demo_desk, TODAY)
    evaluate(demo_desk, TODAY)
    reports.dashboard(demo_desk.conn, TODAY + datetime.timedelta(days=1))
    forget(demo_desk.conn)
    left = demo_desk.conn.execute("SELECT name FROM sqlite_temp_master").fetchall()
    assert not left
    assert _from_counts(demo_desk, TODAY) == _from_warnings(demo_desk, TODAY)


def test_dashboard_is_cached_until_the_data_changes(demo_desk: Desk) -> None:
    board = importlib.import_module("relocdesk.reports.dashboard")
    first = reports.dashboard(demo_desk.conn, TODAY)
    cached = board.community(demo_desk.conn, TODAY)
    assert board.community(demo_desk.conn, TODAY) is cached  # switching buildings is free
    hh = demo_desk.conn.execute("SELECT id FROM household WHERE deleted = 0 LIMIT 1").fetchone()
    demo_desk.visits.create(household_id=hh[0], date=TODAY.isoformat(), visitor="李书记")
    assert board.community(demo_desk.conn, TODAY) is not cached
    again = reports.dashboard(demo_desk.conn, TODAY)
    assert again.trend[-1].households_visited >= first.trend[-1].households_visited


def test_another_day_inside_prepared_tables_leaves_them_in_place(demo_desk: Desk) -> None:
    from relocdesk.monitoring import prepared

    later = TODAY + datetime.timedelta(days=40)
    with prepared(demo_desk.conn, TODAY):
        assert _from_warnings(demo_desk, later) == _from_counts(demo_desk, later)
        assert _from_counts(demo_desk, TODAY) == _from_warnings(demo_desk, TODAY)
    assert _from_counts(demo_desk, TODAY, afresh=False) == _from_warnings(demo_desk, TODAY)
