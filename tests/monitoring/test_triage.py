"""Today's triage kept on disk (monitoring.triage) equals the full grouping of every warning
(monitoring.households.by_household over evaluate's list, the computation Today did before)
in order and content, and any window of it equals that slice of the full list."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.monitoring import acknowledge, evaluate, load
from relocdesk.monitoring.households import by_household

TODAY = datetime.date(2026, 5, 15)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    desk = Desk(tmp_path_factory.mktemp("triage") / "community.db")
    demo.build(desk, 250, seed=7, today=TODAY)
    # acknowledged and snoozed warnings leave the triage; a household handed over counts
    # its warnings in handling
    warnings = evaluate(desk, TODAY)
    for n, w in enumerate(warnings[::29]):
        until = None if n % 2 else TODAY + datetime.timedelta(days=3)
        acknowledge(desk, w.indicator, w.subject_id, "跟进中", until, by="李书记", today=TODAY)
    handed = next(w.household_id for w in warnings[5:] if w.household_id)
    desk.warnings.hand_over_household(handed, TODAY)
    desk.warnings.refresh_triage(TODAY)
    yield desk
    desk.close()


def expected(desk: Desk) -> list[tuple[Any, ...]]:
    """The triage worked out the old way: every warning in memory, grouped and sorted."""
    cat = load()
    links = desk.warnings.links()
    groups = by_household(evaluate(desk, TODAY))
    rows = []
    for g in groups:
        kinds: Counter[str] = Counter(w.indicator for w in g.warnings)
        order = list(dict.fromkeys(w.indicator for w in g.warnings))
        handling = sum(
            1
            for w in g.warnings
            if (link := links.get((w.indicator, w.subject_id))) is not None and link.in_handling
        )
        rows.append(
            (
                g.household_id,
                g.household_no,
                g.building_no,
                g.unit,
                g.room,
                g.building_head,
                g.level,
                g.red,
                g.count,
                handling,
                [
                    (cat.get(c).name_zh, cat.get(c).name_en, cat.get(c).area, kinds[c])  # type: ignore[union-attr]
                    for c in order
                ],
            )
        )
    return rows


def shown(rows: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (
            r["household_id"],
            r["household_no"],
            r["building_no"],
            r["unit"],
            r["room"],
            r["building_head"],
            r["level"],
            r["red"],
            r["count"],
            r["handling"],
            [tuple(k) for k in r["kinds"]],
        )
        for r in rows
    ]


def test_the_triage_equals_grouping_every_warning(desk: Desk) -> None:
    want = expected(desk)
    total = desk.warnings.triage_count()
    got = desk.warnings.triage_window(0, total + 10)
    assert total == len(want) > 100
    assert shown(got) == want
    assert [r["position"] for r in got] == list(range(total))
    assert any(r["handling"] for r in got) and any(r["red"] for r in got)
    totals = desk.warnings.triage_totals()
    assert (totals.red, totals.yellow) == (
        sum(1 for r in want if r[7]),
        sum(1 for r in want if not r[7]),
    )
    assert totals.evaluated_on == TODAY.isoformat()
    # no acknowledged warning is counted: the counts add up to the active warnings
    active = [w for w in evaluate(desk, TODAY) if not w.acknowledged]
    assert sum(r["count"] for r in got) == len(active)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(at=st.integers(min_value=0, max_value=400), n=st.integers(min_value=0, max_value=120))
def test_any_window_is_that_slice_of_the_whole(desk: Desk, at: int, n: int) -> None:
    whole = desk.warnings.triage_window(0, 10_000)
    assert desk.warnings.triage_window(at, n) == whole[at : at + n]


def test_a_refresh_follows_an_acknowledgement_and_closes_out(tmp_path: Any) -> None:
    with Desk(tmp_path / "c.db") as desk:
        demo.build(desk, 40, seed=3, today=TODAY)
        assert desk.warnings.triage_totals().evaluated_on is None
        desk.warnings.refresh_triage(TODAY)
        first = desk.warnings.triage_window(0, 1)[0]
        remembered = desk.conn.execute("SELECT count(*) FROM warning_open").fetchone()[0]
        assert remembered == len(evaluate(desk, TODAY))  # the close-out saw every warning
        hid = first["household_id"]
        for w in evaluate(desk, TODAY):
            if w.household_id == hid:
                acknowledge(desk, w.indicator, w.subject_id, "已处理", None, by="李", today=TODAY)
        desk.warnings.refresh_triage(TODAY)
        assert hid not in {r["household_id"] for r in desk.warnings.triage_window(0, 1000)}
        assert shown(desk.warnings.triage_window(0, 1000)) == expected(desk)

        # a later day where facts stopped holding writes close-outs as before
        def remembered_now() -> set[tuple[str, str]]:
            cur = desk.conn.execute("SELECT indicator, subject_id FROM warning_open")
            return {(r[0], r[1]) for r in cur}

        before = remembered_now()
        later = TODAY + datetime.timedelta(days=400)
        closed = desk.warnings.refresh_triage(later)
        still = {(w.indicator, w.subject_id) for w in evaluate(desk, later)}
        assert {(c["indicator"], c["subject_id"]) for c in closed} == before - still != set()
        assert remembered_now() == still


def test_the_refresh_never_puts_peoples_rows_in_a_temporary_file(tmp_path: Path) -> None:
    """SQLCipher does not encrypt temporary files: the evaluation's copies of every person
    and household (temporary tables) must be made while temporary tables live in memory.
    Read off the statements the connection runs, following each change of ``temp_store``."""
    desk = Desk(tmp_path / "community.db")
    demo.build(desk, 120, seed=3, today=TODAY)
    statements: list[str] = []
    desk.conn.set_trace_callback(statements.append)
    try:
        desk.warnings.refresh_triage(TODAY)
    finally:
        desk.conn.set_trace_callback(None)
    store = "MEMORY"  # as every connection is opened (store.connection)
    made = 0
    for sql in (" ".join(s.split()).upper() for s in statements):
        if sql.startswith("PRAGMA TEMP_STORE ="):
            store = {"2": "MEMORY", "1": "FILE", "0": "DEFAULT"}.get(sql[-1], sql.split()[-1])
        elif sql.startswith(("CREATE TEMP", "CREATE TEMPORARY")):
            made += 1
            assert store == "MEMORY", sql
    assert made >= 2
    assert desk.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # memory, as opened
    desk.close()


def test_the_refresh_keeps_nothing_it_counted(tmp_path: Path) -> None:
    """The counts a whole evaluation leaves for the dashboard are stale once the refresh has
    written the triage (its tables are dropped); held after it, they and the building ids in
    them kept the allocator's memory of the evaluation (80 MB at 100,000 households)."""
    import gc

    from relocdesk.monitoring import count_warnings
    from relocdesk.monitoring.tally import WarningCount

    def counts_alive(buildings: set[str]) -> int:
        """The counts alive that name this desk's buildings: other tests' cached counts come
        and go as their connections do."""
        gc.collect()
        return sum(
            isinstance(o, WarningCount) and o.building_id in buildings for o in gc.get_objects()
        )

    with Desk(tmp_path / "c.db") as desk:
        demo.build(desk, 40, seed=41, today=TODAY)  # a seed of its own: ids of its own
        ours = {r[0] for r in desk.conn.execute("SELECT id FROM building")}
        assert count_warnings(desk, TODAY)  # counted and cached while the tables stand
        assert counts_alive(ours) > 0
        desk.warnings.refresh_triage(TODAY)
        assert counts_alive(ours) == 0
        assert count_warnings(desk, TODAY) == count_warnings(desk, TODAY)  # counted afresh


