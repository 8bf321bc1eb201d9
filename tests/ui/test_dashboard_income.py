"""The Dashboard's income view in the running app on the demo database: its tiles and its
table show the figures ``reports.income`` works out (the monthly workbook's 收入情况 source,
checked against pandas in tests/loop/test_income.py), for the community and per building;
choosing a building shows that building's; both languages drawn and saved as images
(to ``RELOCDESK_SHOTS`` when set, for a person to look at)."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtCharts")

from PySide6.QtWidgets import QApplication

from tests.ui.conftest import wait_idle


def core(db: Path) -> Any:
    """The core's income view and line, on a connection of the test's own off the GUI thread."""
    from relocdesk.desk import Desk
    from relocdesk.reports.income import income_view, thresholds

    out: list[Any] = []

    def work() -> None:
        with Desk(db) as desk:
            out.append((*income_view(desk.conn), thresholds(desk.conn)))

    t = threading.Thread(target=work)
    t.start()
    t.join(120)
    return out[0]


def open_dashboard(window: Any, qtbot: Any) -> Any:
    page = window.show_page("dashboard")
    wait_idle(qtbot, window, 60000)
    QApplication.processEvents()
    assert page.income_box is not None
    return page


def expected_tiles(f: Any) -> dict[str, str]:
    """The tiles as a person reads them, formatted here from the core's figures."""
    growth = "—" if f.growth is None else f"{f.growth * 100:+.1f}%"
    return {
        "per_capita": f"{f.per_capita:,.0f}",
        "growth": growth,
        "below_line": str(f.below_line),
        "near_line": str(f.near_line),
        **{k: f"{getattr(f, f'{k}_share') * 100:.1f}%" for k in ("wages", "business")},
        **{k: f"{getattr(f, f'{k}_share') * 100:.1f}%" for k in ("transfers", "property")},
    }


def shown_tiles(box: Any) -> dict[str, str]:
    return {key: label.text() for key, label in box.values.items()}


def shot(widget: Any, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("RELOCDESK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(folder / name))


def test_the_income_view_shows_the_core_figures(
    window: Any, qtbot: Any, ui_db: Path, tmp_path: Path
) -> None:
    page = open_dashboard(window, qtbot)
    community, buildings, (line, margin) = core(ui_db)
    box = page.income_box
    assert community.households > 0 and community.below_line + community.near_line > 0
    assert shown_tiles(box) == expected_tiles(community)
    assert "全社区" in box.title.text() and f"{line:,.0f}" in box.note.text()
    assert f"{margin:g}%" in box.note.text()
    # the table: the community, then every building, each row the core's figures
    model = box.table.rows_model
    assert model.rowCount() == 1 + len(buildings)
    for row, f in zip(model.rows, [community, *buildings], strict=True):
        assert row["scope"] == f.scope and row["per_capita"] == f.per_capita
        assert (row["below_line"], row["near_line"], row["growth"]) == (
            f.below_line,
            f.near_line,
            f.growth,
        )
        cells = model.cells(row)
        assert cells[3] == f"{f.per_capita:,.0f}" and cells[9:] == [f.below_line, f.near_line]
    assert model.header_texts()[3] == "人均纯收入（元）"
    shot(box, tmp_path, "dashboard-income-zh.png")


def test_choosing_a_building_shows_its_income(window: Any, qtbot: Any, ui_db: Path) -> None:
    page = open_dashboard(window, qtbot)
    community, buildings, _ = core(ui_db)
    one = next(b for b in buildings if b.building_id and b.households < community.households)
    page.building.setCurrentIndex(page.building.findData(one.building_id))
    wait_idle(qtbot, window, 60000)
    QApplication.processEvents()
    box = page.income_box
    assert box.figures is not None and box.figures.building_id == one.building_id
    assert shown_tiles(box) == expected_tiles(one)
    assert one.scope in box.title.text()
    assert box.table.rows_model.rowCount() == 1 + len(buildings)  # the table keeps them all


@pytest.mark.parametrize("language", ["en"])
def test_english_income_view(window: Any, qtbot: Any, ui_db: Path, tmp_path: Path) -> None:
    page = open_dashboard(window, qtbot)
    community, _, _ = core(ui_db)
    box = page.income_box
    assert box.title.text() == "Income: Whole community"
    assert box.captions["per_capita"].text() == "Per-capita net income (yuan)"
    assert shown_tiles(box) == expected_tiles(community)
    assert box.table.rows_model.cells(box.table.rows_model.rows[0])[0] == "Whole community"
    shot(box, tmp_path, "dashboard-income-en.png")
