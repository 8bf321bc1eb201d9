"""Roster columns of store migration 0012 in the words offices write them: the monitoring
object type and risk type, the old 监测户 flag, housing and drinking-water safety, the day the
"3+1" guarantees were checked, children and elderly in difficulty; and the export writes them
back under headers the import reads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, export_roster, plan_import, read_table, suggest_mapping

from ._roster import HEADERS, as_rows, roster, write_csv

EXTRA = [
    "监测对象类别",
    "主要风险类型",
    "监测户",
    "脱贫户",
    "住房安全保障情况",
    "是否饮水安全有保障",
    "核查时间",
    "是否困境儿童",
    "特殊困难老人",
]
# per household (HH000001 .. HH000004): the cells of EXTRA, the same on each member's row
CELLS = {
    "HH000001": ["边缘户", "因病致贫", "", "否", "存在隐患", "是", "2025/11/3", "是", ""],
    "HH000002": ["", "", "是", "是", "有保障", "否", "2025-12-01", "", "√"],
    "HH000003": ["突发严重困难户", "意外事故", "", "", "", "", "", "", ""],
    "HH000004": ["非监测对象", "", "", "", "", "", "", "", ""],
}


def _import(desk: Desk, path: Path) -> Any:
    raw = read_table(path)
    mapping = suggest_mapping(raw.headers)
    plan = plan_import(desk, raw, mapping)
    assert plan.ok, plan.to_json(5)
    assert apply_import(desk, plan).applied
    return mapping


def _households(desk: Desk) -> dict[str, tuple[Any, ...]]:
    rows = desk.conn.execute(
        "SELECT household_no, monitored, monitor_type, monitor_risk, housing_safety,"
        " water_safety, guarantees_checked FROM household"
    )
    return {r[0]: tuple(r[1:]) for r in rows}


def _groups(desk: Desk) -> dict[str, tuple[int, int]]:
    rows = desk.conn.execute(
        "SELECT h.household_no, max(p.child_in_difficulty), max(p.elderly_in_difficulty)"
        " FROM person p JOIN household h ON h.id = p.household_id GROUP BY h.household_no"
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def test_office_words_import_and_export_round_trip(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    people = roster(4)
    rows = [[*row, *CELLS[row[0]]] for row in as_rows(people)]
    path = write_csv(tmp_path / "r.csv", [*HEADERS, *EXTRA], rows)
    source = desk_factory("源社区")
    mapping = _import(source, path)
    assert set(mapping.values()) >= {
        "monitor_type",
        "monitor_risk",
        "monitored",
        "housing_safety",
        "water_safety",
        "guarantees_checked",
        "child_in_difficulty",
        "elderly_in_difficulty",
    }
    got = _households(source)
    assert got["HH000001"] == (1, "marginal", "illness", "unsafe", "safe", "2025-11-03")
    # the old flag alone: formerly poor, so 脱贫不稳定户
    assert got["HH000002"] == (1, "unstable", None, "safe", "unsafe", "2025-12-01")
    assert got["HH000003"] == (1, "sudden_hardship", "accident", None, None, None)
    assert got["HH000004"][:2] == (0, None)
    assert _groups(source)["HH000001"] == (1, 0)
    assert _groups(source)["HH000002"] == (0, 1)

    out = tmp_path / "export.xlsx"
    export_roster(source, out)
    table = read_table(out)
    assert {"监测对象类型", "风险类型", "住房安全", "饮水安全", "困境儿童", "困难老人"} <= set(
        table.headers
    )
    assert "监测户" not in table.headers  # the type took the flag's place
    fresh = desk_factory("新社区")
    _import(fresh, out)
    assert _households(fresh) == got
    assert _groups(fresh) == _groups(source)
