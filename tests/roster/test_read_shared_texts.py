"""A column's repeated texts are read as one object each: the plan judges every distinct
text of a column once and finds each cell's verdict by it, which is fast only when equal
texts are the same object (hashed once, compared by identity)."""

from __future__ import annotations

from pathlib import Path

import pytest

from relocdesk.roster import read_table

from ._roster import HEADERS, as_rows, roster, write_csv, write_xlsx


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_equal_texts_are_one_object(tmp_path: Path, kind: str) -> None:
    people = roster(40)
    rows = as_rows(people)
    for n, row in enumerate(rows):
        row[HEADERS.index("就业状态")] = (" 务工 ", "务工", "无业")[n % 3]  # spaces stripped too
    path = (write_xlsx if kind == "xlsx" else write_csv)(tmp_path / f"r.{kind}", HEADERS, rows)
    raw = read_table(path)
    assert len(raw.rows) == len(people)
    for k in range(len(raw.headers)):
        column = [r[k] for r in raw.rows]
        assert len({id(t) for t in column}) == len(set(column)), raw.headers[k]
    assert {r[HEADERS.index("就业状态")] for r in raw.rows} == {"务工", "无业"}
