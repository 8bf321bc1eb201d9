"""A workbook of several roster sheets (one per building) beside sheets that are no roster:
every roster sheet is read, the others are named with why, each row says its sheet, and
``--sheet`` reads the ones named. The counts of the corpus file 10_分楼栋工作表 are checked
with the rest of the corpus (test_corpus, and as LibreOffice saves it: test_office_suite)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from relocdesk.desk import Desk
from relocdesk.roster import (
    RosterReadError,
    apply_import,
    plan_import,
    read_table,
    suggest_mapping,
)

from .corpus.make_corpus import BUILDERS, Case, build


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    cases = build(tmp_path_factory.mktemp("corpus"))
    return cases[[b.__name__ for b in BUILDERS].index("building_sheets_xlsx")]


def test_every_roster_sheet_is_read_and_the_others_are_named(case: Case) -> None:
    raw = read_table(case.path)
    assert [name for name, _ in raw.sheets] == ["1栋", "2栋", "3栋"]
    assert sum(n for _, n in raw.sheets) == len(raw.rows) == case.expected.data_rows
    assert [name for name, _, _ in raw.skipped_sheets] == ["填表说明", "汇总"]  # not Sheet2
    assert all(zh and en for _, zh, en in raw.skipped_sheets)
    # one column per field across the sheets, whatever each sheet calls it
    mapping = suggest_mapping(raw.headers)
    fields = [f for f in mapping.values() if f]
    assert sorted(fields) == sorted(set(fields))
    assert {"id_number", "phone", "household_no", "name", "relation"} <= set(fields)


def test_each_row_says_its_sheet(case: Case, desk_factory: Callable[..., Desk]) -> None:
    raw = read_table(case.path)
    plan = plan_import(desk_factory(), raw, suggest_mapping(raw.headers))
    out = plan.to_json()
    assert [s["name"] for s in out["summary"]["sheets"]] == ["1栋", "2栋", "3栋"]
    assert {s["name"] for s in out["summary"]["sheets_not_read"]} == {"填表说明", "汇总"}
    bad = out["rows"]
    assert bad and all(r["sheet"] == "2栋" for r in bad)  # the mistyped head and his family
    head = next(r for r in bad if r["errors"][0]["code"] == "id_checksum")
    held = [r for r in bad if r["errors"][0]["code"] == "head_rejected"]
    where = f"2栋 第 {head['row']} 行"
    assert held and all(where in r["errors"][0]["zh"] for r in held)
    assert all(f"row {head['row']} of 2栋" in r["errors"][0]["en"] for r in held)
    [repeat] = out["notes"]
    assert repeat["sheet"] == "3栋" and "1栋 第" in repeat["notes"][0]["zh"]
    # the row numbers are the sheets' own, as the clerk sees them there
    ws_rows = {r.sheet: r.row_number for r in plan.report if r.row_number == 3}
    assert set(ws_rows) == {"1栋", "2栋", "3栋"}  # each sheet's first data row, under its header


def test_the_rejects_file_names_the_sheet_and_reads_back(
    case: Case, desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    raw = read_table(case.path)
    desk = desk_factory()
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    rejects = tmp_path / "rejects.xlsx"
    result = apply_import(desk, plan, mode="valid_only", rejects_path=rejects)
    assert result.applied and result.people_created == case.expected.people
    back = read_table(rejects)
    assert back.headers[:2] == ["原工作表 / sheet", "原行号 / row"]
    assert {r[0] for r in back.rows} == {"2栋"} and len(back.rows) == case.expected.rejected
    again = plan_import(desk_factory("再次"), back, suggest_mapping(back.headers))
    assert {c.column for c in again.ignored} >= {"原工作表 / sheet", "原行号 / row"}


def test_named_sheets_only(case: Case) -> None:
    raw = read_table(case.path, ["2栋"])
    assert raw.sheets == [("2栋", len(raw.rows))] and not raw.row_sheets  # one sheet: as ever
    assert raw.skipped_sheets == []
    with pytest.raises(RosterReadError) as info:
        read_table(case.path, ["2栋", "9栋"])
    assert info.value.code == "no_sheet"
    assert "9栋" in info.value.message_zh and "1栋" in info.value.message_en  # what there is


def test_the_command_line_reads_the_sheets_it_is_told(case: Case, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Desk(data / "community.db") as desk:
        desk.create_community("锦绣社区")
    cli = [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data), "import"]
    run = subprocess.run(
        [*cli, str(case.path), "--dry-run", "--json", "--sheet", "1栋", "--sheet", "3栋"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    out = orjson.loads(run.stdout)
    assert [s["name"] for s in out["summary"]["sheets"]] == ["1栋", "3栋"]
    assert out["summary"]["errors"] == 0 and out["summary"]["repeats"] == 1
    text = subprocess.run(
        [*cli, str(case.path), "--dry-run"], capture_output=True, text=True, timeout=120
    ).stdout
    assert "未读取的工作表 / sheet not read: 汇总" in text and "2栋 第 " in text
    wrong = subprocess.run(
        [*cli, str(case.path), "--dry-run", "--sheet", "花名册"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert wrong.returncode == 2 and "花名册" in wrong.stderr and "Traceback" not in wrong.stderr


def _people(desk: Desk, path: Path) -> tuple[dict[str, Any], set[tuple[Any, ...]]]:
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    s = plan.summary()
    counts = {k: s[k] for k in ("valid", "errors", "insert", "new_households", "repeats")}
    planned = {
        (p.values.get("id_number"), p.values.get("name"), p.values.get("phone"), p.household_key)
        for p in plan.people
    }
    return counts, planned


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_roster_split_into_sheets_plans_as_the_whole(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Any split of one sheet's rows into sheets, each with its columns in any order, plans
    the same people, households and counts as the one sheet."""
    from tests.roster.corpus.families import Maker

    hh = [Maker(7).family(n, ("户主", "配偶", "儿子", "女儿"), 1 + n % 4) for n in range(20)]
    header = ["户号", "姓名", "与户主关系", "身份证号码", "联系电话"]
    rows = [
        [h.no, p.name, p.relation, p.id_number, f"139{p.id_number[9:17]}"]
        for h in hh
        for p in h.people
    ]
    cuts = sorted(data.draw(st.sets(st.integers(1, len(rows) - 1), max_size=4)))
    d = tmp_path_factory.mktemp("split")
    whole, split = Workbook(), Workbook()
    sheet = whole.active
    assert sheet is not None
    for r in [header, *rows]:
        sheet.append(r)
    split.remove(split.worksheets[0])
    for k, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(rows)], strict=True)):
        order = data.draw(st.permutations(range(len(header))))
        part = split.create_sheet(f"第{k + 1}部分")  # parts of one list, not buildings
        for r in [header, *rows[a:b]]:
            part.append([r[i] for i in order])
    whole.save(d / "whole.xlsx")
    split.save(d / "split.xlsx")
    with Desk(d / "a.db") as a, Desk(d / "b.db") as b:
        a.create_community("锦绣社区")
        b.create_community("锦绣社区")
        assert _people(a, d / "whole.xlsx") == _people(b, d / "split.xlsx")


