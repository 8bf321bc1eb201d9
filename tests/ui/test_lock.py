"""Signing in, the idle lock, Ctrl+L and the PIN throttle on the real main window (offscreen),
with a short idle time; the PINs are checked by the real desk on the database worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ui.conftest import type_text, wait_idle

IDLE_MS = 400
PIN = "482913"


def make_lock(qtbot: Any, window: Any, idle_ms: int = IDLE_MS) -> Any:
    from ui.lock import LockScreen

    lock = LockScreen(window, window.tasks, idle_ms=idle_ms)
    window.lock_screen = lock
    lock.start()
    wait_idle(qtbot, window)
    return lock


def first_account(qtbot: Any, window: Any, lock: Any, name: str = "王芳") -> None:
    assert lock.mode == "first" and lock.isVisible()
    type_text(qtbot, lock.name_edit, name)
    qtbot.keyClicks(lock.pin, PIN)
    qtbot.keyClicks(lock.pin_again, PIN)
    qtbot.mouseClick(lock.button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not lock.locked, timeout=5000)


def test_sign_in_covers_the_window_and_names_every_look(
    qtbot: Any, window: Any, read_db: Callable[..., list[Any]]
) -> None:
    from ui import session

    session.set_signed_in("", "")
    lock = make_lock(qtbot, window, idle_ms=60_000)
    assert lock.isVisible() and lock.geometry() == window.rect()
    lock.grab()  # draws
    # Nothing behind it takes keys: typing goes nowhere but the panel.
    before = window.search.text()
    qtbot.keyClicks(window.search, "zhang")
    assert window.search.text() == before
    first_account(qtbot, window, lock)
    assert not lock.isVisible() and session.signed_in_name() == "王芳"

    (hh,) = read_db("SELECT id FROM household ORDER BY household_no LIMIT 1")
    count = len(read_db("SELECT id FROM audit"))
    window.open_household(hh["id"])
    wait_idle(qtbot, window)
    rows = read_db("SELECT action, actor, subject_table, subject_id FROM audit")
    assert len(rows) == count + 1  # exactly one row for one opening
    assert tuple(rows[-1]) == ("view", "王芳", "household", hh["id"])


def test_the_window_locks_after_the_idle_time_and_unlocks_with_the_pin(
    qtbot: Any, window: Any
) -> None:
    lock = make_lock(qtbot, window)
    first_account(qtbot, window, lock)
    # Someone at the keyboard: the idle time keeps starting again.
    for _ in range(6):
        qtbot.mouseMove(window.search, QPoint(5 + _, 5))
        qtbot.wait(IDLE_MS // 4)
    assert not lock.locked
    # Away from the desk: it locks by itself.
    qtbot.waitUntil(lambda: lock.locked and lock.isVisible(), timeout=IDLE_MS * 5)
    assert lock.mode == "unlock" and "王芳" in lock.explain.text()
    assert lock.geometry() == window.rect()
    window.resize(1100, 700)
    qtbot.waitUntil(lambda: lock.geometry() == window.rect(), timeout=2000)
    qtbot.keyClicks(lock.pin, "000123")
    qtbot.keyClick(lock.pin, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(lock.message.text()), timeout=3000)
    assert lock.locked and "PIN" in lock.message.text()
    qtbot.keyClicks(lock.pin, PIN)
    qtbot.keyClick(lock.pin, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not lock.locked, timeout=3000)
    assert not lock.isVisible()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_ctrl_l_locks_and_wrong_pins_are_throttled(
    qtbot: Any, window: Any, read_db: Callable[..., list[Any]], language: str
) -> None:
    lock = make_lock(qtbot, window, idle_ms=60_000)
    first_account(qtbot, window, lock)
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.locked and lock.isVisible()
    for n in range(3):
        qtbot.keyClicks(lock.pin, f"00012{n}")
        qtbot.mouseClick(lock.button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        qtbot.waitUntil(lambda: lock.button.isEnabled() or lock._wait_left > 0, timeout=3000)
    text = lock.message.text()
    if language == "en":
        assert "try again in 30 seconds" in text and "Next try in" in text
    else:
        assert "30 秒后再试" in text and "秒后可再试" in text
    assert not lock.button.isEnabled()
    # The right PIN during the wait does not even go to the worker.
    qtbot.keyClicks(lock.pin, PIN)
    qtbot.keyClick(lock.pin, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert lock.locked
    ((failures,),) = read_db("SELECT failures FROM staff_throttle")
    assert failures == 3  # kept in the file: a restart does not reset it
    # The countdown runs down visibly.
    left = lock._wait_left
    qtbot.wait(1100)
    assert lock._wait_left < left


def test_dialogs_are_hidden_while_locked(qtbot: Any, window: Any) -> None:
    from PySide6.QtWidgets import QDialog

    lock = make_lock(qtbot, window, idle_ms=60_000)
    first_account(qtbot, window, lock)
    dialog = QDialog(window)
    dialog.setWindowTitle("张三的户情")
    dialog.show()
    lock.lock()
    assert not dialog.isVisible()
    qtbot.keyClicks(lock.pin, PIN)
    qtbot.keyClick(lock.pin, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not lock.locked, timeout=3000)
    assert dialog.isVisible()
    dialog.close()
