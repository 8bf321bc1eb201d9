"""The demo's chances: the weighted tables its households are drawn from, and a member."""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Mapping
from typing import Any, TypeVar

from relocdesk import regions
from relocdesk.enums import EMPLOYED

Row = dict[str, Any]
Batch = dict[str, list[Row]]
T = TypeVar("T")

# fmt: off
# Parents before children: foreign keys are checked as each row goes in.
TABLES = (
    "building_head", "building", "household", "person", "referral", "referral_event",
    "visit", "need", "need_event", "training",
)
CHUNK_HOUSEHOLDS = 2000
Y = 365  # days in a year, near enough for drawing ages
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "138", "139", "150", "151", "152", "153", "155",
    "157", "158", "159", "173", "177", "178", "180", "182", "183", "185", "187", "188", "199",
)
GRADES = (
    "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级",
    "高一", "高二", "高三",
)
# fmt: on


class Weighted:
    """``rng.choices`` with the cumulative weights computed once."""

    def __init__(self, weights: Mapping[Any, float]) -> None:
        self.keys = list(weights)
        self.cum = list(itertools.accumulate(weights.values()))

    def pick(self, rng: random.Random) -> Any:
        return rng.choices(self.keys, cum_weights=self.cum)[0]


# fmt: off
SIZES = Weighted({1: 6, 2: 12, 3: 16, 4: 22, 5: 20, 6: 12, 7: 8, 8: 4})
REGISTRATION = Weighted({"transferred": 55, "residence_permit": 30, "pending": 15})
DISABILITY = Weighted({"1": 15, "2": 25, "3": 30, "4": 30})
JOB_KIND = Weighted({
    "outside_county": 33, "local_firm": 27, "workshop": 14, "public_welfare": 8,
    "self_employed": 6, "flexible": 12,
})
REFERRAL_COUNT = Weighted({0: 10, 1: 12, 2: 18, 3: 30, 4: 18, 5: 12})
REFERRAL_KIND = Weighted({
    "local_firm": 35, "workshop": 25, "public_welfare": 15, "labour_export": 15, "training": 10,
})
LATE_OUTCOME = Weighted({"not_hired": 45, "declined": 35, "pending": 20})
NEED_COUNT = Weighted({0: 50, 1: 30, 2: 13, 3: 7})
NEED_CATEGORY = Weighted({
    "employment": 28, "schooling": 10, "medical": 16, "housing": 20, "benefits": 16, "other": 10,
})
OLD_NEED = Weighted({"confirmed": 62, "resolved": 28, "in_progress": 6, "open": 4})
NEW_NEED = Weighted({"open": 35, "in_progress": 35, "resolved": 20, "confirmed": 10})
NEED_SOURCE = Weighted({"visit": 60, "phone": 25, "walk_in": 15})
VISIT_KIND = Weighted({"routine": 72, "follow_up": 18, "on_request": 10})
OUTCOME_NOTES = {
    "hired": ("已入职", "已上岗"),
    "not_hired": ("企业未录用：年龄偏大", "企业未录用：岗位已满", "试岗后未录用"),
    "declined": ("离家太远，本人放弃", "工资偏低，本人放弃", "需照顾家人，暂不就业"),
}
# fmt: on


def eras(table: Mapping[tuple[int, int], T], year: int) -> T:
    for (lo, hi), value in table.items():
        if lo <= year <= hi:
            return value
    values = list(table.values())
    return values[0] if year < 1930 else values[-1]


def minority_share(county: regions.County) -> float:
    """Share of minority families: high in the autonomous prefectures and counties."""
    if "自治" in county.name or county.code[:4] == "5226":
        return 0.8
    if county.code[:4] in ("5227", "5223"):
        return 0.6
    return 0.35


def age_on(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Member:
    __slots__ = ("age", "born", "gender", "relation", "row", "surname")

    def __init__(
        self, row: Row, born: int, gender: str, relation: str, surname: str, age: int
    ) -> None:
        self.row, self.born, self.gender = row, born, gender
        self.relation, self.surname, self.age = relation, surname, age

    @property
    def employed(self) -> bool:
        return self.row["employment_status"] in EMPLOYED
