"""Reading roster files: encodings, title rows, merged headers, blank rows, damaged files."""

from __future__ import annotations

from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.roster import (
    RosterReadError,
    normalize_header,
    plan_import,
    read_table,
    suggest_mapping,
)
from relocdesk.roster.columns import header_field

from ._roster import HEADERS, as_rows, roster, write_csv, write_xlsx


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("姓名", "name"),
        ("成员姓名", "name"),
        (" 名 字 ", "name"),
        ("身份证号码（18位）", "id_number"),
        ("*公民身份号码", "id_number"),
        ("证件号码\n(必填)", "id_number"),
        ("身份证号", "id_number"),
        ("出生年月", "birth_date"),
        ("与户主关系", "relation"),
        ("关系", "relation"),
        ("手机号", "phone"),
        ("户编号", "household_no"),
        ("楼号", "building"),
        ("栋", "building"),
        ("门牌号", "room"),
        ("室", "room"),
        ("迁出地（县）", "origin_county"),
        ("原籍乡镇", "origin_township"),
        ("入住日期", "move_in_date"),
        ("是否就业", "employment_status"),
        ("工作单位", "employer"),
        ("月工资", "monthly_wage"),
        ("是否参加医保", "ins_medical"),
        ("监测户", "monitored"),
        ("低保", "dibao"),
        ("ＩＤ", None),
        ("合计", None),
        ("", None),
    ],
)
def test_header_synonyms(header: str, field: str | None) -> None:
    assert header_field(header) == field


def test_normalize_header_strips_marks_width_and_notes() -> None:
    assert normalize_header("＊身份证号码 （18位）\n") == "身份证号码"
    assert normalize_header("姓　名") == "姓名"