def test_a_households_sheet_is_named_not_read(tmp_path: Path) -> None:
    """The app's own export has a 住户 sheet beside the 花名册: a header of household columns
    (户号, 楼栋, 房号 …) without names and ID numbers is no list of people."""
    with Desk(tmp_path / "community.db") as desk:
        assert desk.make_demo(households=12)
        people = desk.people.count()
        desk.roster.export(tmp_path / "export.xlsx")
    raw = read_table(tmp_path / "export.xlsx")
    assert raw.sheets == [("花名册", people)] and not raw.row_sheets
    [(name, zh, en)] = raw.skipped_sheets
    assert name == "住户" and "不是人员花名册" in zh and "not a list of people" in en


def test_a_hidden_sheet_is_named_and_read_only_when_asked(tmp_path: Path) -> None:
    """A hidden sheet (last year's copy, a lookup list for drop-downs) is not mixed into the
    roster: it is named as hidden; ``--sheet`` with its name reads it."""
    from tests.roster._roster import HEADERS, as_rows, roster

    book = Workbook()
    now = book.active
    assert now is not None
    now.title = "花名册"
    old = book.create_sheet("花名册（去年）")
    old.sheet_state = "hidden"
    for sheet, people in ((now, roster(3)), (old, roster(2, start=50))):
        sheet.append(HEADERS)
        for row in as_rows(people):
            sheet.append(row)
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    raw = read_table(path)
    assert [n for n, _ in raw.sheets] == ["花名册"] and len(raw.rows) == len(roster(3))
    assert raw.skipped_sheets == [
        ("花名册（去年）", "隐藏的工作表，未读取", "a hidden sheet: not read")
    ]
    asked = read_table(path, ["花名册（去年）"])
    assert len(asked.rows) == len(roster(2, start=50))


