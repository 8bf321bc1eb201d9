"""Text that could run as a formula stays text in every spreadsheet this desk writes.

The hostile cells are the ones documented for CSV injection (a link, a DDE call, an @-function,
arithmetic); each file is written by the real writer and read back from its bytes: an .xlsx
must hold no formula element, a CSV field no leading formula sign, and the roster reader must
give the clerk's text back when the rejected rows come in again.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relocdesk.cell_text import FORMULA_STARTS, csv_field, from_csv_field
from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from tests.roster._roster import HEADERS, as_rows, roster, write_csv

HOSTILE = [
    '=HYPERLINK("http://example.invalid/x","点这里")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=1+1",
]


def _formulas(xlsx: Path) -> list[str]:
    with zipfile.ZipFile(xlsx) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]


def _rejected_roster(tmp_path: Path) -> tuple[Path, list[str]]:
    """A roster whose second person's phone is a formula (so the row is rejected) and whose
    other cells of that row hold the rest of the hostile texts."""
    rows = as_rows(roster(2))
    bad = rows[1]
    bad[HEADERS.index("联系电话")] = HOSTILE[0]
    bad[HEADERS.index("迁出县")] = HOSTILE[1]
    bad[HEADERS.index("房号")] = HOSTILE[2]
    bad[HEADERS.index("户号")] = HOSTILE[3]
    # a CSV, as a system exports it: in an .xlsx written by openpyxl they would be formulas
    return write_csv(tmp_path / "roster.csv", HEADERS, rows), bad


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_rejected_rows_keep_formula_text_as_text(desk: Desk, tmp_path: Path, suffix: str) -> None:
    path, bad = _rejected_roster(tmp_path)
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.error_count == 1
    rejects = tmp_path / f"rejects{suffix}"
    result = apply_import(desk, plan, mode="valid_only", rejects_path=rejects)
    assert result.applied and result.rejected == 1

    if suffix == ".xlsx":
        assert _formulas(rejects) == []
    else:
        with rejects.open(encoding="utf-8-sig", newline="") as f:
            fields = [v for row in csv.reader(f) for v in row]
        hostile = [v for v in fields if v.lstrip("'") in HOSTILE]
        assert len(hostile) == 4
        assert all(v.startswith("'") and v[1:] in HOSTILE for v in hostile)
        assert not any(v.startswith(FORMULA_STARTS) and len(v) > 1 for v in fields)
    # the clerk's own text comes back when the rejected rows are read again
    back = read_table(rejects)
    assert back.rows[0][1:-1] == bad


def test_an_audit_export_writes_no_formula(desk: Desk, tmp_path: Path) -> None:
    for text in HOSTILE:
        desk.audit.create(action="export", detail=text)
    out = tmp_path / "audit.xlsx"
    assert desk.export_audit(out, "=审计记录") >= len(HOSTILE)
    assert _formulas(out) == []

    from openpyxl import load_workbook

    cells = {c.value for row in load_workbook(out).active.iter_rows() for c in row}
    assert set(HOSTILE) <= cells and "=审计记录" in cells


def test_a_report_workbook_writes_no_formula(tmp_path: Path) -> None:
    import pandas as pd

    from relocdesk.reports.sheets import Sheet, write_book

    frame = pd.DataFrame({"楼栋": HOSTILE, "户数": range(len(HOSTILE))})
    out = write_book(tmp_path / "month.xlsx", [Sheet("月报", frame, "=标题", "=副标题")])
    assert _formulas(out) == []

    from openpyxl import load_workbook

    cells = {c.value for row in load_workbook(out).active.iter_rows() for c in row}
    assert set(HOSTILE) | {"=标题", "=副标题"} <= cells


@given(st.text(max_size=30))
def test_a_csv_field_is_never_a_formula_and_reads_back(text: str) -> None:
    field = csv_field(text)
    assert from_csv_field(field) == text
    if field != text:
        assert field == "'" + text
    elif len(text) > 1 and text.startswith(FORMULA_STARTS):
        float(text)  # only a signed number keeps its sign in front


@pytest.mark.parametrize("value", ["-", "+", "-5", "+3.5", "-1e3", "13800000000", "王五", 7, None])
def test_values_that_are_no_formula_are_written_as_they_are(value: object) -> None:
    assert csv_field(value) == value


@pytest.mark.parametrize("value", ["-٣", "+１２", "-1_000"])
def test_a_sign_before_what_excel_reads_as_no_number_is_marked(value: str) -> None:
    assert csv_field(value) == "'" + value and from_csv_field(csv_field(value)) == value
