"""Addresses written with the community's own name in front (幸福社区5栋1单元302室) and with
zones (A区 / 二期): the community's name is stripped, a zone stays part of the building, so
buildings of different zones never merge; another place's name is not guessed at."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from relocdesk.roster.address import prefixes, split_address

from ._roster import id_number

PLACES = prefixes("惠水县", "和平镇", None, "幸福社区")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("幸福社区5栋1单元302室", ("5", 1, "302")),
        ("幸福小区5栋1单元302室", ("5", 1, "302")),
        ("幸福安置点5栋1单元302", ("5", 1, "302")),
        ("惠水县幸福社区5栋1单元302室", ("5", 1, "302")),
        ("贵州省黔南州惠水县和平镇幸福社区5-1-302", ("5", 1, "302")),
        ("幸福社区A区5栋1单元302室", ("A区5", 1, "302")),
        ("幸福社区B区5栋1单元302室", ("B区5", 1, "302")),
        ("幸福小区二期3号楼2单元501", ("二期3", 2, "501")),
        ("Ａ区５栋１单元３０２室", ("A区5", 1, "302")),  # typed full-width
        ("阳光小区5栋1单元302室", None),  # another community's name: left whole
        ("幸福社区5栋", None),  # no unit and room: not an address to split
    ],
)
def test_the_rule_for_names_and_zones(text: str, expected: tuple[str, int, str] | None) -> None:
    assert split_address(text, PLACES) == expected


def test_prefixes_are_the_communitys_own_places_longest_first() -> None:
    assert "幸福社区" in PLACES and "幸福小区" in PLACES and "幸福" in PLACES
    assert "阳光小区" not in PLACES
    assert list(PLACES) == sorted(PLACES, key=len, reverse=True)


def _write(path: Path, homes: dict[str, list[str]]) -> Path:
    rows = [["家庭成员姓名", "公民身份号码", "与户主关系", "安置地址"]]
    n = 0
    for home, names in homes.items():
        for i, name in enumerate(names):
            n += 1
            born = datetime.date(1970, 1, 1) + datetime.timedelta(days=97 * n)
            rows.append([name, id_number(born, 10 + n), "户主" if i == 0 else "配偶", home])
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_zones_stay_apart_and_the_community_name_is_stripped(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    desk = desk_factory("幸福社区")
    homes = {
        "幸福社区A区5栋1单元302室": ["王大明", "李小花"],
        "幸福社区B区5栋1单元302室": ["杨秀英"],  # the same building number in another zone
        "幸福社区5栋1单元302室": ["张伟", "刘芳"],  # no zone: a third building
        "幸福小区5栋2单元101": ["赵敏"],
        "阳光小区7栋1单元101室": ["周杰"],  # not this community's name: kept whole as the room
    }
    raw = read_table(_write(tmp_path / "r.csv", homes))
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.ok, plan.to_json(3)
    result = apply_import(desk, plan)
    assert result.applied and result.people_created == 7
    assert result.households_created == len(homes)
    assert sorted(b["number"] for b in desk.buildings.find()) == ["5", "A区5", "B区5"]
    got = {(h["building_id"] is not None, h["unit"], h["room"]) for h in desk.households.find()}
    assert (False, None, "阳光小区7栋1单元101室") in got
    assert (True, 2, "101") in got
    # the two 302s of zones A and B are two households in two buildings
    by_building = {
        b["number"]: [h for h in desk.households.find() if h["building_id"] == b["id"]]
        for b in desk.buildings.find()
    }
    assert [h["room"] for h in by_building["A区5"]] == ["302"]
    assert [h["room"] for h in by_building["B区5"]] == ["302"]
    assert sorted(h["room"] for h in by_building["5"]) == ["101", "302"]