# Sheet names and the building each stands for (None: no building)
_SHEET_NAMES = [
    ("1栋", "1"),
    ("12号楼", "12"),
    ("3幢", "3"),
    ("5座", "5"),
    ("6#楼", "6"),
    ("1栋花名册", "1"),
    ("A区5栋", "A区5"),
    ("二期3栋", "二期3"),
    ("１０栋", "10"),
    ("1号", None),
    ("第一页", None),
    ("Sheet1", None),
    ("汇总", None),
    ("1栋2单元", "1-2"),
    ("A区3栋02单元花名册", "A区3-2"),
    ("1栋2单元302", None),
    ("1栋0单元", None),
    ("1栋99单元", None),
]


@pytest.mark.parametrize(
    ("way", "text", "building"),
    [
        *((("sheet", n, b) for n, b in _SHEET_NAMES)),
        *((("heading", n, b) for n, b in _SHEET_NAMES if b)),
        ("heading", "一、1栋", "1"),
        ("heading", "（三）5号楼：", "5"),
        ("heading", "2. 6栋", "6"),
        ("heading", "3栋（共12户）", "3"),
        ("heading", "2栋(38人)", "2"),
        ("heading", "1栋（东）", None),
        ("heading", "1栋（西区）", None),
        ("heading", "一、基本情况", None),
        ("heading", "合计", None),
    ],
)
def test_the_building_and_unit_a_sheets_name_or_a_heading_stands_for(
    way: str, text: str, building: str | None
) -> None:
    from relocdesk.roster.address import section_place, sheet_place

    assert (sheet_place if way == "sheet" else section_place)(text) == building


def _homes(desk: Desk) -> list[tuple[Any, ...]]:
    """(building, unit, room, people) of each household, by building."""
    return [
        tuple(r)
        for r in desk.conn.execute(
            "SELECT b.number, h.unit, h.room, count(p.id) FROM household h"
            " JOIN building b ON b.id = h.building_id JOIN person p ON p.household_id = h.id"
            " GROUP BY h.id ORDER BY b.number"
        )
    ]


def _by_building(tmp_path: Path, sheets: dict[str, list[list[Any]]], header: list[str]) -> Path:
    book = Workbook()
    book.remove(book.worksheets[0])
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r in [header, *rows]:
            sheet.append(r)
    path = tmp_path / "by_building.xlsx"
    book.save(path)
    return path


def test_one_sheet_per_building_gives_each_household_its_building(
    tmp_path: Path, desk_factory: Callable[..., Desk]
) -> None:
    """A roster kept one sheet per building with rooms but no building column: the same
    unit and room in two sheets are two households in two buildings, never one household
    with two heads; and the report says where the buildings came from."""
    from tests.roster.corpus.families import Maker

    make = Maker(3)
    header = ["单元", "房号", "姓名", "与户主关系", "身份证号码"]
    sheets: dict[str, list[list[Any]]] = {}
    for sheet, n in (("1栋", 1), ("2号楼", 2), ("3栋花名册", 3)):
        family = make.family(n, ("户主", "配偶", "儿子", "女儿"), 3)
        sheets[sheet] = [["1", "301", p.name, p.relation, p.id_number] for p in family.people]
    desk = desk_factory("锦绣社区")
    raw = read_table(_by_building(tmp_path, sheets, header))
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.ok, plan.to_json(5)
    buildings = {x["name"]: x["building"] for x in plan.summary()["sheets"]}
    assert buildings == {"1栋": "1", "2号楼": "2", "3栋花名册": "3"}
    apply_import(desk, plan)
    assert _homes(desk) == [(b, 1, "301", 3) for b in ("1", "2", "3")]


