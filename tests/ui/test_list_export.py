"""Export (Ctrl+E) of the list on screen: on the real pages, a filter and a sort are set, the
list is exported, and the workbook read back with openpyxl is compared, row by row and in
order, with an independent query of the same filter (SQL and pandas over the database file).
Every export leaves one audit row without the personal data; a building head's device
exports ID numbers masked; a file that cannot be written is said plainly."""

from __future__ import annotations

import datetime
import re
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from relocdesk.definitions import REFERRAL_TARGET, REFERRAL_WINDOW_DAYS
from tests.ui.conftest import wait_idle

MASKED = re.compile(r"^\d{4}\*+\w{4}$")


def sheet(path: Path) -> tuple[list[str], list[list[Any]], Any]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=False)
    ws = book.worksheets[0]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    return [str(h) for h in values[0]], values[1:], ws


def export(page: Any, window: Any, qtbot: Any, path: Path) -> None:
    page.export_to(str(path))
    qtbot.waitUntil(lambda: not page.exporter.busy, timeout=20000)
    wait_idle(qtbot, window)


def last_audit(read_db: Any) -> sqlite3.Row:
    return read_db("SELECT * FROM audit ORDER BY rowid DESC LIMIT 1")[0]


def frame(read_db: Any, sql: str) -> pd.DataFrame:
    rows = read_db(sql)
    return pd.DataFrame([dict(r) for r in rows])


def test_households_filter_and_sort(window: Any, qtbot: Any, read_db: Any, tmp_path: Path) -> None:
    page = window.show_page("households")
    wait_idle(qtbot, window)
    page.flag.setCurrentIndex(page.flag.findData("monitored"))
    page.view.sortByColumn(7, Qt.SortOrder.DescendingOrder)  # per-capita income
    wait_idle(qtbot, window)
    out = tmp_path / "住户.xlsx"
    export(page, window, qtbot, out)

    headers, rows, ws = sheet(out)
    shown = [page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(9)]
    assert headers == shown and headers[0] == "户编号"
    assert ws.freeze_panes == "A2"
    assert all(ws.column_dimensions[c].width >= 6 for c in "ABCDEFGHI")
    # Independently: the monitored active households, income per member, highest first.
    hh = frame(
        read_db,
        "SELECT h.rowid AS rowid, h.household_no, h.income_wages + h.income_business"
        " + h.income_transfers + h.income_property AS income,"
        " (SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.deleted = 0) AS n"
        " FROM household h WHERE h.deleted = 0 AND h.status = 'active' AND h.monitored = 1",
    )
    hh["per_capita"] = hh["income"] / hh["n"].clip(lower=1)
    hh = hh.sort_values(["per_capita", "rowid"], ascending=[False, True])
    assert len(rows) == len(hh) > 3
    assert [r[0] for r in rows] == list(hh["household_no"])
    assert [r[7] for r in rows] == [round(v) for v in hh["per_capita"]]
    assert [r[3] for r in rows] == list(hh["n"])
    # What the screen shows in its first rows is what the file holds.
    for r in range(3):
        assert rows[r][1] == page.model.data(page.model.index(r, 1))
    audit = last_audit(read_db)
    assert audit["action"] == "export"
    assert f"{len(rows)} rows" in audit["detail"] and "住户.xlsx" in audit["detail"]
    assert f"sort {headers[7]} desc" in audit["detail"] and "flag=监测户" in audit["detail"]
    assert rows[0][0] not in audit["detail"]  # no personal data in the trail
    assert page.exporter.status == f"已导出 {len(rows):,} 行到 住户.xlsx"


def _people_expected(read_db: Any) -> pd.DataFrame:
    people = frame(
        read_db,
        "SELECT p.rowid AS rowid, p.name, p.id_number FROM person p"
        " JOIN household h ON h.id = p.household_id"
        " WHERE p.deleted = 0 AND h.deleted = 0 AND p.employment_status = 'unemployed_willing'",
    )
    people["key"] = people["name"].map(lambda s: s.encode())  # SQLite compares bytes
    return people.sort_values(["key", "rowid"], ascending=[False, True])


