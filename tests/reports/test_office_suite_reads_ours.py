"""The workbooks this app writes, read by a real office suite (LibreOffice Calc, headless):
the roster export and a list export (our own small SpreadsheetML writer, relocdesk.xlsx),
the monthly workbook and the audit workbook (openpyxl). The suite must see every sheet and
every cell that calamine, a second reader, sees; ID numbers must stay text, never become
numbers; and a roster exported, saved again by the suite as .xlsx or .ods and imported into
an empty community brings back every household and person."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.reports.monthly import write_monthly_xlsx
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from tests.office_suite import convert, needs_soffice, sheets_read

pytestmark = needs_soffice


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A demo community of 60 households and the four workbooks written from it."""
    base = tmp_path_factory.mktemp("ours")
    desk = Desk(base / "community.db")
    assert desk.make_demo(households=60)
    desk.roster.export(base / "roster.xlsx")
    people = desk.conn.execute(
        "SELECT name, id_number, phone FROM person WHERE deleted = 0 ORDER BY name"
    ).fetchall()
    desk.lists.export(
        "people",
        base / "people.xlsx",
        title="人员列表",
        headers=["姓名", "身份证号码", "联系电话"],
        rows=[tuple(r) for r in people],
        id_columns=[1],
    )
    write_monthly_xlsx(desk, "2026-11", base / "monthly.xlsx")
    desk.export_audit(base / "audit.xlsx", "查阅记录")
    ids = {r[1] for r in people if r[1]}
    households = desk.conn.execute("SELECT count(*) FROM household WHERE deleted = 0").fetchone()
    desk.close()
    return {"dir": base, "ids": ids, "people": len(people), "households": households[0]}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _same(ours: object, suite: str) -> bool:
    """One cell as calamine read it and as the suite wrote it out: numbers compared as
    numbers (the suite writes 0.7169 in a percent cell as 71.69%), the rest as text."""
    if isinstance(ours, int | float) and not isinstance(ours, bool):
        shown = suite.removesuffix("%")
        try:
            number = float(shown) / (100 if suite.endswith("%") else 1)
        except ValueError:
            return False
        return abs(number - float(ours)) <= 1e-9 * max(1.0, abs(number))
    return _text(ours) == suite


def _rows(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows without their trailing blank cells, and without trailing blank rows."""
    out = []
    for r in rows:
        r = list(r)
        while r and _text(r[-1]) == "":
            r.pop()
        out.append(r)
    while out and not out[-1]:
        out.pop()
    return out


@pytest.mark.parametrize("name", ["roster", "people", "monthly", "audit"])
def test_the_suite_sees_every_sheet_and_cell_calamine_sees(
    books: dict[str, Any], tmp_path: Path, name: str
) -> None:
    import python_calamine

    path = books["dir"] / f"{name}.xlsx"
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    seen = sheets_read(path, tmp_path / "csv", tmp_path / "profile")
    assert sorted(seen) == sorted(book.sheet_names)
    cells = 0
    for sheet in book.sheet_names:
        ours = _rows(book.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
        suite = _rows(seen[sheet])
        assert len(ours) == len(suite), sheet
        for n, (a, b) in enumerate(zip(ours, suite, strict=True)):
            assert len(a) == len(b) and all(map(_same, a, b)), (sheet, n, a, b)
            cells += len(a)
    assert cells >= 20  # the audit book: its title, headings and two export rows


@pytest.mark.parametrize("name", ["roster", "people"])
def test_id_numbers_stay_text_in_the_suite(
    books: dict[str, Any], tmp_path: Path, name: str
) -> None:
    path = books["dir"] / f"{name}.xlsx"
    seen = sheets_read(path, tmp_path / "csv", tmp_path / "profile")
    found = {c for rows in seen.values() for r in rows for c in r if c in books["ids"]}
    assert found == books["ids"]  # every one, as 18 characters; a number would print 5.2E+17


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_an_export_saved_again_by_the_suite_imports_whole(
    books: dict[str, Any], tmp_path: Path, desk_factory: Callable[..., Desk], fmt: str
) -> None:
    convert([books["dir"] / "roster.xlsx"], fmt, tmp_path / fmt, tmp_path / "profile")
    raw = read_table(tmp_path / fmt / f"roster.{fmt}")
    desk = desk_factory("同心社区")
    plan = plan_import(desk, raw, suggest_mapping(list(raw.headers)))
    result = apply_import(desk, plan)
    assert result.applied, plan.to_json(5)
    assert result.people_created == books["people"]
    assert result.households_created == books["households"]
    got = {r[0] for r in desk.conn.execute("SELECT id_number FROM person WHERE deleted = 0")}
    assert got - {None} == books["ids"]
