"""A family's household written once, on the head's row or in cells merged down (which some
readers return on the first row only): a member's row that names no household, right under a
row of one, is counted in that household with a note; anything between (a blank or totals
row, another sheet) or a head's own row without one is no household, as before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from relocdesk.desk import Desk
from relocdesk.roster import plan_import, read_table, suggest_mapping

from ._roster import HEADERS, as_rows, roster

HOME = [HEADERS.index(h) for h in ("户号", "楼栋", "单元", "房号")]


def _blank_home(row: list[str]) -> list[str]:
    return ["" if i in HOME else v for i, v in enumerate(row)]


def _plan(desk: Desk, path: Path, sheets: list[list[list[str]]]):  # type: ignore[no-untyped-def]
    book = Workbook()
    book.remove(book.worksheets[0])
    for k, rows in enumerate(sheets):
        sheet = book.create_sheet(f"{k + 1}栋")
        if k == 2:
            sheet.append([f"{k + 1}栋花名册"])  # a title: its first row is row 3, as if under
        sheet.append(HEADERS)
        for row in rows:
            sheet.append(row)
    book.save(path)
    raw = read_table(path)
    return plan_import(desk, raw, suggest_mapping(raw.headers))


def test_members_under_their_head_join_the_household(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    family = as_rows(roster(1, start=3))  # households of 1 + 3 % 4 = 4 people
    rows = [family[0], *map(_blank_home, family[1:])]
    plan = _plan(desk_factory(), tmp_path / "a.xlsx", [rows])
    s = plan.summary()
    assert s["errors"] == 0 and s["new_households"] == 1 and s["insert"] == 4
    notes = [n for r in plan.report for n in r.notes if n.code == "household_from_above"]
    assert len(notes) == 3 and all("上一行" in n.message_zh for n in notes)
    assert s["corrected"] == 0  # nothing in a cell was changed


def test_nothing_between_and_never_a_head_or_across_sheets(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    one, two, three = (as_rows(roster(1, start=n)) for n in (3, 7, 11))
    gap = [one[0], _blank_home(one[1]), [""] * len(HEADERS), _blank_home(one[2])]
    # a head with no household under a household's row; a sheet whose first row has none
    sheets = [gap, [two[0]], [_blank_home(one[3])], [two[1], _blank_home(three[0])]]
    plan = _plan(desk_factory(), tmp_path / "b.xlsx", sheets)
    codes = {(r.sheet, r.name): [e.code for e in r.errors] for r in plan.report}
    names = [r[HEADERS.index("姓名")] for r in (one[1], one[2], three[0], one[3])]
    assert codes[("1栋", names[0])] == []  # right under its head
    assert codes[("1栋", names[1])] == ["no_household"]  # a blank row between
    assert codes[("4栋", names[2])] == ["no_household"]  # a head takes no one's household
    assert codes[("3栋", names[3])] == ["no_household"]  # row 2 above it is another sheet's


def test_under_a_rejected_head_a_member_is_held_back(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    family = as_rows(roster(1, start=3))
    idn = HEADERS.index("身份证号码")
    family[0][idn] = family[0][idn][:17] + ("0" if family[0][idn][17] != "0" else "1")
    rows = [family[0], *map(_blank_home, family[1:])]
    plan = _plan(desk_factory(), tmp_path / "c.xlsx", [rows])
    assert plan.summary()["rejected_by_reason"] == {"id_checksum": 1, "head_rejected": 3}