def _people_page(window: Any, qtbot: Any) -> Any:
    page = window.show_page("people")
    wait_idle(qtbot, window)
    page.employment.setCurrentIndex(page.employment.findData("unemployed_willing"))
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # name
    wait_idle(qtbot, window)
    return page


def test_people_office_gets_full_id_numbers(
    window: Any, qtbot: Any, read_db: Any, tmp_path: Path
) -> None:
    page = _people_page(window, qtbot)
    out = tmp_path / "people.xlsx"
    export(page, window, qtbot, out)
    headers, rows, _ws = sheet(out)
    expected = _people_expected(read_db)
    assert headers[5] == "身份证号码"
    assert [r[0] for r in rows] == list(expected["name"])
    assert [r[5] for r in rows] == list(expected["id_number"])
    assert "people" in last_audit(read_db)["detail"]


def test_people_masked_for_a_building_head(
    window: Any, qtbot: Any, read_db: Any, tmp_path: Path
) -> None:
    done: list[Any] = []
    window.tasks.run_db(lambda d: d.set_setting("sync_role", "building_head"), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    page = _people_page(window, qtbot)
    out = tmp_path / "people.xlsx"
    export(page, window, qtbot, out)
    _headers, rows, _ws = sheet(out)
    expected = _people_expected(read_db)
    assert [r[0] for r in rows] == list(expected["name"])
    ids = [r[5] for r in rows if r[5]]
    assert ids and all(MASKED.match(v) for v in ids)
    full = set(expected["id_number"].dropna())
    text = out.read_bytes()
    assert not any(v.encode() in text for v in full)
    for got, whole in zip((r[5] for r in rows), expected["id_number"], strict=True):
        if whole:
            assert got[:4] == whole[:4] and got[-4:] == whole[-4:] and whole not in str(got)


def test_unwritable_file_is_said_plainly(
    window: Any, qtbot: Any, read_db: Any, tmp_path: Path
) -> None:
    page = window.show_page("households")
    wait_idle(qtbot, window)
    before = read_db("SELECT count(*) FROM audit")[0][0]
    out = tmp_path / "no-such-folder" / "住户.xlsx"
    export(page, window, qtbot, out)
    assert "找不到文件或目录" in page.exporter.status
    assert str(out) in page.exporter.status
    assert read_db("SELECT count(*) FROM audit")[0][0] == before
    assert not out.parent.exists()


@pytest.mark.parametrize("language", ["en"])
def test_english_headers(window: Any, qtbot: Any, tmp_path: Path, language: str) -> None:
    page = window.show_page("households")
    wait_idle(qtbot, window)
    out = tmp_path / "households.xlsx"
    export(page, window, qtbot, out)
    headers, rows, _ws = sheet(out)
    assert headers[0] == "Household no." and len(rows) > 0


def test_referrals_below_target_and_a_name(
    window: Any, qtbot: Any, read_db: Any, tmp_path: Path
) -> None:
    page = window.show_page("referrals")
    wait_idle(qtbot, window)
    page.below_only.setChecked(True)
    page.filter.setText("王")
    out = tmp_path / "referrals.xlsx"
    export(page, window, qtbot, out)
    headers, rows, _ws = sheet(out)
    # Independently: the unemployed willing to work of active households, their referrals
    # of the policy's window (today included), fewer than its target, named 王…; fewest first.
    today = datetime.date.today()
    since = (today - datetime.timedelta(days=REFERRAL_WINDOW_DAYS)).isoformat()
    people = frame(
        read_db,
        "SELECT p.id, p.name, h.household_no, b.number AS building, h.unit, h.room,"
        " (SELECT count(*) FROM referral r WHERE r.person_id = p.id AND r.deleted = 0"
        f"   AND r.date > '{since}' AND r.date <= '{today.isoformat()}') AS recent"
        " FROM person p JOIN household h ON h.id = p.household_id"
        " LEFT JOIN building b ON b.id = h.building_id"
        " WHERE p.deleted = 0 AND h.deleted = 0 AND h.status = 'active'"
        " AND p.employment_status = 'unemployed_willing'",
    )
    people = people[(people["recent"] < REFERRAL_TARGET) & people["name"].str.contains("王")]
    people = people.sort_values(["recent", "building", "unit", "room", "name"], kind="stable")
    assert headers[0] == "姓名" and len(rows) == len(people) > 0
    assert [(r[0], r[1]) for r in rows] == list(
        zip(people["name"], people["household_no"], strict=True)
    )
    assert [r[5] for r in rows] == [f"{n} / {REFERRAL_TARGET}" for n in people["recent"]]
    detail = last_audit(read_db)["detail"]
    assert "referrals" in detail and "text=王" in detail


def test_needs_board_every_status(window: Any, qtbot: Any, read_db: Any, tmp_path: Path) -> None:
    page = window.show_page("visits")
    wait_idle(qtbot, window)
    page.set_household(None)
    page.status_tabs.setCurrentIndex(4)  # every status
    wait_idle(qtbot, window)
    out = tmp_path / "needs.xlsx"
    export(page, window, qtbot, out)
    _headers, rows, _ws = sheet(out)
    today = datetime.date.today().isoformat()
    needs = frame(
        read_db,
        "SELECT h.household_no, n.description, n.status, n.raised_date,"
        " coalesce(n.due_date, '') AS due FROM need n JOIN household h ON h.id = n.household_id"
        " WHERE n.deleted = 0",
    )
    needs["overdue"] = (
        needs["status"].isin(["open", "in_progress"])
        & (needs["due"] != "")
        & (needs["due"] < today)
        & (needs["raised_date"] <= today)
    )
    assert len(rows) == len(needs) > 0
    assert sorted((r[0], r[3]) for r in rows) == sorted(
        zip(needs["household_no"], needs["description"], strict=True)
    )
    # The board's order: overdue first, then by due date (none last), newest raised first.
    flags = ["逾期" in str(r[6] or "") for r in rows]
    assert sum(flags) == int(needs["overdue"].sum())
    assert flags == sorted(flags, reverse=True)
    dues = [str(r[6] or "")[:10] for r in rows]
    keys = [(not f, d == "", d) for f, d in zip(flags, dues, strict=True)]
    assert keys == sorted(keys)
    assert "needs" in last_audit(read_db)["detail"]


def test_warnings_red_each_warning(window: Any, qtbot: Any, read_db: Any, tmp_path: Path) -> None:
    page = window.show_page("warnings")
    wait_idle(qtbot, window, 60000)
    page.grouped.setChecked(False)
    page.level.setCurrentIndex(page.level.findData("red"))
    out = tmp_path / "warnings.xlsx"
    export(page, window, qtbot, out)
    headers, rows, _ws = sheet(out)
    expected = [r for r in page.rows if r["level"] == "red" and not r["acked"]]
    assert headers[0] == "级别" and len(rows) == len(expected) > 0
    assert {r[0] for r in rows} == {"红色"}
    assert [r[3] for r in rows] == [r["w"].household_no for r in expected]
    page.grouped.setChecked(True)
    export(page, window, qtbot, out)
    _headers, homes, _ws = sheet(out)
    assert len(homes) == len({r["household_id"] for r in expected})
    assert "warned households" in last_audit(read_db)["detail"]


@pytest.mark.parametrize(
    "name", ["households", "people", "referrals", "visits", "warnings", "audit"]
)
def test_ctrl_e_exports_the_page_on_view(
    window: Any, qtbot: Any, read_db: Any, tmp_path: Path, monkeypatch: Any, name: str
) -> None:
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / f"{name}.xlsx"
    asked: list[str] = []

    def save_as(_parent: Any, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    page = window.show_page(name)
    wait_idle(qtbot, window, 60000)
    page.setFocus()
    qtbot.keyClick(window.focusWidget() or page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: out.exists() and not page.exporter.busy, timeout=20000)
    wait_idle(qtbot, window)
    assert len(asked) == 1  # one page's shortcut answered, not every page's
    headers, _rows, _ws = sheet(out)
    assert headers and all(headers)
    assert last_audit(read_db)["action"] == "export"
