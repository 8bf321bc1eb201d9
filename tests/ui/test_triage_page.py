"""Triage on screen: the Warnings page lists households (red first, then the most
warnings) and filters them by area, building and building head; Today lists households,
not single warnings. Each list is the core's grouping, read again on the worker."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from tests.ui.test_work_pages import Harness, rows_of, work

__all__ = ["work"]


def core_groups(work: Harness, **filters: Any) -> list[tuple[str | None, int, int]]:
    on = datetime.date.today()
    groups = work.db(lambda d: d.warnings.by_household(on, **filters))
    return [(g.household_id, g.count, g.red) for g in groups]


def shown(table: Any, work: Harness | None = None) -> list[tuple[str | None, int, int]]:
    return [(r["household_id"], r["count"], r["red"]) for r in every_row(table, work)]


def every_row(table: Any, work: Harness | None = None) -> list[dict[str, Any]]:
    """Every row of a table; Today's reads its rows a window at a time: rows not read yet
    are asked for (by reading them, as drawing does) and come on the reader."""
    for _ in range(100):
        rows = rows_of(table)
        if not any(r.get("pending") for r in rows):
            return rows
        assert work is not None
        work.settle()
    raise AssertionError("rows never came")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_warnings_page_groups_by_household(work: Harness, language: str, tmp_path: Path) -> None:
    page = work.page("warnings")
    assert page.grouped.isChecked() and page.views.currentWidget() is page.households
    assert shown(page.households) == core_groups(work) != []
    first = rows_of(page.households)[0]
    assert first["red"] and page.households.rows_model.index(0, 0).data() in ("红色", "Red")
    # the building head filter: only the households of that head's buildings
    page.head.setCurrentIndex(page.head.findData("王建国"))
    work.settle()
    assert shown(page.households) == core_groups(work, building_head="王建国") != []
    assert {r["household_id"] for r in rows_of(page.households)} <= {
        work.made[no]["household"]["id"] for no in ("WK001", "WK002")
    }
    page.head.setCurrentIndex(0)
    page.area.setCurrentIndex(page.area.findData("employment"))
    work.settle()
    assert shown(page.households) == core_groups(work, area="employment")
    shots = os.environ.get("RELOCDESK_SCREENSHOTS")  # a folder to look at them by eye
    page.window().grab().save(str(Path(shots or tmp_path) / f"warnings-grouped-{language}.png"))
    # each warning again, on request
    page.grouped.setChecked(False)
    work.settle()
    assert page.views.currentWidget() is page.table and page.ack_button.isEnabled()
    assert all(r["area_code"] == "employment" for r in rows_of(page.table))


def test_today_lists_households(work: Harness) -> None:
    page = work.page("today")
    assert shown(page.warnings, work) == core_groups(work)
    assert page.warnings.rows_model.rowCount() > 200  # more than its first window
    red = sum(1 for r in every_row(page.warnings, work) if r["red"])
    assert f"红色 {red} 户" in page.tabs.tabText(0)
    opened: list[str] = []
    work.window.household_opened.connect(opened.append)
    page.tabs.setCurrentIndex(0)
    work.settle()
    rect = page.warnings.visualRect(page.warnings.rows_model.index(0, 1))
    from PySide6.QtCore import Qt

    work.qtbot.mouseClick(page.warnings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    work.settle()
    assert opened == [rows_of(page.warnings)[0]["household_id"]]


def test_hand_over_a_household_from_the_warnings_page(work: Harness, tmp_path: Path) -> None:
    page = work.page("warnings")
    wk = work.made["WK005"]["household"]["id"]  # building 93: no building head
    row = next(i for i, r in enumerate(rows_of(page.households)) if r["household_id"] == wk)
    count = rows_of(page.households)[row]["count"]
    page.households.selectRow(row)
    assert page.hand_button.isEnabled()
    page.hand_over()
    work.settle()
    needs = work.db(lambda d: d.needs.find(household_id=wk, source="warning"))
    assert len(needs) == count and all(n["indicator"] and n["subject_id"] for n in needs)
    after = next(r for r in rows_of(page.households) if r["household_id"] == wk)
    assert after["handling"] == count
    assert page.message.text() == f"已生成 {count} 条诉求，0 条已在办理中"
    # each warning shows it is in handling, with the need's status
    page.grouped.setChecked(False)
    work.settle()
    model = page.table.rows_model
    column = [model.headerData(c, _horizontal()) for c in range(model.columnCount())].index("交办")
    mine = [i for i, r in enumerate(rows_of(page.table)) if r["household_id"] == wk]
    assert mine and all(model.index(i, column).data() == "办理中：待办" for i in mine)
    shots = os.environ.get("RELOCDESK_SCREENSHOTS")
    page.table.selectRow(mine[0])
    page.window().grab().save(str(Path(shots or tmp_path) / "warnings-in-handling-zh_CN.png"))


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
