"""A roster that is a web page under an Excel name: the ".xls" that web systems export (an HTML
table; Excel opens it after a warning), in GBK as many of them write it, with a title over the
table, a header in two rows under a group title, each household's 户号 and room written once
over its members (rowspan), blanks as &nbsp;, and a totals row. And a roster that LibreOffice
Calc saved as a web page, read back as the workbook it came from. Before, each was refused as
"named as an Excel file but not a workbook"."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.roster import (
    RosterReadError,
    apply_import,
    html_table,
    plan_import,
    read_table,
    suggest_mapping,
)
from tests.office_suite import convert, needs_soffice

from ._roster import HEADERS, as_rows, id_number, roster, write_xlsx

HEAD = id_number(datetime.date(1978, 4, 15), 123)  # a man: the sequence's last digit is odd
WIFE = id_number(datetime.date(1980, 2, 20), 124)
SON = id_number(datetime.date(2004, 9, 1), 125)
ALONE = id_number(datetime.date(1965, 11, 8), 127)

EXPORTED = f"""<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<style>td {{ mso-number-format: "\\@"; }}</style>
<script>var rows = "<table><tr><td>not a roster</td></tr></table>";</script></head>
<body><table border=1>
<tr><td colspan=8 align=center><b>幸福社区易地扶贫搬迁安置户花名册</b></td></tr>
<tr><th rowspan=2>户号</th><th colspan=3>住址</th><th rowspan=2>姓名</th>
<th rowspan=2>与户主关系</th><th rowspan=2>公民身份号码</th><th rowspan=2>联系电话</th></tr>
<tr><th>楼栋</th><th>单元</th><th>房号</th></tr>
<tr><td rowspan=3>HH0001</td><td rowspan=3>1栋</td><td rowspan=3>1</td><td rowspan=3>101</td>
<td>杨再学</td><td>户主</td><td x:str>{HEAD}</td><td>13985012345</td></tr>
<tr><td>罗秀英</td><td>配偶</td><td>{WIFE}</td><td>&nbsp;</td></tr>
<tr><td>杨&nbsp;光明</td><td>子女</td><td>="{SON}"</td><td></td></tr>
<tr><td>HH0002</td><td>2栋</td><td>1</td><td>302</td><td>王国富</td><td>户主</td>
<td>{ALONE}</td><td>152 8600 1122</td></tr>
<tr><td colspan=4>合计</td><td>4人</td><td></td><td></td><td></td></tr>
</table><p>制表人：张三</p></body></html>
"""


def _import(desk: Desk, path: Path, mode: Any = "all_or_nothing") -> Any:
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    return raw, plan, apply_import(desk, plan, mode=mode)


@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_only"])
def test_a_systems_web_page_export_imports_as_the_roster_it_shows(
    desk: Desk, tmp_path: Path, mode: str
) -> None:
    path = tmp_path / "花名册导出.xls"
    path.write_bytes(EXPORTED.encode("gb18030"))
    raw, plan, result = _import(desk, path, mode)
    assert raw.encoding == "gb18030" and plan.error_count == 0, plan.to_json(5)
    assert result.applied and result.people_created == 4 and result.households_created == 2
    counts = plan.counts()
    assert counts["skipped_rows"] == {"title": 1, "total": 1}
    got = {
        r["id_number"]: (r["name"], r["relation"], r["household_no"], r["room"], r["phone"])
        for r in desk.conn.execute(
            "SELECT p.id_number, p.name, p.relation, h.household_no, h.room, p.phone"
            " FROM person p JOIN household h ON h.id = p.household_id"
        )
    }
    assert got == {
        HEAD: ("杨再学", "head", "HH0001", "101", "13985012345"),
        WIFE: ("罗秀英", "spouse", "HH0001", "101", None),
        SON: ("杨光明", "son", "HH0001", "101", None),
        ALONE: ("王国富", "head", "HH0002", "302", "15286001122"),
    }
    building = desk.conn.execute(
        "SELECT b.number FROM household h JOIN building b ON b.id = h.building_id"
        " WHERE h.household_no = 'HH0002'"
    ).fetchone()[0]
    assert building == "2"


def test_a_web_page_with_no_roster_in_its_table_is_refused_plainly(tmp_path: Path) -> None:
    empty = tmp_path / "空表.xls"
    empty.write_text("<html><body><table><tr><td> </td></tr></table></body></html>")
    with pytest.raises(RosterReadError) as e:
        read_table(empty)
    assert e.value.code == "empty" and "网页" in e.value.message_zh
    no_table = tmp_path / "登录.xls"  # a system's sign-in page saved instead of the export
    no_table.write_text("<html><body><form>请登录</form></body></html>")
    with pytest.raises(RosterReadError) as e:
        read_table(no_table)
    assert e.value.code == "not_spreadsheet"


@needs_soffice
def test_a_roster_saved_as_a_web_page_by_calc_reads_as_its_workbook(tmp_path: Path) -> None:
    people = roster(5)
    book = write_xlsx(tmp_path / "roster.xlsx", HEADERS, as_rows(people), title="花名册")
    convert([book], "html", tmp_path / "out", tmp_path / "profile")
    page = tmp_path / "roster-page.xls"
    page.write_bytes((tmp_path / "out" / "roster.html").read_bytes())
    from_page, from_book = read_table(page), read_table(book)
    assert from_page.headers == from_book.headers
    assert from_page.rows == from_book.rows
    assert len(from_page.rows) == len(people)


_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\xa0")
    | st.sampled_from(" \t\r\n"),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(
    grid=st.lists(st.lists(_TEXT, min_size=3, max_size=3), min_size=1, max_size=6),
    attrs=st.sampled_from(["", " class=x", " style=\"mso-number-format:'\\@'\"", " x:str"]),
    upper=st.booleans(),
)
def test_a_table_reads_back_the_text_it_was_written_with(
    grid: list[list[str]], attrs: str, upper: bool
) -> None:
    """Any text a system writes into a cell, escaped as HTML escapes it (&lt; &amp; &quot;),
    with the attributes exports put on cells and tags in either case, reads back as written
    (spaces and line ends as a browser shows them: one space; only <br> breaks a line)."""
    import html
    import re

    td = "TD" if upper else "td"
    rows = "".join(
        "<tr>" + "".join(f"<{td}{attrs}>{html.escape(t)}</{td}>" for t in row) + "</tr>"
        for row in grid
    )
    page = "<html><body><!-- <table><tr><td>a comment</td></tr></table> -->"
    page += f"<table>{rows}</table></body></html>"
    cells, merged = html_table.read(page)
    shown = [[re.sub(r"[ \t\r\n]+", " ", t).strip() for t in row] for row in grid]
    assert cells == shown and merged == []


EXCEL_WEB_PAGE = f"""<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta name=ProgId content=Excel.Sheet><!--[if gte mso 9]><xml><x:ExcelWorkbook>
<x:ExcelWorksheets><x:ExcelWorksheet><x:Name>Sheet1</x:Name></x:ExcelWorksheet>
</x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]--></head><body link=blue>
<table border=0 cellpadding=0 cellspacing=0 style='border-collapse:collapse'>
 <col width=64 span=8>
 <TR height=19><TD colspan=8 class=xl66>幸福社区花名册
 <tr><td>户号<td>楼栋<td>单元<td>房号<td>姓名<td>与户主关系<td>公民身份号码<td>联系电话
 <tr><td>HH1<td x:num>1<td x:num>1<td x:num>101<td>杨再学<td>户主
  <td class=xl65 x:str="'{HEAD}">{HEAD}<td x:num>13985012345
 <tr><td>HH1<td>1<td>1<td>101<td>罗秀英<td>配偶<td>{WIFE}<td>
 <![if supportMisalignedColumns]>
 <tr height=0 style='display:none'><td width=64 style='width:48pt'></td></tr>
 <![endif]>
</table></body></html>
"""


def test_a_page_as_excels_save_as_web_page_writes_it_imports(desk: Desk, tmp_path: Path) -> None:
    """Excel's own web page: closing tags left out, an upper-case row, and its
    <![if supportMisalignedColumns]> markers inside the table, after a cell left open. The
    marker was read as that cell's text, and the row refused for a phone number."""
    path = tmp_path / "另存为网页.xls"
    path.write_text(EXCEL_WEB_PAGE, encoding="utf-8")
    raw, plan, result = _import(desk, path)
    assert plan.error_count == 0, plan.to_json(3)
    assert result.applied and result.people_created == 2
    assert [r[-1] for r in raw.rows] == ["13985012345", ""]
