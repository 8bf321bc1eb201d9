"""A roster that still lists members who died or moved away, with a status column saying so
(人员状态: 死亡, 已迁出, 注销 …): those rows are skipped and counted, never imported as
residents; the status column is named as used for that; a status the table does not know
keeps its row, as does a blank one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping

from ._roster import person, write_csv, write_xlsx

STATUSES = ["正常", "死亡", "已迁出", "", "外出务工", "户口注销", "健在"]
GONE = {"死亡", "已迁出", "户口注销"}


@pytest.mark.parametrize(
    ("header", "kind"),
    [("人员状态", "csv"), ("人员状态（正常/死亡/迁出）", "xlsx"), ("人口状态", "csv")],
)
def test_members_who_died_or_left_are_skipped_and_counted(
    desk_factory: Callable[..., Desk], tmp_path: Path, header: str, kind: str
) -> None:
    people = [person(n) for n in range(1, len(STATUSES) + 1)]
    headers = ["户号", "姓名", "与户主关系", "身份证号码", header]
    rows = [
        [f"{n:03d}", p["姓名"], "户主", p["身份证号码"], status]
        for n, (p, status) in enumerate(zip(people, STATUSES, strict=True), 1)
    ]
    write = write_xlsx if kind == "xlsx" else write_csv
    raw = read_table(write(tmp_path / f"r.{kind}", headers, rows))
    desk = desk_factory()
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    summary = plan.summary()
    assert summary["skipped_rows"] == {"gone": len(GONE)}
    assert [c.reason for c in plan.ignored if c.column == header] == ["member_status"]
    assert summary["rejected_by_reason"] == {}
    assert apply_import(desk, plan).applied
    kept = {r[0] for r in desk.conn.execute("SELECT id_number FROM person")}
    expected = {p["身份证号码"] for p, s in zip(people, STATUSES, strict=True) if s not in GONE}
    assert kept == expected


def test_without_a_status_column_the_same_words_elsewhere_skip_nothing(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    p = person(1)
    rows = [["001", p["姓名"], "户主", p["身份证号码"], "死亡"]]  # a note, not a status
    raw = read_table(
        write_csv(tmp_path / "r.csv", ["户号", "姓名", "与户主关系", "身份证号码", "备注"], rows)
    )
    plan = plan_import(desk_factory(), raw, suggest_mapping(raw.headers))
    assert plan.summary()["skipped_rows"] == {} and plan.valid_count == 1


def test_a_remark_after_the_name_is_left_out_or_says_the_member_is_gone(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    """张大山（户主）, 李四(残疾): the name is kept and the note names the remark; 王五（已故）
    is skipped as gone, like a status column saying so."""
    people = [person(n) for n in (1, 2, 3, 4)]
    remarks = ["（户主）", "(残疾)", "（已故）", ""]
    rows = [
        [f"{n:03d}", p["姓名"] + r, "户主", p["身份证号码"]]
        for n, (p, r) in enumerate(zip(people, remarks, strict=True), 1)
    ]
    raw = read_table(
        write_csv(tmp_path / "r.csv", ["户号", "姓名", "与户主关系", "身份证号码"], rows)
    )
    desk = desk_factory()
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    summary = plan.summary()
    assert summary["skipped_rows"] == {"gone": 1} and summary["rejected_by_reason"] == {}
    notes = [n for r in plan.report for n in r.notes]
    assert [(n.code, n.value) for n in notes] == [
        ("corrected_name_words", rows[0][1]),
        ("corrected_name_words", rows[1][1]),
    ]
    assert apply_import(desk, plan).applied
    names = {r[0]: r[1] for r in desk.conn.execute("SELECT id_number, name FROM person")}
    assert names == {p["身份证号码"]: p["姓名"] for p in (people[0], people[1], people[3])}