@pytest.mark.parametrize("layout", ["one sheet names no building", "a building column"])
def test_sheet_names_give_no_building_unless_every_sheet_is_one_and_none_is_written(
    tmp_path: Path, desk_factory: Callable[..., Desk], layout: str
) -> None:
    from tests.roster.corpus.families import Maker

    make = Maker(4)
    header = ["户号", "姓名", "与户主关系", "身份证号码"]
    names = ("1栋", "第二页") if layout.startswith("one") else ("1栋", "2栋")
    sheets: dict[str, list[list[Any]]] = {}
    for n, sheet in enumerate(names, 1):
        family = make.family(n, ("户主", "配偶", "儿子", "女儿"), 2)
        rows = [[f"H{n}", p.name, p.relation, p.id_number] for p in family.people]
        sheets[sheet] = [[*r, "7"] for r in rows] if layout == "a building column" else rows
    if layout == "a building column":
        header = [*header, "楼栋"]
    desk = desk_factory("锦绣社区")
    raw = read_table(_by_building(tmp_path, sheets, header))
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.ok and not any(x["building"] for x in plan.summary()["sheets"])
    apply_import(desk, plan)
    numbers = [r[0] for r in desk.conn.execute("SELECT number FROM building")]
    assert numbers == (["7"] if layout == "a building column" else [])


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_rows_under_a_building_heading_live_in_that_building(
    tmp_path: Path, desk_factory: Callable[..., Desk], kind: str
) -> None:
    """One sheet divided by heading rows (一、1栋 over its rows, merged across the row in the
    workbook): each heading is skipped and counted as one, never a bad person, and the rows
    below live in its building; the same unit and room under two headings are two households."""
    import csv

    from tests.roster.corpus.families import Maker

    make = Maker(6)
    header = ["单元", "房号", "姓名", "与户主关系", "身份证号码"]
    rows: list[list[str]] = []
    for n, heading in enumerate(("一、1栋", "二、2栋（共1户）", "三、3号楼"), 1):
        rows.append([heading, "", "", "", ""])
        family = make.family(n, ("户主", "配偶", "儿子", "女儿"), 3)
        rows += [["1", "301", p.name, p.relation, p.id_number] for p in family.people]
    if kind == "csv":
        path = tmp_path / "sections.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows([header, *rows])
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for r in [header, *rows]:
            sheet.append(r)
        for i, r in enumerate(rows, 2):
            if r[1] == "":
                sheet.merge_cells(start_row=i, start_column=1, end_row=i, end_column=5)
        path = tmp_path / "sections.xlsx"
        book.save(path)
    desk = desk_factory("锦绣社区")
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.ok, plan.to_json(5)
    assert plan.summary()["skipped_rows"] == {"section": 3}
    apply_import(desk, plan)
    assert _homes(desk) == [(b, 1, "301", 3) for b in ("1", "2", "3")]


def test_one_sheet_per_unit_gives_each_household_its_building_and_unit(
    tmp_path: Path, desk_factory: Callable[..., Desk]
) -> None:
    """Sheets kept per unit (1栋1单元, 1栋2单元) of a roster with rooms alone: the same room in
    two units is two households of building 1; the report names each sheet's place."""
    from tests.roster.corpus.families import Maker

    make = Maker(8)
    header = ["房号", "姓名", "与户主关系", "身份证号码"]
    sheets: dict[str, list[list[Any]]] = {}
    for n, sheet in enumerate(("1栋1单元", "1栋2单元"), 1):
        family = make.family(n, ("户主", "配偶", "儿子", "女儿"), 3)
        sheets[sheet] = [["301", p.name, p.relation, p.id_number] for p in family.people]
    desk = desk_factory("锦绣社区")
    raw = read_table(_by_building(tmp_path, sheets, header))
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.ok, plan.to_json(5)
    places = {x["name"]: x["place"] for x in plan.summary()["sheets"]}
    assert places == {"1栋1单元": "1栋1单元", "1栋2单元": "1栋2单元"}
    apply_import(desk, plan)
    assert _homes(desk) == [("1", 1, "301", 3), ("1", 2, "301", 3)]
