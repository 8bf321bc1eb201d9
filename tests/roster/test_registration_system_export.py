"""A roster as the national registration system for formerly poor and monitored households
exports it: its own column names (证件号码, 户编号, 在校生状况, 务工所在地, 是否享受农村居民最低
生活保障, 是否特困供养人员, 是否危房户) and its own words (七年级, 非在校生, 县外省内务工, 乡镇内
务工, 文盲半文盲, 之孙子, 之配偶). Each column is imported or named as not imported, and the
words land in the fields they mean, without a value map. 务工所在地 holds a place name (贵阳),
not one of the coded places of work: it is named as not imported, and the place of work comes
from the employment word, as it does from 县外务工."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from relocdesk.roster.columns import normalize_cell

from ._roster import id_number, write_xlsx

HEADERS = [
    "序号",
    "县",
    "户编号",
    "人编号",
    "姓名",
    "性别",
    "证件类型",
    "证件号码",
    "人数",
    "与户主关系",
    "文化程度",
    "在校生状况",
    "劳动技能",
    "务工状况",
    "务工所在地",
    "是否参加城乡居民基本医疗保险",
    "是否享受农村居民最低生活保障",
    "是否特困供养人员",
    "是否危房户",
]
# name, relation, born, sex (1 man), education, schooling, labour, work, place of work
PEOPLE = [
    ("罗德明", "户主", (1968, 3, 2), 1, "小学", "非在校生", "普通劳动力", "县外省内务工", "贵阳"),
    (
        "吴秀兰",
        "之配偶",
        (1970, 8, 9),
        0,
        "文盲半文盲",
        "非在校生",
        "弱劳动力或半劳动力",
        "乡镇内务工",
        "",
    ),
    ("罗小军", "之孙子", (2013, 5, 1), 1, "小学", "七年级", "无劳动力", "", ""),
    ("罗小燕", "之孙女", (2019, 1, 20), 0, "学龄前儿童", "学前教育", "无劳动力", "", ""),
]


def _rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for n, (name, rel, born, man, edu, school, labour, work, place) in enumerate(PEOPLE, 1):
        number = id_number(datetime.date(*born), 10 + n * 2 + man)
        sex = "男" if man else "女"
        ids = [n, "惠水县", "5227310001", f"52273100010{n}", name, sex, "居民身份证", number, 4]
        rows.append([*ids, rel, edu, school, labour, work, place, "是", "否", "否", "否"])
    return rows


def test_the_systems_columns_and_words_import_as_they_mean(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "系统导出.xlsx", HEADERS, _rows(), title="搬迁户成员信息")
    raw = read_table(path)
    mapping = suggest_mapping(raw.headers)
    desk = desk_factory()
    plan = plan_import(desk, raw, mapping)
    summary = plan.summary()
    assert summary["rejected_by_reason"] == {}, plan.to_json(5)
    assert plan.unrecognised() == {}
    mapped = {raw.headers[i] for i, f in mapping.items() if f}
    ignored = {c.column for c in plan.ignored}
    assert mapped | ignored == set(HEADERS) and not mapped & ignored
    assert apply_import(desk, plan).applied
    got = {
        r[0]: tuple(r[1:])
        for r in desk.conn.execute(
            "SELECT name, relation, education, school_status, grade, labour_capacity,"
            " employment_status, work_place, ins_medical FROM person"
        )
    }
    assert got == {
        "罗德明": (
            "head",
            "primary",
            "not_applicable",
            None,
            "full",
            "outside_county",
            "outside_county",
            1,
        ),
        "吴秀兰": ("spouse", "none", "not_applicable", None, "weak", "local_job", "local", 1),
        "罗小军": ("grandson", "primary", "enrolled", "七年级", "none", "not_applicable", None, 1),
        "罗小燕": (
            "granddaughter",
            "preschool",
            "enrolled",
            "学前教育",
            "none",
            "not_applicable",
            None,
            1,
        ),
    }
    household = desk.conn.execute(
        "SELECT household_no, dibao, extreme_poverty, housing_safety FROM household"
    ).fetchall()
    assert [tuple(h) for h in household] == [("5227310001", "none", 0, "safe")]


@pytest.mark.parametrize(
    ("word", "grade"),
    [
        ("七年级", "七年级"),
        ("高中一年级", "高中一年级"),
        ("中职二年级", "中职二年级"),
        ("初二", "初二"),
        ("3年级", "3年级"),
        ("本科在读", "本科在读"),
        ("幼儿园", "幼儿园"),
    ],
)
def test_a_stage_or_grade_says_at_school_and_which_grade(word: str, grade: str) -> None:
    assert normalize_cell("school_status", word) == ("enrolled", (("grade", grade),))


@pytest.mark.parametrize("word", ["小学毕业", "高中肄业", "年级", "十年级", "初中文化"])
def test_words_that_only_look_like_a_grade_are_left_to_the_value_step(word: str) -> None:
    assert normalize_cell("school_status", word) == (word, ())


def test_a_header_on_two_lines_is_shown_on_one(tmp_path: Path) -> None:
    from .test_import import _cli

    data = tmp_path / "data"
    with Desk(data / "community.db") as desk:
        desk.create_community("锦绣社区")
    headers = ["户号", "姓名", "与户主关系", "身份证\n号码"]
    good = str(_rows()[0][7])
    bad = good[:17] + ("1" if good[17] == "0" else "0")  # a wrong check character
    path = write_xlsx(tmp_path / "two-lines.xlsx", headers, [["001", "罗德明", "户主", bad]])
    out = _cli("import", str(path), "--dry-run", data=data).stdout
    assert "身份证号码→id_number" in out and "    身份证号码 “" in out
    assert "身份证\n" not in out
