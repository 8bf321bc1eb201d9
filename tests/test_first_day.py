"""A real community's first day on the command line: no demo, no server. ``relocdesk init``
makes the empty community, ``relocdesk import`` brings in the office's roster (its buildings
too), ``relocdesk warnings`` answers from it. Real processes on a fresh data folder."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.validation import ValidationError, ValidationErrors


def relocdesk(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


HEADER = [
    "序号", "楼栋", "单元", "房号", "姓名", "与户主关系", "性别",
    "公民身份号码", "联系电话", "劳动能力", "就业状态", "迁出地（县）",
]  # fmt: skip
ROWS = [
    # Building 1 has no one at work: a zero-employment household, the first red warning.
    [1, "1栋", 1, "101", "杨再学", "户主", "男", "520123197804151239", "13985012345",
     "有劳动能力", "有就业意愿未就业", "紫云县"],
    [2, "1栋", 1, "101", "罗秀英", "配偶", "女", "520123198002203425", "",
     "有劳动能力", "有就业意愿未就业", "紫云县"],
    [3, "2栋", 1, "302", "王国富", "户主", "男", "520123196511080014", "15286001122",
     "有劳动能力", "本地就业", "望谟县"],
]  # fmt: skip


def write_roster(path: Path) -> Path:
    """As an office types one in Excel: a merged title, a unit line, then the table."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet.append(["幸福社区易地扶贫搬迁安置户花名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(["填报单位：幸福社区居委会", None, None, None, None, "填报时间：2026年3月"])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=4, min_col=8, max_col=9):
        for cell in cells:
            cell.number_format = "@"  # ID numbers typed as text, or Excel rounds them
    book.save(path)
    return path


@pytest.mark.timeout(300)
def test_init_import_warnings_on_a_fresh_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    roster = write_roster(tmp_path / "幸福社区花名册.xlsx")

    made = relocdesk(
        "init", "--name", "幸福社区", "--county", "惠水县", "--township", "濛江街道",
        "--json", data_dir=data,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["name"] == "幸福社区"

    dry = relocdesk("import", str(roster), "--dry-run", data_dir=data)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    imported = relocdesk("import", str(roster), "--json", data_dir=data)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    result = json.loads(imported.stdout)["result"]
    assert result["applied"] and result["buildings_created"] == 2

    warned = relocdesk("warnings", "--json", data_dir=data)
    assert warned.returncode == 0, warned.stderr
    found = json.loads(warned.stdout)["warnings"]
    zero = [w for w in found if w["level"] == "red" and w["household_no"] and "就业" in str(w)]
    assert zero, found
    with Desk(data / "community.db") as desk:
        buildings = {b["number"] for b in desk.buildings_list()}
        community = desk.community()
        households = desk.conn.execute("SELECT count(*) FROM household").fetchone()[0]
    assert buildings == {"1", "2"}, buildings  # the numbers: a card prints 1栋, not 1栋栋
    assert community is not None and community["township"] == "濛江街道"
    assert households == 2


def test_init_refuses_a_folder_that_has_a_community(tmp_path: Path) -> None:
    first = relocdesk("init", "--name", "幸福社区", "--county", "惠水县", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    before = (tmp_path / "community.db").read_bytes()
    again = relocdesk("init", "--name", "和谐社区", "--county", "惠水县", data_dir=tmp_path)
    assert again.returncode == 2
    assert "已经有社区" in again.stderr and "already holds the community" in again.stderr
    assert "Traceback" not in again.stderr
    with Desk(tmp_path / "community.db") as desk:
        assert (desk.community() or {})["name"] == "幸福社区"
    assert len(before) > 0


def test_init_with_a_blank_name_writes_nothing(tmp_path: Path) -> None:
    out = relocdesk("init", "--name", "  ", "--county", "惠水县", data_dir=tmp_path)
    assert out.returncode == 2
    assert "社区名称不能为空" in out.stderr and "community name is required" in out.stderr
    assert not (tmp_path / "community.db").exists()


def test_a_dry_run_on_an_empty_folder_leaves_no_file(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "roster.xlsx")
    data = tmp_path / "data"
    for extra in (["--dry-run"], []):
        out = relocdesk("import", str(roster), *extra, data_dir=data)
        assert out.returncode == 2
        assert "relocdesk init" in out.stderr and "Traceback" not in out.stderr
        assert not (data / "community.db").exists()


def test_found_community_checks_every_field(tmp_path: Path) -> None:
    with Desk(tmp_path / "c.db") as desk:
        with pytest.raises(ValidationErrors) as bad:
            desk.found_community(name="", county="", address="路" * 201)
        assert [e.field for e in bad.value.errors] == ["name", "county", "address"]
        assert desk.community_id == ""
        row = desk.found_community(name=" 幸福 社区 ", county="惠水县")
        assert row["name"] == "幸福 社区" and (desk.community() or {})["township"] is None
        with pytest.raises(ValidationError) as again:
            desk.found_community(name="和谐社区", county="惠水县")
        assert again.value.code == "exists"


ROOM_STYLES = {
    "dashed": "{b}-{u}-{r}",
    "words": "{b}栋{u}单元{r}室",
    "spaced": "{b}栋 {u}单元 {r}",
    "full_width": "{b}－{u}－{r}",
}


@settings(max_examples=25, deadline=None)
@given(
    building=st.one_of(st.integers(1, 60).map(str), st.sampled_from(["A", "B2", "12A"])),
    unit=st.integers(1, 9),
    floor=st.integers(1, 33),
    door=st.integers(1, 4),
    style=st.sampled_from(sorted(ROOM_STYLES)),
)
def test_a_whole_room_makes_its_building(
    building: str, unit: int, floor: int, door: int, style: str
) -> None:
    """Many offices keep the room whole in 房号 (3-2-501, 3栋2单元501室): the building is
    created from it and the household lands in its building, unit and room."""
    from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping

    room = f"{floor}{door:02d}"
    written = ROOM_STYLES[style].format(b=building, u=unit, r=room)
    with tempfile.TemporaryDirectory() as folder:
        roster = Path(folder) / "花名册.csv"
        roster.write_text(
            f"姓名,与户主关系,身份证号码,房号\n杨再学,户主,520123197804151239,{written}\n",
            encoding="utf-8-sig",  # as Excel saves "CSV UTF-8"
        )
        with Desk(Path(folder) / "community.db") as desk:
            desk.found_community(name="幸福社区", county="惠水县")
            raw = read_table(roster)
            plan = plan_import(desk, raw, suggest_mapping(raw.headers))
            result = apply_import(desk, plan)
            assert result.applied and result.buildings_created == 1, written
            got = desk.conn.execute(
                "SELECT b.number, h.unit, h.room FROM household h"
                " JOIN building b ON b.id = h.building_id"
            ).fetchall()
    assert [tuple(g) for g in got] == [(building, unit, room)], written


def test_nothing_is_saved_before_there_is_a_community(tmp_path: Path) -> None:
    """Chose to enroll but not synced yet: a row would belong to no community."""
    with Desk(tmp_path / "community.db") as desk:
        with pytest.raises(ValidationError) as refused:
            desk.buildings.create(number="1")
        assert refused.value.code == "no_community" and "新建社区" in refused.value.message_zh
        assert desk.unsent_count() == 0
        assert desk.conn.execute("SELECT count(*) FROM building").fetchone()[0] == 0
        desk.found_community(name="幸福社区", county="惠水县")
        assert desk.buildings.create(number="1")["community_id"] == desk.community_id
