"""Malformed rosters through ``relocdesk import``, as a clerk would meet them: each gives a
report (exit 1: errors in the data, exit 2: not readable as a roster), never a traceback,
and the database is exactly as it was."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from relocdesk.desk import Desk

from ._roster import HEADERS, as_rows, roster, snapshot, write_csv, write_xlsx

Make = Callable[[Path], Path]


def _wrong_encoding(tmp: Path) -> Path:
    path = tmp / "utf16.csv"
    text = ",".join(HEADERS) + "\n" + ",".join(as_rows(roster(2))[0]) + "\n"
    path.write_bytes(text.encode("utf-16-le"))  # without its byte-order mark
    return path


def _big5(tmp: Path) -> Path:
    path = tmp / "big5.csv"
    path.write_bytes((",".join(HEADERS) + "\n").encode("big5", errors="replace") + b"\xff\xfe" * 40)
    return path


def _missing_columns(tmp: Path) -> Path:
    headers = [h for h in HEADERS if h not in ("身份证号码", "姓名")]
    return write_csv(tmp / "missing.csv", headers, as_rows(roster(3), headers))


def _merged_header_with_a_bad_row(tmp: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["锦绣社区搬迁人口花名册"])
    sheet.append(["户号", "姓名", "身份证号码", "迁出地", None, None, "联系电话"])
    sheet.append([None, None, None, "县", "乡镇", "村", None])
    sheet.merge_cells("A1:G1")
    sheet.merge_cells("D2:F2")
    for col in "ABCG":
        sheet.merge_cells(f"{col}2:{col}3")
    for n, p in enumerate(roster(2)):
        id_no = p["身份证号码"] if n else p["身份证号码"][:17] + "Z"  # first row: bad ID
        sheet.append([f"HH{n}", p["姓名"], id_no, "惠水县", "摆金镇", "新寨村", "13800000000"])
    path = tmp / "merged.xlsx"
    book.save(path)
    return path


def _blank_rows_and_a_bad_date(tmp: Path) -> Path:
    rows = as_rows(roster(3))
    rows[2][HEADERS.index("入住日期")] = "2023-02-30"
    rows[2][HEADERS.index("联系电话")] = "12345"
    blank = [""] * len(HEADERS)
    return write_xlsx(tmp / "blanks.xlsx", HEADERS, [blank, *rows[:2], blank, blank, *rows[2:]])


def _ten_thousand_bad_rows(tmp: Path) -> Path:
    rows = as_rows(roster(2500))
    for r in rows:
        r[HEADERS.index("身份证号码")] = "5.22731E+17"
    return write_csv(tmp / "bad10k.csv", HEADERS, rows[:10_000])


CASES: dict[str, tuple[Make, int, str]] = {
    "wrong encoding (UTF-16)": (_wrong_encoding, 2, "UTF-16"),
    "neither UTF-8 nor GBK": (_big5, 2, "CSV UTF-8"),
    "missing columns": (_missing_columns, 1, "缺少必需的列：身份证号码"),
    "merged header cells": (_merged_header_with_a_bad_row, 1, "身份证号码"),
    "blank rows": (_blank_rows_and_a_bad_date, 1, "联系电话"),
    "10,000 bad rows": (_ten_thousand_bad_rows, 1, "id_scientific"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_malformed_roster_gets_a_report_and_changes_nothing(tmp_path: Path, case: str) -> None:
    make, code, said = CASES[case]
    data = tmp_path / "data"
    with Desk(data / "community.db") as desk:
        desk.create_community("锦绣社区")
        write_csv(tmp_path / "first.csv", HEADERS, as_rows(roster(2, start=900)))
        before_import = snapshot(desk)
    first = _cli("import", str(tmp_path / "first.csv"), data=data)
    assert first.returncode == 0, first.stderr
    with Desk(data / "community.db") as desk:
        before = snapshot(desk)
        assert before != before_import
    done = _cli("import", str(make(tmp_path)), data=data)
    out = done.stdout + done.stderr
    assert done.returncode == code, out
    assert "Traceback" not in out and said in out
    if case == "missing columns":  # the file's rows are counted, not "0 rows"
        rows = len(as_rows(roster(3)))
        assert f"共 {rows} 行" in out and f"{rows} rows" in out
    with Desk(data / "community.db") as desk:
        assert snapshot(desk) == before


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
