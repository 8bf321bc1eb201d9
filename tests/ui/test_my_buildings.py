"""My buildings on Today and Warnings: shown on a building head's device with its buildings'
households, people and job seekers (checked against a pandas pass over the tables), hidden
on an office device; in Chinese and English (screenshots saved for a person to look at)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pandas as pd
import pytest

from tests.ui.conftest import wait_idle


def _busiest_head(read: Callable[..., list[sqlite3.Row]]) -> str:
    rows = read(
        "SELECT b.building_head_id AS head, count(*) AS n FROM household h"
        " JOIN building b ON b.id = h.building_id WHERE b.building_head_id IS NOT NULL"
        " GROUP BY b.building_head_id ORDER BY n DESC LIMIT 1"
    )
    return str(rows[0]["head"])


@pytest.fixture
def as_head(ui_db: Path, read_db: Callable[..., list[sqlite3.Row]]) -> str:
    """The device as a building head's: the role and the scope its last sync stored."""
    from relocdesk.desk import Desk

    head = _busiest_head(read_db)
    with Desk(ui_db) as desk, desk.transaction():
        desk.set_setting("sync_role", "building_head")
        desk.set_setting("sync_scope", orjson.dumps({"head": head}).decode())
    return head


def _expected(read: Callable[..., list[sqlite3.Row]], head: str) -> pd.DataFrame:
    frame = lambda sql: pd.DataFrame([dict(r) for r in read(sql)])  # noqa: E731
    b = frame("SELECT id, number, building_head_id, deleted FROM building")
    h = frame("SELECT id, building_id, status, deleted FROM household")
    p = frame("SELECT id, household_id, employment_status, deleted FROM person")
    b = b[(b.building_head_id == head) & (b.deleted == 0)]
    h = h[(h.deleted == 0) & (h.status == "active")]
    p = p[p.deleted == 0].merge(h, left_on="household_id", right_on="id", suffixes=("", "_h"))
    out = b.set_index("id")[["number"]].copy()
    out["households"] = h.groupby("building_id").size().reindex(out.index, fill_value=0)
    out["people"] = p.groupby("building_id").size().reindex(out.index, fill_value=0)
    seekers = p[p.employment_status == "unemployed_willing"]
    out["job_seekers"] = seekers.groupby("building_id").size().reindex(out.index, fill_value=0)
    return out


def test_my_buildings_counts(as_head: str, ui_db: Path, read_db: Any) -> None:
    from relocdesk.desk import Desk

    with Desk(ui_db) as desk:
        mine = desk.my_buildings()
    assert mine is not None and mine.buildings
    want = _expected(read_db, as_head)
    got = {b.building_id: (b.number, b.households, b.people, b.job_seekers) for b in mine.buildings}
    assert got == {
        i: (r.number, int(r.households), int(r.people), int(r.job_seekers))
        for i, r in want.iterrows()
    }
    assert mine.households == int(want.households.sum()) > 0


def test_an_office_device_shows_no_bar(window: Any, qtbot: Any) -> None:
    page = window.show_page("today")
    page.refresh()
    wait_idle(qtbot, window)
    assert not page.my_buildings.isVisible()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_today_and_warnings_show_my_buildings(
    as_head: str, window: Any, qtbot: Any, language: str, read_db: Any, tmp_path: Path
) -> None:
    want = _expected(read_db, as_head)
    for key in ("today", "warnings"):
        page = window.show_page(key)
        page.refresh()
        wait_idle(qtbot, window)
        bar = page.my_buildings
        assert bar.isVisible()
        text = bar.title.text() + bar.text.text()
        assert ("我的楼栋" if language == "zh_CN" else "My buildings") in text
        for _, r in want.iterrows():
            assert str(r.number) in text
        assert str(int(want.households.sum())) in text
        if key == "warnings":
            assert ("有预警" if language == "zh_CN" else "with warnings") in text
        shots = Path(str(tmp_path)) / "shots"
        shots.mkdir(exist_ok=True)
        window.grab().save(str(shots / f"my_buildings_{key}_{language}.png"))
