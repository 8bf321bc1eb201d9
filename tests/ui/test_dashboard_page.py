"""The dashboard in the running app on the demo database: its tiles and QtCharts show the
figures of ``reports.dashboard`` (the monthly workbook's source), per building too, and
choosing a building redraws everything for that building."""

from __future__ import annotations

import datetime
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtCharts")

from PySide6.QtCharts import QBarSeries, QChartView, QHorizontalBarSeries, QLineSeries
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import wait_idle


def figures(db: Path, building_id: str | None = None) -> Any:
    """The core's figures, worked out off the GUI thread on a connection of the test's own."""
    from relocdesk import reports
    from relocdesk.desk import Desk

    out: list[Any] = []

    def work() -> None:
        with Desk(db) as desk:
            out.append(reports.dashboard(desk, datetime.date.today(), building_id=building_id))

    t = threading.Thread(target=work)
    t.start()
    t.join(120)
    return out[0]


def charts(page: Any) -> dict[str, Any]:
    return {v.chart().title(): v.chart() for v in page.body.findChildren(QChartView)}


def bar_values(chart: Any) -> list[list[float]]:
    (series,) = [s for s in chart.series() if isinstance(s, QBarSeries | QHorizontalBarSeries)]
    return [[s.at(i) for i in range(s.count())] for s in series.barSets()]


def open_dashboard(window: Any, qtbot: Any) -> Any:
    page = window.show_page("dashboard")
    wait_idle(qtbot, window, 60000)
    QApplication.processEvents()
    assert page.figures is not None
    return page


def test_charts_show_the_core_figures(window: Any, qtbot: Any, ui_db: Path) -> None:
    page = open_dashboard(window, qtbot)
    board = figures(ui_db)
    shown = charts(page)
    assert len(shown) == 6, list(shown)  # needs by age, by category, areas, buildings, 2 trends
    by_area = shown["各领域预警数"]
    (areas,) = bar_values(by_area)
    assert sum(areas) == board.active_warnings > 0
    assert list(reversed(areas)) == [float(v) for v in board.warnings_by_area.values()]
    (ages,) = bar_values(shown["未办结诉求（按已登记天数）"])
    assert sum(ages) == board.open_needs
    # per building: the three shares, in percent, first building at the top
    share, labour, coverage = bar_values(shown["分楼栋"])
    buildings = list(reversed(board.by_building))
    assert share == pytest.approx([round(b.household_employment_share * 100, 1) for b in buildings])
    assert labour == pytest.approx([round(b.labour_employment_rate * 100, 1) for b in buildings])
    assert coverage == pytest.approx([round(b.visit_coverage_month * 100, 1) for b in buildings])
    # the month-by-month trend: twelve points per line, the figures of the core
    trend = next(c for t, c in shown.items() if "走访" in t and t != "分楼栋")
    (line,) = [s for s in trend.series() if isinstance(s, QLineSeries)]
    assert [line.at(i).y() for i in range(line.count())] == [
        float(p.households_visited) for p in board.trend
    ]
    table = page.building_table.rows_model
    assert table.rowCount() == len(board.by_building)


def test_choosing_a_building_redraws_for_it(window: Any, qtbot: Any, ui_db: Path) -> None:
    page = open_dashboard(window, qtbot)
    whole = figures(ui_db)
    one = whole.by_building[0]
    page.building.setCurrentIndex(page.building.findData(one.building_id))
    wait_idle(qtbot, window, 60000)
    QApplication.processEvents()
    f = page.figures
    assert f is not None and f.building_id == one.building_id
    assert f.households == one.households < whole.households
    (areas,) = bar_values(charts(page)["各领域预警数"])
    assert sum(areas) == one.active_warnings


@pytest.mark.parametrize("language", ["en"])
def test_english_dashboard(window: Any, qtbot: Any, ui_db: Path, tmp_path: Path) -> None:
    page = open_dashboard(window, qtbot)
    titles = set(charts(page))
    assert {"Warnings by area", "By building", "Open needs by category"} <= titles
    page.body.grab().save(str(tmp_path / "dashboard-en.png"))
