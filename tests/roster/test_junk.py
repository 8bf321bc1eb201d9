"""Whatever the cells hold, the import gives a report, and a refused import writes nothing."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.roster import (
    RawTable,
    RosterReadError,
    apply_import,
    plan_import,
    read_table,
    suggest_mapping,
)

from ._roster import HEADERS, as_rows, roster, snapshot, write_csv

ALL_HEADERS = [
    *HEADERS,
    "出生日期",
    "劳动能力",
    "文化程度",
    "月收入",
    "医保",
    "低保",
    "监测户",
    "在校情况",
    "务工地点",
    "户籍状态",
    "残疾等级",
]

junk = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "1.23457E+17",
            "男",
            "女",
            "户主",
            "是",
            "否",
            "NaN",
            "-1",
            "1e308",
            "2019-02-30",
            "１２３",
            "X" * 300,
            "\x00",
            "=SUM(A1)",
            "√",
            "522731195001010011",
            "0",
            "99999999999999999999",
        ]
    ),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
)

_seq = itertools.count()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cells=st.lists(
        st.lists(junk, min_size=len(ALL_HEADERS), max_size=len(ALL_HEADERS)),
        min_size=1,
        max_size=15,
    ),
    numeric=st.sets(st.tuples(st.integers(0, 14), st.integers(0, len(ALL_HEADERS) - 1))),
)
def test_junk_cells_give_a_report_and_never_a_half_import(
    desk: Desk, cells: list[list[str]], numeric: set[tuple[int, int]]
) -> None:
    raw = RawTable(ALL_HEADERS, cells, 0, None, list(range(2, len(cells) + 2)), numeric)
    before = snapshot(desk)
    plan = plan_import(desk, raw, suggest_mapping(ALL_HEADERS), duplicates="update")
    assert len(plan.report) == len(cells)
    for r in plan.report:
        assert r.action in ("insert", "update", "skip", "error")
        assert (r.action == "error") == bool(r.errors)
        for e in r.errors:
            assert e.message_zh and e.message_en and e.code and e.field
    result = apply_import(desk, plan)
    if not result.applied:
        assert snapshot(desk) == before
    else:
        assert plan.error_count == 0


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bad_row=st.integers(0, 9), column=st.integers(0, len(HEADERS) - 1), value=junk)
def test_one_bad_cell_refuses_the_whole_file(
    desk: Desk, tmp_path: Path, bad_row: int, column: int, value: str
) -> None:
    rows = as_rows(roster(4, start=1000 + next(_seq) * 10))[:10]
    rows[bad_row % len(rows)][column] = value
    path = write_csv(tmp_path / f"j{next(_seq)}.csv", HEADERS, rows)
    before = snapshot(desk)
    try:
        raw = read_table(path)
    except RosterReadError:
        assert snapshot(desk) == before
        return
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    result = apply_import(desk, plan)
    if plan.error_count or plan.problems:
        assert not result.applied
        assert snapshot(desk) == before
    else:
        assert result.applied


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    magic=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    data=st.binary(max_size=600),
)
def test_random_bytes_never_raise_anything_but_a_read_error(
    tmp_path: Path, magic: bytes, data: bytes
) -> None:
    n = next(_seq)
    for name in ("x.csv", "x.xlsx", "x.xls", "x.txt"):
        path = tmp_path / f"{n}{name}"
        path.write_bytes(magic + data)
        try:
            read_table(path)
        except RosterReadError as e:
            assert e.message_zh and e.message_en and e.code
