"""The first start on a computer with no community: the person chooses an empty community,
the demo or enrollment, and nothing is made before that choice. Real dialogs on a real empty
database file, through the task runner and the façade."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from relocdesk.desk import Desk


@pytest.fixture
def tasks(qtbot: Any, qapp: Any, tmp_path: Path) -> Iterator[Any]:
    from ui.app import load_font
    from ui.tasks import TaskRunner

    load_font(qapp)
    runner = TaskRunner()
    opened: list[Any] = []
    runner.open(lambda: Desk(tmp_path / "community.db"), opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=15000)
    assert opened[0]["community_id"] == ""
    yield runner
    runner.close()


def community_of(path: Path) -> tuple[dict[str, Any] | None, int]:
    with Desk(path) as desk:
        households = desk.conn.execute("SELECT count(*) FROM household").fetchone()[0]
        return desk.community(), int(households)


def start(qtbot: Any, dialog: Any) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60000)


def test_an_empty_community_with_its_fields(qtbot: Any, tasks: Any, tmp_path: Path) -> None:
    from ui import i18n
    from ui.dialogs.first_run import FirstRunDialog

    i18n.install("zh_CN")
    dialog = FirstRunDialog(tasks, 30)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.options["create"].isChecked()  # the real first day is the default
    start(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "社区名称不能为空" in dialog.error.text() and "县" in dialog.error.text()
    assert community_of(tmp_path / "community.db") == (None, 0)
    for key, text in {"name": "幸福社区", "county": "惠水县", "township": "濛江街道"}.items():
        dialog.fields[key].setText(text)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        start(qtbot, dialog)
    community, households = community_of(tmp_path / "community.db")
    assert community is not None and households == 0
    assert (community["name"], community["county"], community["township"]) == (
        "幸福社区", "惠水县", "濛江街道",
    )  # fmt: skip
    assert dialog.page == "today"


def test_the_demo_when_chosen(qtbot: Any, tasks: Any, tmp_path: Path) -> None:
    from ui.dialogs.first_run import FirstRunDialog

    dialog = FirstRunDialog(tasks, 30)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.options["demo"].setChecked(True)
    assert not dialog.fields["name"].isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=60000):
        start(qtbot, dialog)
    community, households = community_of(tmp_path / "community.db")
    assert community is not None and households == 30


def test_enrollment_opens_the_sync_page_and_makes_nothing(
    qtbot: Any, qapp: Any, tasks: Any, tmp_path: Path
) -> None:
    from ui.app import first_run

    shown: list[str] = []
    quit_asked: list[bool] = []
    first_run(tasks, "today", shown.append, lambda: quit_asked.append(True))
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "firstRunDialog")
    dialog.options["enroll"].setChecked(True)
    start(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["sync"] and not quit_asked
    assert community_of(tmp_path / "community.db") == (None, 0)

    first_run(tasks, "today", shown.append, lambda: quit_asked.append(True))
    again = next(
        w for w in QApplication.topLevelWidgets()
        if w.objectName() == "firstRunDialog" and w.isVisible()
    )  # fmt: skip
    again.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: bool(quit_asked))
    assert shown == ["sync"]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_choice_speaks_the_language(qtbot: Any, tasks: Any, language: str) -> None:
    from ui import i18n
    from ui.dialogs.first_run import FirstRunDialog
    from ui.translations import chinese_in, english_in, visible_texts

    i18n.install(language)
    try:
        dialog = FirstRunDialog(tasks, 2000)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.fields["name"].setFocus()
        texts = visible_texts(dialog)
        bad = english_in(texts) if language == "zh_CN" else chinese_in(texts)
        assert bad == []
        shots = os.environ.get("RELOCDESK_SCREENSHOTS")  # a folder to look at them by eye
        if shots:
            dialog.grab().save(os.path.join(shots, f"first-run-{language}.png"))
    finally:
        i18n.install("zh_CN")


def test_every_page_opens_on_an_empty_community(qtbot: Any, qapp: Any, tmp_path: Path) -> None:
    """The first day's window: no households yet, and no page fails for want of them."""
    from tests.ui.conftest import wait_idle
    from ui.main_window import MainWindow
    from ui.pages import navigation
    from ui.tasks import TaskRunner

    with Desk(tmp_path / "empty.db") as desk:
        desk.found_community(name="幸福社区", county="惠水县")
    failures: list[BaseException] = []
    tasks = TaskRunner()
    opened: list[Any] = []
    tasks.open(lambda: Desk(tmp_path / "empty.db"), opened.append, failures.append)
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(opened), timeout=15000)
    seen: list[BaseException] = []
    before = sys.excepthook
    # The task runner hands an error no page caught to the exception hook.
    sys.excepthook = lambda kind, value, tb: seen.append(value)
    try:
        window.show()
        window.start("today")
        for spec in navigation():
            window.show_page(spec.key)
            wait_idle(qtbot, window)
    finally:
        sys.excepthook = before
        window.close()
        tasks.close()
    assert failures == [] and seen == []
