"""A small community with the cases the forms must handle, built through the façade."""

from __future__ import annotations

import datetime
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.validation import make_id_number
from tests.conftest import add_household

TODAY = datetime.date.today()
RARE_A = "刘䶮"  # U+4DAE, CJK Extension A
RARE_B = "陈𠮷"  # U+20BB7, CJK Extension B
TWELVE = [
    "王建国", "李秀英", "王小明", "王小红", "王大山", "张桂兰", "王二毛",
    "王三妹", "王四宝", "王五福", "王六顺", "王七巧",
]  # fmt: skip
RELATIONS = ["head", "spouse", "son", "daughter", "son", "daughter_in_law", "grandson",
             "granddaughter", "grandson", "granddaughter", "grandson", "granddaughter"]  # fmt: skip


@dataclass
class Town:
    desk: Desk
    rare_household: str  # household numbers
    big_household: str
    rare_a_id: str  # ID numbers
    rare_b_id: str
    big_ids: list[str]


def _id(year: int, seq: int) -> str:
    return make_id_number("522731", datetime.date(year, 3, 1 + seq % 27), seq)


def _person(desk: Desk, household_id: str, name: str, id_number: str, **more: object) -> dict:
    return desk.people.create(household_id=household_id, name=name, id_number=id_number, **more)


def build_town(desk: Desk) -> Town:
    rare = add_household(
        desk, room="502", household_no="JX-0001", origin_county="惠水县",
        origin_township="断杉镇", origin_village="高寨村", move_in_date="2019-05-01",
        registration_status="residence_permit", phone="0854-6221234",
        income_year=2025, income_wages=36000, income_transfers=4200,
    )  # fmt: skip
    a = _person(
        desk, rare["id"], RARE_A, _id(1980, 11), relation="head", phone="13812345678",
        employment_status="local_job", employer="百鸟河帮扶车间", job="缝纫工",
        permit_status="to_apply", ethnicity="布依族", education="junior",
        registration_address="贵州省黔南布依族苗族自治州惠水县断杉镇高寨村三组",
    )  # fmt: skip
    b = _person(
        desk, rare["id"], RARE_B, _id(1983, 12), relation="spouse", phone="13987654321",
        employment_status="unemployed_willing", permit_status="to_apply", ethnicity="苗族",
    )  # fmt: skip
    desk.households.update(rare["id"], head_person_id=a["id"])
    desk.referrals.create(
        person_id=b["id"], employer="惠水县明德服装厂", position="车工", kind="local_firm",
        wage_offered=3200, referred_by="楼栋长 周敏", date=TODAY.isoformat(),
    )  # fmt: skip
    visit = desk.visits.create(
        household_id=rare["id"], visitor="网格员 杨帆", kind="routine", met=RARE_A,
        notes="了解就业情况。" * 40, date=(TODAY - datetime.timedelta(days=3)).isoformat(),
    )  # fmt: skip
    desk.needs.create(
        household_id=rare["id"], person_id=b["id"], visit_id=visit["id"], category="employment",
        description="希望在附近找一份缝纫工作", assignee="周敏",
        due_date=(TODAY + datetime.timedelta(days=10)).isoformat(),
    )  # fmt: skip

    big = add_household(
        desk, room="1601", household_no="JX-0012", origin_county="长顺县",
        origin_township="敦操乡", origin_village="代化村", move_in_date="2018-11-20",
        phone="0854-6229999", income_year=2025, income_wages=98000, income_business=12000,
        income_transfers=8600, income_property=1200, formerly_poor=1, dibao="rural",
    )  # fmt: skip
    big_ids = []
    for i, (name, relation) in enumerate(zip(TWELVE, RELATIONS, strict=True)):
        year = 1960 + i * 4
        female = relation in {"spouse", "daughter", "daughter_in_law", "granddaughter"}
        id_number = _id(year, 21 + i * 2 + (0 if female else 1))
        person = _person(
            desk,
            big["id"],
            name,
            id_number,
            relation=relation,
            phone=f"1390854{1000 + i:04d}",
            employment_status="outside_county" if i % 3 else "local_job",
            employer=f"广东省东莞市长安镇第{i + 1}电子厂有限公司",
            job="普工",
            work_place="outside_county",
            monthly_wage=4200 + i * 100,
            ins_medical=1,
            ins_pension=i % 2,
            skills="电工",
        )
        big_ids.append(person["id_number"])
        if relation == "head":
            desk.households.update(big["id"], head_person_id=person["id"])
    return Town(desk, "JX-0001", "JX-0012", a["id_number"], b["id_number"], big_ids)


@pytest.fixture
def town(tmp_path: Path) -> Iterator[Town]:
    desk = Desk(tmp_path / "data" / "community.db")
    desk.create_community(
        "锦绣社区", county="惠水县", township="和平镇", address="惠水县和平镇锦绣社区"
    )
    yield build_town(desk)
    desk.close()


def pdftotext(path: Path, *, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    done = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("Pages:")))
