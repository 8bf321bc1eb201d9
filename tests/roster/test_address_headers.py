"""A roster that says where a family lives in one 安置地址 column (no 户号, no separate room),
the way many resettlement offices head it, groups its people by that address."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping

from ._roster import id_number


@pytest.mark.parametrize("header", ["安置地址", "安置房号", "现住址"])
def test_a_placement_address_column_groups_people_into_households(
    desk: Desk, tmp_path: Path, header: str
) -> None:
    rows = [["序号", "家庭成员姓名", "公民身份号码", "性别", "与户主关系", header]]
    homes = {"5栋1单元302": ("王大明", "李小花"), "7栋2单元1101": ("杨秀英",)}
    n = 0
    for home, names in homes.items():
        for i, name in enumerate(names):
            n += 1
            rows.append(
                [
                    str(n),
                    name,
                    id_number(datetime.date(1980, 1, n), 10 + n),
                    "",
                    "户主" if i == 0 else "配偶",
                    home,
                ]
            )
    path = tmp_path / "花名册.csv"
    with path.open("w", encoding="gbk", newline="") as f:  # as a Chinese Excel saves CSV
        csv.writer(f).writerows(rows)
    raw = read_table(path)
    mapping = suggest_mapping(raw.headers)
    assert "room" in mapping.values()
    result = apply_import(desk, plan_import(desk, raw, mapping))
    assert result.people_created == 3 and result.households_created == 2
    numbers = sorted(b["number"] for b in desk.buildings.find())
    assert numbers == ["5", "7"]
    rooms = sorted((h["unit"], h["room"]) for h in desk.households.find())
    assert rooms == [(1, "302"), (2, "1101")]
