"""Keys on the real window: Ctrl+S saves an editing window, Ctrl+Z puts back what that save
replaced (once), the household file's action keys open their dialogs."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import wait_idle

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _dialog(kind: type) -> Any:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert found, f"no {kind.__name__} open"
    return found[-1]


def _open_household(window: Any, qtbot: Any, read_db: Any) -> tuple[Any, str]:
    hid = read_db("SELECT id FROM household WHERE deleted = 0 ORDER BY rowid LIMIT 1")[0][0]
    window.open_household(hid)
    wait_idle(qtbot, window)
    return window.pages["household"], hid


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_ctrl_s_saves_and_ctrl_z_undoes(
    window: Any, qtbot: Any, read_db: Any, language: str
) -> None:
    from ui.dialogs.household_edit import HouseholdEditDialog

    detail, hid = _open_household(window, qtbot, read_db)
    before = read_db("SELECT phone, notes FROM household WHERE id = ?", (hid,))[0]
    detail.edit_button.click()
    dialog = _dialog(HouseholdEditDialog)
    dialog.boxes["phone"].editor.setText("13912345678")
    dialog.boxes["notes"].editor.setPlainText("楼下有车库")
    dialog.activateWindow()
    editor = dialog.boxes["phone"].editor
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    saved = read_db("SELECT phone, notes FROM household WHERE id = ?", (hid,))[0]
    assert tuple(saved) == ("13912345678", "楼下有车库")

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(detail, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    back = read_db("SELECT phone, notes FROM household WHERE id = ?", (hid,))[0]
    assert tuple(back) == tuple(before)
    words = "Undone" if language == "en" else "已撤销"
    assert words in window.statusBar().currentMessage()
    # The undo is a new edit: it waits in the outbox like any other.
    ops = read_db("SELECT fields FROM outbox WHERE row_id = ? ORDER BY seq DESC LIMIT 1", (hid,))[
        0
    ][0]
    assert b"phone" in (ops if isinstance(ops, bytes) else ops.encode())

    # Once only: a second Ctrl+Z says there is nothing to undo.
    qtbot.keyClick(detail, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    box = next(w for w in window.findChildren(object) if w.objectName() == "undoRefused")
    assert box.isVisible()
    assert ("没有可以撤销" if language == "zh_CN" else "nothing to undo") in box.text()
    box.close()


def test_household_file_action_keys(window: Any, qtbot: Any, read_db: Any) -> None:
    from ui.dialogs.need_edit import NeedDialog
    from ui.dialogs.visit_edit import VisitDialog

    detail, _hid = _open_household(window, qtbot, read_db)
    for key, kind in ((Qt.Key.Key_V, VisitDialog), (Qt.Key.Key_N, NeedDialog)):
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        qtbot.keyClick(detail, key, CTRL_SHIFT)
        wait_idle(qtbot, window)
        _dialog(kind).reject()
