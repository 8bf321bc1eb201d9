"""Settings → Backups on the real window: the list is the folder, a backup by hand, a restore
that asks first, keeps the current data aside and puts the backup's data back."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import connect
from tests.ui.conftest import wait_idle

NAME = re.compile(r"^(daily|weekly|manual|before-restore)-\d{8}-\d{6}(-\d+)?\.db$")


def on_disk(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if NAME.match(n))


def households(db: Path) -> int:
    conn = connect(db)  # the test's own reads, with the key: not counted as the app's
    try:
        return int(conn.execute("SELECT count(*) FROM household WHERE deleted = 0").fetchone()[0])
    finally:
        conn.close()


def rows_shown(box: Any) -> list[str]:
    return sorted(Path(box.table.item(r, 0).toolTip()).name for r in range(box.table.rowCount()))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_back_up_and_restore_from_settings(
    window: Any, qtbot: Any, ui_db: Path, language: str, tmp_path: Path
) -> None:
    page = window.show_page("settings")
    box = page.backups
    wait_idle(qtbot, window)
    folder = ui_db.parent / "backups"
    # The window's start took the day's and the week's backups; the list is the folder.
    assert len(on_disk(folder)) >= 2
    assert rows_shown(box) == on_disk(folder)

    qtbot.mouseClick(box.back_up, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: rows_shown(box) == on_disk(folder), timeout=10000)
    manual = [n for n in on_disk(folder) if n.startswith("manual-")]
    assert len(manual) == 1 and manual[0] in box.note.text()
    before = households(ui_db)

    # A household is removed after the backup; the restore brings it back.
    done: list[Any] = []

    def remove_one(desk: Any) -> str:
        first = desk.list_window("households", _query(), 0, 1)[0]
        hid = desk.households.by_number(first["household_no"])["id"]
        desk.households.delete(hid)
        return str(hid)

    window.tasks.run_db(remove_one, done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    assert households(ui_db) == before - 1

    row = next(r for r in range(box.table.rowCount())
               if Path(box.table.item(r, 0).toolTip()).name == manual[0])  # fmt: skip
    box.table.selectRow(row)
    assert box.restore_button.isEnabled()
    qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    confirm = box._confirm
    assert confirm is not None and confirm.isVisible()
    if language == "en":
        assert "kept aside first" in confirm.text()
    else:
        assert "先另存" in confirm.text()
    window.grab().save(str(tmp_path / f"settings-backups-confirm-{language}.png"))
    confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "before-restore-" in box.note.text(), timeout=15000)
    assert ("通过" if language == "zh_CN" else "passed") in box.note.text()
    wait_idle(qtbot, window)
    assert households(ui_db) == before
    aside = [n for n in on_disk(folder) if n.startswith("before-restore-")]
    assert len(aside) == 1 and households(folder / aside[0]) == before - 1
    qtbot.waitUntil(lambda: rows_shown(box) == on_disk(folder), timeout=10000)
    QApplication.processEvents()
    shots = os.environ.get("RELOCDESK_SCREENSHOTS")
    if shots:
        window.grab().save(str(Path(shots) / f"settings-backups-{language}.png"))


def _query() -> Any:
    from relocdesk.queries.lists import ListQuery

    return ListQuery()
