"""A roster's income columns (收入年度, the four kinds, 上年家庭纯收入) in the words offices head
them with and the ways they write amounts (1.2万, 12,000, 12000元): the import stores them on
the household, the export writes them back under headers the import reads, a bad amount
refuses its row naming the column in Chinese and English, and a total of the year
(家庭年纯收入) is reported as not imported, being the kinds' sum."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from relocdesk import validation
from relocdesk.desk import Desk
from relocdesk.roster import apply_import, export_roster, plan_import, read_table, suggest_mapping

from ._roster import HEADERS, as_rows, roster, write_csv

INCOME = (
    "income_year",
    "income_wages",
    "income_business",
    "income_transfers",
    "income_property",
    "income_last_year",
)
# how a township's monitoring sheet heads them, units in brackets as offices add them
OFFICE = [
    "收入年份",
    "务工收入（元）",
    "经营性收入",
    "转移性收入(元)",
    "财产收入",
    "上年度家庭纯收入",
    "家庭年纯收入",
]
# per household, on the head's row only (the others blank, as offices fill them)
CELLS = {
    "HH000001": ["2025年", "1.2万", "3,500.50", "2400元", "0", "1.5万元", "17900.5"],
    "HH000002": ["2025", "12,000", "", "￥800", "", "9000", ""],
    "HH000003": ["2024年度", "8000元", "0.35万", "1,200", "300", "", "9800"],
    "HH000004": ["", "", "", "", "", "", ""],
}
STORED = {
    "HH000001": (2025, 12000.0, 3500.5, 2400.0, 0.0, 15000.0),
    "HH000002": (2025, 12000.0, 0.0, 800.0, 0.0, 9000.0),
    "HH000003": (2024, 8000.0, 3500.0, 1200.0, 300.0, None),
    "HH000004": (None, 0.0, 0.0, 0.0, 0.0, None),
}


def _file(tmp_path: Path, name: str, headers: list[str], cells: dict[str, list[str]]) -> Path:
    people = roster(4)
    rows = []
    for person, row in zip(people, as_rows(people), strict=True):
        head = person["与户主关系"] == "户主"
        rows.append([*row, *(cells[row[0]] if head else [""] * len(headers))])
    return write_csv(tmp_path / name, [*HEADERS, *headers], rows)


def _plan(desk: Desk, path: Path) -> Any:
    raw = read_table(path)
    return plan_import(desk, raw, suggest_mapping(raw.headers))


def _incomes(desk: Desk) -> dict[str, tuple[Any, ...]]:
    rows = desk.conn.execute(f"SELECT household_no, {', '.join(INCOME)} FROM household")
    return {r[0]: tuple(r[1:]) for r in rows}


def test_the_offices_headers_map_to_the_income_fields() -> None:
    mapping = suggest_mapping(OFFICE)
    assert [mapping[i] for i in range(6)] == list(INCOME)
    assert mapping[6] is None  # the year's total is the kinds' sum
    words = ["收入年度", "工资性收入", "生产经营性收入", "转移性收入", "财产性收入", "上年收入"]
    assert [suggest_mapping(words)[i] for i in range(6)] == list(INCOME)
    also = ["工资收入", "生产经营收入", "政策性收入", "资产收益", "上年家庭纯收入"]
    assert [suggest_mapping(also)[i] for i in range(5)] == list(INCOME[1:])


def test_import_then_export_then_import_keeps_the_values(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    source = desk_factory("源社区")
    plan = _plan(source, _file(tmp_path, "r.csv", OFFICE, CELLS))
    assert plan.ok, plan.to_json(5)
    (total,) = [c for c in plan.ignored if c.column == "家庭年纯收入"]
    zh, en = total.json()["zh"], total.json()["en"]
    assert total.reason == "income_sum" and "四项收入" in zh and "four kinds" in en
    assert apply_import(source, plan).applied
    assert _incomes(source) == STORED

    out = tmp_path / "export.xlsx"
    export_roster(source, out)
    table = read_table(out)
    headers = ["收入年度", "工资性收入", "生产经营性收入", "转移性收入", "财产性收入"]
    assert set(headers) | {"上年家庭纯收入"} <= set(table.headers)
    # a household with no income recorded is written blank, not as four zeros
    no = table.headers.index("户号")
    blank = next(r for r in table.rows if r[no] == "HH000004")
    assert [blank[table.headers.index(h)] for h in headers] == [""] * 5
    fresh = desk_factory("新社区")
    again = _plan(fresh, out)
    assert again.ok, again.to_json(5)
    assert apply_import(fresh, again).applied
    assert _incomes(fresh) == STORED


def test_a_bad_amount_refuses_its_row_naming_the_column(desk: Desk, tmp_path: Path) -> None:
    cells = {
        "HH000001": ["2025", "一万二", "", "", "", "", ""],  # not a number
        "HH000002": ["2025", "", "", "-500", "", "", ""],  # negative
        "HH000003": ["1990年", "", "", "", "", "", ""],  # out of range
        "HH000004": ["", "", "", "", "2.5万", "", ""],  # fine
    }
    plan = _plan(desk, _file(tmp_path, "bad.csv", OFFICE, cells))
    own = {
        e.field: (r.row_number, e)
        for r in plan.report
        for e in r.errors
        if e.code != "head_rejected"
    }
    assert set(own) == {"income_wages", "income_transfers", "income_year"}
    _, wages = own["income_wages"]
    assert (wages.column, wages.value, wages.code) == ("务工收入（元）", "一万二", "not_a_number")
    assert wages.message_zh.startswith("工资性收入") and "一万二" in wages.message_zh
    assert wages.message_en.startswith("wages") and "not a number" in wages.message_en
    _, transfers = own["income_transfers"]
    assert (transfers.column, transfers.code) == ("转移性收入(元)", "negative")
    assert transfers.message_zh == "转移性收入不能为负数"
    assert transfers.message_en == "transfer income cannot be negative"
    _, year = own["income_year"]
    assert (year.column, year.code) == ("收入年份", "out_of_range")
    assert year.message_zh.startswith("收入年度") and "2000" in year.message_zh
    assert year.message_en.startswith("income year") and "2000" in year.message_en
    # all or nothing: nothing was written
    result = apply_import(desk, plan)
    assert not result.applied
    assert desk.conn.execute("SELECT count(*) FROM household").fetchone()[0] == 0
    # the valid rows alone: only the fourth household goes in, its 2.5万 as 25000
    result = apply_import(desk, plan, mode="valid_only")
    assert result.applied
    assert _incomes(desk) == {"HH000004": (None, 0.0, 0.0, 0.0, 25000.0, None)}


@given(
    yuan=st.integers(min_value=0, max_value=9_999_999),
    cents=st.integers(min_value=0, max_value=99),
)
def test_amounts_as_rosters_write_them(yuan: int, cents: int) -> None:
    in_cents = yuan * 100 + cents
    for text in (f"{yuan:,}.{cents:02d}", f"{yuan}.{cents:02d}元"):
        assert round(validation.money(text, "income_wages") * 100) == in_cents
    assert validation.money(f"￥{yuan:,}", "income_wages") == yuan
    # 万: the same yuan written in ten thousands, decimal point moved four places
    wan = f"{yuan // 10_000}.{yuan % 10_000:04d}万"
    assert validation.money(wan, "income_wages") == yuan
    assert validation.money(wan + "元", "income_wages") == yuan
    # typed with a Chinese input method's full-width digits and point
    full_width = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
    assert (
        round(validation.money(f"{yuan:,}.{cents:02d}".translate(full_width), "income_wages") * 100)
        == in_cents
    )
