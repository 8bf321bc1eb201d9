"""The passphrase dialog and the first encryption's progress, as a person meets them on a
computer without a keyring: real widgets offscreen, a real key file, a real plain database."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relocdesk.store import cipher, database_key
from tests.ui.conftest import type_text


@pytest.fixture
def no_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    import keyring
    from keyring.backends import fail

    held = database_key._held
    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    key_file = tmp_path / "key" / "database-key.json"
    monkeypatch.setenv(database_key.KEY_FILE_ENV, str(key_file))
    database_key.forget()
    yield key_file
    keyring.set_keyring(old)
    database_key._held = held


def shot(widget: Any, name: str) -> None:
    folder = os.environ.get("RELOCDESK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / name))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_set_then_unlock(qtbot: Any, no_keyring: Path, language: str) -> None:
    from ui import i18n
    from ui.dialogs.passphrase import SET, UNLOCK, PassphraseDialog

    i18n.install(language)
    try:
        dialog = PassphraseDialog(SET)
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(qtbot, dialog.passphrase, "short")
        dialog.submit()
        assert dialog.error.isVisible() and not no_keyring.exists()
        assert ("太短" if language == "zh_CN" else "too short") in dialog.error.text()
        dialog.passphrase.clear()
        type_text(qtbot, dialog.passphrase, "门前石榴 2024")
        type_text(qtbot, dialog.again, "门前石榴 2025")
        dialog.submit()
        assert ("不一致" if language == "zh_CN" else "not the same") in dialog.error.text()
        shot(dialog, f"passphrase-set-{language}.png")
        dialog.again.clear()
        type_text(qtbot, dialog.again, "门前石榴 2024")
        with qtbot.waitSignal(dialog.accepted, timeout=20000):
            dialog.submit()
        assert no_keyring.exists() and database_key.state() is database_key.KeyState.UNLOCKED
        key = database_key.database_key()

        database_key.forget()
        unlock = PassphraseDialog(UNLOCK)
        qtbot.addWidget(unlock)
        unlock.show()
        type_text(qtbot, unlock.passphrase, "门前石榴 2025")
        unlock.submit()
        qtbot.waitUntil(lambda: unlock.error.isVisible(), timeout=20000)
        assert ("口令不正确" if language == "zh_CN" else "not correct") in unlock.error.text()
        assert database_key.state() is database_key.KeyState.LOCKED
        shot(unlock, f"passphrase-unlock-{language}.png")
        unlock.passphrase.clear()
        type_text(qtbot, unlock.passphrase, "门前石榴 2024")
        with qtbot.waitSignal(unlock.accepted, timeout=20000):
            unlock.submit()
        assert database_key.database_key() == key
    finally:
        i18n.install("zh_CN")


def plain(path: Path, rows: int) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE person (name TEXT, id_number TEXT)")
    conn.executemany(
        "INSERT INTO person VALUES (?, ?)", ((f"王{i}", f"5227311980{i:08d}") for i in range(rows))
    )
    conn.commit()
    conn.close()
    return path


def test_encrypting_shows_progress_and_finishes(qtbot: Any, tmp_path: Path) -> None:
    from ui.dialogs.passphrase import EncryptDialog

    path = plain(tmp_path / "community.db", 60_000)
    dialog = EncryptDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    seen: list[int] = []
    dialog.bar.valueChanged.connect(seen.append)
    with qtbot.waitSignal(dialog.accepted, timeout=60000):
        dialog.start()
    assert seen and seen[-1] == dialog.bar.maximum()
    assert not cipher.is_plain(path)
    conn = cipher.connect(path, database_key.database_key())
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 60_000
    conn.close()


def test_cancel_leaves_the_plain_file(qtbot: Any, tmp_path: Path) -> None:
    from ui.dialogs.passphrase import EncryptDialog

    path = plain(tmp_path / "community.db", 60_000)
    before = path.read_bytes()
    dialog = EncryptDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    shot(dialog, "encrypting.png")
    with qtbot.waitSignal(dialog.rejected, timeout=60000):
        dialog.start()
        dialog.reject()  # what Cancel and Esc do: ask the worker to stop, close when it has
    assert isinstance(dialog.outcome, Exception)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["community.db"]


def _answer(kind: type, act: Any) -> None:
    """Act on the start-up's modal dialog once it shows (exec() blocks the test meanwhile)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def look() -> None:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, kind):
            act(shown)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)


def test_start_up_asks_the_passphrase_then_encrypts(
    qtbot: Any, no_keyring: Path, tmp_path: Path
) -> None:
    from ui.dialogs.passphrase import PassphraseDialog, unlock_before_opening

    key = database_key.create("门前石榴 2024")
    database_key.forget()
    path = plain(tmp_path / "community.db", 20_000)

    _answer(PassphraseDialog, lambda d: d.reject())  # Quit: nothing is touched
    assert unlock_before_opening(path) is False
    assert cipher.is_plain(path) and database_key.state() is database_key.KeyState.LOCKED

    def unlock(d: Any) -> None:
        d.passphrase.setText("门前石榴 2024")
        d.submit()

    _answer(PassphraseDialog, unlock)
    assert unlock_before_opening(path) is True
    assert not cipher.is_plain(path)
    conn = cipher.connect(path, key)
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 20_000
    conn.close()


def test_start_up_takes_the_passphrase_from_the_environment(
    qtbot: Any, no_keyring: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A computer with no keyring and no one to type (a kiosk's start, the bundle's self-check):
    RELOCDESK_PASSPHRASE sets the key at first start and opens it later, with no dialog; a
    wrong one falls back to asking."""
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.passphrase import SET, PassphraseDialog, unlock_before_opening

    path = tmp_path / "community.db"
    # Too short for a first start: nothing is set from it, the dialog asks instead.
    monkeypatch.setenv(database_key.PASSPHRASE_ENV, "short")
    shown: list[str] = []

    def quit_first(d: Any) -> None:
        shown.append(d.mode)
        d.reject()

    _answer(PassphraseDialog, quit_first)
    assert unlock_before_opening(path) is False
    assert shown == [SET] and not no_keyring.exists()

    monkeypatch.setenv(database_key.PASSPHRASE_ENV, "门前石榴 2024")
    assert unlock_before_opening(path) is True
    assert QApplication.activeModalWidget() is None and no_keyring.exists()
    key = database_key.database_key()

    database_key.forget()
    assert unlock_before_opening(path) is True and database_key.database_key() == key

    database_key.forget()
    monkeypatch.setenv(database_key.PASSPHRASE_ENV, "not the one at all")
    asked: list[str] = []

    def quit_on_it(d: Any) -> None:
        asked.append(d.passphrase.text())
        d.reject()

    _answer(PassphraseDialog, quit_on_it)
    assert unlock_before_opening(path) is False
    assert asked == [""] and database_key.state() is database_key.KeyState.LOCKED
