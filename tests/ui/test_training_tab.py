"""Trainings from the household file and from the person dialog: added, refused with the
field's error in the language shown, edited and removed through the real dialogs, saved on
the database worker and shown in the Trainings tab in both languages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QScrollArea

from tests.ui.conftest import type_text, wait_idle
from tests.ui.test_household_actions import _open, _tab_rows
from ui.dialogs.person_edit import PersonEditDialog


def _shot(widget: Any, name: str, tmp_path: Path) -> None:
    shots = os.environ.get("RELOCDESK_SCREENSHOTS")
    widget.grab().save(str(Path(shots or tmp_path) / f"{name}.png"))


def _fill(qtbot: Any, dialog: Any, **values: str) -> None:
    for field, text in values.items():
        editor = dialog.boxes[field].editor
        editor.clear()
        type_text(qtbot, editor, text)


def _trainings_tab(detail: Any) -> Any:
    detail.tabs.setCurrentWidget(detail.trainings)
    return detail.trainings


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_training_added_refused_edited_and_removed_from_the_household_file(
    window: Any, qtbot: Any, read_db: Any, language: str, tmp_path: Path, monkeypatch: Any
) -> None:
    detail, hid = _open(window, qtbot, read_db)
    members = read_db(
        "SELECT id, name FROM person WHERE household_id = ? AND deleted = 0 ORDER BY name", (hid,)
    )
    member = members[-1]
    panel = _trainings_tab(detail)
    before = panel.table.rowCount()
    panel.buttons["add"].click()
    dialog = panel.dialog
    assert dialog.isVisible() and dialog.boxes["person_id"].editor.isEnabled()
    dialog.boxes["person_id"].set_value(member["id"])
    _fill(qtbot, dialog, course="电工培训", provider="县职业技术学校")
    _fill(qtbot, dialog, start_date="2025-04-01", end_date="2025-03-20")
    dialog.boxes["result"].set_value("completed")
    dialog.save()
    wait_idle(qtbot, window)
    assert dialog.isVisible()  # refused: the end is before the start
    message = dialog.boxes["end_date"].message.text()
    assert message.startswith("培训结束日期" if language == "zh_CN" else "training end date")
    _shot(dialog, f"training-dialog-error-{language}", tmp_path)
    _fill(qtbot, dialog, end_date="2025-04-28")
    dialog.save()
    wait_idle(qtbot, window)
    assert not dialog.isVisible()
    (row,) = read_db(
        "SELECT id, course, provider, start_date, end_date, result FROM training"
        " WHERE person_id = ? AND deleted = 0",
        (member["id"],),
    )
    assert tuple(row)[1:] == ("电工培训", "县职业技术学校", "2025-04-01", "2025-04-28", "completed")
    rows = _tab_rows(panel.table)
    assert len(rows) == before + 1
    shown = next(r for r in rows if r[1] == "电工培训")
    assert shown[0] == member["name"] and shown[2] == "县职业技术学校"
    assert shown[6] == ("已结业" if language == "zh_CN" else "completed")
    index = [w for w, _n in detail.tab_widgets].index(detail.trainings)
    assert detail.tabs.tabText(index).endswith(f"({before + 1})")
    _shot(window, f"training-tab-{language}", tmp_path)

    # Edit: the person stays, the certificate is added.
    panel.table.selectRow(rows.index(shown))
    panel.buttons["edit"].click()
    dialog = panel.dialog
    assert not dialog.boxes["person_id"].editor.isEnabled()
    assert dialog.boxes["course"].value() == "电工培训"
    _fill(qtbot, dialog, certificate="初级电工证")
    dialog.save()
    wait_idle(qtbot, window)
    got = read_db("SELECT certificate FROM training WHERE id = ?", (row["id"],))[0][0]
    assert got == "初级电工证"

    # Remove, once the person says yes.
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    rows = _tab_rows(panel.table)
    panel.table.selectRow(next(i for i, r in enumerate(rows) if r[1] == "电工培训"))
    panel.buttons["remove"].click()
    wait_idle(qtbot, window)
    assert read_db("SELECT deleted FROM training WHERE id = ?", (row["id"],))[0][0] == 1
    assert panel.table.rowCount() == before


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_person_dialog_lists_and_adds_the_members_trainings(
    window: Any, qtbot: Any, read_db: Any, language: str, tmp_path: Path
) -> None:
    detail, _hid = _open(window, qtbot, read_db)
    detail.members.selectRow(0)
    member = detail.selected_member()
    detail.edit_member()
    wait_idle(qtbot, window)
    (person,) = [d for d in detail.findChildren(PersonEditDialog) if d.isVisible()]
    panel = person.trainings
    existing = panel.table.rowCount()
    panel.buttons["add"].click()
    dialog = panel.dialog
    # a training added here is this member's
    assert dialog.boxes["person_id"].value() == member["id"]
    assert not dialog.boxes["person_id"].editor.isEnabled()
    _fill(qtbot, dialog, course="家政服务员培训", start_date="2025-09-01")
    dialog.boxes["result"].set_value("in_training")
    dialog.save()
    wait_idle(qtbot, window)
    assert panel.table.rowCount() == existing + 1
    assert any(r[1] == "家政服务员培训" for r in _tab_rows(panel.table))
    title = person.trainings_box.title()
    assert title == ("培训记录" if language == "zh_CN" else "Trainings")
    person.findChild(QScrollArea).ensureWidgetVisible(person.trainings_box)
    _shot(person, f"training-person-dialog-{language}", tmp_path)
    person.reject()
    wait_idle(qtbot, window)
    # the household file reloaded with it
    assert any(r[1] == "家政服务员培训" for r in _tab_rows(detail.trainings.table))
