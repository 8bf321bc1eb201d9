"""The household file masks ID numbers and reveals one on an explicit, audited ask; the Audit
page lists the looks in both languages, filters them and exports them to Excel."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import wait_idle
from tests.ui.test_lock import first_account, make_lock


def _action(detail: Any, key: str) -> Any:
    return next(b for b, spec in detail.action_buttons if spec.key == key)


def _household_with_ids(read_db: Callable[..., list[Any]]) -> Any:
    (row,) = read_db(
        "SELECT h.id, h.household_no FROM household h JOIN person p ON p.household_id = h.id"
        " WHERE p.id_number IS NOT NULL AND p.deleted = 0 ORDER BY h.household_no LIMIT 1"
    )
    return row


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_reveal_is_audited_and_the_audit_page_lists_it(
    qtbot: Any,
    window: Any,
    read_db: Callable[..., list[Any]],
    language: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from relocdesk.validation import mask_id_number

    lock = make_lock(qtbot, window, idle_ms=60_000)
    first_account(qtbot, window, lock)
    hh = _household_with_ids(read_db)
    window.open_household(hh["id"])
    wait_idle(qtbot, window)
    detail = window.pages["household"]
    qtbot.waitUntil(lambda: detail.members.rowCount() > 0, timeout=5000)
    members = read_db(
        "SELECT name, id_number FROM person WHERE household_id = ? AND deleted = 0", (hh["id"],)
    )
    numbers = {m["id_number"] for m in members if m["id_number"]}
    cells = {
        detail.members.item(r, c).text()
        for r in range(detail.members.rowCount())
        for c in range(detail.members.columnCount())
        if detail.members.item(r, c)
    }
    assert not numbers & cells  # no full number in the table
    assert {mask_id_number(n) for n in numbers} <= cells

    detail.members.selectRow(0)
    chosen = detail.selected_member()
    _action(detail, "reveal_id").click()
    wait_idle(qtbot, window)
    box = window.household_action_dialog
    qtbot.waitUntil(box.isVisible, timeout=3000)
    assert (chosen["id_number"] or "") in box.text()

    box.accept()
    rows = read_db("SELECT action, actor, subject_table, subject_id FROM audit ORDER BY rowid")
    assert [tuple(r) for r in rows[-2:]] == [
        ("view", "王芳", "household", hh["id"]),
        ("reveal", "王芳", "person", chosen["id"]),
    ]

    page = window.show_page("audit")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.model.rowCount() >= 2, timeout=5000)
    shown = [
        [page.model.index(r, c).data() for c in range(page.model.columnCount())]
        for r in range(page.model.rowCount())
    ]
    kinds = {"zh_CN": ("显示完整身份证号", "查看"), "en": ("revealed full ID number", "viewed")}
    # each row names the household, and the person where one was looked at
    assert shown[0][1:5] == ["王芳", kinds[language][0], hh["household_no"], chosen["name"]]
    assert shown[1][1:5] == ["王芳", kinds[language][1], hh["household_no"], ""]
    assert len(shown) == len(read_db("SELECT id FROM audit"))
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal, 0) for c in range(6)]
    assert headers == (
        ["时间", "人员", "类别", "住户", "被查看人", "说明"]
        if language == "zh_CN"
        else ["When", "Who", "Kind", "Household", "Person looked at", "Detail"]
    )
    shots = Path(os.environ.get("RELOCDESK_SCREENSHOTS") or tmp_path)
    window.grab().save(str(shots / f"audit-{language}.png"))

    # Filters: a kind, then a household by its number.
    page.kind.setCurrentIndex(page.kind.findData("reveal"))
    page.refresh()
    wait_idle(qtbot, window)
    assert page.model.rowCount() == len(read_db("SELECT id FROM audit WHERE action = 'reveal'"))
    page.kind.setCurrentIndex(0)
    # the person looked at, by name: the looks whose row names that person (plain SQL)
    page.resident.setText(chosen["name"])
    page.refresh()
    wait_idle(qtbot, window)
    named = "SELECT id FROM audit WHERE person_id IN (SELECT id FROM person WHERE name = ?)"
    assert page.model.rowCount() == len(read_db(named, (chosen["name"],))) == 1
    page.resident.setText("nobody of that name")
    page.refresh()
    wait_idle(qtbot, window)
    assert page.model.rowCount() == 0
    page.resident.clear()
    page.household.setText(hh["household_no"])
    page.refresh()
    wait_idle(qtbot, window)
    assert page.model.rowCount() == 2

    out = tmp_path / "audit.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.export()
    qtbot.waitUntil(lambda: not page.exporter.busy, timeout=10000)
    wait_idle(qtbot, window)
    import openpyxl

    body = list(openpyxl.load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert body[0][3] == page.model.headerData(3, Qt.Orientation.Horizontal)
    whose = [(r[3], r[4] if len(r) > 4 else None) for r in body[1:]]  # an empty tail is dropped
    assert whose == [(hh["household_no"], chosen["name"]), (hh["household_no"], None)]
    assert read_db("SELECT action, actor FROM audit ORDER BY rowid DESC LIMIT 1")[0][0] == "export"
