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


def shown(table: Any) -> list[tuple[str | None, int, int]]:
    return [(r["household_id"], r["count"], r["red"]) for r in rows_of(table)]


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
    assert shown(page.warnings) == core_groups(work)
    red = sum(1 for r in rows_of(page.warnings) if r["red"])
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
