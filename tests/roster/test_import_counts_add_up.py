"""The same roster read again with duplicates updated: the people whose row changes nothing
are counted as unchanged, so the result's counts add up to the rows imported, and the
message says so. Before, they were neither updated nor skipped: "0 updated, 0 skipped"
after a check that promised to update every one of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from relocdesk.roster.apply import ImportResult
from relocdesk.roster.planned import ImportPlan

from ._roster import HEADERS, as_rows, roster, write_csv

PHONE = HEADERS.index("联系电话")


def _import(desk: Desk, path: Path) -> tuple[ImportPlan, ImportResult]:
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers), duplicates="update")
    result = apply_import(desk, plan)
    assert result.applied, result
    return plan, result


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_unchanged_people_are_counted_and_the_counts_add_up(
    desk_factory: Callable[..., Desk], tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    people = roster(4)
    rows = as_rows(people)
    folder = tmp_path_factory.mktemp("again")
    desk = desk_factory()
    _import(desk, write_csv(folder / "first.csv", HEADERS, rows))
    changed = data.draw(st.sets(st.integers(0, len(rows) - 1)))
    for i in changed:
        rows[i][PHONE] = f"139{i:08d}"
    plan, result = _import(desk, write_csv(folder / "again.csv", HEADERS, rows))
    assert result.people_updated == len(changed)
    assert result.people_unchanged == len(rows) - len(changed)
    total = sum(
        getattr(result, k)
        for k in ("people_created", "people_updated", "people_unchanged", "people_skipped")
    )
    assert total == plan.valid_count
    unchanged = len(rows) - len(changed)
    said = result.message_zh
    assert (f"另 {unchanged} 人无变化" in said) == bool(unchanged)
    phones = {r[0]: r[1] for r in desk.conn.execute("SELECT id_number, phone FROM person")}
    assert [phones[p["身份证号码"]] for p in people] == [r[PHONE] for r in rows]
