"""A need is acted on from the household file's needs tab as on the needs board: start
handling, resolve, the household's confirmation — the board's own step dialogs, saved through
the façade, the tab showing each new status at once."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.ui.conftest import wait_idle
from tests.ui.test_household_actions import _action, _open, _tab_rows


def _raise(window: Any, qtbot: Any, detail: Any, text: str) -> None:
    _action(detail, "need").click()
    wait_idle(qtbot, window)
    dialog = window.household_action_dialog
    dialog.description.setText(text)
    dialog.save()
    wait_idle(qtbot, window)


def _choose(detail: Any, text: str) -> None:
    rows = _tab_rows(detail.needs)
    detail.needs.selectRow(next(i for i, row in enumerate(rows) if text in row))


def _step(window: Any, qtbot: Any, detail: Any, step: str, **typed: str) -> Any:
    button = detail.need_steps.buttons[step]
    assert button.isEnabled(), step
    button.click()
    wait_idle(qtbot, window)
    dialog = detail.need_steps.dialog
    assert dialog is not None and dialog.isVisible()
    for field, value in typed.items():
        getattr(dialog, field).setText(value)
    dialog.save()
    wait_idle(qtbot, window)
    assert not dialog.isVisible()
    return dialog


def test_start_resolve_confirm_from_the_needs_tab(window: Any, qtbot: Any, read_db: Any) -> None:
    detail, hid = _open(window, qtbot, read_db)
    _raise(window, qtbot, detail, "单元门禁坏了")
    detail.tabs.setCurrentWidget(detail.needs_tab)
    _choose(detail, "单元门禁坏了")
    steps = detail.need_steps.buttons
    assert not steps["confirmed"].isEnabled()  # an open need is not resolved yet

    def status() -> str:
        found = read_db(
            "SELECT status FROM need WHERE household_id = ? AND description = '单元门禁坏了'",
            (hid,),
        )
        return str(found[0][0])

    _step(window, qtbot, detail, "in_progress", note="已报物业")
    assert status() == "in_progress"
    assert any("办理中" in row for row in _tab_rows(detail.needs))
    # The need acted on stays chosen: its next step is one click away.
    assert steps["resolved"].isEnabled() and not steps["in_progress"].isEnabled()

    resolve = steps["resolved"]
    resolve.click()
    wait_idle(qtbot, window)
    dialog = detail.need_steps.dialog
    dialog.save()  # no resolution: refused, nothing written
    wait_idle(qtbot, window)
    assert dialog.isVisible() and status() == "in_progress"
    dialog.resolution.setText("物业已换新门禁")
    dialog.save()
    wait_idle(qtbot, window)
    assert status() == "resolved"

    _step(window, qtbot, detail, "confirmed", note="户主电话确认")
    assert status() == "confirmed"
    events = read_db(
        "SELECT e.status FROM need_event e JOIN need n ON n.id = e.need_id"
        " WHERE n.description = '单元门禁坏了' ORDER BY e.date, e.rowid"
    )
    assert [e[0] for e in events] == ["in_progress", "resolved", "confirmed"]
    assert not any(b.isEnabled() for k, b in steps.items() if k != "open")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_needs_tab_speaks_the_language(
    window: Any, qtbot: Any, read_db: Any, language: str
) -> None:
    from ui.translations import chinese_in, english_in, visible_texts

    detail, _hid = _open(window, qtbot, read_db)
    _raise(window, qtbot, detail, "申请廉租房")
    detail.tabs.setCurrentWidget(detail.needs_tab)
    _choose(detail, "申请廉租房")
    wait_idle(qtbot, window)
    texts = visible_texts(detail.need_steps)
    bad = english_in(texts) if language == "zh_CN" else chinese_in(texts)
    assert bad == []
    shots = os.environ.get("RELOCDESK_SCREENSHOTS")  # a folder to look at them by eye
    if shots:
        detail.grab().save(os.path.join(shots, f"needs-{language}.png"))
