"""An import holds its dirty pages in a page cache sized for it, and gives the connection its
usual cache back afterwards, written or refused."""

from __future__ import annotations

from pathlib import Path

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from relocdesk.roster.plan import ImportCancelled

from ._roster import HEADERS, as_rows, roster, write_csv


def _cache(desk: Desk) -> int:
    return int(desk.conn.execute("PRAGMA cache_size").fetchone()[0])


def test_cache_grows_for_the_write_and_comes_back(desk: Desk, tmp_path: Path) -> None:
    usual = _cache(desk)
    raw = read_table(write_csv(tmp_path / "a.csv", HEADERS, as_rows(roster(40))))
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    seen: list[int] = []
    result = apply_import(desk, plan, progress=lambda done, total: seen.append(_cache(desk)))
    assert result.applied and result.people_created == len(plan.people) > 40
    # a small roster asks for less than the usual 32 MB (negative sizes are KiB): kept
    assert seen and all(s == usual for s in seen)
    assert _cache(desk) == usual


def test_large_plan_gets_a_larger_cache_and_a_cancel_restores_it(
    desk: Desk, tmp_path: Path
) -> None:
    usual = _cache(desk)
    raw = read_table(write_csv(tmp_path / "b.csv", HEADERS, as_rows(roster(40, start=100))))
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    # the same plan, counted as a 20,000-person roster: 3 KiB a row wanted
    plan.people = plan.people * 500
    seen: list[int] = []

    def cancel() -> bool:
        seen.append(_cache(desk))
        return True

    try:
        apply_import(desk, plan, cancel=cancel)
    except ImportCancelled:
        pass
    else:
        raise AssertionError("the cancel was not honoured")
    wanted = -(len(plan.people) + len(plan.households)) * 3
    assert seen and seen[0] == wanted < usual
    assert _cache(desk) == usual
    assert desk.people.count() == 0
