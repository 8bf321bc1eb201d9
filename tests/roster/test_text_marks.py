"""The ways a number is kept as text in the files offices send: a system's CSV writes a cell as
="0012345" so Excel shows it as text, leading zeros and all 18 digits kept; a clerk types an
apostrophe before it in Excel, which a Chinese input method types as a curly quote (‘ ’).
The import reads the number Excel shows in each case."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk import validation
from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping

from ._roster import person

HEADERS = ["户号", "姓名", "与户主关系", "身份证号码", "联系电话", "备注"]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADERS, *rows])
    return path


def test_a_systems_text_cells_read_as_excel_shows_them(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    people = [person(n) for n in (1, 2, 3)]
    rows = [
        ['="0012"', p["姓名"], "户主", f'="{p["身份证号码"]}"', f' ="{p["联系电话"]}" ', note]
        for p, note in zip(people, ['价格="5元"', "", '="'], strict=True)
    ]
    raw = read_table(_write(tmp_path / "system.csv", rows[:1]))
    assert raw.rows[0][:5] == [
        "0012",
        people[0]["姓名"],
        "户主",
        *[people[0][k] for k in HEADERS[3:5]],
    ]
    assert raw.rows[0][5] == '价格="5元"'  # a note that only holds =" is kept as written
    for n, row in enumerate(rows):
        row[0] = f'="{n + 1:04d}"'
    raw = read_table(_write(tmp_path / "all.csv", rows))
    desk = desk_factory()
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.summary()["rejected_by_reason"] == {}
    assert apply_import(desk, plan).applied
    got = desk.conn.execute(
        "SELECT h.household_no, p.id_number, p.phone FROM person p"
        " JOIN household h ON h.id = p.household_id ORDER BY h.household_no"
    ).fetchall()
    expected = [(f"{n + 1:04d}", p["身份证号码"], p["联系电话"]) for n, p in enumerate(people)]
    assert [tuple(r) for r in got] == expected


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12))
def test_any_text_written_as_a_formula_reads_as_itself(tmp_path: Path, text: str) -> None:
    p = person(1)
    path = _write(
        tmp_path / "f.csv", [["001", p["姓名"], "户主", p["身份证号码"], "", f'="{text}"']]
    )
    assert read_table(path).rows[0][5] == text.strip()


@pytest.mark.parametrize("mark", ["'", "‘", "’", "`"])
def test_a_mark_typed_to_keep_a_number_text_is_not_part_of_it(mark: str) -> None:
    p = person(7)
    assert validation.id_number(mark + p["身份证号码"]) == p["身份证号码"]
    assert validation.phone(mark + p["联系电话"]) == p["联系电话"]
    assert validation.phone(f"{mark}0854-8123456") == "0854-8123456"
