"""The roster corpus: files written the way community offices write them, each with the
counts its import must give. Run ``python -m tests.roster.corpus.make_corpus DIR`` to look
at them; the tests build them into a temporary directory.

Each file is what a real office produces: an .xlsx with a title, a merged two-row header and
a totals row (openpyxl), an .xls of the older office suite (xlwt), CSV saved as UTF-8 with
BOM and as GBK, ID numbers as text and as numbers (which Excel rounds: a defect), dates as
date cells, Excel serial numbers in CSV text and Chinese spellings, the words of the
registration system and the national code tables, and some rows with real defects.
"""

from __future__ import annotations

import csv
import datetime
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.roster.corpus.families import Expected, Household, Maker, Person, expect

Cell = Callable[[Household, Person], Any]
EPOCH = datetime.date(1899, 12, 30)


@dataclass
class Case:
    path: Path
    expected: Expected
    community: str | None = None  # the community whose roster it is, when the file names it


def _serial(d: datetime.date) -> int:
    return (d - EPOCH).days


def _cells(
    columns: Sequence[tuple[str, Cell]], hh: list[Household], extra: list[Person]
) -> list[list[Any]]:
    rows = [[f(h, p) for _, f in columns] for h in hh for p in h.people]
    for p in extra:  # repeats: the person's row again, as offices paste it twice
        h = next(h for h in hh if any(q.id_number == p.id_number for q in h.people))
        rows.append([f(h, p) for _, f in columns])
    return rows


BASE: list[tuple[str, Cell]] = [
    ("户号", lambda h, p: h.no),
    ("姓名", lambda h, p: p.name),
    ("与户主关系", lambda h, p: p.relation),
    ("身份证号码", lambda h, p: p.id_number),
]