def test_acknowledged_warnings_after_the_others_are_still_raised(tmp_path: Path) -> None:
    """The close-out reads the remembered warnings one indicator at a time; an indicator's
    acknowledged warnings come after every active one, and are still raised: a second
    refresh the same day closes nothing out and forgets nothing. An indicator that raises
    nothing any more has all its remembered warnings closed out."""

    def remembered(desk: Desk) -> set[tuple[str, str]]:
        return {(r[0], r[1]) for r in desk.conn.execute("SELECT * FROM warning_open")}

    with Desk(tmp_path / "c.db") as desk:
        demo.build(desk, 60, seed=5, today=TODAY)
        desk.warnings.refresh_triage(TODAY)
        before = remembered(desk)
        counts = Counter(code for code, _ in before)
        code = max(counts, key=lambda c: counts[c])  # an indicator with many warnings
        for w in [w for w in evaluate(desk, TODAY) if w.indicator == code][::3]:
            acknowledge(desk, w.indicator, w.subject_id, "跟进中", None, by="李", today=TODAY)
        assert desk.warnings.refresh_triage(TODAY) == []
        assert remembered(desk) == before
        # what no indicator raises now (a warning this device remembers from elsewhere)
        desk.conn.execute(
            "INSERT INTO warning_open VALUES ('ZZZ-99', 's1', NULL, NULL, ?, '', NULL, NULL)",
            (TODAY.isoformat(),),
        )
        closed = desk.warnings.refresh_triage(TODAY)
        assert [(c["indicator"], c["subject_id"]) for c in closed] == [("ZZZ-99", "s1")]
        assert remembered(desk) == before
