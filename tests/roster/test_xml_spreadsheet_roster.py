"""A roster in Excel's 2003 XML format, as older government and Java systems export it under an
".xls" name, and as Excel and WPS save "XML 表格 2003": a merged title (ss:MergeAcross), each
household's 户号 and room written once over its members (ss:MergeDown), cells placed after
skipped ones (ss:Index), numbers as Number cells, birth dates as DateTime cells, an ID number a
system wrote as a Number (15 significant digits: refused as such, never guessed), a second,
empty worksheet. Before, it was refused as "named as an Excel file but not a workbook".

(LibreOffice Calc's own "MS Excel 2003 XML" export fails on this machine's Calc 7.4, so the
file is written here as Excel writes one.)"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.roster import RosterReadError, apply_import, plan_import, read_table, suggest_mapping

from ._roster import id_number

HEAD = id_number(datetime.date(1978, 4, 15), 123)
WIFE = id_number(datetime.date(1980, 2, 20), 124)
ALONE = id_number(datetime.date(1965, 11, 8), 127)
AS_NUMBER = id_number(datetime.date(1990, 7, 2), 211)


def _cell(value: object, kind: str = "String", **attrs: object) -> str:
    extra = "".join(f' ss:{k}="{v}"' for k, v in attrs.items())
    return f'<Cell{extra}><Data ss:Type="{kind}">{value}</Data></Cell>'


# the header as the system names it, one cell a word
HEADER = "户号 楼栋 单元 房号 姓名 与户主关系 公民身份号码 出生日期 联系电话"
HEADER_ROW = "".join(_cell(h) for h in HEADER.split(" "))
BOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">
  <Author>县扶贫系统</Author><Created>2026-03-01T08:00:00Z</Created>
 </DocumentProperties>
 <Styles><Style ss:ID="Default" ss:Name="Normal"><Font ss:FontName="宋体" ss:Size="11"/></Style>
  <Style ss:ID="d"><NumberFormat ss:Format="yyyy/m/d"/></Style></Styles>
 <Worksheet ss:Name="花名册">
  <Table ss:ExpandedColumnCount="9" ss:ExpandedRowCount="8" x:FullColumns="1" x:FullRows="1">
   <Column ss:Width="60"/><Column ss:Index="3" ss:Width="40"/>
   <Row ss:Height="24">{_cell("幸福社区搬迁户花名册", MergeAcross=8)}</Row>
   <Row>{HEADER_ROW}</Row>
   <Row>{_cell("HH0001", MergeDown=1)}{_cell("1栋", MergeDown=1)}{_cell(1, "Number", MergeDown=1)}
    {_cell(101, "Number", MergeDown=1)}{_cell("杨再学")}{_cell("户主")}{_cell(HEAD)}
    <Cell ss:StyleID="d"><Data ss:Type="DateTime">1978-04-15T00:00:00.000</Data></Cell>
    {_cell(13985012345, "Number")}</Row>
   <Row>{_cell("罗秀英", Index=5)}{_cell("配偶")}{_cell(WIFE)}
    <Cell ss:StyleID="d"><Data ss:Type="DateTime">1980-02-20T00:00:00.000</Data></Cell></Row>
   <Row ss:Index="6">{_cell("HH0002")}{_cell("2栋")}{_cell(1, "Number")}{_cell(302, "Number")}
    <Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>王</B>国富</ss:Data></Cell>
    {_cell("户主")}{_cell(ALONE)}</Row>
   <Row>{_cell("HH0003")}{_cell("2栋")}{_cell(1, "Number")}{_cell(303, "Number")}
    {_cell("韦小芳")}{_cell("户主")}{_cell(float(AS_NUMBER), "Number")}</Row>
   <Row>{_cell("合计", MergeAcross=3)}{_cell("4人")}</Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Sheet2"><Table/></Worksheet>
</Workbook>
"""


def test_an_excel_2003_xml_roster_imports_as_the_roster_it_shows(
    desk: Desk, tmp_path: Path
) -> None:
    path = tmp_path / "系统导出.xls"
    path.write_text(BOOK, encoding="utf-8")
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    # the ID number the system wrote as a number lost its last digits: refused as such
    assert [(e.field, e.code) for r in plan.report for e in r.errors] == [
        ("id_number", "id_scientific")
    ]
    assert plan.counts()["skipped_rows"] == {"title": 1, "blank": 1, "total": 1}
    result = apply_import(desk, plan, mode="valid_only")
    assert result.applied and result.people_created == 3 and result.households_created == 2
    got = {
        r[0]: tuple(r[1:])
        for r in desk.conn.execute(
            "SELECT p.id_number, p.name, p.relation, p.birth_date, p.phone, h.household_no,"
            " h.unit, h.room FROM person p JOIN household h ON h.id = p.household_id"
        )
    }
    assert got == {
        HEAD: ("杨再学", "head", "1978-04-15", "13985012345", "HH0001", 1, "101"),
        WIFE: ("罗秀英", "spouse", "1980-02-20", None, "HH0001", 1, "101"),
        ALONE: ("王国富", "head", "1965-11-08", None, "HH0002", 1, "302"),  # from the ID
    }


def test_a_damaged_xml_roster_is_refused_as_damaged(tmp_path: Path) -> None:
    cut = tmp_path / "cut.xls"
    cut.write_text(BOOK[: len(BOOK) // 2], encoding="utf-8")  # a download broken off
    with pytest.raises(RosterReadError) as e:
        read_table(cut)
    assert e.value.code == "damaged" and "XML" in e.value.message_zh
    wrong = tmp_path / "index.xls"  # a row placed before the one it follows
    wrong.write_text(BOOK.replace('Row ss:Index="6"', 'Row ss:Index="2"'), encoding="utf-8")
    with pytest.raises(RosterReadError) as e:
        read_table(wrong)
    assert e.value.code == "damaged"
