"""A file without a single problem takes a shorter way through the row checks: it must
plan exactly what the full per-cell check plans, and any problem must take the full way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.roster import cells, plan_import, read_table, suggest_mapping

from ._roster import HEADERS, as_rows, roster, write_csv, write_xlsx

EXTRA = ["出生日期", "就业单位", "医保"]


def _rows(people: list[dict[str, str]]) -> list[list[str]]:
    out = []
    for n, (p, row) in enumerate(zip(people, as_rows(people), strict=True)):
        id_no = p["身份证号码"]
        # blanks in optional columns, a birth date that agrees with the ID number
        born = f"{id_no[6:10]}-{id_no[10:12]}-{id_no[12:14]}" if n % 2 else ""
        out.append([*row, born, "帮扶车间" if n % 3 else "", ("是", "否")[n % 2]])
    return out


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_clean_file_is_checked_as_the_full_check_does(tmp_path: Path, kind: str) -> None:
    people = roster(60)
    rows: list[list[Any]] = [list(r) for r in _rows(people)]
    if kind == "xlsx":  # units and phones as Excel numbers: judged apart from the text cache
        for r in rows:
            for h in ("单元", "联系电话"):
                r[HEADERS.index(h)] = int(r[HEADERS.index(h)])
        path = write_xlsx(tmp_path / "r.xlsx", [*HEADERS, *EXTRA], rows)
    else:
        path = write_csv(tmp_path / "r.csv", [*HEADERS, *EXTRA], rows)
    raw = read_table(path)
    assert bool(raw.numeric) == (kind == "xlsx")
    cols = cells.columns(raw, suggest_mapping(raw.headers))
    by_field = {c.field: c for c in cols}
    verdicts = cells.verdicts(raw, cols, lambda _: None)
    clean = cells.clean_rows(cols, verdicts, by_field, raw.numeric, raw.rows)
    assert clean is not None
    for row, got, quick in zip(raw.rows, zip(*verdicts, strict=True), clean, strict=True):
        full = cells.check_row(row, cols, got, by_field)
        assert quick == full
        assert list(quick.person) == list(full.person)  # same order of fields
        assert list(quick.household) == list(full.household)
        assert not full.errors


def test_one_bad_cell_takes_the_full_check(desk: Desk, tmp_path: Path) -> None:
    people = roster(20)
    rows = _rows(people)
    rows[7][HEADERS.index("联系电话")] = "12345"
    path = write_csv(tmp_path / "r.csv", [*HEADERS, *EXTRA], rows)
    raw = read_table(path)
    cols = cells.columns(raw, suggest_mapping(raw.headers))
    verdicts = cells.verdicts(raw, cols, lambda _: None)
    assert (
        cells.clean_rows(cols, verdicts, {c.field: c for c in cols}, raw.numeric, raw.rows) is None
    )
    got = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert [r.action for r in got.report].count("error") == 1


_NUMERIC_CELLS = st.lists(
    st.tuples(
        st.sampled_from(["单元", "房号", "联系电话", "身份证号码"]),
        st.integers(0, 59),
    ),
    max_size=40,
)


@settings(max_examples=25, deadline=None)
@given(numbers=_NUMERIC_CELLS)
def test_cells_stored_as_numbers_are_judged_as_numbers_each_time(
    numbers: list[tuple[str, int]],
) -> None:
    """A number cell's verdict is kept per text like a text cell's, apart from it (an ID
    number stored as a number is an error its text is not): each cell still gets exactly the
    verdict of judging it alone, whichever cells of a column are numbers."""
    from relocdesk.roster.raw import RawTable

    people = roster(60)
    rows = [list(r) for r in as_rows(people)]
    numeric = {(i, HEADERS.index(h)) for h, i in numbers}
    raw = RawTable(list(HEADERS), rows, 0, None, numeric=numeric)
    cols = cells.columns(raw, suggest_mapping(raw.headers))
    judged = cells.verdicts(raw, cols, lambda _: None)
    for c, column in zip(cols, judged, strict=True):
        for i, got in enumerate(column):
            text = rows[i][c.index]
            fresh = cells.Column(c.index, c.header, c.target)  # nothing judged before
            alone = cells._judge(fresh, text, (i, c.index) in numeric)
            assert got == (alone if text else None), (c.header, text)
