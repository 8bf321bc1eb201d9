"""The status bar's update notice, from what the last sync kept, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from relocdesk.sync.release import remember
from tests.ui.conftest import wait_idle

DOWNLOAD = "https://county.example.gov.cn/relocdesk/setup-9.1.0.exe"


def announce(window: Any, qtbot: Any, latest: str | None) -> None:
    done: list[Any] = []
    info = {"client_latest": latest, "client_download": DOWNLOAD if latest else None}
    window.tasks.run_db(lambda desk: remember(desk, info), done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    window.refresh_status()
    wait_idle(qtbot, window)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_status_bar_says_a_newer_version_exists(window: Any, qtbot: Any, language: str) -> None:
    assert not window.status_update.isVisible()
    announce(window, qtbot, "9.1.0")
    label = window.status_update
    assert label.isVisible()
    words = "有新版本" if language == "zh_CN" else "A newer version"
    assert words in label.text() and "9.1.0" in label.text()
    assert f'href="{DOWNLOAD}"' in label.text()
    announce(window, qtbot, None)
    assert not label.isVisible()
