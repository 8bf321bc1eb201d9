"""The household dialog edits the monitoring type (in place of the flag), its risk type and
the "3+1" guarantees; the member dialog the two groups in difficulty. In both languages, with
a screenshot of each dialog (RELOCDESK_SHOTS names a folder to keep them in)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import wait_idle
from tests.ui.test_households import _dialog, _open_first_household


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _shot(widget: Any, name: str, language: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("RELOCDESK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    widget.resize(1100, 860)  # room for every field: the screenshot is to be looked at
    assert widget.grab().save(str(folder / f"{name}_{language}.png"))


def test_household_dialog_edits_type_and_guarantees(
    window: Any, qtbot: Any, read_db: Any, language: str, tmp_path: Path
) -> None:
    from ui.dialogs.household_edit import HouseholdEditDialog

    detail = _open_first_household(window, qtbot)
    hid = detail.household_id
    detail.edit_button.click()
    dialog = _dialog(HouseholdEditDialog)
    assert "monitored" not in dialog.boxes  # the type took the flag's place
    labels = {dialog.boxes["monitor_type"].editor.itemText(i) for i in range(4)}
    assert ("突发严重困难户" in labels) == (language == "zh_CN")
    dialog.boxes["monitor_type"].set_value("sudden_hardship")
    dialog.boxes["monitor_risk"].set_value("accident")
    dialog.boxes["housing_safety"].set_value("unsafe")
    dialog.boxes["water_safety"].set_value("safe")
    dialog.boxes["guarantees_checked"].editor.setText("2026-01-05")
    _shot(dialog, "household_edit", language, tmp_path)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save_button.click()
    wait_idle(qtbot, window)
    row = read_db(
        "SELECT monitored, monitor_type, monitor_risk, housing_safety, water_safety,"
        " guarantees_checked FROM household WHERE id = ?",
        (hid,),
    )[0]
    assert tuple(row) == (1, "sudden_hardship", "accident", "unsafe", "safe", "2026-01-05")
    shown = detail.fact_values["flags"].text()
    assert ("突发严重困难户" if language == "zh_CN" else "sudden severe hardship") in shown
    # the households list finds it by its type
    page = window.show_page("households")
    wait_idle(qtbot, window)
    page.flag.setCurrentIndex(page.flag.findData("monitor_sudden_hardship"))
    wait_idle(qtbot, window)
    sudden = read_db(
        "SELECT id FROM household WHERE deleted = 0 AND status = 'active' AND monitored = 1"
        " AND monitor_type = 'sudden_hardship'"
    )
    assert hid in {r[0] for r in sudden}
    assert page.model.rowCount() == len(sudden)
    _shot(window, "households_by_type", language, tmp_path)
    page.flag.setCurrentIndex(0)
    wait_idle(qtbot, window)
    window.open_household(hid)
    wait_idle(qtbot, window)
    detail = window.pages["household"]
    # a blank type: no longer monitored
    detail.edit_button.click()
    dialog = _dialog(HouseholdEditDialog)
    dialog.boxes["monitor_type"].set_value(None)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save_button.click()
    wait_idle(qtbot, window)
    row = read_db("SELECT monitored, monitor_type FROM household WHERE id = ?", (hid,))[0]
    assert tuple(row) == (0, None)


def test_member_dialog_marks_the_groups_in_difficulty(
    window: Any, qtbot: Any, read_db: Any, language: str, tmp_path: Path
) -> None:
    from ui.dialogs.person_edit import PersonEditDialog

    detail = _open_first_household(window, qtbot)
    member_id = detail.members.item(0, 0).data(Qt.ItemDataRole.UserRole)
    detail.members.selectRow(0)
    detail.member_buttons["edit"].click()
    dialog = _dialog(PersonEditDialog)
    box = dialog.boxes["elderly_in_difficulty"]
    captions = {c.text() for c, field in dialog._labels if field.endswith("_in_difficulty")}
    want = (
        {"困境儿童", "困难老人"}
        if language == "zh_CN"
        else {"Child in difficulty", "Elderly in difficulty"}
    )
    assert captions == want
    box.set_value(1)
    dialog.boxes["child_in_difficulty"].set_value(0)
    _shot(dialog, "person_edit", language, tmp_path)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save_button.click()
    wait_idle(qtbot, window)
    row = read_db(
        "SELECT elderly_in_difficulty, child_in_difficulty FROM person WHERE id = ?",
        (member_id,),
    )[0]
    assert tuple(row) == (1, 0)