def _xlsx(path: Path, top: list[list[Any]], rows: list[list[Any]], tail: list[list[Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for r in [*top, *rows, *tail]:
        sheet.append(r)
    for r in sheet.iter_rows(min_row=len(top) + 1):
        for c in r:
            if isinstance(c.value, datetime.date):
                c.number_format = "yyyy/m/d"
    book.save(path)


def title_merged_xlsx(d: Path, m: Maker) -> Case:
    """Title row merged across, 迁出地 merged over 县/乡镇/村, 序号, date cells, √/×,
    GB/T 4761 names and collective words, a 合计 row and a signature under the table."""
    hh = [m.family(n, ("户主", "妻", "长子", "长女"), 2 + n % 4) for n in range(1, 16)]
    hh += [m.family(n, ("本人", "配偶", "子女", "子女"), 3 + n % 2) for n in range(16, 21)]
    hh[3].people.append(m.person("孙子女", male=False, age=3))
    hh[4].people.append(m.person("父母", male=True, age=80))
    cols = [
        ("序号", lambda h, p: None),
        *BASE,
        # 无 and / where nothing is known: blanks, not values nobody knows
        ("民族", lambda h, p: ("苗", "汉族", "布依族", "06", "/")[len(p.name) % 5]),
        ("文化程度", lambda h, p: ("初中", "小学", "文盲或半文盲", "高中", "无")[p.birth.day % 5]),
        ("出生日期", lambda h, p: p.birth),
        ("就业状态", lambda h, p: ("务工", "县外务工", "在校生", "灵活就业")[p.birth.month % 4]),
        ("医保", lambda h, p: "√" if p.birth.day % 5 else "×"),
        ("迁出地", lambda h, p: p.county.county),
        ("", lambda h, p: p.county.townships[0]),
        ("", lambda h, p: p.county.villages[0]),
    ]
    rows = _cells(cols, hh, [])
    for k, r in enumerate(rows):
        r[0] = k + 1
    header = [c for c, _ in cols]
    sub = [""] * (len(header) - 3) + ["县", "乡镇", "村"]
    path = d / "01_标题_合并表头.xlsx"
    _xlsx(
        path,
        [["XX社区易地扶贫搬迁安置人口花名册"], header, sub],
        rows,
        [["合计", None, None, f"{len(rows)}人"], [], ["填表人：张三", None, "审核人：李四"]],
    )
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    n = len(header)
    sheet.merge_cells(start_row=2, start_column=n - 2, end_row=2, end_column=n)
    for c in range(1, n - 2):
        sheet.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    book.save(path)
    e = expect(hh, [])
    e.skipped.update({"title": 1, "total": 1, "blank": 1, "note": 1})
    e.ignored = {"序号"}
    return Case(path, e)


def office_xls(d: Path, m: Maker) -> Case:
    """The older suite's .xls: relation and ethnicity as GB codes Excel made numbers (1, 10,
    20, 30; 1, 6), 2020.1.8 dates, 1/0 insurance; one ID typed as a number (digits lost)."""
    import xlwt

    hh = [m.family(n, ("1", "10", "20", "30"), 1 + n % 4) for n in range(30, 42)]
    bad = hh[1].people[1]
    bad.defect = "id_scientific"
    cols = [
        *BASE,
        ("民族", lambda h, p: int(("1", "6", "8", "9")[p.birth.day % 4])),
        ("出生日期", lambda h, p: f"{p.birth.year}.{p.birth.month}.{p.birth.day}"),
        ("养老保险", lambda h, p: p.birth.month % 2),
        ("入住日期", lambda h, p: "2019.5"),
    ]
    rows = _cells(cols, hh, [])
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    for c, (name, _) in enumerate(cols):
        sheet.write(0, c, name)
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            if isinstance(v, str) and v.isdigit() and c == 2:  # relation codes as numbers
                v = int(v)
            if c == 3 and row[1] == bad.name:
                v = float(v)  # typed without the leading quote: 15 significant digits
            sheet.write(r, c, v)
    path = d / "02_旧版表格.xls"
    book.save(str(path))
    return Case(path, expect(hh, []))


def utf8_bom_csv(d: Path, m: Maker) -> Case:
    """CSV UTF-8 with BOM: 迁出地 as one cell, 2020年1月8日, 未就业(有意愿), blank rows,
    a person pasted twice (a repeat) and an ID typed with full-width digits (corrected)."""
    hh = [m.family(n, ("户主", "妻子", "儿子", "女儿"), 2 + n % 3) for n in range(50, 62)]
    wide = hh[1].people[0]
    wide.corrected = True
    repeat = hh[5].people[1]
    cols = [
        *BASE[:3],
        (
            "公民身份号码",
            lambda h, p: (
                p.id_number.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
                if p is wide
                else p.id_number
            ),
        ),
        ("迁出地", lambda h, p: f"{p.county.province}{p.county.county}{p.county.townships[1]}"),
        ("出生日期", lambda h, p: f"{p.birth.year}年{p.birth.month}月{p.birth.day}日"),
        ("就业状态", lambda h, p: ("未就业(有意愿)", "灵活就业", "公益性岗位")[p.birth.day % 3]),
        ("是否参加医保", lambda h, p: ("是", "否", "有", "无")[p.birth.day % 4]),
    ]
    rows = _cells(cols, hh, [repeat])
    rows.insert(10, [""] * len(cols))
    rows.insert(20, [""] * len(cols))
    path = d / "03_utf8_bom.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([[c for c, _ in cols], *rows])
    e = expect(hh, [repeat])
    e.skipped.update({"blank": 2})
    return Case(path, e)


def gbk_csv(d: Path, m: Maker) -> Case:
    """CSV in GBK: serial dates (43838), 20200108 dates, 父母/服兵役/退休, two different people
    sharing one number, and a head with a mistyped number (the household held back)."""
    hh = [m.family(n, ("户主", "夫", "子", "女"), 2 + n % 3) for n in range(70, 84)]
    hh[0].people.append(m.person("父母", male=False, age=78, 就业状态="退休"))
    a, b = hh[3].people[1], hh[6].people[1]
    b.id_number = a.id_number  # a clerk copied the wrong number: two people, one number
    b.gender, b.birth = a.gender, a.birth
    head = hh[8].people[0]
    head.id_number = head.id_number[:17] + ("0" if head.id_number[17] != "0" else "1")
    head.defect = "id_checksum"
    cols = [
        *BASE,
        ("性别", lambda h, p: p.gender),
        (
            "出生日期",
            lambda h, p: str(_serial(p.birth)) if p.birth.day % 2 else f"{p.birth:%Y%m%d}",
        ),
        (
            "就业状态",
            lambda h, p: p.values.get("就业状态") or ("服兵役", "务工", "待业")[p.birth.day % 3],
        ),
        ("入住日期", lambda h, p: "43838"),
    ]
    rows = _cells(cols, hh, [])
    path = d / "04_gbk.csv"
    with path.open("w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows([[c for c, _ in cols], *rows])
    return Case(path, expect(hh, []))


def number_ids_xlsx(d: Path, m: Maker) -> Case:
    """Every ID number typed into Excel as a number: all rounded, every row refused."""
    hh = [m.family(n, ("户主", "配偶", "儿子", "女儿"), 1 + n % 3) for n in range(90, 96)]
    for h in hh:
        for p in h.people:
            p.defect = "id_scientific"
    cols = [*BASE[:3], ("身份证号码", lambda h, p: float(p.id_number.replace("X", "0")))]
    path = d / "05_数字身份证号.xlsx"
    _xlsx(path, [[c for c, _ in cols]], _cells(cols, hh, []), [])
    e = expect(hh, [])
    return Case(path, e)


def room_grouped_xlsx(d: Path, m: Maker) -> Case:
    """No 户号: households by 楼栋/单元/房号, 小计 rows under each building, 本人, GB/T 4658
    names, a phone number that is not one and a cell of two (the first kept, said)."""
    hh = [m.family(n, ("本人", "配偶", "长子", "次女"), 1 + n % 4) for n in range(100, 112)]
    for k, h in enumerate(hh):
        h.building, h.room = str(1 + k // 4), f"{1 + k % 4}01"
    hh[5].people[-1].defect = "phone_invalid"
    two = hh[2].people[0]  # a head with the family's two mobiles in one cell: first kept, said
    two.corrected = True
    cols: list[tuple[str, Cell]] = [
        ("楼栋", lambda h, p: h.building),
        ("单元", lambda h, p: h.unit),
        ("房号", lambda h, p: h.room),
        *BASE[1:],
        ("学历", lambda h, p: ("研究生", "大专", "中专", "文盲或半文盲")[p.birth.day % 4]),
        (
            "联系电话",
            lambda h, p: (
                "电话号码待补"
                if p.defect == "phone_invalid"
                else f"139{p.id_number[9:17]}" + (f"/138{p.id_number[9:17]}" if p is two else "")
            ),
        ),
    ]
    rows: list[list[Any]] = []
    for b in range(3):
        part = [h for h in hh if h.building == str(b + 1)]
        rows += _cells(cols, part, [])
        rows.append(["小计", None, None, f"{sum(len(h.people) for h in part)}人"])
    rows[-1][0] = "总计"
    path = d / "06_按房号分户.xlsx"
    _xlsx(path, [[c for c, _ in cols]], rows, [])
    e = expect(hh, [])
    e.skipped.update({"total": 3})
    return Case(path, e)


def registration_system_csv(d: Path, m: Maker) -> Case:
    """An export of the registration system's words: 劳动技能, 务工状况 with 省外务工 and
    省内县外务工, 已参保/未参保, Y/N; columns the app does not keep (年龄, 帮扶责任人); a
    gender column that contradicts an ID number; and characters that show nothing, pasted in
    with the cells (zero-width spaces, byte-order marks)."""
    hh = [m.family(n, ("户主", "之妻", "之子", "之女"), 2 + n % 3) for n in range(120, 134)]
    hh[4].people[1].defect = "gender_mismatch"
    cols = [
        *BASE,
        ("性别", lambda h, p: ("女" if p.gender == "男" else "男") if p.defect else p.gender),
        ("年龄", lambda h, p: 2025 - p.birth.year),
        (
            "劳动技能",
            lambda h, p: ("普通劳动力", "技能劳动力", "弱劳动力", "丧失劳动力")[p.birth.day % 4],
        ),
        (
            "务工状况",
            lambda h, p: ("省外务工", "省内县外务工", "公益性岗位", "自主创业")[p.birth.month % 4],
        ),
        ("是否参加城乡居民基本医疗保险", lambda h, p: "已参保" if p.birth.day % 3 else "未参保"),
        ("是否脱贫户", lambda h, p: "Y"),
        ("帮扶责任人", lambda h, p: "王干部"),
    ]
    rows = _cells(cols, hh, [])
    # Copied out of the web system: a zero-width space after an ID number, a byte-order mark
    # before a name, a zero-width space inside a word (none shows in any office suite).
    for k, r in enumerate(rows[::5]):
        column = (3, 1, 7)[k % 3]
        text = str(r[column])
        r[column] = {3: f"{text}\u200b", 1: f"\ufeff{text}", 7: f"{text[:2]}\u200b{text[2:]}"}[
            column
        ]
    path = d / "07_系统导出.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([[c for c, _ in cols], *rows])
    e = expect(hh, [])
    e.ignored = {"年龄", "帮扶责任人"}
    return Case(path, e)


def notes_and_numbers_xlsx(d: Path, m: Maker) -> Case:
    """Two title rows, a row of column numbers under the header, 子女 and 孙子女, birth
    months (出生年月 2012.05), a 合计 row and two signature rows; one birth month that
    contradicts the ID number."""
    hh = [m.family(n, ("户主", "配偶", "子女", "子女"), 2 + n % 4) for n in range(140, 152)]
    hh[2].people.append(m.person("孙子女", male=True, age=2))
    hh[7].people[-1].defect = "birth_date_mismatch"
    cols = [
        *BASE,
        (
            "出生年月",
            lambda h, p: f"{p.birth.year - (1 if p.defect else 0)}.{p.birth.month:02d}",
        ),
        ("是否监测户", lambda h, p: "否"),
    ]
    path = d / "08_注释与列序号.xlsx"
    _xlsx(
        path,
        [
            ["XX县XX安置点搬迁群众花名册"],
            ["填报单位：XX社区居委会", None, None, "填报日期：2024年3月"],
            [c for c, _ in cols],
            [str(k + 1) for k in range(len(cols))],
        ],
        _cells(cols, hh, []),
        [["合计"], ["制表人：王五"], ["注：身份证号码请设为文本格式"]],
    )
    e = expect(hh, [])
    e.skipped.update({"title": 2, "column_numbers": 1, "total": 1, "note": 2})
    return Case(path, e)


def community_address_xlsx(
    d: Path, m: Maker, community: str = "幸福社区", county: str = "惠水县"
) -> Case:
    """As a resettlement office writes it in a real office suite (openpyxl): a merged title,
    merged group headers (基本情况 / 保障情况) over a second header row, no 户号 but one 安置地址
    cell per family written with the community's name and zone in front (幸福社区A区3栋…, and
    B区 with the same building numbers), 是否X columns (是否参保, 是否在校生, 是否重度残疾,
    是否残疾), a 合计 row, a blank row and a signature; one member's 是否残疾 says 是 with no
    grade (asked in the value-mapping step, so refused until mapped)."""
    hh = [m.family(n, ("户主", "配偶", "儿子", "女儿"), 1 + n % 4) for n in range(160, 176)]
    for k, h in enumerate(hh):
        zone = ("A区", "B区", "")[k % 3]
        # the three zones' families live at the same building, unit and room numbers
        h.building, h.unit, h.room = f"{zone}{1 + k // 6}", 1 + (k // 3) % 2, f"{1 + k // 6}02"
        place = (community, community.removesuffix("社区") + "小区", county + community)[k % 3]
        h.no = f"{place}{zone}{1 + k // 6}栋{h.unit}单元{h.room}室"
    hh[5].people[-1].defect = "not_in_list"
    cols: list[tuple[str, Cell]] = [
        ("序号", lambda h, p: None),
        ("姓名", lambda h, p: p.name),
        ("公民身份号码", lambda h, p: p.id_number),
        ("与户主关系", lambda h, p: p.relation),
        ("性别", lambda h, p: p.gender),
        ("安置地址", lambda h, p: h.no),
        ("是否参保", lambda h, p: ("是", "√", "否")[p.birth.day % 3]),
        ("是否在校生", lambda h, p: "是" if 2025 - p.birth.year < 18 else "否"),
        ("是否重度残疾", lambda h, p: "否"),
        ("是否残疾", lambda h, p: "是" if p.defect else ("否", "")[p.birth.day % 2]),
    ]
    rows = _cells(cols, hh, [])
    for k, r in enumerate(rows):
        r[0] = k + 1
    groups = ["序号", "基本情况", "", "", "", "安置地址", "保障情况", "", "", ""]
    sub = ["", *[c for c, _ in cols[1:5]], "", *[c for c, _ in cols[6:]]]
    path = d / "09_社区名地址_是否列.xlsx"
    _xlsx(
        path,
        [[f"{community}易地扶贫搬迁安置人口花名册"], groups, sub],
        rows,
        [["合计", None, f"{len(rows)}人"], [], ["填表人：王五", None, "联系电话："]],
    )
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    n = len(cols)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    sheet.merge_cells(start_row=2, start_column=2, end_row=2, end_column=5)
    sheet.merge_cells(start_row=2, start_column=7, end_row=2, end_column=n)
    for c in (1, 6):
        sheet.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    book.save(path)
    e = expect(hh, [])
    e.skipped.update({"title": 1, "total": 1, "blank": 1, "note": 1})
    e.ignored = {"序号"}
    return Case(path, e, community=community)


def building_sheets_xlsx(d: Path, m: Maker) -> Case:
    """One sheet per building, as offices keep them, beside a 填表说明 sheet, a 汇总 table of
    counts and an empty Sheet2: the building sheets differ in column order and wording
    (身份证号码 / 公民身份号码, 联系电话 / 手机号码) and one has a column nobody imports; a
    person of 1栋 listed again on 3栋 with the name padded (the same person, not two), and a
    head on 2栋 with a mistyped number."""
    from openpyxl import Workbook

    hh = [m.family(n, ("户主", "配偶", "子女", "子女"), 2 + n % 3) for n in range(120, 132)]
    for k, h in enumerate(hh):
        h.building = str(1 + k // 4)
    head = hh[5].people[0]
    head.id_number = head.id_number[:17] + ("0" if head.id_number[17] != "0" else "1")
    head.defect = "id_checksum"
    phone: Cell = lambda h, p: f"138{p.id_number[9:17]}"  # noqa: E731
    first = [*BASE, ("联系电话", phone)]
    other = [
        ("公民身份号码", BASE[3][1]),
        *BASE[1:3],
        BASE[0],
        ("手机号码", phone),
        ("帮扶责任人", lambda h, p: "王干部"),
    ]
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["1. 每栋一张表，户主排在本户第一行"])
    notes.append(["2. 身份证号码请设为文本格式"])
    for b, cols in (("1", first), ("2", other), ("3", first)):
        sheet = book.create_sheet(f"{b}栋")
        sheet.append([f"{b}栋搬迁群众花名册"])
        sheet.append([c for c, _ in cols])
        part = [h for h in hh if h.building == b]
        for row in _cells(cols, part, []):
            sheet.append(row)
        if b == "3":  # listed again, the name padded as clerks line names up: 王　芳
            again = _cells(cols, hh[:1], [hh[0].people[1]])[-1]
            again[1] = f"{again[1][0]}\u3000{again[1][1:]}"
            sheet.append(again)
    summary = book.create_sheet("汇总")
    summary.append(["楼栋", "户数", "人数"])
    for b in "123":
        part = [h for h in hh if h.building == b]
        summary.append([f"{b}栋", len(part), sum(len(h.people) for h in part)])
    book.create_sheet("Sheet2")
    path = d / "10_分楼栋工作表.xlsx"
    book.save(path)
    e = expect(hh, [hh[0].people[1]])
    e.skipped.update({"title": 3})
    e.ignored = {"帮扶责任人"}
    return Case(path, e)


def head_id_csv(d: Path, m: Maker) -> Case:
    """No 户号 and no room: each member's row names its household by the head's ID number
    (户主身份证号码, with 户主姓名 beside it), as many registration exports do, relations said
    around the word (户主之妻, 二儿子, 大女儿). One member's
    head number is mistyped, and one head's row names another family's head."""
    hh = [m.family(n, ("户主", "户主之妻", "二儿子", "大女儿"), 2 + n % 3) for n in range(140, 152)]
    heads = {id(p): h.people[0] for h in hh for p in h.people}
    typo = hh[2].people[1]
    typo.defect = "id_checksum"
    wrong = hh[6].people[0]
    wrong.defect = "head_id_mismatch"

    def head_id(h: Household, p: Person) -> str:
        number = heads[id(p)].id_number
        if p is typo:
            return number[:17] + ("0" if number[17] != "0" else "1")
        return hh[0].people[0].id_number if p is wrong else number

    cols = [
        *BASE[1:],
        ("户主姓名", lambda h, p: heads[id(p)].name),
        ("户主身份证号码", head_id),
        ("联系电话", lambda h, p: f"137{p.id_number[9:17]}"),
    ]
    path = d / "11_户主身份证分户.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([[c for c, _ in cols], *_cells(cols, hh, [])])
    e = expect(hh, [])
    e.ignored = {"户主姓名"}
    return Case(path, e)


def merged_households_xlsx(d: Path, m: Maker) -> Case:
    """The household's cells written once and merged down over its members' rows (户号,
    楼栋, 单元, 房号, 家庭电话), as rosters lay a family out; a 合计 row merged across."""
    from openpyxl import load_workbook

    hh = [m.family(n, ("户主", "配偶", "长子", "长女"), 1 + n % 4) for n in range(160, 172)]
    for k, h in enumerate(hh):
        h.building, h.room = str(5 + k // 6), f"{1 + k % 6}02"
    cols: list[tuple[str, Cell]] = [
        ("户号", lambda h, p: h.no),
        ("楼栋", lambda h, p: h.building),
        ("单元", lambda h, p: h.unit),
        ("房号", lambda h, p: h.room),
        ("家庭电话", lambda h, p: f"136{h.people[0].id_number[9:17]}"),
        *BASE[1:],
    ]
    rows = _cells(cols, hh, [])
    total = sum(len(h.people) for h in hh)
    path = d / "12_合并户信息.xlsx"
    _xlsx(path, [[c for c, _ in cols]], rows, [["合计", None, None, None, None, f"{total}人"]])
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    first = 2
    for h in hh:
        last = first + len(h.people) - 1
        for c in range(1, 6):
            for r in range(first + 1, last + 1):
                sheet.cell(r, c).value = None  # written once, as the merge keeps it
            if last > first:
                sheet.merge_cells(start_row=first, start_column=c, end_row=last, end_column=c)
        first = last + 1
    sheet.merge_cells(start_row=first, start_column=1, end_row=first, end_column=5)
    book.save(path)
    e = expect(hh, [])
    e.skipped.update({"total": 1})
    return Case(path, e)


BUILDERS = (
    title_merged_xlsx,
    office_xls,
    utf8_bom_csv,
    gbk_csv,
    number_ids_xlsx,
    room_grouped_xlsx,
    registration_system_csv,
    notes_and_numbers_xlsx,
    community_address_xlsx,
    building_sheets_xlsx,
    head_id_csv,
    merged_households_xlsx,
)


def build(directory: Path) -> list[Case]:
    directory.mkdir(parents=True, exist_ok=True)
    return [b(directory, Maker(k + 1)) for k, b in enumerate(BUILDERS)]


if __name__ == "__main__":
    for case in build(Path(sys.argv[1] if len(sys.argv) > 1 else "roster-corpus")):
        print(case.path, case.expected)