def test_suggest_mapping_keeps_first_of_a_field_named_twice() -> None:
    assert suggest_mapping(["姓名", "名字", "身份证号", "备注X"]) == {
        0: "name",
        1: None,
        2: "id_number",
        3: None,
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_utf8_and_gbk(tmp_path: Path, encoding: str) -> None:
    people = roster(5)
    path = write_csv(tmp_path / "r.csv", HEADERS, as_rows(people), encoding=encoding)
    raw = read_table(path)
    assert raw.headers == HEADERS
    assert [r[4] for r in raw.rows] == [p["姓名"] for p in people]
    assert raw.encoding == ("gb18030" if encoding.startswith("gb") else "utf-8")
    assert raw.header_row_index == 0


def test_title_rows_above_the_header(tmp_path: Path) -> None:
    people = roster(3)
    path = write_xlsx(tmp_path / "t.xlsx", HEADERS, as_rows(people), title="锦绣社区花名册")
    raw = read_table(path)
    assert raw.header_row_index == 1
    assert raw.headers == HEADERS
    assert raw.row_numbers[0] == 3
    assert len(raw.rows) == len(people)


def test_merged_header_cells_two_header_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2024年锦绣社区易地扶贫搬迁人口花名册"])
    sheet.append(["填报单位：锦绣社区"])
    sheet.append(["户号", "姓名", "身份证号码", "迁出地", None, None, "联系电话"])
    sheet.append([None, None, None, "县", "乡镇", "村", None])
    sheet.merge_cells("A1:G1")
    sheet.merge_cells("D3:F3")
    for col in "ABCG":
        sheet.merge_cells(f"{col}3:{col}4")
    p = roster(1)[0]
    sheet.append(["HH1", p["姓名"], p["身份证号码"], "惠水县", "摆金镇", "新寨村", "13800000000"])
    path = tmp_path / "m.xlsx"
    book.save(path)
    raw = read_table(path)
    assert raw.header_row_index == 3
    mapping = suggest_mapping(raw.headers)
    assert [mapping[i] for i in range(len(raw.headers))] == [
        "household_no",
        "name",
        "id_number",
        "origin_county",
        "origin_township",
        "origin_village",
        "phone",
    ]
    assert raw.rows == [
        ["HH1", p["姓名"], p["身份证号码"], "惠水县", "摆金镇", "新寨村", "13800000000"]
    ]


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    people = roster(4)
    rows: list[list[str]] = []
    for r in as_rows(people):
        rows += [r, [""] * len(HEADERS), ["  "] * len(HEADERS)]
    path = write_csv(tmp_path / "b.csv", HEADERS, rows)
    raw = read_table(path)
    assert len(raw.rows) == len(people)
    assert raw.row_numbers[:2] == [2, 5]


def test_id_numbers_that_excel_made_numbers_are_marked(tmp_path: Path) -> None:
    p = roster(1)[0]
    row: list[object] = as_rows([p])[0]
    row[6] = float(p["身份证号码"][:17] + "0") if p["身份证号码"][-1] != "X" else 1.2e17
    path = write_xlsx(tmp_path / "f.xlsx", HEADERS, [row])
    raw = read_table(path)
    assert (0, 6) in raw.numeric
    assert "E+17" in raw.rows[0][6]
    # Numbers that are not IDs come back as plain integers
    assert raw.rows[0][2] == p["单元"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("姓名,身份证号码,户号\n".encode("utf-16-le"), "encoding"),  # no byte-order mark
        (bytes(range(256)) * 20, "encoding"),
        (b"", "empty"),
        ("名单\n甲,乙\n".encode(), "no_header"),
    ],
)
def test_unreadable_csv_gives_a_clear_error(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(RosterReadError) as info:
        read_table(path)
    assert info.value.code == code
    assert info.value.message_zh and info.value.message_en


def test_bytes_that_are_neither_utf8_nor_gbk(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("姓名,身份证号码,户号\n".encode() + b"\xff\xfe\xfd,\x81\x20\n")
    with pytest.raises(RosterReadError) as info:
        read_table(path)
    assert info.value.code == "encoding"


def test_corrupt_xls_and_xlsx_are_reported(tmp_path: Path) -> None:
    xls = tmp_path / "bad.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(RosterReadError) as info:
        read_table(xls)
    assert info.value.code in ("damaged", "unreadable")
    zipped = tmp_path / "bad.xlsx"
    zipped.write_bytes(b"PK\x03\x04" + b"garbage" * 50)
    with pytest.raises(RosterReadError):
        read_table(zipped)
    for suffix in (".xlsx", ".ods"):
        named = tmp_path / f"text{suffix}"
        named.write_text("姓名,身份证号码\n", encoding="utf-8")
        with pytest.raises(RosterReadError) as info:
            read_table(named)
        assert info.value.code == "not_spreadsheet"
    ods = tmp_path / "bad.ods"
    ods.write_bytes(b"PK\x03\x04" + b"garbage" * 50)
    with pytest.raises(RosterReadError) as info:
        read_table(ods)
    assert info.value.code == "damaged" and ".ods" in info.value.message_zh
    with pytest.raises(RosterReadError) as info:
        read_table(tmp_path / "missing.csv")
    assert info.value.code == "unreadable"


def test_xls_written_by_xlwt(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    people = roster(3)
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    sheet.write(0, 0, "锦绣社区花名册")
    for c, h in enumerate(HEADERS):
        sheet.write(1, c, h)
    for r, row in enumerate(as_rows(people), 2):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    path = tmp_path / "r.xls"
    book.save(str(path))
    raw = read_table(path)
    assert raw.headers == HEADERS
    assert [r[6] for r in raw.rows] == [p["身份证号码"] for p in people]


def test_a_file_in_another_encoding_says_so(tmp_path: Path) -> None:
    path = tmp_path / "big5.csv"
    path.write_bytes("姓名,身份證號碼,戶號,房號\n張三,1,2,3\n".encode("big5"))
    with pytest.raises(RosterReadError) as info:
        read_table(path)
    assert info.value.code in ("no_header", "encoding")
    assert "CSV UTF-8" in info.value.message_zh and "UTF-8" in info.value.message_en


def test_unicode_text_is_read(tmp_path: Path) -> None:
    """Excel's and WPS's "Unicode text" (Unicode 文本 *.txt): UTF-16 with its byte-order mark,
    tab-separated, in either byte order."""
    text = "姓名\t身份证号码\t户号\n张三\t522731199001011234\tHH1\n"
    for codec in ("utf-16", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        data = text.encode(codec)
        path.write_bytes(data if codec == "utf-16" else b"\xfe\xff" + data)
        raw = read_table(path)
        assert raw.encoding == "utf-16" and raw.headers == ["姓名", "身份证号码", "户号"]
        assert raw.rows == [["张三", "522731199001011234", "HH1"]]


@pytest.mark.parametrize(
    "kind", ["header only", "header and blank rows", "a workbook's title and header"]
)
def test_a_roster_with_no_rows_of_people_is_refused(tmp_path: Path, kind: str) -> None:
    """The roster template, or a sheet saved before anyone was typed in: not "0 people
    imported" (exit 0), but said as a file with nothing to import, and nothing written."""
    from relocdesk.desk import Desk
    from tests.conftest import connect
    from tests.test_cli import relocdesk

    data = tmp_path / "data"
    with Desk(data / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
    if kind == "a workbook's title and header":
        path = write_xlsx(tmp_path / "花名册.xlsx", HEADERS, [], title="锦绣社区花名册")
    else:
        blank = "," * (len(HEADERS) - 1) + "\n"
        text = ",".join(HEADERS) + "\n" + (blank * 3 if "blank" in kind else "")
        path = tmp_path / "花名册.csv"
        path.write_text(text, encoding="utf-8-sig")
    with pytest.raises(RosterReadError) as info:
        read_table(path)
    assert info.value.code == "no_rows"
    conn = connect(data / "community.db")
    before = conn.execute("SELECT count(*) FROM outbox").fetchone()
    for dry in ((), ("--dry-run",)):
        out = relocdesk("import", str(path), *dry, data_dir=data)
        assert out.returncode == 2, out.stdout + out.stderr
        assert "没有人员" in out.stderr and "no rows of people" in out.stderr
        assert "Traceback" not in out.stderr
    assert conn.execute("SELECT count(*) FROM outbox").fetchone() == before
    conn.close()


def test_true_one_and_one_point_zero_in_one_sheet_read_each_as_itself(tmp_path: Path) -> None:
    """Excel's TRUE, the number 1 and 1.0 are equal in Python (and one key of a dict): each
    cell still reads as itself, and only the numbers are marked as numbers."""
    import datetime

    headers = [*HEADERS, "医保", "月收入", "出生日期"]
    people = roster(6)
    values: list[tuple[object, object, object]] = [
        (True, 1, datetime.datetime(2020, 1, 8)),
        (1, True, 1.0),
        (1.0, 1.5, datetime.datetime(2020, 1, 8, 9, 30)),
        (False, 0, 0.0),
        (0, False, None),
        (True, 1.0, datetime.datetime(2020, 1, 8)),
    ]
    rows = [[*r, *v] for r, v in zip(as_rows(people)[:6], values, strict=True)]
    raw = read_table(write_xlsx(tmp_path / "typed.xlsx", headers, rows))
    at = [raw.headers.index(h) for h in ("医保", "月收入", "出生日期")]
    got = [[row[i] for i in at] for row in raw.rows]
    assert got == [
        ["是", "1", "2020-01-08"],
        ["1", "是", "1"],
        ["1", "1.5", "2020-01-08 09:30:00"],
        ["否", "0", "0"],
        ["0", "否", ""],
        ["是", "1", "2020-01-08"],
    ]
    numbers = {(r, c) for r, c in raw.numeric if c in at}
    expected = {
        (r, at[k])
        for r, v in enumerate(values)
        for k, x in enumerate(v)
        if isinstance(x, int | float) and not isinstance(x, bool)
    }
    assert numbers == expected


def test_a_row_of_column_numbers_does_not_make_the_first_persons_cells_numbers(
    desk: Desk, tmp_path: Path
) -> None:
    """Government forms number their columns (1 2 3 …) in a row under the header; in a
    workbook those are number cells. The row is skipped, and its numbers were marked on the
    first person's row instead: their text ID number was refused as 'stored by Excel as a
    number' and their household held back."""
    people = roster(2)
    numbered = list(range(1, len(HEADERS) + 1))
    path = write_xlsx(tmp_path / "numbered.xlsx", HEADERS, [numbered, *as_rows(people)])
    raw = read_table(path)
    assert raw.skipped == [(2, "column_numbers")] and raw.numeric == set()
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.error_count == 0, plan.to_json(3)
    assert len(plan.people) == len(people)
