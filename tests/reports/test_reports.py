"""The dashboard and the monthly workbook agree; the commands work end to end."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from relocdesk import demo, reports
from relocdesk.desk import Desk
from relocdesk.reports.monthly import BUILDING_COLUMNS, SHEETS, TREND_COLUMNS

TODAY = datetime.date(2026, 5, 15)
MONTH_END = datetime.date(2026, 4, 30)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("community")
    with Desk(path / "community.db") as desk:
        demo.build(desk, 300, seed=4, today=TODAY)
    return path


@pytest.fixture
def conn(data_dir: Path) -> Any:
    desk = Desk(data_dir / "community.db")
    yield desk.conn
    desk.close()


def test_dashboard_totals_are_the_sum_of_buildings(conn: Any) -> None:
    board = reports.dashboard(conn, TODAY)
    assert board.households == 300 == sum(b.households for b in board.by_building)
    assert board.zero_employment_households == sum(
        b.zero_employment_households for b in board.by_building
    )
    assert 0 < board.household_employment_share <= 1 and 0 < board.labour_employment_rate <= 1
    assert len(board.trend) == 12 and board.trend[-1].month == "2026-05"
    assert sum(board.needs_by_age.values()) == board.open_needs
    assert sum(board.needs_by_category.values()) == board.open_needs
    assert sum(board.warnings_by_area.values()) == board.active_warnings
    one = board.by_building[0]
    part = reports.dashboard(conn, TODAY, building_id=one.building_id)
    assert part.households == one.households and part.open_needs == one.open_needs
    assert sum(part.warnings_by_area.values()) == one.active_warnings


def test_zero_employment_figure_equals_the_warning_count(conn: Any) -> None:
    from relocdesk.monitoring import evaluate

    board = reports.dashboard(conn, TODAY)
    zero = [w for w in evaluate(conn, TODAY) if w.indicator == "EMP-01"]
    assert board.zero_employment_households == len(zero)


def test_monthly_workbook_has_the_sheets_and_the_dashboard_figures(
    conn: Any, tmp_path: Path
) -> None:
    path = reports.write_monthly_xlsx(conn, "2026-04", tmp_path / "m.xlsx", today=TODAY)
    board = reports.dashboard(conn, MONTH_END)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A4", "B4")
        assert "2026年4月" in str(ws["A1"].value)
        assert ws.column_dimensions["A"].width >= 8
    overview = {r[0]: r[1] for r in wb["总体情况"].iter_rows(min_row=4, values_only=True)}
    assert overview["户数"] == board.households
    assert overview["零就业家庭"] == board.zero_employment_households
    assert overview["劳动力就业率"] == pytest.approx(board.labour_employment_rate)
    assert overview["本月走访覆盖率"] == pytest.approx(board.visit_coverage_month)
    assert overview["预警（未确认）"] == board.active_warnings
    per_building = list(wb["分楼栋"].iter_rows(min_row=4, values_only=True))
    headings = [c.value for c in wb["分楼栋"][3]]
    assert headings == [h for _, h in BUILDING_COLUMNS]
    for row, b in zip(per_building, board.by_building, strict=False):
        assert row[0] == b.building_no
        assert row[2] == b.households and row[10] == b.zero_employment_households
        assert row[-2] == b.active_warnings
    assert per_building[-1][0] == "合计" and per_building[-1][2] == board.households
    areas = list(wb["预警分领域"].iter_rows(min_row=4, values_only=True))
    assert areas[-1][0] == "合计" and areas[-1][3] == board.active_warnings


def test_monthly_frames_refuse_a_bad_or_future_month(conn: Any) -> None:
    from relocdesk.validation import ValidationError

    for month in ("2026-13", "2026/04", "", "2026-06", "0000-01", "9999-12", "２０２６-０５"):
        with pytest.raises(ValidationError):
            reports.monthly(conn, month, today=TODAY)


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_warnings_command_json_and_text(data_dir: Path, conn: Any) -> None:
    from relocdesk.monitoring import evaluate

    done = _cli(data_dir, "warnings", "--json", "--date", TODAY.isoformat())
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    expected = [w for w in evaluate(conn, TODAY) if not w.acknowledged]
    assert out["count"] == len(expected) == len(out["warnings"])
    first = out["warnings"][0]
    assert first["level"] == "red" and first["facts"]["zh"] and first["responsible"]
    text = _cli(data_dir, "warnings", "--date", TODAY.isoformat())
    assert text.returncode == 0 and "零就业家庭" in text.stdout
    bad = _cli(data_dir, "warnings", "--date", "15/05/2026")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr


def test_report_command(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    done = _cli(data_dir, "report", "monthly", "--month", "2026-04", "-o", str(out), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["overview"]["户数"] == 300
    assert openpyxl.load_workbook(out).sheetnames == list(SHEETS)
    bad = _cli(data_dir, "report", "monthly", "--month", "2026-4x", "-o", str(out))
    assert bad.returncode == 2
    assert "月份格式" in bad.stderr and "YYYY-MM" in bad.stderr and "Traceback" not in bad.stderr


def test_monthly_trend_sheet_is_the_dashboards_trend(conn: Any, tmp_path: Path) -> None:
    path = reports.write_monthly_xlsx(conn, "2026-04", tmp_path / "m.xlsx", today=TODAY)
    board = reports.dashboard(conn, MONTH_END)
    ws = openpyxl.load_workbook(path)["月度趋势"]
    assert [c.value for c in ws[3]] == [h for _, h in TREND_COLUMNS]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == [p.month for p in board.trend]
    assert rows[-1][0] == "2026-04" and rows[0][0] == "2025-05"
    for row, point in zip(rows, board.trend, strict=True):
        assert row[1:] == pytest.approx(
            (
                point.households_visited,
                point.visit_coverage,
                point.referrals,
                point.hires,
                point.needs_raised,
                point.needs_closed,
            )
        )
    assert any(r[3] for r in rows), "the demo has referrals in the trend"
    # the report month's point is the month the overview counts
    overview = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(path)["总体情况"].iter_rows(min_row=4, values_only=True)
    }
    assert rows[-1][1] == overview["本月走访户数"]
    assert rows[-1][3] == overview["本月就业推荐次数"]
    assert rows[-1][4] == overview["本月推荐录用人次"]
    assert rows[-1][5] == overview["本月新增诉求"] and rows[-1][6] == overview["本月办结诉求"]
    assert ws.freeze_panes == "A4" and ws["C4"].number_format == "0.0%"


def test_workbook_looks_like_an_office_report(conn: Any, tmp_path: Path) -> None:
    """Titles merged across the table, bold shaded headers, totals in bold, widths that fit
    the Chinese headings, landscape pages repeating the header row."""
    path = reports.write_monthly_xlsx(conn, "2026-04", tmp_path / "m.xlsx", today=TODAY)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert ws["A1"].font.bold and ws["A1"].font.size == 14
        assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges)
        assert "统计截至 2026-04-30" in str(ws["A2"].value)
        for cell in ws[3]:
            assert cell.font.bold and cell.fill.fgColor.rgb.endswith("DDEBF7")
            width = ws.column_dimensions[cell.column_letter].width
            # a Chinese character is two columns wide in Excel; long headings wrap at 48
            wide = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell.value)
            assert min(wide, 48) <= width <= 48
        assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
    last = list(wb["分楼栋"].iter_rows(min_row=4))[-1]
    assert last[0].value == "合计" and all(c.font.bold for c in last)
    assert wb["分楼栋"]["G4"].number_format == "0.0%"  # 劳动力就业率
